"""Small measurements behind bench/perf-findings.md, median of 50 each.

    .venv/bin/python bench/micro.py            # query building (portal_bench)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_perf \\
        .venv/bin/python bench/micro.py --writes   # full_clean, save, bump

1. Building and compiling the front page's querysets, no SQL run: what the
   ORM costs in Python before PostgreSQL sees anything.
2. With --writes: what `full_clean()` costs a StatusUpdate with and without
   the model's CheckConstraints, validate_report, a save with the page-cache
   signal, and the bump itself (inside a transaction that is rolled back).
3. XlsxWriter alone: peak memory of constant_memory with row heights, kept
   or dropped once written.
"""

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import profile_pages as pp  # noqa: E402,F401  (Django on BENCH_DATABASE_URL)
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from recommendations.models import (  # noqa: E402
    Recommendation,
    Resolution,
    StatusUpdate,
    progress_aggregates,
)
from recommendations.public.filters import RecommendationFilterForm  # noqa: E402
from recommendations.services import validate_report  # noqa: E402
from resolution_portal.page_cache import bump_data_version  # noqa: E402
from stakeholders.models import Organisation  # noqa: E402


def median_ms(work, runs: int = 50) -> tuple[float, int]:
    work()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    counted = []

    def count(execute, sql, params, many, context):
        counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        work()
    return statistics.median(timings) * 1000, len(counted)


def compiled(build):
    return lambda: build().query.get_compiler("default").as_sql()


def _querysets(current, today) -> list[tuple[str, object]]:
    """The querysets of the front page, each as a function that builds it."""
    items = current.recommendations
    return [
        (
            "Resolution.objects.current()",
            lambda: Resolution.objects.published().order_by("-adopted_on", "-id")[:1],
        ),
        (
            "summary_by_group() (nine aggregates)",
            lambda: (
                items.order_by()
                .values("group")
                .annotate(**progress_aggregates(today))
                .order_by("group__order", "group")
            ),
        ),
        (
            "the page's rows with with_current_state()",
            lambda: (
                items.with_current_state()
                .order_by("group__order", "group__name", "order", "id")
                .values_list("id", "number", "status")[:50]
            ),
        ),
        (
            "the page's rows, no annotation",
            lambda: items.order_by(
                "group__order", "group__name", "order", "id"
            ).values_list("id", "number", "status", "due_on")[:50],
        ),
        (
            "the filter's organisations (distinct)",
            lambda: Organisation.objects.filter(
                assignments__recommendation__resolution=current
            ).distinct(),
        ),
    ]


def query_building() -> None:
    today = timezone.localdate()
    current = Resolution.objects.current()
    organisations = list(
        Organisation.objects.filter(
            assignments__recommendation__resolution=current
        ).distinct()
    )
    print("| queryset, built and compiled (no SQL) | ms |\n|---|---:|")
    for label, build in _querysets(current, today):
        print(f"| {label} | {median_ms(compiled(build))[0]:.2f} |")
    ms, _ = median_ms(
        lambda: (
            RecommendationFilterForm({}, groups=[], organisations=organisations).active
        )
    )
    print(
        f"| RecommendationFilterForm(…).active, {len(organisations)} organisations "
        f"(run) | {ms:.2f} |"
    )


class _Rollback(Exception):
    pass


def writes() -> None:
    author = User.objects.get(username="gen-coordinator")
    item = Recommendation.objects.select_related("resolution").get(pk=100)
    organisation = item.assignments.get(is_lead=True).organisation
    report = {
        "recommendation": item,
        "organisation": organisation,
        "status": "in_progress",
        "progress": 5,
        "comment": "Проведено совещание.",
        "reported_on": timezone.localdate(),
    }

    def new() -> StatusUpdate:
        return StatusUpdate(author=author, **report)

    def saved() -> None:
        try:
            with transaction.atomic():
                new().save()
                raise _Rollback
        except _Rollback:
            pass

    print("| one StatusUpdate | ms | queries |\n|---|---:|---:|")
    for label, work in (
        ("full_clean()", lambda: new().full_clean()),
        (
            "full_clean(validate_constraints=False)",
            lambda: new().full_clean(validate_constraints=False),
        ),
        (
            "full_clean(exclude=the 3 FKs, validate_constraints=False)",
            lambda: new().full_clean(
                exclude=["recommendation", "organisation", "author"],
                validate_constraints=False,
            ),
        ),
        ("validate_report(…)", lambda: validate_report(**report, author=author)),
        ("save() with the page-cache signal (rolled back)", saved),
        ("bump_data_version() (Redis INCR)", bump_data_version),
    ):
        ms, queries = median_ms(work)
        print(f"| {label} | {ms:.2f} | {queries} |")


def xlsxwriter_memory() -> None:
    import xlsxwriter

    def peak(rows: int, drop: bool) -> float:
        tracemalloc.start()
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
            book = xlsxwriter.Workbook(out.name, {"constant_memory": True})
            wrap = book.add_format({"text_wrap": True, "valign": "top"})
            sheet = book.add_worksheet()
            for n in range(rows):
                sheet.set_row(n, 45)
                if drop:
                    sheet.row_info.pop(n - 2, None)
                    sheet.row_sizes.pop(n - 2, None)
                sheet.write_string(
                    n, 0, "Проведено совещание с работодателями " * 3, wrap
                )
                sheet.write_number(n, 1, n)
            book.close()
        found = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
        return found

    print("| rows with a height | heights dropped once written, MB | kept, MB |")
    print("|---:|---:|---:|")
    for rows in (10_000, 100_000):
        print(f"| {rows:,} | {peak(rows, True):.1f} | {peak(rows, False):.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", action="store_true")
    parser.add_argument("--xlsxwriter", action="store_true")
    options = parser.parse_args()
    if options.xlsxwriter:
        xlsxwriter_memory()
    elif options.writes:
        writes()
    else:
        query_building()


if __name__ == "__main__":
    main()
