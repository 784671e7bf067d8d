"""Benchmark of the Excel progress report against a bare openpyxl dump.

    .venv/bin/python bench/excel.py [--updates 50000] [--recommendations 50]
                                    [--resolutions 4] [--repeat 3]

Builds, in a throw-away test database (in-memory SQLite by default, or a
`test_` copy of the PostgreSQL database named by DATABASE_URL), one resolution
with `--recommendations` items and `--updates` published updates, plus a few
smaller resolutions; then times `write_progress_report` next to a bare
write-only dump of the same rows, and measures peak Python memory (tracemalloc)
at a tenth of the history and at the full history. Target: the report within
2x the bare dump, and peak memory flat as the history grows tenfold.
"""

import argparse
import datetime
import itertools
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resolution_portal.settings")
# Production-like settings: DEBUG off (it would keep every query in memory).
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from recommendations.documents.progress_report import (  # noqa: E402
    CHUNK_SIZE,
    history_rows,
    write_progress_report,
)
from recommendations.management.demo.samples import SAMPLE_STATES  # noqa: E402
from recommendations.models import (  # noqa: E402
    Assignment,
    Recommendation,
    Resolution,
    ReviewState,
    StatusUpdate,
)
from stakeholders.models import AddresseeGroup, Organisation  # noqa: E402

ADOPTED = datetime.date(2018, 8, 22)
TODAY = datetime.date(2024, 12, 31)
COMMENT = (
    "Проведено совещание с работодателями, подготовлен проект приказа; "
    "мероприятия включены в план работы на следующий год."
)


def _catalogue() -> tuple[list[AddresseeGroup], list[Organisation]]:
    """Four addressee groups and ten organisations, shared by the resolutions."""
    groups = [
        AddresseeGroup.objects.get_or_create(
            slug=f"group-{n}", defaults={"name": f"Группа {n}", "order": n}
        )[0]
        for n in range(1, 5)
    ]
    organisations = [
        Organisation.objects.get_or_create(
            slug=f"org-{n}", defaults={"name": f"Организация {n}"}
        )[0]
        for n in range(1, 11)
    ]
    return groups, organisations


def _items(resolution, groups, organisations, count: int) -> list[Recommendation]:
    """`count` recommendations, each with a lead and one more organisation."""
    items = Recommendation.objects.bulk_create(
        Recommendation(
            resolution=resolution,
            group=groups[n % len(groups)],
            number=f"{n % len(groups) + 1}.{n + 1}",
            order=n,
            text=f"Обеспечить условия для выполнения меры {n + 1} " * 3,
            due_on=ADOPTED + datetime.timedelta(days=365 * (1 + n % 3)),
        )
        for n in range(count)
    )
    Assignment.objects.bulk_create(
        Assignment(
            recommendation=item,
            organisation=organisations[(n + extra) % len(organisations)],
            is_lead=extra == 0,
        )
        for n, item in enumerate(items)
        for extra in range(2)
    )
    return items


def _published_updates(items, organisations, count: int, author, rng):
    """`count` published updates spread over the items and the years."""
    span = (TODAY - ADOPTED).days
    for n in range(count):
        index = n % len(items)
        # The states of an item with an end result: all but the standing duty's.
        status, progress = SAMPLE_STATES[n % (len(SAMPLE_STATES) - 1)]
        yield StatusUpdate(
            recommendation=items[index],
            # The item's lead organisation reports.
            organisation=organisations[index % len(organisations)],
            author=author,
            status=status,
            progress=progress,
            comment=COMMENT,
            evidence_url="https://example.org/act" if n % 5 == 0 else "",
            reported_on=ADOPTED + datetime.timedelta(days=rng.randint(0, span)),
            state=ReviewState.PUBLISHED,
            reviewed_by=author,
            reviewed_at=timezone.now(),
        )


def build_resolution(
    *, slug: str, recommendations: int, updates: int, author: User, seed: int
) -> Resolution:
    """A resolution with its items and `updates` published updates among them."""
    resolution = Resolution.objects.create(
        title=f"Резолюция {slug}",
        event=f"Форум {slug}",
        adopted_on=ADOPTED,
        slug=slug,
        is_published=True,
    )
    groups, organisations = _catalogue()
    items = _items(resolution, groups, organisations, recommendations)
    rng = random.Random(seed)
    pending = _published_updates(items, organisations, updates, author, rng)
    # Five thousand at a time: bulk_create would hold the whole history.
    while batch := list(itertools.islice(pending, 5000)):
        StatusUpdate.objects.bulk_create(batch)
    return resolution


def report(resolutions: list[Resolution]) -> None:
    for resolution in resolutions:
        with tempfile.TemporaryFile() as out:
            write_progress_report(out, resolution=resolution, as_of=TODAY)


def bare_dump(resolutions: list[Resolution]) -> None:
    """The same rows, appended as they come, with no styles: the floor."""
    for resolution in resolutions:
        book = Workbook(write_only=True)
        items = book.create_sheet("items")
        for row in (
            Recommendation.objects.filter(resolution=resolution)
            .as_it_stood(TODAY)
            .order_by("order", "id")
            .values_list(
                "number",
                "group__name",
                "text",
                "due_on",
                "as_of_status",
                "as_of_progress",
                "as_of_reported_on",
            )
            .iterator(chunk_size=CHUNK_SIZE)
        ):
            items.append(row)
        history = book.create_sheet("history")
        for *row, reviewed_at in history_rows(resolution, TODAY):
            # Excel has no time zones: the one conversion a dump cannot skip.
            history.append([*row, reviewed_at.replace(tzinfo=None)])
        with tempfile.TemporaryFile() as out:
            book.save(out)


def timed(work: Callable[[], None], repeat: int) -> float:
    """The best of `repeat` runs: the machine's other work only ever adds time."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return min(runs)


def peak_mb(work: Callable[[], None]) -> float:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def _cases(options, author: User) -> list[tuple[str, list[Resolution]]]:
    """A small history, the same ×10, and every resolution together."""

    def build(slug: str, updates: int, seed: int) -> Resolution:
        return build_resolution(
            slug=slug,
            recommendations=options.recommendations,
            updates=updates,
            author=author,
            seed=seed,
        )

    small = build("small", options.updates // 10, 1)
    big = build("big", options.updates, 2)
    others = [
        build(f"other-{n}", options.updates // 10, 10 + n)
        for n in range(options.resolutions)
    ]
    everything = [small, big, *others]
    return [
        (f"1x history ({options.updates // 10:,} updates)", [small]),
        (f"10x history ({options.updates:,} updates)", [big]),
        (
            f"all {len(everything)} resolutions "
            f"({StatusUpdate.objects.count():,} updates)",
            everything,
        ),
    ]


def _print_cases(cases, repeat: int) -> None:
    header = (
        f"{'case':<40} {'report s':>9} {'bare s':>8} {'ratio':>6} "
        f"{'report MB':>10} {'bare MB':>8}"
    )
    print(header)
    print("-" * len(header))
    for name, resolutions in cases:
        report_s = timed(lambda r=resolutions: report(r), repeat)
        bare_s = timed(lambda r=resolutions: bare_dump(r), repeat)
        report_mb = peak_mb(lambda r=resolutions: report(r))
        bare_mb = peak_mb(lambda r=resolutions: bare_dump(r))
        print(
            f"{name:<40} {report_s:>9.2f} {bare_s:>8.2f} "
            f"{report_s / bare_s:>5.2f}x {report_mb:>10.1f} {bare_mb:>8.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recommendations", type=int, default=50)
    parser.add_argument("--updates", type=int, default=50_000)
    parser.add_argument(
        "--resolutions", type=int, default=4, help="besides the big one"
    )
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        author = User.objects.create_user("bench", is_staff=True)
        cases = _cases(options, author)
        print(
            f"database: {connection.vendor}; "
            f"{options.recommendations} recommendations per resolution; "
            f"best of {options.repeat} runs"
        )
        _print_cases(cases, options.repeat)
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
