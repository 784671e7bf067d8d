"""The workbook primitives of the portal's spreadsheets (openpyxl write-only).

Looks made once per column and copied, rows with heights that fit their
wrapped text, sheets set up for print: what the reports and the admin's raw
exports share.
"""

import datetime
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from typing import IO, Any, NamedTuple

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from .cells import printable

CHUNK_SIZE = 2000
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
PERCENT_FORMAT = "0%"
LINE_HEIGHT = 15  # points: one line of the default 11 pt font
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")


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
        cell = WriteOnlyCell(self.sheet, printable(value))
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
    value = printable(value)
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
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
        self.sheet.append([printable(cell) for cell in cells])
        if lines > 1:
            del self.sheet.row_dimensions[self.row]

    def header(self, titles: list[str]) -> None:
        self.append(header_cells(self.sheet, titles), wrapped=range(len(titles)))


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its title, width, look and the value of a row.

    A sheet is an ordered tuple of these: titles, widths, wrapping and values
    all come from the one spec, in the same order.
    """

    title: Any  # text, or a lazy translation
    width: float
    kind: str = "plain"  # a field of `BodyStyles`: plain, wrap, date or percent
    value: Callable[[Any], Any] = lambda row: None
    note: Any = ""  # what to write in it, for a sheet people fill in


class TableWriter:
    """Writes a sheet laid out by its `Column` spec: header, rows, print set-up."""

    def __init__(
        self,
        sheet: WriteOnlyWorksheet,
        columns: Sequence[Column],
        *,
        header_row: int = 1,
    ) -> None:
        self.sheet = sheet
        self.columns = tuple(columns)
        self.header_row = header_row
        widths = [column.width for column in self.columns]
        prepare_sheet(sheet, widths=widths, header_row=header_row)
        wrapped = [n for n, column in enumerate(self.columns) if column.kind == "wrap"]
        self.rows = RowWriter(sheet, widths, wrapped=wrapped)
        self.styles = body_styles(sheet)._asdict()
        self.count = 0

    def header(self) -> None:
        self.rows.header([str(column.title) for column in self.columns])

    def append(self, row: Any) -> None:
        self.rows.append(
            [self.styles[column.kind](column.value(row)) for column in self.columns]
        )
        self.count += 1

    def finish(self) -> None:
        finish_sheet(
            self.sheet,
            columns=len(self.columns),
            header_row=self.header_row,
            last_row=self.header_row + self.count,
        )


def header_cells(sheet: WriteOnlyWorksheet, titles: Iterable[str]) -> list:
    style = CellStyle(
        sheet,
        font=Font(bold=True),
        fill=HEADER_FILL,
        alignment=Alignment(wrap_text=True, vertical="center"),
    )
    return [style(title) for title in titles]


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
