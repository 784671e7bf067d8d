"""Workbooks to hand on: XlsxWriter in constant-memory mode, set up for print.

Each row goes to the file as soon as the next one starts, so memory stays
flat however long the history. A printed page is A4 landscape, one page wide,
the header row on every page, the title, the date and «стр. N из M» in its
header and footer; rows are as high as their wrapped text, so nothing is cut.
"""

import datetime
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

import xlsxwriter
from django.utils import formats
from django.utils.translation import gettext as _
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from .cells import printable
from .xlsx import Column

if TYPE_CHECKING:
    from ..models import Resolution

LINE_HEIGHT = 13.5  # points: a line of the 10 pt font is 12.8 in print
# Characters of ordinary text a unit of column width holds: a unit is the
# width of a digit, and Cyrillic letters are nearly as wide.
CHARS_PER_UNIT = 1.0
HEADER_FILL = "#DDE4EE"
# Arial (Liberation Sans where it is missing): the same widths everywhere.
FONT = {"font_name": "Arial", "font_size": 10}
# Text stays text: never a formula, a link or a number guessed from a string
# (the rule of `cells.formula_safe`; XlsxWriter would otherwise make a formula
# of «=…» and a hyperlink of every evidence link).
OPTIONS = {
    "constant_memory": True,
    "in_memory": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_format_properties": FONT,
}
PAPER_A4 = 9
# XlsxWriter keeps the header and footer to Excel's 255 characters.
HEADER_TEXT_MAX = 110


def open_workbook(out: IO[bytes] | str) -> Workbook:
    return xlsxwriter.Workbook(out, OPTIONS)


class Looks:
    """The cell formats of a workbook, made once and shared by its sheets."""

    def __init__(self, book: Workbook) -> None:
        top = {"valign": "top"}
        self.formats = {
            "header": book.add_format(
                {"bold": True, "bg_color": HEADER_FILL, "text_wrap": True}
                | {"valign": "vcenter", "border": 1}
            ),
            "wrap": book.add_format(top | {"text_wrap": True}),
            "plain": book.add_format(top),
            "date": book.add_format(top | {"num_format": "DD.MM.YYYY"}),
            "percent": book.add_format(top | {"num_format": "0%"}),
            "title": book.add_format({"bold": True, "font_size": 14}),
            "label": book.add_format({"bold": True, "valign": "top"}),
            "bold": book.add_format({"bold": True}),
            "bold_percent": book.add_format({"bold": True, "num_format": "0%"}),
            "day": book.add_format({"num_format": "DD.MM.YYYY", "align": "left"}),
            "moment": book.add_format(
                {"num_format": "DD.MM.YYYY HH:MM", "align": "left"}
            ),
        }

    def __getitem__(self, kind: str) -> Any:
        return self.formats[kind]


WRAPPED = frozenset({"header", "wrap"})


def header_width(title: str, width: float) -> float:
    """A column wide enough that no word of its bold title breaks in two."""
    longest = max((len(word) for word in title.split()), default=0)
    return max(width, round(longest * 1.05 + 1.5, 1))


def text_lines(value: Any, width: float) -> int:
    """The lines a wrapped text needs in a column of `width` characters.

    Counted generously (fewer characters a line than fit, whole words carried
    to the next line), so that a row is never cut short in print."""
    if not isinstance(value, str):
        return 1
    per_line = max(int(width * CHARS_PER_UNIT), 1)
    if len(value) <= per_line and "\n" not in value:
        return 1
    total = 0
    for paragraph in value.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > per_line:
                lines, used = lines + 1, 0
            if len(word) > per_line:  # a long link breaks anywhere
                lines += (len(word) - 1) // per_line
                used = len(word) % per_line or per_line
            else:
                used += len(word) + (1 if used else 0)
        total += lines
    return total


class PrintedSheet:
    """A sheet written row by row, in order, with rows as high as their text."""

    def __init__(
        self,
        book: Workbook,
        looks: Looks,
        name: str,
        widths: Sequence[float],
    ) -> None:
        self.sheet: Worksheet = book.add_worksheet(name)
        self.looks = looks
        self.widths = list(widths)
        self.row = 0  # the next row to write, counted from 0
        self.header_row: int | None = None

    def set_widths(self, titles: Sequence[str] = ()) -> None:
        """Column widths, widened for the header's words; before any row."""
        for index, width in enumerate(self.widths):
            if index < len(titles):
                width = header_width(titles[index], width)
                self.widths[index] = width
            self.sheet.set_column(index, index, width)

    def header(self, titles: Sequence[str]) -> None:
        self.header_row = self.row
        self.append(list(titles), ["header"] * len(titles))

    def append(self, values: Sequence[Any], kinds: Sequence[str]) -> None:
        """One row; empty values are left blank, text is written as text."""
        n = self.row
        lines = max(
            (
                text_lines(value, self.widths[index])
                for index, (value, kind) in enumerate(zip(values, kinds, strict=True))
                if kind in WRAPPED
            ),
            default=1,
        )
        if lines > 1:
            self.sheet.set_row(n, LINE_HEIGHT * lines)
        # constant_memory writes a row out when the next one starts but keeps
        # every row's height for good: drop those of the rows already written,
        # or memory grows with the history (XlsxWriter 3.3.1's internals).
        self.sheet.row_info.pop(n - 2, None)
        self.sheet.row_sizes.pop(n - 2, None)
        for column, (value, kind) in enumerate(zip(values, kinds, strict=True)):
            self._write(n, column, value, self.looks[kind])
        self.row += 1

    def _write(self, n: int, column: int, value: Any, look: Any) -> None:
        if value is None or value == "":
            return
        if isinstance(value, str):
            # write_string: text stays text, never a formula or a link.
            self.sheet.write_string(n, column, printable(value), look)
        elif isinstance(value, datetime.date):
            self.sheet.write_datetime(n, column, value, look)
        else:
            self.sheet.write_number(n, column, value, look)

    def skip(self) -> None:
        self.row += 1

    def finish(self, *, title: str, as_of: str, generated: str) -> None:
        """Print set-up: A4 landscape, one page wide, the header row on each page,
        the title and date at the top, «стр. N из M» at the bottom."""
        sheet = self.sheet
        header_row = self.header_row or 0
        last_column = len(self.widths) - 1
        sheet.freeze_panes(header_row + 1, 0)
        sheet.autofilter(header_row, 0, max(self.row - 1, header_row), last_column)
        sheet.set_landscape()
        sheet.set_paper(PAPER_A4)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(header_row)
        sheet.set_margins(left=0.5, right=0.4, top=0.75, bottom=0.6)
        sheet.hide_gridlines(0)  # the cells' lines print, as on screen
        sheet.set_header(
            f"&L&9{_header_text(title)}&R&9{_header_text(as_of)}", {"margin": 0.3}
        )
        sheet.set_footer(
            f"&L&8{_header_text(generated)}&R&9{_('page &P of &N')}", {"margin": 0.3}
        )


def _header_text(text: str) -> str:
    """Text for a page header: «&» escaped, within Excel's length."""
    if len(text) > HEADER_TEXT_MAX:
        text = text[: HEADER_TEXT_MAX - 1] + "…"
    return text.replace("&", "&&")


def write_table(
    book: Workbook,
    looks: Looks,
    name: str,
    columns: Sequence[Column],
    rows: Iterator[Any],
) -> PrintedSheet:
    """A sheet laid out by its `Column` spec: the header row, then one row each."""
    sheet = PrintedSheet(book, looks, name, [column.width for column in columns])
    titles = [str(column.title) for column in columns]
    sheet.set_widths(titles)
    sheet.header(titles)
    kinds = [column.kind for column in columns]
    for row in rows:
        sheet.append([column.value(row) for column in columns], kinds)
    return sheet


def finish_sheet(
    rows: PrintedSheet,
    *,
    resolution: "Resolution",
    as_of: datetime.date,
    generated_at: datetime.datetime,
) -> None:
    """Each page names the resolution, the date of the state and the moment."""
    rows.finish(
        title=resolution.title,
        as_of=f"{_('State as of')} {as_of:%d.%m.%Y}",
        generated=f"{_('Generated')} {formats.date_format(generated_at, 'd.m.Y H:i')}",
    )
