"""The formatted progress report: a workbook streamed from the database.

openpyxl's write-only mode keeps one row in memory at a time and the rows come
from the database in chunks, so memory stays flat however long the history is.
The state of a past date is read from the history (`Recommendation.as_of`).
"""

import datetime
from collections.abc import Iterable, Iterator
from copy import copy
from typing import IO, Any, NamedTuple

from django.db.models import Case, OuterRef, Prefetch, Subquery, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

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

CHUNK_SIZE = 2000
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
PERCENT_FORMAT = "0%"
LINE_HEIGHT = 15  # points: one line of the default 11 pt font
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
# Strings that spreadsheet programs may take for the start of a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class CellStyle:
    """Makes write-only cells of one look.

    Styling a cell looks its font and alignment up in the workbook's style
    tables; doing that once per column and copying the result keeps a long
    history sheet close to the speed of a bare dump.
    """

    def __init__(self, sheet: WriteOnlyWorksheet, **style: Any) -> None:
        self.sheet = sheet
        prototype = WriteOnlyCell(sheet)
        for name, value in style.items():
            setattr(prototype, name, value)
        self._style = prototype._style

    def __call__(self, value: Any) -> Cell | None:
        if value is None or value == "":
            return None
        cell = WriteOnlyCell(self.sheet, value)
        if isinstance(value, str):
            # A text cell is never a formula, whatever it starts with.
            cell.data_type = "s"
        cell._style = copy(self._style)
        return cell


class BodyStyles(NamedTuple):
    """The looks of a sheet's body cells, all aligned to the top of the row."""

    wrap: CellStyle
    plain: CellStyle
    date: CellStyle
    percent: CellStyle


def body_styles(sheet: WriteOnlyWorksheet) -> BodyStyles:
    top = Alignment(vertical="top")
    return BodyStyles(
        wrap=CellStyle(sheet, alignment=Alignment(wrap_text=True, vertical="top")),
        plain=CellStyle(sheet, alignment=top),
        date=CellStyle(sheet, number_format=DATE_FORMAT, alignment=top),
        percent=CellStyle(sheet, number_format=PERCENT_FORMAT, alignment=top),
    )


def text_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """A plain value, or a cell forced to text when it would read as a formula."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
    return value


def csv_safe(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def prepare_sheet(
    sheet: WriteOnlyWorksheet, *, widths: Iterable[float], header_row: int
) -> None:
    """Widths and the frozen header: write-only sheets need them before any row."""
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    # Part of the sheet's properties, written with its first row.
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def finish_sheet(
    sheet: WriteOnlyWorksheet, *, columns: int, header_row: int, last_row: int
) -> None:
    """Autofilter, printed header and a landscape page one width wide."""
    last_column = get_column_letter(columns)
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{max(last_row, header_row)}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0


class RowWriter:
    """Appends rows with a height that fits their wrapped text.

    Not every spreadsheet program sizes rows of wrapped text when it opens a
    file, so each row carries its height; the height is dropped from the sheet
    once the row is written, so memory stays flat.
    """

    def __init__(
        self, sheet: WriteOnlyWorksheet, widths: list[float], wrapped: Iterable[int]
    ) -> None:
        self.sheet = sheet
        self.widths = widths
        self.wrapped = tuple(wrapped)
        self.row = 0

    def lines(self, cells: list, columns: Iterable[int]) -> int:
        lines = 1
        for index in columns:
            if index >= len(cells):
                continue
            value = getattr(cells[index], "value", cells[index])
            if not isinstance(value, str):
                continue
            per_line = max(int(self.widths[index]), 1)
            needed = sum(
                max(-(-len(part) // per_line), 1) for part in value.split("\n")
            )
            lines = max(lines, needed)
        return lines

    def append(self, cells: list, *, wrapped: Iterable[int] | None = None) -> None:
        self.row += 1
        lines = self.lines(cells, self.wrapped if wrapped is None else wrapped)
        if lines > 1:
            # The writer reads a row's attributes as a mapping; a plain dict
            # spares building a RowDimension for every row of a long history.
            self.sheet.row_dimensions[self.row] = {
                "ht": str(LINE_HEIGHT * lines),
                "customHeight": "1",
            }
        self.sheet.append(cells)
        if lines > 1:
            del self.sheet.row_dimensions[self.row]

    def header(self, titles: list[str]) -> None:
        self.append(header_cells(self.sheet, titles), wrapped=range(len(titles)))


def header_cells(sheet: WriteOnlyWorksheet, titles: Iterable[str]) -> list:
    style = CellStyle(
        sheet,
        font=Font(bold=True),
        fill=HEADER_FILL,
        alignment=Alignment(wrap_text=True, vertical="center"),
    )
    return [style(title) for title in titles]


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
    rows.header(
        [_("Addressee group"), _("Number of recommendations")]
        + [str(status.label) for status in statuses]
        + [_("Overdue"), _("Mean progress")]
    )
    # One definition of progress: the figures of `summary(as_of=...)`, per group.
    by_group = {
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


def write_recommendations(
    book: Workbook, *, resolution: Resolution, as_of: datetime.date
) -> None:
    sheet = book.create_sheet(pgettext("report sheet", "Recommendations"))
    widths = [7, 24, 60, 28, 11, 18, 10, 10, 12, 40, 24]
    prepare_sheet(sheet, widths=widths, header_row=1)
    rows = RowWriter(sheet, widths, wrapped=[1, 2, 3, 5, 9, 10])
    titles = [
        _("No."),
        _("Addressee group"),
        _("Recommendation"),
        _("Responsible organisations (lead first)"),
        _("Due on"),
        _("Status"),
        _("Progress"),
        _("Overdue"),
        _("Date of the last report"),
        _("Last comment"),
        _("Evidence link"),
    ]
    rows.header(titles)
    wrap, plain, date, percent = body_styles(sheet)
    yes = _("yes")
    row_count = 0
    for item in recommendation_rows(resolution, as_of):
        # Assignments are ordered lead first (Assignment.Meta.ordering).
        organisations = "\n".join(
            str(assignment.organisation) for assignment in item.assignments.all()
        )
        rows.append(
            [
                plain(item.number),
                wrap(item.group.name),
                wrap(item.text),
                wrap(organisations),
                date(item.due_on),
                wrap(_status_label(item.as_of_status)),
                percent(_percent(item.as_of_progress)),
                plain(yes if item.as_of_overdue else ""),
                date(item.as_of_reported_on),
                wrap(item.as_of_comment),
                wrap(item.as_of_evidence_url),
            ]
        )
        row_count += 1
    finish_sheet(sheet, columns=len(widths), header_row=1, last_row=row_count + 1)


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
        .values_list(*HISTORY_COLUMNS)
        .iterator(chunk_size=CHUNK_SIZE)
    )


def write_history(
    book: Workbook, *, resolution: Resolution, as_of: datetime.date
) -> None:
    sheet = book.create_sheet(pgettext("report sheet", "History"))
    widths = [7, 12, 18, 10, 28, 60, 24, 14]
    prepare_sheet(sheet, widths=widths, header_row=1)
    rows = RowWriter(sheet, widths, wrapped=[2, 4, 5, 6])
    titles = [
        _("No."),
        _("Facts as of"),
        _("Status"),
        _("Progress"),
        _("Reporting organisation"),
        _("Comment"),
        _("Evidence link"),
        _("Published"),
    ]
    rows.header(titles)
    wrap, plain, date, percent = body_styles(sheet)
    labels = {status.value: str(status.label) for status in Status}
    current_zone = timezone.get_current_timezone()
    row_count = 0
    for (
        number,
        reported_on,
        status,
        progress,
        organisation,
        short_name,
        comment,
        evidence_url,
        reviewed_at,
    ) in history_rows(resolution, as_of):
        published = (
            timezone.localtime(reviewed_at, current_zone).date()
            if reviewed_at
            else None
        )
        rows.append(
            [
                plain(number),
                date(reported_on),
                wrap(labels[status]),
                percent(progress / 100),
                wrap(short_name or organisation),
                wrap(comment),
                wrap(evidence_url),
                date(published),
            ]
        )
        row_count += 1
    finish_sheet(sheet, columns=len(widths), header_row=1, last_row=row_count + 1)


def write_progress_report(
    out: IO[bytes],
    *,
    resolution: Resolution,
    as_of: datetime.date,
    generated_at: datetime.datetime | None = None,
) -> None:
    """Write the workbook «Сводка», «Рекомендации», «История» to `out`."""
    generated_at = timezone.localtime(generated_at or timezone.now())
    # The regional government reads the report in Russian, whatever the UI language.
    with translation.override("ru"):
        book = Workbook(write_only=True)
        write_summary(
            book, resolution=resolution, as_of=as_of, generated_at=generated_at
        )
        write_recommendations(book, resolution=resolution, as_of=as_of)
        write_history(book, resolution=resolution, as_of=as_of)
        book.save(out)


def write_table(
    out: IO[bytes], *, title: str, headers: list[str], rows: Iterable[Iterable[Any]]
) -> None:
    """A plain table as a finished sheet: the admin's raw exports in XLSX.

    Text stays text (never a formula), dates are dates, numbers are numbers.
    """
    rows = [list(row) for row in rows]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    # Widths from the header and the first rows, within reason.
    widths = []
    for index, header in enumerate(headers):
        longest = max(
            [len(str(header))]
            + [
                len(str(row[index])) if row[index] is not None else 0
                for row in rows[:200]
            ]
        )
        widths.append(min(max(longest + 2, 8), 60))
    prepare_sheet(sheet, widths=widths, header_row=1)
    writer = RowWriter(
        sheet,
        widths,
        wrapped=[
            index
            for index, value in enumerate(rows[0] if rows else [])
            if isinstance(value, str)
        ],
    )
    writer.header(headers)
    looks = body_styles(sheet)
    styles = {"text": looks.wrap, "date": looks.date, "plain": looks.plain}
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, datetime.datetime):
                value = value.replace(tzinfo=None)
            if isinstance(value, datetime.date):
                cells.append(styles["date"](value))
            elif isinstance(value, str):
                cells.append(styles["text"](value))
            else:
                cells.append(styles["plain"](value))
        writer.append(cells)
    finish_sheet(sheet, columns=len(headers), header_row=1, last_row=len(rows) + 1)
    book.save(out)
