"""The XlsxWriter sheets the reports are printed from: flat memory, rows as
high as their text, headers whose words stay whole."""

import tracemalloc

from openpyxl import load_workbook

from recommendations.documents.printed import (
    LINE_HEIGHT,
    Looks,
    PrintedSheet,
    header_width,
    open_workbook,
    text_lines,
)

TEXT = "обеспечить условия для внедрения регионального стандарта " * 3


def write(path, rows: int) -> None:
    book = open_workbook(str(path))
    sheet = PrintedSheet(book, Looks(book), "Лист", [10, 30])
    sheet.set_widths(["№", "Текст"])
    sheet.header(["№", "Текст"])
    for n in range(rows):
        # A different text each row, as a history has.
        sheet.append([n, f"{n} {TEXT}"], ["plain", "wrap"])
    sheet.finish(title="Резолюция", as_of="01.01.2021", generated="сейчас")
    book.close()


def peak(path, rows: int) -> int:
    tracemalloc.start()
    write(path, rows)
    top = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return top


def test_it_keeps_memory_flat_however_many_rows(tmp_path):
    small = peak(tmp_path / "small.xlsx", 2_000)
    large = peak(tmp_path / "large.xlsx", 20_000)

    assert large < 1.5 * small


def test_it_gives_each_row_the_height_of_its_text(tmp_path):
    path = tmp_path / "rows.xlsx"
    write(path, 3)

    sheet = load_workbook(path)["Лист"]

    lines = text_lines(f"0 {TEXT}", 30)
    assert lines > 1
    assert sheet.row_dimensions[2].height == lines * LINE_HEIGHT
    assert sheet["B2"].alignment.wrap_text


def test_it_counts_lines_by_whole_words_and_breaks_only_long_links():
    assert text_lines("short", 10) == 1
    assert text_lines("aaa bbb ccc", 7) == 2
    assert text_lines("ДОиН\nТПП", 28) == 2
    assert text_lines("https://example.org/" + "x" * 40, 20) == 3


def test_it_widens_a_column_so_no_header_word_breaks():
    assert header_width("Просрочено", 8) > len("Просрочено")
    assert header_width("№", 5) == 5
