"""The formatted progress report: a workbook streamed from the database.

XlsxWriter's constant-memory mode writes each row out as the next one starts
and the rows come from the database in chunks, so memory stays flat however
long the history is; every sheet is set up to print whole (`printed`).
`as_of` is the record as it stood at the end of that day
(`Recommendation.objects.as_it_stood`): a report of a past date is the same
whenever it is made. `known_today` gives the facts of that date as known today.
"""

import datetime
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import Case, Prefetch, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from xlsxwriter.workbook import Workbook

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
from .printed import Looks, PrintedSheet, finish_sheet, open_workbook, write_table
from .xlsx import CHUNK_SIZE, Column


def _percent(value: float | int | None) -> float | None:
    """Progress is stored in per cent; a spreadsheet percentage is a fraction."""
    return None if value is None else round(value / 100, 4)


def _status_label(value: str) -> str:
    return str(Status(value).label)


SUMMARY_HEADER_ROW = 7  # the eighth row, under the heading


def write_summary(
    book: Workbook,
    looks: Looks,
    *,
    resolution: Resolution,
    as_of: datetime.date,
    generated_at: datetime.datetime,
    known_today: bool = False,
) -> None:
    statuses = list(Status)
    titles = (
        [_("Addressee group"), _("Number of recommendations")]
        + [str(status.label) for status in statuses]
        + [_("Overdue"), _("Mean progress")]
    )
    rows = PrintedSheet(
        book,
        looks,
        pgettext("report sheet", "Summary"),
        [38, 16] + [13] * len(statuses) + [12, 12],
    )
    rows.set_widths(titles)
    _write_heading(
        rows,
        resolution=resolution,
        as_of=as_of,
        generated_at=generated_at,
        known_today=known_today,
    )
    rows.header(titles)
    _write_group_rows(rows, resolution, as_of, known_today)
    rows.skip()
    note = _(
        "Progress is the mean progress of the recommendations; withdrawn "
        "ones are left out and those with no published report count as 0."
    )
    rows.append([note], ["plain"])
    finish_sheet(rows, resolution=resolution, as_of=as_of, generated_at=generated_at)


def _write_group_rows(
    rows: PrintedSheet,
    resolution: Resolution,
    as_of: datetime.date,
    known_today: bool,
) -> None:
    """A row of figures for each addressee group, then the total."""
    statuses = list(Status)
    recommendations = Recommendation.objects.filter(resolution=resolution)
    by_group = _summary_by_group(recommendations, as_of, known_today)
    groups = AddresseeGroup.objects.filter(pk__in=by_group).order_by("order", "name")
    count_kinds = ["plain"] * (len(statuses) + 2)

    def figures(row: dict) -> list:
        counts = [row["total"], *(row[status.value] for status in statuses)]
        return [*counts, row["overdue"], _percent(row["mean_progress"])]

    for group in groups:
        values = [group.name, *figures(by_group[group.pk])]
        rows.append(values, ["wrap", *count_kinds, "percent"])
    total = recommendations.summary(as_of=as_of, known_today=known_today)
    rows.append(
        [_("Total"), *figures(total)],
        ["bold"] * (len(statuses) + 3) + ["bold_percent"],
    )


def _write_heading(
    rows: PrintedSheet,
    *,
    resolution: Resolution,
    as_of: datetime.date,
    generated_at: datetime.datetime,
    known_today: bool,
) -> None:
    """The title and what the report is of, above the summary's table."""
    rows.append([_("Progress of the recommendations")], ["title"])
    rows.sheet.set_row(0, 20)
    for label, value, kind in (
        (_("Resolution"), resolution.title, "plain"),
        (_("Event"), resolution.event, "plain"),
        (_("Adopted on"), resolution.adopted_on, "day"),
    ):
        rows.append([label, value], ["label", kind])
    rows.append(
        [_("State as of"), as_of, basis_label(known_today)],
        ["label", "day", "plain"],
    )
    rows.append(
        [_("Generated"), generated_at.replace(tzinfo=None)], ["label", "moment"]
    )
    rows.skip()


def basis_label(known_today: bool) -> str:
    """What the figures of a date are: the record of that day, or today's."""
    if known_today:
        return _(
            "The facts of that date as known today: reports published later "
            "are included."
        )
    return _(
        "The record as it stood at the end of that day: reports published later "
        "are not included."
    )


def _summary_by_group(
    recommendations: Any, as_of: datetime.date, known_today: bool
) -> dict[int, dict]:
    """One definition of progress: the figures of `summary(as_of=...)`, per group."""
    return {
        row["group"]: row
        for row in recommendations.as_it_stood(as_of, known_today=known_today)
        .order_by()
        .values("group")
        .annotate(
            **progress_aggregates(
                as_of, status="as_of_status", progress="as_of_progress"
            )
        )
    }


def recommendation_rows(
    resolution: Resolution, as_of: datetime.date, known_today: bool = False
) -> Iterator[Recommendation]:
    """The resolution's recommendations with their state on `as_of`."""
    return (
        Recommendation.objects.filter(resolution=resolution)
        .as_it_stood(as_of, known_today=known_today, details=True)
        .with_deadlines(decided_by=as_of)
        .annotate(
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
    Column(gettext_lazy("No."), 5, "plain", lambda item: item.number),
    Column(gettext_lazy("Addressee group"), 17, "wrap", lambda item: item.group.name),
    Column(gettext_lazy("Recommendation"), 38, "wrap", lambda item: item.text),
    Column(
        gettext_lazy("Responsible organisations (lead first)"),
        20,
        "wrap",
        _organisations,
    ),
    Column(gettext_lazy("Due on"), 10.5, "date", lambda item: item.due_on),
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
        13,
        "wrap",
        lambda item: _status_label(item.as_of_status),
    ),
    Column(
        gettext_lazy("Progress"),
        9.5,
        "percent",
        lambda item: _percent(item.as_of_progress),
    ),
    Column(
        gettext_lazy("Overdue"),
        11,
        "plain",
        lambda item: _("yes") if item.as_of_overdue else "",
    ),
    Column(
        gettext_lazy("Date of the last report"),
        11,
        "date",
        lambda item: item.as_of_reported_on,
    ),
    Column(gettext_lazy("Last comment"), 26, "wrap", lambda item: item.as_of_comment),
    Column(
        gettext_lazy("Evidence link"), 16, "wrap", lambda item: item.as_of_evidence_url
    ),
)


def write_recommendations(
    book: Workbook,
    looks: Looks,
    *,
    resolution: Resolution,
    as_of: datetime.date,
    known_today: bool = False,
    generated_at: datetime.datetime,
) -> None:
    sheet = write_table(
        book,
        looks,
        pgettext("report sheet", "Recommendations"),
        RECOMMENDATION_COLUMNS,
        recommendation_rows(resolution, as_of, known_today),
    )
    finish_sheet(sheet, resolution=resolution, as_of=as_of, generated_at=generated_at)


HISTORY_COLUMNS = (
    "recommendation__number",
    "reported_on",
    "status",
    "progress",
    "organisation__name",
    "organisation__short_name",
    "comment",
    "evidence_url",
    "published_at",
)


def history_rows(
    resolution: Resolution, as_of: datetime.date, known_today: bool = False
) -> Iterator[tuple]:
    """Every update of the record as it stood on `as_of`, oldest first."""
    return (
        StatusUpdate.objects.as_it_stood(as_of, known_today=known_today)
        .filter(recommendation__resolution=resolution)
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
    if row.published_at is None:
        return None
    return timezone.localtime(row.published_at, timezone.get_current_timezone()).date()


HISTORY_SHEET = (
    Column(gettext_lazy("No."), 6, "plain", lambda row: row.recommendation__number),
    Column(gettext_lazy("Facts as of"), 11, "date", lambda row: row.reported_on),
    Column(gettext_lazy("Status"), 18, "wrap", lambda row: _status_label(row.status)),
    Column(gettext_lazy("Progress"), 10, "percent", lambda row: row.progress / 100),
    Column(
        gettext_lazy("Reporting organisation"),
        20,
        "wrap",
        lambda row: row.organisation__short_name or row.organisation__name,
    ),
    Column(gettext_lazy("Comment"), 50, "wrap", lambda row: row.comment),
    Column(gettext_lazy("Evidence link"), 22, "wrap", lambda row: row.evidence_url),
    Column(gettext_lazy("Published"), 13, "date", _published_on),
)


def write_history(
    book: Workbook,
    looks: Looks,
    *,
    resolution: Resolution,
    as_of: datetime.date,
    known_today: bool = False,
    generated_at: datetime.datetime,
) -> None:
    sheet = write_table(
        book,
        looks,
        pgettext("report sheet", "History"),
        HISTORY_SHEET,
        history_rows(resolution, as_of, known_today),
    )
    finish_sheet(sheet, resolution=resolution, as_of=as_of, generated_at=generated_at)


def write_progress_report(
    out: IO[bytes] | str,
    *,
    resolution: Resolution,
    as_of: datetime.date,
    generated_at: datetime.datetime | None = None,
    known_today: bool = False,
) -> None:
    """Write the workbook «Сводка», «Рекомендации», «История», «Дисциплина» to `out`.

    `as_of` is the record as it stood at the end of that day; `known_today`,
    the facts of that day as known today."""
    generated_at = timezone.localtime(generated_at or timezone.now())
    common = {
        "resolution": resolution,
        "as_of": as_of,
        "known_today": known_today,
        "generated_at": generated_at,
    }
    # The regional government reads the report in Russian, whatever the UI language.
    with translation.override("ru"):
        book = open_workbook(out)
        looks = Looks(book)
        write_summary(book, looks, **common)
        write_recommendations(book, looks, **common)
        write_history(book, looks, **common)
        write_discipline(book, looks, **common)
        book.close()
