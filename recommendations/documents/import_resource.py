"""Spreadsheet resources (django-import-export): raw exports and the import of reports.

Column names are fixed in Russian: the files are exchanged with the regional
government, and a file exported with the admin in one language must import
with the admin in another. The import also accepts the field names of
DESIGN.md (`recommendation`, `organisation`, `status`, ...) as headers.

Every resource is built with the user it works for and only ever reads or
writes what that user may see: an official's export holds their organisations'
rows only, and an import goes through `services.status_update_submit`, so every
rule of the workflow holds for each row.
"""

import datetime
import functools
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from stakeholders.models import Organisation

from ..models import (
    Assignment,
    Recommendation,
    ReviewState,
    Status,
    StatusUpdate,
)
from ..services import (
    can_review,
    reporting_organisations,
    status_update_submit,
    validate_report,
)

# --- columns ---------------------------------------------------------------------

COLUMN_RECOMMENDATION = "ID рекомендации"
COLUMN_NUMBER = "№"
COLUMN_TEXT = "Текст рекомендации"
COLUMN_ORGANISATION = "Организация (код)"
COLUMN_STATUS = "Статус"
COLUMN_PROGRESS = "Прогресс, %"
COLUMN_COMMENT = "Комментарий"
COLUMN_EVIDENCE_URL = "Ссылка на подтверждение"
COLUMN_REPORTED_ON = "Дата сведений"

# The import's columns: field name (DESIGN.md) -> column in the file.
IMPORT_COLUMNS = {
    "recommendation": COLUMN_RECOMMENDATION,
    "organisation": COLUMN_ORGANISATION,
    "status": COLUMN_STATUS,
    "progress": COLUMN_PROGRESS,
    "comment": COLUMN_COMMENT,
    "evidence_url": COLUMN_EVIDENCE_URL,
    "reported_on": COLUMN_REPORTED_ON,
}
REQUIRED_COLUMNS = ("recommendation", "status", "progress", "reported_on")
# A row that fills in none of these is a template row left for later: skipped.
REPORT_COLUMNS = ("status", "progress", "comment", "evidence_url", "reported_on")
DATE_INPUT_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y")


class ImportFileError(Exception):
    """A problem with the file as a whole; its text is shown to the user as is."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- widgets: each turns one cell into a value or says in Russian what is wrong --


class RecommendationIdWidget(widgets.Widget):
    def clean(
        self, value: Any, row: dict | None = None, **kwargs: Any
    ) -> Recommendation | None:
        if _blank(value):
            return None
        try:
            pk = _whole_number(value)
        except ValueError:
            raise ValueError(
                _("The recommendation id must be a number, not «%(value)s».")
                % {"value": value}
            ) from None
        found = (
            Recommendation.objects.select_related("resolution").filter(pk=pk).first()
        )
        if found is None:
            raise ValueError(
                _("There is no recommendation with id %(id)s.") % {"id": pk}
            )
        return found

    def render(
        self, value: Recommendation | None, obj: Any = None, **kwargs: Any
    ) -> int | None:
        return value.pk if value else None


class OrganisationSlugWidget(widgets.Widget):
    def clean(
        self, value: Any, row: dict | None = None, **kwargs: Any
    ) -> Organisation | None:
        if _blank(value):
            return None
        slug = str(value).strip()
        # A zero byte would reach PostgreSQL, which refuses it in English.
        found = (
            None if "\x00" in slug else Organisation.objects.filter(slug=slug).first()
        )
        if found is None:
            raise ValueError(
                _("There is no organisation with the code «%(code)s».") % {"code": slug}
            )
        return found

    def render(self, value: Organisation | None, obj: Any = None, **kwargs: Any) -> str:
        return value.slug if value else ""


@functools.cache
def _status_names() -> dict[str, str]:
    """Every accepted spelling of a status, folded, to its value."""
    names = {}
    for language in ("en", "ru"):
        with translation.override(language):
            for status in Status:
                names[str(status.label).casefold()] = status.value
    return names | {status.value: status.value for status in Status}


class StatusWidget(widgets.Widget):
    """A `Status` value, or its Russian or English label, in any letter case."""

    def clean(self, value: Any, row: dict | None = None, **kwargs: Any) -> str | None:
        if _blank(value):
            return None
        text = " ".join(str(value).split()).casefold()
        if text in _status_names():
            return _status_names()[text]
        raise ValueError(
            _("Unknown status «%(status)s». Use one of: %(statuses)s.")
            % {
                "status": value,
                "statuses": ", ".join(f"«{status.label}»" for status in Status),
            }
        )

    def render(self, value: str | None, obj: Any = None, **kwargs: Any) -> str:
        return str(Status(value).label) if value else ""


class ProgressWidget(widgets.Widget):
    """Whole per cent: 40, 40.0, "40" or "40%"."""

    def clean(self, value: Any, row: dict | None = None, **kwargs: Any) -> int | None:
        if _blank(value):
            return None
        text = str(value).strip().rstrip("%").strip().replace(",", ".")
        try:
            return _whole_number(text)
        except ValueError:
            raise ValueError(
                _("Progress must be a whole number from 0 to 100, not «%(value)s».")
                % {"value": value}
            ) from None

    def render(self, value: int | None, obj: Any = None, **kwargs: Any) -> int | None:
        return value


class ReportDateWidget(widgets.Widget):
    """A spreadsheet date, or text as 2019-03-01 or 01.03.2019."""

    def clean(
        self, value: Any, row: dict | None = None, **kwargs: Any
    ) -> datetime.date | None:
        if _blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        for pattern in DATE_INPUT_FORMATS:
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(
            _("«%(value)s» is not a date: write it as 01.03.2019 or 2019-03-01.")
            % {"value": value}
        )

    def render(
        self, value: datetime.date | None, obj: Any = None, **kwargs: Any
    ) -> datetime.date | str | None:
        if value is None:
            return None
        return value if kwargs.get("force_native_type") else f"{value:%d.%m.%Y}"


class TextWidget(widgets.Widget):
    def clean(self, value: Any, row: dict | None = None, **kwargs: Any) -> str:
        if _blank(value):
            return ""
        return str(value).strip()

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value)


def _whole_number(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    try:
        number = float(value)
    except TypeError:  # a date or a time in the cell: not a number
        raise ValueError(value) from None
    if not number.is_integer():
        raise ValueError(value)
    return int(number)


# --- the import of status updates --------------------------------------------------


class StatusUpdateImportResource(resources.ModelResource):
    """Reports from a spreadsheet: new `submitted` updates, all or none."""

    recommendation = fields.Field(
        attribute="recommendation",
        column_name=COLUMN_RECOMMENDATION,
        widget=RecommendationIdWidget(),
    )
    number = fields.Field(
        attribute="recommendation__number", column_name=COLUMN_NUMBER, readonly=True
    )
    # Shown in the preview only; the template carries the full text.
    text = fields.Field(
        attribute="recommendation__short_text", column_name=COLUMN_TEXT, readonly=True
    )
    organisation = fields.Field(
        attribute="organisation",
        column_name=COLUMN_ORGANISATION,
        widget=OrganisationSlugWidget(),
    )
    status = fields.Field(
        attribute="status", column_name=COLUMN_STATUS, widget=StatusWidget()
    )
    progress = fields.Field(
        attribute="progress", column_name=COLUMN_PROGRESS, widget=ProgressWidget()
    )
    comment = fields.Field(
        attribute="comment", column_name=COLUMN_COMMENT, widget=TextWidget()
    )
    evidence_url = fields.Field(
        attribute="evidence_url",
        column_name=COLUMN_EVIDENCE_URL,
        widget=TextWidget(),
    )
    reported_on = fields.Field(
        attribute="reported_on",
        column_name=COLUMN_REPORTED_ON,
        widget=ReportDateWidget(),
    )

    class Meta:
        model = StatusUpdate
        fields = (
            "recommendation",
            "number",
            "text",
            "organisation",
            "status",
            "progress",
            "comment",
            "evidence_url",
            "reported_on",
        )
        # History is append-only: a row never changes an existing update.
        force_init_instance = True
        use_transactions = True
        clean_model_instances = False
        # Rows left empty in the template stay out of the preview.
        report_skipped = False

    def __init__(self, user: Any = None, **kwargs: Any) -> None:
        super().__init__()
        self.user = user

    @classmethod
    def get_display_name(cls) -> str:
        return _("Progress reports")

    def get_user_visible_fields(self) -> list:
        """The columns an import reads; the number and text only help the reader."""
        return [field for field in self.get_import_fields() if not field.readonly]

    # The file as a whole.

    def before_import(self, dataset, **kwargs: Any) -> None:
        """Accept DESIGN.md's field names as headers and refuse a file without
        the required columns before any row is read."""
        by_name = {
            name.casefold(): column
            for field, column in IMPORT_COLUMNS.items()
            for name in (field, column)
        }
        by_name |= {COLUMN_NUMBER.casefold(): COLUMN_NUMBER}
        by_name |= {COLUMN_TEXT.casefold(): COLUMN_TEXT}
        headers = [
            by_name.get(str(header or "").strip().casefold(), header)
            for header in dataset.headers or []
        ]
        missing = [
            IMPORT_COLUMNS[field]
            for field in REQUIRED_COLUMNS
            if IMPORT_COLUMNS[field] not in headers
        ]
        if missing:
            # Nothing of a file with the wrong columns is read.
            dataset.wipe()
            raise ImportFileError(
                _(
                    "The file has no column %(columns)s. Download the template "
                    "and fill it in: the first row must hold the column names."
                )
                % {"columns": ", ".join(f"«{column}»" for column in missing)}
            )
        dataset.headers = headers

    def after_import(self, dataset, result, **kwargs: Any) -> None:
        super().after_import(dataset, result, **kwargs)
        nothing = not (result.has_errors() or result.has_validation_errors())
        if nothing and not result.totals["new"]:
            raise ImportFileError(
                _(
                    "The file has no report to import: fill in the status, the "
                    "progress and the date in the rows you report on."
                )
            )

    # Each row.

    def import_instance(self, instance: StatusUpdate, row: dict, **kwargs: Any) -> None:
        """As the parent's, but an error is named by its column in the file."""
        errors = {}
        for field in self.get_import_fields():
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValueError as error:
                errors[field.column_name] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def skip_row(
        self,
        instance: StatusUpdate,
        original: Any,
        row: dict,
        import_validation_errors: dict | None = None,
    ) -> bool:
        return all(_blank(row.get(IMPORT_COLUMNS[name])) for name in REPORT_COLUMNS)

    def validate_instance(
        self,
        instance: StatusUpdate,
        import_validation_errors: dict | None = None,
        validate_unique: bool = True,
    ) -> None:
        errors: dict[str, list[str]] = dict(import_validation_errors or {})

        def refuse(column: str, message: str) -> None:
            errors.setdefault(column, []).append(message)

        for name in REQUIRED_COLUMNS:
            column = IMPORT_COLUMNS[name]
            # An unset foreign key raises AttributeError: `getattr` says None.
            if column not in errors and getattr(instance, name, None) in (None, ""):
                refuse(column, _("Fill in this column."))
        if instance.evidence_url:
            try:
                URLValidator()(instance.evidence_url)
            except ValidationError:
                refuse(
                    COLUMN_EVIDENCE_URL,
                    _("«%(value)s» is not a web address (https://…).")
                    % {"value": instance.evidence_url},
                )
        recommendation = getattr(instance, "recommendation", None)
        if (
            recommendation is not None
            and COLUMN_ORGANISATION not in errors
            and getattr(instance, "organisation", None) is None
        ):
            instance.organisation = self._default_organisation(recommendation)
            if instance.organisation is None:
                refuse(
                    COLUMN_ORGANISATION,
                    _(
                        "Give the code of the organisation you report for: "
                        "you may report on recommendation %(number)s for "
                        "more than one."
                    )
                    % {"number": recommendation.number},
                )
        if not errors:
            try:
                self._submit(instance, dry_run=True)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    column = IMPORT_COLUMNS.get(field, COLUMN_RECOMMENDATION)
                    for message in messages:
                        refuse(column, message)
        if errors:
            raise ValidationError(errors)

    def save_instance(
        self, instance: StatusUpdate, is_create: bool, row: dict, **kwargs: Any
    ) -> None:
        saved = self._submit(instance, dry_run=False)
        instance.pk = saved.pk
        instance.state = saved.state
        instance.author = saved.author

    def _submit(self, instance: StatusUpdate, *, dry_run: bool) -> StatusUpdate:
        """The workflow's own checks and write; a dry run only checks."""
        report = {
            "recommendation": instance.recommendation,
            "organisation": instance.organisation,
            "author": self.user,
            "status": instance.status,
            "progress": instance.progress,
            "comment": instance.comment or "",
            "evidence_url": instance.evidence_url or "",
            "reported_on": instance.reported_on,
        }
        if dry_run:
            validate_report(**report)
            return instance
        # Imported reports go through review like any other: never published here.
        return status_update_submit(**report, publish=False)

    def _default_organisation(
        self, recommendation: Recommendation
    ) -> Organisation | None:
        """The organisation a row with an empty code reports for, when it is clear.

        The user's single organisation; else the only one of theirs responsible
        for the recommendation; for a coordinator, the lead executor.
        """
        own = list(Organisation.objects.of_user(self.user)[:2])
        if len(own) == 1:
            return own[0]
        candidates = list(
            reporting_organisations(user=self.user, recommendation=recommendation)
            .order_by("-assignments__is_lead", "name")
            .distinct()[:2]
        )
        if len(candidates) == 1:
            return candidates[0]
        if candidates and can_review(self.user):
            lead = Assignment.objects.filter(
                recommendation=recommendation, is_lead=True
            ).first()
            return lead.organisation if lead else None
        return None

    def get_queryset(self) -> QuerySet:
        return StatusUpdate.objects.for_user(self.user)


def import_template(user: Any) -> bytes:
    """A workbook to fill in: one row for each recommendation `user` reports on."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Reports")
    headers = [
        COLUMN_RECOMMENDATION,
        COLUMN_NUMBER,
        COLUMN_TEXT,
        COLUMN_ORGANISATION,
        COLUMN_STATUS,
        COLUMN_PROGRESS,
        COLUMN_COMMENT,
        COLUMN_EVIDENCE_URL,
        COLUMN_REPORTED_ON,
    ]
    sheet.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE4EE")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    own = list(Organisation.objects.of_user(user))
    recommendations = (
        Recommendation.objects.for_user(user)
        .filter(resolution__is_published=True)
        .select_related("resolution")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("organisation"),
            )
        )
        .order_by("-resolution__adopted_on", "resolution_id", "order", "id")
    )
    for recommendation in recommendations:
        mine = [
            assignment.organisation
            for assignment in recommendation.assignments.all()
            if assignment.organisation in own
        ]
        # An official of several organisations names the one reporting.
        organisation = mine[0].slug if len(own) > 1 and mine else None
        sheet.append(
            [
                recommendation.pk,
                recommendation.number,
                recommendation.text,
                organisation,
            ]
        )
    last = sheet.max_row
    for index, width in enumerate([12, 8, 70, 24, 24, 12, 50, 32, 16], 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2, min_col=9, max_col=9):
        row[0].number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = f"A1:I{last}"
    statuses = DataValidation(
        type="list",
        formula1='"' + ",".join(str(status.label) for status in Status) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Unknown status"),
        error=_("Choose a status from the list."),
    )
    statuses.add(f"E2:E{max(last, 2) + 500}")
    sheet.add_data_validation(statuses)

    guide = book.create_sheet(_("How to fill in"))
    guide.column_dimensions["A"].width = 36
    guide.column_dimensions["B"].width = 90
    guide.append([_("Column"), _("What to write")])
    for cell in guide[1]:
        cell.font = bold
    for column, note in (
        (COLUMN_RECOMMENDATION, _("Filled in: do not change.")),
        (COLUMN_ORGANISATION, _("Empty if you report for one organisation.")),
        (COLUMN_STATUS, _("One of the statuses below.")),
        (COLUMN_PROGRESS, _("A whole number from 0 to 100.")),
        (COLUMN_COMMENT, _("What has been done; for «Done» name the document.")),
        (COLUMN_EVIDENCE_URL, _("A link to the document or the news, if any.")),
        (COLUMN_REPORTED_ON, _("The date the facts refer to, e.g. 01.03.2019.")),
    ):
        guide.append([column, note])
    guide.append([])
    guide.append([_("Rows left without a status, progress and date are skipped.")])
    guide.append([])
    guide.append([COLUMN_STATUS, _("Rule")])
    for status, rule in (
        (Status.NOT_STARTED, _("progress 0")),
        (Status.IN_PROGRESS, _("progress from 1 to 99")),
        (Status.ONGOING, _("standing duties only")),
        (Status.DELAYED, _("progress below 100")),
        (Status.DONE, _("progress 100, with evidence")),
        (Status.CANCELLED, _("set by the coordinators")),
    ):
        guide.append([str(status.label), rule])
    if own:
        guide.append([])
        guide.append([COLUMN_ORGANISATION, _("Organisation")])
        for organisation in own:
            guide.append([organisation.slug, organisation.name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- raw exports ---------------------------------------------------------------------


class ScopedExportResource(resources.ModelResource):
    """An export limited to what its user may see in the admin."""

    def __init__(self, user: Any = None, **kwargs: Any) -> None:
        super().__init__()
        self.user = user

    def filter_export(self, queryset: QuerySet, **kwargs: Any) -> QuerySet:
        if self.user is None:
            return queryset.none()
        if can_review(self.user):
            return queryset
        allowed = self._meta.model.objects.for_user(self.user).values("pk")
        return queryset.filter(pk__in=allowed)


class RecommendationResource(ScopedExportResource):
    id = fields.Field(attribute="id", column_name="ID")
    resolution = fields.Field(attribute="resolution__title", column_name="Резолюция")
    adopted_on = fields.Field(
        attribute="resolution__adopted_on",
        column_name="Дата резолюции",
        widget=ReportDateWidget(),
    )
    group = fields.Field(attribute="group__name", column_name="Группа адресатов")
    number = fields.Field(attribute="number", column_name=COLUMN_NUMBER)
    text = fields.Field(attribute="text", column_name=COLUMN_TEXT)
    organisations = fields.Field(column_name="Ответственные организации")
    due_on = fields.Field(
        attribute="due_on", column_name="Срок", widget=ReportDateWidget()
    )
    is_continuous = fields.Field(column_name="Постоянное поручение")
    status = fields.Field(
        attribute="status", column_name=COLUMN_STATUS, widget=StatusWidget()
    )
    progress = fields.Field(attribute="progress", column_name=COLUMN_PROGRESS)
    status_reported_on = fields.Field(
        attribute="status_reported_on",
        column_name="Дата последнего отчёта",
        widget=ReportDateWidget(),
    )
    is_overdue = fields.Field(column_name="Просрочено")
    is_stale = fields.Field(column_name="Нет свежих отчётов")

    class Meta:
        model = Recommendation
        fields = (
            "id",
            "resolution",
            "adopted_on",
            "group",
            "number",
            "text",
            "organisations",
            "due_on",
            "is_continuous",
            "status",
            "progress",
            "status_reported_on",
            "is_overdue",
            "is_stale",
        )

    @classmethod
    def get_display_name(cls) -> str:
        return _("Recommendations with their current state")

    def filter_export(self, queryset: QuerySet, **kwargs: Any) -> QuerySet:
        return (
            super()
            .filter_export(queryset, **kwargs)
            .with_current_state()
            .select_related("resolution", "group")
            .prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=Assignment.objects.select_related("organisation"),
                )
            )
        )

    def dehydrate_organisations(self, recommendation: Recommendation) -> str:
        # Lead first: the order of Assignment.Meta.
        return "; ".join(
            str(assignment.organisation)
            for assignment in recommendation.assignments.all()
        )

    def dehydrate_is_continuous(self, recommendation: Recommendation) -> str:
        return _("yes") if recommendation.is_continuous else ""

    def dehydrate_is_overdue(self, recommendation: Recommendation) -> str:
        return _("yes") if getattr(recommendation, "is_overdue", False) else ""

    def dehydrate_is_stale(self, recommendation: Recommendation) -> str:
        return _("yes") if getattr(recommendation, "is_stale", False) else ""


class StatusUpdateResource(ScopedExportResource):
    id = fields.Field(attribute="id", column_name="ID")
    recommendation = fields.Field(
        attribute="recommendation_id", column_name=COLUMN_RECOMMENDATION
    )
    number = fields.Field(attribute="recommendation__number", column_name=COLUMN_NUMBER)
    resolution = fields.Field(
        attribute="recommendation__resolution__title", column_name="Резолюция"
    )
    organisation = fields.Field(
        attribute="organisation",
        column_name=COLUMN_ORGANISATION,
        widget=OrganisationSlugWidget(),
    )
    organisation_name = fields.Field(
        attribute="organisation__name", column_name="Организация"
    )
    status = fields.Field(
        attribute="status", column_name=COLUMN_STATUS, widget=StatusWidget()
    )
    progress = fields.Field(attribute="progress", column_name=COLUMN_PROGRESS)
    comment = fields.Field(attribute="comment", column_name=COLUMN_COMMENT)
    evidence_url = fields.Field(
        attribute="evidence_url", column_name=COLUMN_EVIDENCE_URL
    )
    reported_on = fields.Field(
        attribute="reported_on",
        column_name=COLUMN_REPORTED_ON,
        widget=ReportDateWidget(),
    )
    state = fields.Field(column_name="Состояние проверки")
    author = fields.Field(attribute="author__username", column_name="Автор")
    created_at = fields.Field(column_name="Создано")

    class Meta:
        model = StatusUpdate
        fields = (
            "id",
            "recommendation",
            "number",
            "resolution",
            "organisation",
            "organisation_name",
            "status",
            "progress",
            "comment",
            "evidence_url",
            "reported_on",
            "state",
            "author",
            "created_at",
        )

    @classmethod
    def get_display_name(cls) -> str:
        return _("Status updates")

    def filter_export(self, queryset: QuerySet, **kwargs: Any) -> QuerySet:
        return (
            super()
            .filter_export(queryset, **kwargs)
            .select_related("recommendation__resolution", "organisation", "author")
        )

    def dehydrate_state(self, update: StatusUpdate) -> str:
        return str(ReviewState(update.state).label)

    def dehydrate_created_at(self, update: StatusUpdate) -> datetime.date:
        return timezone.localtime(update.created_at).date()
