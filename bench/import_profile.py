"""The import of status updates through the admin: time and queries per row.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_perf \\
        .venv/bin/python bench/import_profile.py [--rows 1000] [--profile DIR]

Run it on a copy of the benchmark database (it writes: every confirmed row
is a new submitted update; they are deleted again at the end), e.g.
`CREATE DATABASE portal_perf TEMPLATE portal_bench`. As the coordinator of the
generated data, it uploads a workbook of --rows reports (one per
recommendation, each for the lead organisation) to
/admin/recommendations/statusupdate/import/, then confirms it, as a browser
would, with the production settings of bench.py and the e-mail backend in
memory (one other coordinator is given an address, so the review
notifications are really composed) and the cache in this process's
memory. For each step it prints the wall time, the queries, and the
queries grouped by shape (literals replaced by ?), with
their count per row.
"""

import argparse
import datetime
import io
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_perf"
)
# The file between preview and confirm lives in the cache: a cache of this
# process alone, so that nothing else using the shared Redis can lose it.
os.environ.setdefault("BENCH_CACHE_URL", "locmemcache://import-profile")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import profile_pages  # noqa: E402, F401  (Django on BENCH_DATABASE_URL)
from config import HEADERS  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core import mail  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from recommendations.documents import columns as resources  # noqa: E402
from recommendations.models import Assignment, Recommendation, StatusUpdate  # noqa: E402

IMPORT_URL = "/admin/recommendations/statusupdate/import/"
CONFIRM_URL = "/admin/recommendations/statusupdate/process_import/"


def workbook(rows: int) -> bytes:
    """Reports on `rows` recommendations of published resolutions."""
    today = timezone.localdate()
    items = list(
        Recommendation.objects.published()
        .filter(resolution__adopted_on__lt=today - datetime.timedelta(days=30))
        .order_by("id")[:rows]
    )
    leads = dict(
        Assignment.objects.filter(recommendation__in=items, is_lead=True).values_list(
            "recommendation_id", "organisation__slug"
        )
    )
    book = Workbook()
    sheet = book.active
    sheet.append(list(resources.IMPORT_COLUMNS.values()))
    for n, item in enumerate(items):
        sheet.append(
            [
                item.pk,
                leads.get(item.pk),
                "Выполняется",
                1 + n % 98,
                "Проведено совещание, подготовлен проект плана мероприятий.",
                "",
                today - datetime.timedelta(days=1 + n % 20),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def shape(sql: str) -> str:
    sql = re.sub(r'"s\d+_x\d+"', '"s…"', sql)  # savepoint names
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    sql = re.sub(r"\(\?(, \?)*\)", "(…)", sql)
    return sql


class Queries:
    """Every query of a block, without the 9,000 cap of the debug log."""

    def __init__(self) -> None:
        self.captured_queries: list[dict] = []

    def __enter__(self) -> "Queries":
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._wrapper.__exit__(*exc)

    def __call__(self, execute, sql, params, many, context):
        self.captured_queries.append({"sql": sql})
        return execute(sql, params, many, context)


def summarise(label: str, seconds: float, queries: list[dict], rows: int) -> None:
    print(f"\n### {label}: {seconds:.1f} s, {len(queries)} queries")
    print(f"{rows / seconds:.0f} rows/s, {len(queries) / rows:.1f} queries per row\n")
    shapes = Counter(shape(q["sql"]) for q in queries)
    print("| queries | per row | shape |\n|---:|---:|---|")
    for sql, count in shapes.most_common(14):
        print(f"| {count} | {count / rows:.2f} | `{sql[:150]}` |")


def profiled(work, directory: Path | None, name: str):
    if directory is None:
        return work()
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    try:
        return work()
    finally:
        profiler.stop()
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"import_{name}.txt").write_text(
            profiler.output_text(unicode=True, color=False)
        )


def _coordinator() -> User:
    """The generated coordinator, with a second one so that both get e-mail."""
    coordinator = User.objects.get(username="gen-coordinator")
    other, _ = User.objects.get_or_create(
        username="perf-coordinator-2",
        defaults={"email": "coordinator2@example.org", "is_staff": True},
    )
    other.groups.add(Group.objects.get(name="Coordinators"))
    return coordinator


def _preview(client: Client, data: bytes, rows: int, profile: Path | None) -> dict:
    """Upload and dry run; returns the confirm form's fields."""
    upload = io.BytesIO(data)
    upload.name = "reports.xlsx"
    with Queries() as queries:
        started = time.perf_counter()
        response = profiled(
            lambda: client.post(
                IMPORT_URL,
                {"import_file": upload, "resource": "0", "format": "0"},
            ),
            profile,
            "preview",
        )
        seconds = time.perf_counter() - started
    page = response.content.decode()
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page))
    if "import_file_name" not in fields:
        errors = re.findall(r"<li>(.*?)</li>", page.split("errorlist")[-1])
        Path("bench/data/preview.html").write_text(page)
        raise SystemExit(f"preview failed: {errors[:3]}, see bench/data/preview.html")
    summarise("Preview (upload and dry run)", seconds, queries.captured_queries, rows)
    return fields


def _confirm(client: Client, fields: dict, rows: int, profile: Path | None):
    """The import itself; returns the response."""
    mail.outbox = []
    with Queries() as queries:
        started = time.perf_counter()
        response = profiled(
            lambda: client.post(CONFIRM_URL, fields), profile, "confirm"
        )
        seconds = time.perf_counter() - started
    if response.status_code == 302 and "import" in response["Location"]:
        page = client.get(response["Location"]).content.decode()
        found = re.findall(r'<li class="error">(.*?)</li>', page)
        raise SystemExit(f"the confirm was refused: {found}")
    summarise("Confirm (the import itself)", seconds, queries.captured_queries, rows)
    return response


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--profile", type=Path)
    options = parser.parse_args()
    if connection.settings_dict["NAME"] == "portal_bench":
        raise SystemExit("writes updates: run it on a copy (portal_perf), see --help")
    coordinator = _coordinator()
    started_at = timezone.now()
    data = workbook(options.rows)
    client = Client(headers=HEADERS)
    client.force_login(coordinator)
    mine = StatusUpdate.objects.filter(author=coordinator, created_at__gte=started_at)
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        IMPORT_MAX_UPLOAD_MB=50,
    ):
        try:
            fields = _preview(client, data, options.rows, options.profile)
            response = _confirm(client, fields, options.rows, options.profile)
            print(
                f"\n{mine.count()} updates created; response {response.status_code}; "
                f"{len(mail.outbox)} e-mails sent (to "
                f"{len({tuple(m.to) for m in mail.outbox})} distinct recipient lists)"
            )
        finally:
            mine.delete()


if __name__ == "__main__":
    main()
