"""The page of an official document, as ГОСТ Р 7.0.97-2016 lays it out.

A4 portrait; margins of 30 mm on the left (for binding), 15 mm on the right,
20 mm at the top and bottom; Times New Roman, 14 pt in the text and 12 pt in
tables; page numbers centred at the top, from the second page on.
"""

import datetime
from collections.abc import Sequence

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
TEXT_SIZE = Pt(14)
TABLE_SIZE = Pt(12)
FIRST_LINE_INDENT = Mm(12.5)
TEXT_WIDTH_MM = 210 - 30 - 15
CELL_MARGIN_TWIPS = 85  # 1.5 mm
BLOCK_SPACE = Pt(8)  # after a block of paragraphs, such as one recommendation
NOTE_SPACE = Pt(6)  # between a table and the notes under it


def set_up_page(document: Document) -> None:
    """A4 portrait with the margins of the standard and its page numbers."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance = Mm(10)
    # The first page carries no number: its header is a different, empty one.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(number)
    _set_font(document.styles["Normal"], TEXT_SIZE)
    document.styles["Normal"].paragraph_format.space_after = Pt(0)
    document.styles["Normal"].paragraph_format.line_spacing = 1.0


def _set_font(style, size: Pt) -> None:
    style.font.name = FONT
    style.font.size = size
    # Cyrillic text is laid out with the "complex" and East Asian slots too.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field, a run per part as Word writes it: the page's number."""
    _field_char(paragraph, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    paragraph.add_run()._r.append(instruction)
    _field_char(paragraph, "separate")
    paragraph.add_run("2")  # shown until the reader updates the field
    _field_char(paragraph, "end")


def _field_char(paragraph: Paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def heading(document: Document, text: str, *, space_before: int = 12) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(space_before)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(text).bold = True
    return paragraph


def centred(document: Document, content: str, *, space_before: int = 0) -> Paragraph:
    paragraph = document.add_paragraph(content)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(space_before)
    return paragraph


def text(
    document: Document, *parts: tuple[str, bool], size: Pt | None = None
) -> Paragraph:
    """A justified paragraph with its first line indented; parts are (text, bold)."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = FIRST_LINE_INDENT
    for content, bold in parts:
        run = paragraph.add_run(content)
        run.bold = bold
        run.font.size = size
    return paragraph


def block(document: Document, lines: Sequence[Sequence[tuple[str, bool]]]) -> None:
    """Lines that never part: one paragraph, not split across pages.

    LibreOffice does not hold a chain of separate "keep with next" paragraphs
    together reliably; a paragraph that may not be split it always moves whole.
    """
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.keep_together = True
    paragraph.paragraph_format.space_after = BLOCK_SPACE
    for number, parts in enumerate(lines):
        if number:
            paragraph.add_run().add_break()
        for content, bold in parts:
            paragraph.add_run(content).bold = bold


def table(
    document: Document,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths_mm: Sequence[int],
    numeric_from: int,
    bold_last: bool = False,
) -> Table:
    """A bordered 12 pt table whose header repeats on every page it spans."""
    grid = document.add_table(rows=1 + len(rows), cols=len(header))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for row_number, values in enumerate([header, *rows]):
        row = grid.rows[row_number]
        is_bold = row_number == 0 or (bold_last and row_number == len(rows))
        for column, value in enumerate(values):
            cell = row.cells[column]
            cell.width = Mm(widths_mm[column])
            paragraph = cell.paragraphs[0]
            if row_number == 0 or column >= numeric_from:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(str(value))
            run.font.size = TABLE_SIZE
            run.bold = is_bold
    # LibreOffice lays a table out by its grid, Word by the cells: set both.
    for column, width in zip(grid.columns, widths_mm, strict=True):
        column.width = Mm(width)
    _repeat_header(grid)
    _cell_margins(grid, CELL_MARGIN_TWIPS)
    return grid


def _cell_margins(grid: Table, twips: int) -> None:
    """Narrower side margins than Word's 1.9 mm: a column's longest word fits."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    # Word refuses a file whose table properties are out of the schema's order:
    # the cell margins come just before tblLook, the last of them.
    properties = grid._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    if look is None:
        properties.append(margins)
    else:
        look.addprevious(margins)


def _repeat_header(grid: Table) -> None:
    """The header on every page; no row torn between two pages."""
    for number, row in enumerate(grid.rows):
        properties = row._tr.get_or_add_trPr()
        flags = ["w:cantSplit"] + (["w:tblHeader"] if number == 0 else [])
        for flag in flags:
            element = OxmlElement(flag)
            element.set(qn("w:val"), "true")
            properties.append(element)


def signature(
    document: Document, *, position: str, name: str, day: datetime.date
) -> None:
    """Position on the left, signature line and name on the right, the date below."""
    document.add_paragraph().paragraph_format.space_before = Pt(24)
    block = document.add_table(rows=1, cols=2)
    block.autofit = False
    left, right = block.rows[0].cells
    left.width, right.width = Mm(85), Mm(TEXT_WIDTH_MM - 85)
    block.columns[0].width, block.columns[1].width = left.width, right.width
    left.paragraphs[0].add_run(position)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    right.paragraphs[0].add_run(f"________________  {name}")
    date_line = document.add_paragraph(f"{day:%d.%m.%Y}")
    date_line.paragraph_format.space_before = Pt(12)
