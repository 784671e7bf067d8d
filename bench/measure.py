"""What the benchmark measures: the pages, their queries and plans, the load."""

import datetime
import json
import re
import shutil
import subprocess
import sys
import time

from config import CONNECTIONS, ENV, HEADERS, PORT, ROOT, say

# --- pages, queries and plans ---------------------------------------------------


def candidate_pages() -> list[tuple[str, str]]:
    """Every public page of the design, with real ids from the data."""
    from django.db.models import Count

    from recommendations.models import Recommendation, Resolution
    from stakeholders.models import Organisation

    current = Resolution.objects.current()
    busiest = (
        Recommendation.objects.filter(resolution=current)
        .annotate(n=Count("updates"))
        .order_by("-n", "id")
        .first()
    )
    organisation = (
        Organisation.objects.annotate(n=Count("assignments"))
        .order_by("-n", "id")
        .first()
    )
    return [
        ("front page", "/"),
        ("resolutions", "/resolutions/"),
        ("a resolution", f"/resolutions/{current.slug}/"),
        ("a resolution, page 2", f"/resolutions/{current.slug}/?page=2"),
        ("progress chart", f"/resolutions/{current.slug}/progress.svg"),
        ("a recommendation", f"/recommendations/{busiest.pk}/"),
        ("organisations", "/organisations/"),
        ("an organisation", f"/organisations/{organisation.slug}/"),
        ("feed", "/feed/"),
        ("open data JSON", "/opendata/recommendations.json"),
        ("open data CSV", "/opendata/recommendations.csv"),
        ("sitemap", "/sitemap.xml"),
    ]


def count_queries(path: str) -> tuple[int, int, list[str], float]:
    """Queries of a fresh render and of a cache hit, the SQL, the render time."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(headers=HEADERS)
    # Read each capture at once: the next request clears the query log.
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(path)  # connection set up, templates loaded
        timings = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as rendered:
                started = time.perf_counter()
                response = client.get(path)
                if response.streaming:  # open data: the queries run as it streams
                    b"".join(response.streaming_content)
                timings.append(time.perf_counter() - started)
            sql = [query["sql"] for query in rendered.captured_queries]
    client.get(path)  # fills the cache
    with CaptureQueriesContext(connection) as hit:
        client.get(path)
    on_hit = len(hit.captured_queries)
    timings.sort()
    return len(sql), on_hit, sql, timings[len(timings) // 2] * 1000


def explain(sql: str) -> tuple[float, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    found = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return float(found.group(1)) if found else float("nan"), plan


class _Rollback(Exception):
    pass


def index_effect(index: str, sql: str, repeat: int = 9) -> tuple[float, float] | None:
    """Fastest execution of `sql` with and without `index`, in milliseconds.

    The index is dropped inside a transaction that is rolled back, so nothing
    changes; the fastest of several runs is the one least disturbed by other
    work on the machine.
    """
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [index])
        if not cursor.fetchone():
            return None
    timings: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(repeat):
        for present in (True, False):
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    if not present:
                        cursor.execute(f'DROP INDEX "{index}"')
                    timings[present].append(explain(sql)[0])
                    raise _Rollback
            except _Rollback:
                pass
    return min(timings[True]), min(timings[False])


def _as_of_reads() -> list[tuple[str, object]]:
    """The history reads of reports: a resolution's state on a past date."""
    from recommendations.models import Recommendation, Resolution

    today = datetime.date.today()
    # A resolution with years of history, read three years after its adoption.
    older = (
        Resolution.objects.published()
        .filter(adopted_on__lte=today - datetime.timedelta(days=5 * 365))
        .first()
    ) or Resolution.objects.current()
    day = min(today, older.adopted_on + datetime.timedelta(days=3 * 365))
    items = Recommendation.objects.filter(resolution=older)
    current = Resolution.objects.current()
    every = Recommendation.objects.as_it_stood(day).values_list(
        "pk", "as_of_status", "as_of_progress", "as_of_reported_on"
    )
    return [
        (
            f"summary(as_of={today}) of the current resolution `{current.slug}`",
            lambda: current.recommendations.summary(as_of=today),
        ),
        (f"as_of({day}) of `{older.slug}`", lambda: list(items.as_it_stood(day))),
        (f"summary(as_of={day}) of `{older.slug}`", lambda: items.summary(as_of=day)),
        (
            f"as_of({day}) of all {Recommendation.objects.count()} recommendations",
            lambda: list(every),
        ),
    ]


def as_of_queries() -> list[tuple[str, list[str]]]:
    """The SQL of each history read, captured as it runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reads = []
    for label, read in _as_of_reads():
        with CaptureQueriesContext(connection) as captured:
            read()
        reads.append((label, [q["sql"] for q in captured.captured_queries]))
    return reads


# --- load -------------------------------------------------------------------------


def load(path: str, duration: float) -> dict:
    """Throughput and latency of `path` under CONNECTIONS concurrent clients."""
    url = f"http://127.0.0.1:{PORT}{path}"
    if shutil.which("wrk"):
        command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{int(duration)}s", "--latency"]
        for name, value in HEADERS.items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run(
            [*command, url], capture_output=True, text=True, check=True
        ).stdout
        return parse_wrk(output)
    command = [
        sys.executable,
        str(ROOT / "bench" / "loadgen.py"),
        url,
        f"--connections={CONNECTIONS}",
        f"--duration={duration}",
    ]
    for name, value in HEADERS.items():
        command += ["--header", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(output.stdout)


def combine(runs: list[dict]) -> dict:
    """Rounds of one URL: mean throughput and median, worst p99 latency."""
    return {
        "rps": sum(r["rps"] for r in runs) / len(runs),
        "p50_ms": sorted(r["p50_ms"] for r in runs)[len(runs) // 2],
        "p99_ms": max(r["p99_ms"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "requests": sum(r["requests"] for r in runs),
    }


def parse_wrk(output: str) -> dict:
    def milliseconds(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": requests,
        "errors": int(bad.group(1)) if bad else 0,
        "rps": rps,
        "p50_ms": milliseconds(p50),
        "p99_ms": milliseconds(p99),
    }


def excel() -> str | None:
    """The output of bench/excel.py (the Excel report's timings and memory)."""
    script = ROOT / "bench" / "excel.py"
    if not script.exists():
        return None
    say("running bench/excel.py")
    result = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, env=ENV, capture_output=True, text=True
    )
    return (result.stdout + result.stderr).strip() or f"exit code {result.returncode}"
