"""The formatted progress report: a workbook streamed from the database.

openpyxl's write-only mode keeps one row in memory at a time and the rows come
from the database in chunks, so memory stays flat however long the history is.
The state of a past date is read from the history (`Recommendation.as_of`).
"""

import datetime
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import Case, OuterRef, Prefetch, Subquery, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from stakeholders.models import AddresseeGroup

from ..models import (
    Assignment,
    Recommendation,
    Resolution,
    Status,
    StatusUpdate,
    overdue_q,
    progress_aggregates,
)
from .discipline_sheet import write_discipline
from .xlsx import (
    CHUNK_SIZE,
    DATE_FORMAT,
    DATETIME_FORMAT,
    PERCENT_FORMAT,
    CellStyle,
    Column,
    RowWriter,
    TableWriter,
    body_styles,
    finish_sheet,
    prepare_sheet,
    text_cell,
)


def _percent(value: float | int | None) -> float | None:
    """Progress is stored in per cent; a spreadsheet percentage is a fraction."""
    return None if value is None else round(value / 100, 4)


def _status_label(value: str) -> str:
    return str(Status(value).label)


def write_summary(
    book: Workbook,
    *,
    resolution: Resolution,
    as_of: datetime.date,
    generated_at: datetime.datetime,
) -> None:
    sheet = book.create_sheet(pgettext("report sheet", "Summary"))
    statuses = list(Status)
    widths = [45, 16] + [14] * len(statuses) + [12, 14]
    header_row = 8
    prepare_sheet(sheet, widths=widths, header_row=header_row)
    rows = RowWriter(sheet, widths, wrapped=[0])
    recommendations = Recommendation.objects.filter(resolution=resolution)
    _write_heading(rows, resolution=resolution, as_of=as_of, generated_at=generated_at)
    rows.header(
        [_("Addressee group"), _("Number of recommendations")]
        + [str(status.label) for status in statuses]
        + [_("Overdue"), _("Mean progress")]
    )
    by_group = _summary_by_group(recommendations, as_of)
    groups = AddresseeGroup.objects.filter(pk__in=by_group).order_by("order", "name")
    wrap, count, _date, percent = body_styles(sheet)

    def figures(row: dict) -> list:
        counts = [row["total"], *(row[status.value] for status in statuses)]
        return [count(value) for value in [*counts, row["overdue"]]] + [
            percent(_percent(row["mean_progress"]))
        ]

    for group in groups:
        rows.append([wrap(group.name)] + figures(by_group[group.pk]))
    total = recommendations.summary(as_of=as_of)
    bold = CellStyle(sheet, font=Font(bold=True))
    bold_percent = CellStyle(sheet, font=Font(bold=True), number_format=PERCENT_FORMAT)
    total_cells = [bold(cell.value) for cell in figures(total)[:-1]]
    total_cells.append(bold_percent(_percent(total["mean_progress"])))
    rows.append([bold(_("Total"))] + total_cells)
    last_row = header_row + len(groups) + 1
    rows.append([])
    rows.append(
        [
            _(
                "Progress is the mean progress of the recommendations; withdrawn "
                "ones are left out and those with no published report count as 0."
            )
        ]
    )
    finish_sheet(sheet, columns=len(widths), header_row=header_row, last_row=last_row)


def _write_heading(
    rows: RowWriter,
    *,
    resolution: Resolution,
    as_of: datetime.date,
    generated_at: datetime.datetime,
) -> None:
    """The title and what the report is of, above the summary's table."""
    sheet = rows.sheet
    title = CellStyle(sheet, font=Font(bold=True, size=14))
    label = CellStyle(sheet, font=Font(bold=True))
    date = CellStyle(sheet, number_format=DATE_FORMAT, alignment=Alignment("left"))
    moment = CellStyle(
        sheet, number_format=DATETIME_FORMAT, alignment=Alignment("left")
    )
    rows.append([title(_("Progress of the recommendations"))])
    rows.append([label(_("Resolution")), text_cell(sheet, resolution.title)])
    rows.append([label(_("Event")), text_cell(sheet, resolution.event)])
    rows.append([label(_("Adopted on")), date(resolution.adopted_on)])
    rows.append([label(_("State as of")), date(as_of)])
    rows.append([label(_("Generated")), moment(generated_at.replace(tzinfo=None))])
    rows.append([])


def _summary_by_group(recommendations: Any, as_of: datetime.date) -> dict[int, dict]:
    """One definition of progress: the figures of `summary(as_of=...)`, per group."""
    return {
        row["group"]: row
        for row in recommendations.as_of(as_of)
        .order_by()
        .values("group")
        .annotate(
            **progress_aggregates(
                as_of, status="as_of_status", progress="as_of_progress"
            )
        )
    }


def recommendation_rows(
    resolution: Resolution, as_of: datetime.date
) -> Iterator[Recommendation]:
    """The resolution's recommendations with their state on `as_of`."""
    latest = (
        StatusUpdate.objects.published()
        .filter(recommendation=OuterRef("pk"), reported_on__lte=as_of)
        .timeline()
    )
    return (
        Recommendation.objects.filter(resolution=resolution)
        .as_of(as_of)
        .with_deadlines(decided_by=as_of)
        .annotate(
            as_of_comment=Subquery(latest.values("comment")[:1]),
            as_of_evidence_url=Subquery(latest.values("evidence_url")[:1]),
            as_of_overdue=Case(
                When(overdue_q(as_of, status="as_of_status"), then=True),
                default=False,
            ),
        )
        .select_related("group")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("organisation"),
            )
        )
        .order_by("order", "id")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def _organisations(item: Recommendation) -> str:
    # Assignments are ordered lead first (Assignment.Meta.ordering).
    return "\n".join(
        str(assignment.organisation) for assignment in item.assignments.all()
    )


RECOMMENDATION_COLUMNS = (
    Column(gettext_lazy("No."), 7, "plain", lambda item: item.number),
    Column(gettext_lazy("Addressee group"), 24, "wrap", lambda item: item.group.name),
    Column(gettext_lazy("Recommendation"), 60, "wrap", lambda item: item.text),
    Column(
        gettext_lazy("Responsible organisations (lead first)"),
        28,
        "wrap",
        _organisations,
    ),
    Column(gettext_lazy("Due on"), 11, "date", lambda item: item.due_on),
    Column(
        gettext_lazy("Original deadline"), 13, "date", lambda item: item.first_due_on
    ),
    Column(
        gettext_lazy("Deadline changes"),
        10,
        "plain",
        lambda item: item.deadline_change_count,
    ),
    Column(
        gettext_lazy("Status"),
        18,
        "wrap",
        lambda item: _status_label(item.as_of_status),
    ),
    Column(
        gettext_lazy("Progress"),
        10,
        "percent",
        lambda item: _percent(item.as_of_progress),
    ),
    Column(
        gettext_lazy("Overdue"),
        10,
        "plain",
        lambda item: _("yes") if item.as_of_overdue else "",
    ),
    Column(
        gettext_lazy("Date of the last report"),
        12,
        "date",
        lambda item: item.as_of_reported_on,
    ),
    Column(gettext_lazy("Last comment"), 40, "wrap", lambda item: item.as_of_comment),
    Column(
        gettext_lazy("Evidence link"), 24, "wrap", lambda item: item.as_of_evidence_url
    ),
)


def write_recommendations(
    book: Workbook, *, resolution: Resolution, as_of: datetime.date
) -> None:
    sheet = book.create_sheet(pgettext("report sheet", "Recommendations"))
    table = TableWriter(sheet, RECOMMENDATION_COLUMNS)
    table.header()
    for item in recommendation_rows(resolution, as_of):
        table.append(item)
    table.finish()


HISTORY_COLUMNS = (
    "recommendation__number",
    "reported_on",
    "status",
    "progress",
    "organisation__name",
    "organisation__short_name",
    "comment",
    "evidence_url",
    "reviewed_at",
)


def history_rows(resolution: Resolution, as_of: datetime.date) -> Iterator[tuple]:
    """Every published update of the resolution up to `as_of`, oldest first."""
    return (
        StatusUpdate.objects.published()
        .filter(recommendation__resolution=resolution, reported_on__lte=as_of)
        .order_by(
            "recommendation__order",
            "recommendation_id",
            "reported_on",
            "created_at",
            "id",
        )
        .values_list(*HISTORY_COLUMNS, named=True)
        .iterator(chunk_size=CHUNK_SIZE)
    )


def _published_on(row: Any) -> datetime.date | None:
    if row.reviewed_at is None:
        return None
    return timezone.localtime(row.reviewed_at, timezone.get_current_timezone()).date()


HISTORY_SHEET = (
    Column(gettext_lazy("No."), 7, "plain", lambda row: row.recommendation__number),
    Column(gettext_lazy("Facts as of"), 12, "date", lambda row: row.reported_on),
    Column(gettext_lazy("Status"), 18, "wrap", lambda row: _status_label(row.status)),
    Column(gettext_lazy("Progress"), 10, "percent", lambda row: row.progress / 100),
    Column(
        gettext_lazy("Reporting organisation"),
        28,
        "wrap",
        lambda row: row.organisation__short_name or row.organisation__name,
    ),
    Column(gettext_lazy("Comment"), 60, "wrap", lambda row: row.comment),
    Column(gettext_lazy("Evidence link"), 24, "wrap", lambda row: row.evidence_url),
    Column(gettext_lazy("Published"), 14, "date", _published_on),
)


def write_history(
    book: Workbook, *, resolution: Resolution, as_of: datetime.date
) -> None:
    sheet = book.create_sheet(pgettext("report sheet", "History"))
    table = TableWriter(sheet, HISTORY_SHEET)
    table.header()
    for row in history_rows(resolution, as_of):
        table.append(row)
    table.finish()


def write_progress_report(
    out: IO[bytes],
    *,
    resolution: Resolution,
    as_of: datetime.date,
    generated_at: datetime.datetime | None = None,
) -> None:
    """Write the workbook «Сводка», «Рекомендации», «История», «Дисциплина»."""
    generated_at = timezone.localtime(generated_at or timezone.now())
    # The regional government reads the report in Russian, whatever the UI language.
    with translation.override("ru"):
        book = Workbook(write_only=True)
        write_summary(
            book, resolution=resolution, as_of=as_of, generated_at=generated_at
        )
        write_recommendations(book, resolution=resolution, as_of=as_of)
        write_history(book, resolution=resolution, as_of=as_of)
        write_discipline(book, resolution=resolution, as_of=as_of)
        book.save(out)
