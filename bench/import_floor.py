"""What one imported report costs, step by step, and how low it can go.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_perf \\
        .venv/bin/python bench/import_floor.py [--rows 1000]

Inside one transaction that is rolled back (nothing is kept), --rows reports
by the generated coordinator are written four ways, each timed per row with
its queries per row:

1. today: `status_update_submit` per row (validate_report, full_clean with
   the model's constraints, save with the page-cache signal, a notification
   queued per row);
2. the same without the parts that repeat what is already known: full_clean
   without the CheckConstraints (validate_report checks the same rules) and
   without re-reading the foreign keys the widgets just read;
3. 2 with the responsibility check answered from one query for the whole
   file, and no per-row page-cache bump or notification (one for the file);
4. 3 with the rows written by one `bulk_create`.

The widgets' lookups (a recommendation and an organisation per row) are
timed apart: once per row as today, or two queries for the whole file.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_perf"
)
sys.path.insert(0, str(Path(__file__).resolve().parent))

import profile_pages as pp  # noqa: E402,F401  (Django on BENCH_DATABASE_URL)
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models.signals import post_save  # noqa: E402
from django.utils import timezone  # noqa: E402

from recommendations import services  # noqa: E402
from recommendations.models import Assignment, Recommendation, StatusUpdate  # noqa: E402
from resolution_portal.page_cache import data_changed  # noqa: E402
from stakeholders.models import Organisation  # noqa: E402


class _Rollback(Exception):
    pass


def reports(rows: int) -> list[dict]:
    today = timezone.localdate()
    items = list(
        Recommendation.objects.published()
        .select_related("resolution")
        .filter(resolution__adopted_on__lt=today - datetime.timedelta(days=30))
        .order_by("id")[:rows]
    )
    leads = {
        a.recommendation_id: a.organisation
        for a in Assignment.objects.filter(
            recommendation__in=items, is_lead=True
        ).select_related("organisation")
    }
    return [
        {
            "recommendation": item,
            "organisation": leads[item.pk],
            "status": "in_progress",
            "progress": 1 + n % 98,
            "comment": "Проведено совещание, подготовлен проект плана мероприятий.",
            "reported_on": today - datetime.timedelta(days=1 + n % 20),
        }
        for n, item in enumerate(items)
    ]


def today(author, batch: list[dict]) -> None:
    for report in batch:
        services.status_update_submit(**report, author=author, publish=False)


def _new(author, report: dict) -> StatusUpdate:
    return StatusUpdate(author=author, **report)


def leaner(author, batch: list[dict]) -> None:
    """full_clean without the constraints and the foreign-key reads."""
    for report in batch:
        with transaction.atomic():
            services.validate_report(**report, author=author)
            update = _new(author, report)
            update.full_clean(
                exclude=["recommendation", "organisation", "author"],
                validate_constraints=False,
            )
            update.save()
            services.notifications.notify_submitted(update)


def _responsible(batch: list[dict]) -> set[tuple[int, int]]:
    return set(
        Assignment.objects.filter(
            recommendation__in=[r["recommendation"] for r in batch]
        ).values_list("recommendation_id", "organisation_id")
    )


def _check(author, report: dict, responsible: set) -> None:
    """validate_report with the responsibility answered from the set."""
    key = (report["recommendation"].pk, report["organisation"].pk)
    with mock.patch.object(
        services,
        "reporting_organisations",
        lambda **kw: _Allowed(key in responsible, report["organisation"]),
    ):
        services.validate_report(**report, author=author)


class _Allowed:
    def __init__(self, allowed: bool, organisation: Organisation) -> None:
        self.allowed, self.organisation = allowed, organisation

    def filter(self, **kwargs):
        return [self.organisation] if self.allowed else []


def prefetched(author, batch: list[dict]) -> None:
    responsible = _responsible(batch)
    post_save.disconnect(data_changed, sender=StatusUpdate)
    try:
        for report in batch:
            with transaction.atomic():
                _check(author, report, responsible)
                update = _new(author, report)
                update.full_clean(
                    exclude=["recommendation", "organisation", "author"],
                    validate_constraints=False,
                )
                update.save()
    finally:
        post_save.connect(data_changed, sender=StatusUpdate)


def bulk(author, batch: list[dict]) -> None:
    responsible = _responsible(batch)
    updates = []
    for report in batch:
        _check(author, report, responsible)
        update = _new(author, report)
        update.full_clean(
            exclude=["recommendation", "organisation", "author"],
            validate_constraints=False,
        )
        updates.append(update)
    StatusUpdate.objects.bulk_create(updates, batch_size=1000)


def lookups_per_row(batch: list[dict]) -> None:
    for report in batch:
        Recommendation.objects.select_related("resolution").filter(
            pk=report["recommendation"].pk
        ).first()
        Organisation.objects.filter(slug=report["organisation"].slug).first()


def lookups_per_file(batch: list[dict]) -> None:
    ids = [report["recommendation"].pk for report in batch]
    slugs = {report["organisation"].slug for report in batch}
    found = Recommendation.objects.select_related("resolution").in_bulk(ids)
    organisations = Organisation.objects.in_bulk(slugs, field_name="slug")
    for report in batch:
        found[report["recommendation"].pk]
        organisations[report["organisation"].slug]


def measure(work, rows: int) -> tuple[float, float]:
    timings, counted = [], []

    def count(execute, sql, params, many, context):
        counted.append(1)
        return execute(sql, params, many, context)

    for _ in range(3):
        counted.clear()
        with connection.execute_wrapper(count):
            try:
                with transaction.atomic():
                    started = time.perf_counter()
                    work()
                    timings.append(time.perf_counter() - started)
                    raise _Rollback
            except _Rollback:
                pass
    return statistics.median(timings) * 1000 / rows, len(counted) / rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    options = parser.parse_args()
    author = User.objects.get(username="gen-coordinator")
    batch = reports(options.rows)
    rows = len(batch)
    print(f"{rows} reports, median of 3 runs, each rolled back\n")
    print("| way | ms per row | queries per row | 5,000 rows, s |")
    print("|---|---:|---:|---:|")
    for label, work in (
        ("1. today: status_update_submit per row", lambda: today(author, batch)),
        (
            "2. full_clean without constraints and FK reads",
            lambda: leaner(author, batch),
        ),
        (
            "3. + responsibility from one query, no bump or mail per row",
            lambda: prefetched(author, batch),
        ),
        ("4. + one bulk_create", lambda: bulk(author, batch)),
        (
            "widget lookups, a query each per row (today)",
            lambda: lookups_per_row(batch),
        ),
        ("widget lookups, two queries per file", lambda: lookups_per_file(batch)),
    ):
        ms, queries = measure(work, rows)
        print(f"| {label} | {ms:.2f} | {queries:.2f} | {ms * 5:.1f} |", flush=True)


if __name__ == "__main__":
    main()
