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

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from import_export import fields, resources

from ..models import Recommendation, StatusUpdate
from ..selectors import ReportingScope, reporting_scope
from ..services import status_updates_submit, validate_report
from ..validators import validate_plain_text
from .columns import (
    COLUMN_COMMENT,
    COLUMN_EVIDENCE_URL,
    COLUMN_NUMBER,
    COLUMN_ORGANISATION,
    COLUMN_PROGRESS,
    COLUMN_RECOMMENDATION,
    COLUMN_REPORTED_ON,
    COLUMN_STATUS,
    COLUMN_TEXT,
    IMPORT_COLUMNS,
    REPORT_COLUMNS,
    REQUIRED_COLUMNS,
)
from .widgets import (
    ImportFileError,
    OrganisationSlugWidget,
    ProgressWidget,
    RecommendationIdWidget,
    ReportDateWidget,
    StatusWidget,
    TextWidget,
    blank,
    whole_number_or_none,
)

# Ids beyond a database integer are no recommendation's.
LARGEST_ID = 2**31 - 1
# The model's foreign keys, given by the widgets and checked by the scope.
FOREIGN_KEYS = ["recommendation", "organisation", "author"]


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
        # Rows are written together after the last one is checked, so none
        # needs a savepoint of its own.
        use_bulk = True
        clean_model_instances = False
        # Rows left empty in the template stay out of the preview.
        report_skipped = False

    def __init__(self, user: Any = None, **kwargs: Any) -> None:
        super().__init__()
        self.user = user
        self.scope = ReportingScope(user=user)
        self.pending: list[tuple[StatusUpdate, dict]] = []

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
        self._read_scope(dataset)

    def _read_scope(self, dataset) -> None:
        """The file's recommendations and organisations, and who may report on
        them, in a few queries for the whole file."""
        ids = {
            pk
            for value in dataset[COLUMN_RECOMMENDATION]
            if (pk := whole_number_or_none(value)) is not None and 0 < pk <= LARGEST_ID
        }
        slugs = set()
        if COLUMN_ORGANISATION in dataset.headers:
            slugs = {
                str(value).strip()
                for value in dataset[COLUMN_ORGANISATION]
                if not blank(value) and "\x00" not in str(value)
            }
        self.scope = reporting_scope(
            user=self.user, recommendation_ids=ids, organisation_slugs=slugs
        )
        self.fields["recommendation"].widget.known = self.scope.recommendations
        self.fields["organisation"].widget.known = self.scope.organisations

    def after_import(self, dataset, result, **kwargs: Any) -> None:
        super().after_import(dataset, result, **kwargs)
        nothing = not (result.has_errors() or result.has_validation_errors())
        if nothing and self.pending and not kwargs.get("dry_run"):
            self._submit_all()
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
                validate_plain_text(row.get(field.column_name))
                self.import_field(field, instance, row, **kwargs)
            except ValidationError as refusal:
                errors[field.column_name] = refusal.messages
            except ValueError as error:
                errors[field.column_name] = [str(error)]
        recommendation = getattr(instance, "recommendation", None)
        if recommendation is not None and not self._may_report_on(recommendation):
            # Another organisation's item reads as no item at all: its number
            # and responsible organisations are not the official's to learn.
            instance.recommendation = None
            errors[COLUMN_RECOMMENDATION] = [
                _("There is no recommendation with id %(id)s.")
                % {"id": recommendation.pk}
            ]
        if errors:
            raise ValidationError(errors)

    def _may_report_on(self, recommendation: Recommendation) -> bool:
        return bool(self.scope.allowed(recommendation))

    def skip_row(
        self,
        instance: StatusUpdate,
        original: Any,
        row: dict,
        import_validation_errors: dict | None = None,
    ) -> bool:
        return all(blank(row.get(IMPORT_COLUMNS[name])) for name in REPORT_COLUMNS)

    def validate_instance(
        self,
        instance: StatusUpdate,
        import_validation_errors: dict | None = None,
        validate_unique: bool = True,
    ) -> None:
        errors: dict[str, list[str]] = dict(import_validation_errors or {})
        self._check_cells(instance, errors)
        self._choose_organisation(instance, errors)
        if not errors:
            try:
                self._check(instance)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    column = IMPORT_COLUMNS.get(field, COLUMN_RECOMMENDATION)
                    errors.setdefault(column, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def _check_cells(self, instance: StatusUpdate, errors: dict) -> None:
        """Required columns filled in, and a link that is a web address."""
        for name in REQUIRED_COLUMNS:
            column = IMPORT_COLUMNS[name]
            # An unset foreign key raises AttributeError: `getattr` says None.
            if column not in errors and getattr(instance, name, None) in (None, ""):
                errors.setdefault(column, []).append(_("Fill in this column."))
        if instance.evidence_url:
            try:
                URLValidator()(instance.evidence_url)
            except ValidationError:
                errors.setdefault(COLUMN_EVIDENCE_URL, []).append(
                    _("«%(value)s» is not a web address (https://…).")
                    % {"value": instance.evidence_url}
                )

    def _choose_organisation(self, instance: StatusUpdate, errors: dict) -> None:
        """A row with no organisation's code reports for the clear one, if any."""
        recommendation = getattr(instance, "recommendation", None)
        if (
            recommendation is None
            or COLUMN_ORGANISATION in errors
            or getattr(instance, "organisation", None) is not None
        ):
            return
        instance.organisation = self.scope.default_organisation(recommendation)
        if instance.organisation is None:
            errors.setdefault(COLUMN_ORGANISATION, []).append(
                _(
                    "Give the code of the organisation you report for: "
                    "you may report on recommendation %(number)s for "
                    "more than one."
                )
                % {"number": recommendation.number}
            )

    def save_instance(
        self, instance: StatusUpdate, is_create: bool, row: dict, **kwargs: Any
    ) -> None:
        # Checked already; written with the whole file in `after_import`.
        if not kwargs.get("dry_run"):
            self.pending.append((instance, self._report(instance)))

    def _submit_all(self) -> None:
        saved = status_updates_submit(
            reports=[report for _instance, report in self.pending],
            author=self.user,
            scope=self.scope,
        )
        for (instance, _report), update in zip(self.pending, saved, strict=True):
            instance.pk = update.pk
            instance.state = update.state
            instance.author = update.author

    def _report(self, instance: StatusUpdate) -> dict:
        return {
            "recommendation": instance.recommendation,
            "organisation": instance.organisation,
            "status": instance.status,
            "progress": instance.progress,
            "comment": instance.comment or "",
            "evidence_url": instance.evidence_url or "",
            "reported_on": instance.reported_on,
        }

    def _check(self, instance: StatusUpdate) -> None:
        """The workflow's checks of one row, without a query: the scope knows
        who may report on what."""
        report = self._report(instance)
        validate_report(**report, author=self.user, scope=self.scope)
        checked = StatusUpdate(**report, author=self.user)
        checked.full_clean(exclude=FOREIGN_KEYS, validate_constraints=False)

    def get_queryset(self) -> QuerySet:
        return StatusUpdate.objects.for_user(self.user)
