"""The workbook an official fills in to report on many items at once."""

import io
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from stakeholders.models import Organisation

from ..models import STATUS_RULES, Assignment, Recommendation, Status
from ..permissions import can_review
from ..selectors import choose_reporting_organisation
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
)
from .xlsx import DATE_FORMAT, Column

TEMPLATE_COLUMNS = (
    Column(COLUMN_RECOMMENDATION, 12, note=gettext_lazy("Filled in: do not change.")),
    Column(COLUMN_NUMBER, 8),
    Column(COLUMN_TEXT, 70, "wrap"),
    Column(
        COLUMN_ORGANISATION,
        24,
        note=gettext_lazy("Empty if you report for one organisation."),
    ),
    Column(COLUMN_STATUS, 24, note=gettext_lazy("One of the statuses below.")),
    Column(COLUMN_PROGRESS, 12, note=gettext_lazy("A whole number from 0 to 100.")),
    Column(
        COLUMN_COMMENT,
        50,
        note=gettext_lazy("What has been done; for «Done» name the document."),
    ),
    Column(
        COLUMN_EVIDENCE_URL,
        32,
        note=gettext_lazy("A link to the document or the news, if any."),
    ),
    Column(
        COLUMN_REPORTED_ON,
        16,
        "date",
        note=gettext_lazy("The date the facts refer to, e.g. 01.03.2019."),
    ),
)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
# Rows below the last item where a status may still be chosen from the list.
SPARE_ROWS = 500


def import_template(user: Any) -> bytes:
    """A workbook to fill in: one row for each recommendation `user` reports on."""
    book = Workbook()
    _write_reports_sheet(book.active, user)
    _write_guide(book.create_sheet(_("How to fill in")), user)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _template_rows(user: Any) -> Iterator[list]:
    recommendations = (
        Recommendation.objects.for_user(user)
        .filter(resolution__is_published=True)
        # Withdrawn items take no reports.
        .exclude(status=Status.CANCELLED)
        .select_related("resolution")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("organisation"),
            )
        )
        .order_by("-resolution__adopted_on", "resolution_id", "order", "id")
    )
    own = {organisation.pk for organisation in Organisation.objects.of_user(user)}
    for recommendation in recommendations:
        # Assignments come lead first (Assignment.Meta.ordering).
        responsible = [a.organisation for a in recommendation.assignments.all()]
        organisation = choose_reporting_organisation(
            responsible=responsible,
            mine=[o for o in responsible if o.pk in own],
            user=user,
        )
        # The code is written only where someone has a choice to make.
        has_choice = len(own) > 1 or can_review(user)
        code = organisation.slug if organisation and has_choice else None
        yield [recommendation.pk, recommendation.number, recommendation.text, code]


def _write_reports_sheet(sheet: Worksheet, user: Any) -> None:
    sheet.title = _("Reports")
    sheet.append([column.title for column in TEMPLATE_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in _template_rows(user):
        sheet.append(row)
    last = sheet.max_row
    for index, column in enumerate(TEMPLATE_COLUMNS, 1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if column.kind == "wrap":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif column.kind == "date":
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(TEMPLATE_COLUMNS))}{last}"
    statuses = DataValidation(
        type="list",
        formula1='"' + ",".join(str(status.label) for status in Status) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Unknown status"),
        error=_("Choose a status from the list."),
    )
    status_column = get_column_letter(
        [column.title for column in TEMPLATE_COLUMNS].index(COLUMN_STATUS) + 1
    )
    statuses.add(f"{status_column}2:{status_column}{max(last, 2) + SPARE_ROWS}")
    sheet.add_data_validation(statuses)


def _write_guide(guide: Worksheet, user: Any) -> None:
    """What to write in each column, and the statuses' rules (`STATUS_RULES`)."""
    guide.column_dimensions["A"].width = 36
    guide.column_dimensions["B"].width = 90
    guide.append([_("Column"), _("What to write")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in TEMPLATE_COLUMNS:
        if column.note:
            guide.append([column.title, str(column.note)])
    guide.append([])
    guide.append([_("Rows left without a status, progress and date are skipped.")])
    guide.append([])
    guide.append([COLUMN_STATUS, _("Rule")])
    for status, rule in STATUS_RULES.items():
        guide.append([str(Status(status).label), rule.describe()])
    own = list(Organisation.objects.of_user(user))
    if own:
        guide.append([])
        guide.append([COLUMN_ORGANISATION, _("Organisation")])
        for organisation in own:
            guide.append([organisation.slug, organisation.name])
