"""The Excel report written with XlsxWriter: a prototype against the floors.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_perf \\
        .venv/bin/python bench/excel_xlsxwriter.py [--updates 50000 500000]

Builds, in a throw-away test database (`test_` + the database of
DATABASE_URL), one resolution of 50 recommendations per --updates size with
that many published updates (bench/excel.py's generator), then writes the
«Рекомендации» and «История» sheets of the progress report four ways from
the same queries (`recommendations.documents.progress_report.recommendation_rows` and
`history_rows`):

- today: `write_progress_report` (openpyxl write-only; with «Сводка»);
- bare openpyxl: the same rows appended as they come (bench/excel.py's floor);
- bare XlsxWriter: `constant_memory`, `write_row` of the values, no format;
- XlsxWriter report: the two sheets as the report draws them (bold filled
  header, wrapped text aligned to the top, dates, percentages, row heights
  that fit the text, «да» for overdue), with the print set-up: A4 landscape,
  one page wide, header row repeated, autofilter, frozen header, header and
  footer «стр. &P из &N».

Each is timed (best of --repeat) with its peak Python memory (tracemalloc).
"""

import argparse
import datetime
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import excel  # noqa: E402  (sets Django up; the data generator)
import xlsxwriter  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from recommendations.documents import progress_report as report  # noqa: E402
from recommendations.documents.xlsx import LINE_HEIGHT  # noqa: E402
from recommendations.models import Resolution, Status  # noqa: E402

AS_OF = excel.TODAY
REC_WIDTHS = [7, 24, 60, 28, 11, 18, 10, 10, 12, 40, 24]
REC_WRAPPED = (1, 2, 3, 5, 9, 10)
HISTORY_WIDTHS = [7, 12, 18, 10, 28, 60, 24, 14]
HISTORY_WRAPPED = (2, 4, 5, 6)


def _lines(values: list, widths: list[float], wrapped: tuple[int, ...]) -> int:
    """As RowWriter.lines: the lines the wrapped cells need.

    A text no longer than its column takes one line, and the same text (a
    status, an organisation) the same number of lines: most cells of a long
    history are answered without splitting anything.
    """
    lines = 1
    for index in wrapped:
        value = values[index]
        if not isinstance(value, str):
            continue
        per_line = max(int(widths[index]), 1)
        if len(value) <= per_line and "\n" not in value:
            continue
        key = (per_line, value)
        needed = _LINES.get(key)
        if needed is None:
            needed = sum(
                max(-(-len(part) // per_line), 1) for part in value.split("\n")
            )
            if len(_LINES) < 10_000:
                _LINES[key] = needed
        lines = max(lines, needed)
    return lines


_LINES: dict[tuple[int, str], int] = {}


def _rec_values(item, yes: str) -> list:
    organisations = "\n".join(str(a.organisation) for a in item.assignments.all())
    return [
        item.number,
        item.group.name,
        item.text,
        organisations,
        item.due_on,
        str(Status(item.as_of_status).label),
        item.as_of_progress / 100,
        yes if item.as_of_overdue else "",
        item.as_of_reported_on,
        item.as_of_comment,
        item.as_of_evidence_url,
    ]


def _history_values(row: tuple, labels: dict, zone) -> list:
    number, reported, status, progress, org, short, comment, url, reviewed = row
    published = timezone.localtime(reviewed, zone).date() if reviewed else None
    return [
        number,
        reported,
        labels[status],
        progress / 100,
        short or org,
        comment,
        url,
        published,
    ]


def today(resolution: Resolution, out) -> None:
    report.write_progress_report(out, resolution=resolution, as_of=AS_OF)


def bare_openpyxl(resolution: Resolution, out) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Рекомендации")
    for item in report.recommendation_rows(resolution, AS_OF):
        sheet.append(_rec_values(item, "да"))
    sheet = book.create_sheet("История")
    labels = {s.value: str(s.label) for s in Status}
    zone = timezone.get_current_timezone()
    for row in report.history_rows(resolution, AS_OF):
        sheet.append(_history_values(row, labels, zone))
    book.save(out)


# Text stays text: no formula, no hyperlink, no number guessed from a string
# (XlsxWriter's write() would make a hyperlink of every evidence link, and
# stops at Excel's 65,530 per sheet).
PLAIN_TEXT = {"strings_to_formulas": False, "strings_to_urls": False}


def bare_xlsxwriter(resolution: Resolution, out) -> None:
    book = xlsxwriter.Workbook(
        out, {"constant_memory": True, "in_memory": False, **PLAIN_TEXT}
    )
    date = book.add_format({"num_format": "dd.mm.yyyy"})
    sheet = book.add_worksheet("Рекомендации")
    for n, item in enumerate(report.recommendation_rows(resolution, AS_OF)):
        values = _rec_values(item, "да")
        # Dates need a number format to show as dates: the one thing a dump
        # cannot leave out (openpyxl adds it by itself).
        for column, value in enumerate(values):
            if isinstance(value, datetime.date):
                sheet.write_datetime(n, column, value, date)
            elif value is not None:
                sheet.write(n, column, value)
    sheet = book.add_worksheet("История")
    labels = {s.value: str(s.label) for s in Status}
    zone = timezone.get_current_timezone()
    for n, row in enumerate(report.history_rows(resolution, AS_OF)):
        values = _history_values(row, labels, zone)
        for column, value in enumerate(values):
            if isinstance(value, datetime.date):
                sheet.write_datetime(n, column, value, date)
            elif value is not None:
                sheet.write(n, column, value)
    book.close()


class _Looks:
    """The report's cell formats, made once per workbook."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        top = {"valign": "top"}
        self.header = book.add_format(
            {
                "bold": True,
                "bg_color": "#DDE4EE",
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        self.wrap = book.add_format({**top, "text_wrap": True})
        self.plain = book.add_format(top)
        self.date = book.add_format({**top, "num_format": "dd.mm.yyyy"})
        self.percent = book.add_format({**top, "num_format": "0%"})


def _print_setup(sheet, *, columns: int, last_row: int, title: str) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages down as needed
    sheet.repeat_rows(0)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(last_row, 0), columns - 1)
    sheet.set_header(f"&L{title}&R&D")
    sheet.set_footer("&Cстр. &P из &N")


def _sheet(book, looks, name, titles, widths):
    sheet = book.add_worksheet(name)
    for index, width in enumerate(widths):
        sheet.set_column(index, index, width)
    lines = _lines(titles, widths, tuple(range(len(titles))))
    sheet.set_row(0, LINE_HEIGHT * lines if lines > 1 else None)
    sheet.write_row(0, 0, titles, looks.header)
    return sheet


def _write(sheet, n: int, values: list, kinds: tuple, looks: _Looks, lines: int):
    if lines > 1:
        sheet.set_row(n, LINE_HEIGHT * lines)
    # constant_memory writes a row out when the next one starts, but keeps
    # every row's height in `row_info` and `row_sizes` for good: drop the
    # rows already written, or memory grows with the history (as RowWriter
    # does for openpyxl). This reads XlsxWriter's internals (3.3.1): pin it.
    sheet.row_info.pop(n - 2, None)
    sheet.row_sizes.pop(n - 2, None)
    for column, (value, kind) in enumerate(zip(values, kinds, strict=True)):
        if value is None or value == "":
            continue
        if kind == "date":
            sheet.write_datetime(n, column, value, looks.date)
        elif kind == "percent":
            sheet.write_number(n, column, value, looks.percent)
        elif isinstance(value, str):
            # write_string: text is never taken for a formula or a number.
            sheet.write_string(n, column, value, getattr(looks, kind))
        else:
            sheet.write(n, column, value, getattr(looks, kind))


REC_KINDS = (
    "plain",
    "wrap",
    "wrap",
    "wrap",
    "date",
    "wrap",
    "percent",
    "plain",
    "date",
    "wrap",
    "wrap",
)
HISTORY_KINDS = ("plain", "date", "wrap", "percent", "wrap", "wrap", "wrap", "date")


REC_TITLES = [
    "№",
    "Группа адресатов",
    "Рекомендация",
    "Ответственные организации (головной первым)",
    "Срок",
    "Статус",
    "Прогресс",
    "Просрочено",
    "Дата последнего отчёта",
    "Последний комментарий",
    "Ссылка на подтверждение",
]
HISTORY_TITLES = [
    "№",
    "Дата сведений",
    "Статус",
    "Прогресс",
    "Отчитавшаяся организация",
    "Комментарий",
    "Ссылка на подтверждение",
    "Опубликовано",
]


def _recommendations_sheet(book, looks, resolution: Resolution) -> None:
    sheet = _sheet(book, looks, "Рекомендации", REC_TITLES, REC_WIDTHS)
    n = 0
    for item in report.recommendation_rows(resolution, AS_OF):
        n += 1
        values = _rec_values(item, "да")
        lines = _lines(values, REC_WIDTHS, REC_WRAPPED)
        _write(sheet, n, values, REC_KINDS, looks, lines)
    _print_setup(sheet, columns=len(REC_TITLES), last_row=n, title=resolution.title)


def _history_sheet(book, looks, resolution: Resolution) -> None:
    sheet = _sheet(book, looks, "История", HISTORY_TITLES, HISTORY_WIDTHS)
    labels = {s.value: str(s.label) for s in Status}
    zone = timezone.get_current_timezone()
    n = 0
    for row in report.history_rows(resolution, AS_OF):
        n += 1
        values = _history_values(row, labels, zone)
        lines = _lines(values, HISTORY_WIDTHS, HISTORY_WRAPPED)
        _write(sheet, n, values, HISTORY_KINDS, looks, lines)
    _print_setup(sheet, columns=len(HISTORY_TITLES), last_row=n, title=resolution.title)


def xlsxwriter_report(resolution: Resolution, out) -> None:
    with translation.override("ru"):
        book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
        looks = _Looks(book)
        _recommendations_sheet(book, looks, resolution)
        _history_sheet(book, looks, resolution)
        book.close()


def timed(work, resolution, repeat: int) -> tuple[float, float, float, int]:
    """Best wall time, best CPU time of this process, peak memory, file size.

    The CPU time leaves out PostgreSQL (the same queries for every writer)
    and the time other work on the machine took the processor from us."""
    runs, cpu = [], []
    size = 0
    for _ in range(repeat):
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
            started, started_cpu = time.perf_counter(), time.process_time()
            work(resolution, out.name if "xlsxwriter" in work.__name__ else out)
            runs.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            size = Path(out.name).stat().st_size
    tracemalloc.start()
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
        work(resolution, out.name if "xlsxwriter" in work.__name__ else out)
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return min(runs), min(cpu), peak, size


def _built(options, author: User) -> list[tuple[int, Resolution]]:
    """A resolution per history size, reused when the kept database has it."""
    built = []
    for n, updates in enumerate(options.updates):
        started = time.perf_counter()
        found = Resolution.objects.filter(slug=f"size-{updates}").first()
        if found is not None:
            built.append((updates, found))
            continue
        resolution = excel.build_resolution(
            slug=f"size-{updates}",
            recommendations=options.recommendations,
            updates=updates,
            author=author,
            seed=n + 1,
        )
        print(f"built {updates:,} updates in {time.perf_counter() - started:.0f} s")
        built.append((updates, resolution))
    return built


def _print_table(built, writers: list[str], repeat: int) -> None:
    print(f"best of {repeat}; peak Python memory by tracemalloc\n")
    print(
        f"| updates | writer | wall s | × {writers[0]} (wall) "
        f"| CPU s | × {writers[0]} (CPU) | peak MB | file MB |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for updates, resolution in built:
        results = {name: timed(globals()[name], resolution, repeat) for name in writers}
        floor, floor_cpu = results[writers[0]][:2]
        for name, (seconds, cpu, peak, size) in results.items():
            print(
                f"| {updates:,} | {name} | {seconds:.2f} | {seconds / floor:.2f} "
                f"| {cpu:.2f} | {cpu / floor_cpu:.2f} | {peak:.1f} "
                f"| {size / 1024 / 1024:.1f} |",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, nargs="+", default=[50_000, 500_000])
    parser.add_argument("--recommendations", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--writers",
        nargs="+",
        default=["bare_xlsxwriter", "bare_openpyxl", "xlsxwriter_report", "today"],
        help="the first one is the floor the others are compared with",
    )
    parser.add_argument("--drop", action="store_true", help="drop the test database")
    options = parser.parse_args()
    # Kept between runs: building 500,000 updates takes minutes.
    old_config = setup_databases(verbosity=0, interactive=False, keepdb=True)
    try:
        author = User.objects.get_or_create(username="bench", is_staff=True)[0]
        built = _built(options, author)
        _print_table(built, options.writers, options.repeat)
    finally:
        if options.drop:
            teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
