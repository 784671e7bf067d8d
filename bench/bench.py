"""`make bench`: the public pages under load at national scale.

1. Creates the benchmark database (`BENCH_DATABASE_URL`, PostgreSQL) at full
   scale with `generate_demo_data`, or reuses it when it already holds the
   generated data (`--fresh` drops and rebuilds it).
2. Starts gunicorn with production settings (DEBUG off, Redis cache).
3. Finds the public pages that answer 200 on this build, counts the SQL
   queries each one runs when rendered (and on a cache hit), and records the
   PostgreSQL plans of those queries (EXPLAIN ANALYZE) and of the as-of reads.
4. Loads each page and `/healthz` with wrk, or with bench/loadgen.py when wrk
   is not installed, and compares each page's throughput with `/healthz`'s.
5. Runs bench/excel.py (the Excel report's timings and memory) when present.
6. Writes everything to bench/results.md, with the machine and the date.

Settings from the environment: BENCH_DATABASE_URL, BENCH_CACHE_URL, BENCH_PORT,
BENCH_WORKERS, BENCH_CONNECTIONS, BENCH_DURATION, BENCH_ROUNDS, and BENCH_RESOLUTIONS,
BENCH_RECOMMENDATIONS, BENCH_ORGANISATIONS, BENCH_UPDATES for the data size.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results.md"
LOG = ROOT / "bench" / "data" / "gunicorn.log"  # git-ignored

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
)
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5")
PORT = int(os.environ.get("BENCH_PORT", "8105"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
DURATION = float(os.environ.get("BENCH_DURATION", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
SIZE = {
    name: int(os.environ.get(f"BENCH_{name.upper()}", default))
    for name, default in (
        ("resolutions", 100),
        ("recommendations", 5000),
        ("organisations", 500),
        ("updates", 500_000),
    )
}
# A page passes when it serves at least this share of /healthz's throughput,
# with a p99 latency under this multiple of /healthz's.
MIN_RATIO = 0.5
# The index of migration 0005_scale_indexes, for the as-of reads.
HISTORY_INDEX = "update_published_history"
MAX_P99_RATIO = 10
# What a browser behind the production TLS proxy sends: the forwarded scheme
# (harmless when the settings do not look at it) and gzip accepted.
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}

ENV = {
    **os.environ,
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key-not-for-deployment-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DATABASE_URL": DATABASE_URL,
    "CACHE_URL": CACHE_URL,
    # As behind the production TLS proxy, which sets X-Forwarded-Proto.
    "PROXY_COUNT": "1",
    "DJANGO_SETTINGS_MODULE": "resolution_portal.settings",
}


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def manage(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


# --- 1. the database ----------------------------------------------------------


def prepare_database(fresh: bool) -> float | None:
    """Create (or reuse) the benchmark database; returns the generation time."""
    import psycopg2

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        if fresh:
            say(f"dropping {name}")
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            say(f"creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    manage("migrate", "--noinput", "-v0")
    connection = psycopg2.connect(DATABASE_URL)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM recommendations_resolution WHERE slug LIKE 'gen-%%'"
        )
        present = cursor.fetchone()[0]
    connection.close()
    if present:
        say(f"reusing {name} ({present} generated resolutions)")
        return None
    say(f"generating {SIZE} into {name} (a few minutes)")
    started = time.monotonic()
    options = [f"--{key}={value}" for key, value in SIZE.items()]
    output = manage("generate_demo_data", "--force", *options)
    say(output.strip())
    return time.monotonic() - started


# --- 2. the server ------------------------------------------------------------


def start_gunicorn() -> subprocess.Popen:
    """gunicorn as production runs it: its config file when the project has one."""
    manage("collectstatic", "--noinput", "-v0")
    command = [str(BIN / "gunicorn")]
    if (ROOT / "gunicorn.conf.py").exists():
        command += ["--config", "gunicorn.conf.py"]
    else:
        command += ["resolution_portal.wsgi", "--log-level", "warning"]
    command += ["--bind", f"127.0.0.1:{PORT}", "--workers", str(WORKERS)]
    say(" ".join(command[1:]) + f" (log: {LOG.relative_to(ROOT)})")
    LOG.parent.mkdir(exist_ok=True)
    with LOG.open("w") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, env={**ENV, "PORT": str(PORT)}, stdout=log, stderr=log
        )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz") as reply:
                if reply.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 20 seconds")


def get(path: str) -> tuple[int, dict]:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=HEADERS)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request) as reply:
            reply.read()
            return reply.status, dict(reply.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


# --- 3. pages, queries and plans ----------------------------------------------


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


class _Rollback(Exception):
    pass


def as_of_queries() -> list[tuple[str, list[str]]]:
    """The history reads of reports: a resolution's state on a past date."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

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
    reads = []
    current = Resolution.objects.current()
    for label, read in (
        (
            f"summary(as_of={today}) of the current resolution `{current.slug}`",
            lambda: current.recommendations.summary(as_of=today),
        ),
        (f"as_of({day}) of `{older.slug}`", lambda: list(items.as_it_stood(day))),
        (f"summary(as_of={day}) of `{older.slug}`", lambda: items.summary(as_of=day)),
        (
            f"as_of({day}) of all {Recommendation.objects.count()} recommendations",
            lambda: list(
                Recommendation.objects.as_it_stood(day).values_list(
                    "pk", "as_of_status", "as_of_progress", "as_of_reported_on"
                )
            ),
        ),
    ):
        with CaptureQueriesContext(connection) as captured:
            read()
        reads.append((label, [q["sql"] for q in captured.captured_queries]))
    return reads


# --- 4. load ------------------------------------------------------------------


def load(path: str, duration: float) -> dict:
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


# --- 5. Excel -----------------------------------------------------------------


def excel() -> str | None:
    script = ROOT / "bench" / "excel.py"
    if not script.exists():
        return None
    say("running bench/excel.py")
    result = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, env=ENV, capture_output=True, text=True
    )
    return (result.stdout + result.stderr).strip() or f"exit code {result.returncode}"


# --- 6. the report ------------------------------------------------------------


def machine() -> list[str]:
    import django
    from django.db import connection

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        memory = f"{int(memory) / 1024 / 1024:.1f} GiB"
    except OSError:
        memory = "?"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    gunicorn = subprocess.run(
        [str(BIN / "gunicorn"), "--version"], capture_output=True, text=True
    ).stdout.strip()
    load_generator = (
        "wrk" if shutil.which("wrk") else "bench/loadgen.py (wrk is not installed)"
    )
    return [
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {platform.node()}, {cpu}, {os.cpu_count()} CPUs, {memory} RAM, "
        f"{platform.system()} {platform.release()}; load average at start "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())} (the machine is shared)",
        f"- Software: Python {platform.python_version()}, Django {django.__version__}, "
        f"{gunicorn}, PostgreSQL {postgres}, cache {CACHE_URL}",
        f"- Server: gunicorn, {WORKERS} sync workers"
        + (", gunicorn.conf.py" if (ROOT / "gunicorn.conf.py").exists() else "")
        + ", production settings (DEBUG off, WhiteNoise, page cache in Redis)",
        f"- Load: {load_generator}, {CONNECTIONS} connections, "
        f"{ROUNDS} rounds of {DURATION:g} s per page after a warm-up, alternating "
        "with `/healthz`; throughput is the mean of the rounds, p99 the worst, "
        "on the same machine as the server",
    ]


def data_size() -> str:
    from recommendations.models import (
        Assignment,
        Recommendation,
        Resolution,
        ReviewState,
        StatusUpdate,
    )
    from stakeholders.models import Organisation

    published = StatusUpdate.objects.filter(state=ReviewState.PUBLISHED).count()
    return (
        f"{Resolution.objects.count()} resolutions, "
        f"{Recommendation.objects.count()} recommendations, "
        f"{Organisation.objects.count()} organisations, "
        f"{Assignment.objects.count()} assignments, "
        f"{StatusUpdate.objects.count()} status updates ({published} published)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the public pages.")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    generated_in = prepare_database(args.fresh)
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    info = machine()
    size = data_size()

    server = start_gunicorn()
    try:
        pages = []
        skipped = []
        for label, path in candidate_pages():
            status, _headers = get(path)
            if status == 200:
                pages.append((label, path))
            else:
                skipped.append((label, path, status))
        say(f"measuring {len(pages)} pages; not available: {skipped or 'none'}")

        queries = {}
        for _label, path in pages:
            queries[path] = count_queries(path)
            rendered, hit = queries[path][:2]
            say(f"{path}: {rendered} queries rendered, {hit} on a hit")
        plans = []
        for label, path in pages:
            for sql in queries[path][2]:
                if sql.lstrip().upper().startswith("SELECT"):
                    plans.append((f"{label} `{path}`", sql, *explain(sql)))
        effects = []
        for label, sqls in as_of_queries():
            for sql in sqls:
                plans.append((label, sql, *explain(sql)))
                effect = index_effect(HISTORY_INDEX, sql)
                if effect:
                    effects.append((label, *effect))

        # /healthz is loaded just before each page, in alternating rounds, so
        # that each ratio compares measurements taken seconds apart on this
        # shared machine.
        results = {}
        for _label, path in pages:
            runs: dict[str, list[dict]] = {"/healthz": [], path: []}
            for round_ in range(ROUNDS):
                for target in runs:
                    if round_ == 0:
                        load(target, min(2.0, DURATION))  # warm-up: workers, cache
                    runs[target].append(load(target, DURATION))
                    say(f"{target}: {runs[target][-1]}")
            result = combine(runs[path])
            _status, headers = get(path)
            result["cache"] = headers.get("X-Page-Cache", "-")
            result["healthz"] = combine(runs["/healthz"])
            results[path] = result
        excel_output = excel()
    finally:
        server.terminate()
        server.wait(timeout=30)

    write_report(
        args.output,
        info=info,
        size=size,
        generated_in=generated_in,
        pages=pages,
        skipped=skipped,
        queries=queries,
        plans=plans,
        effects=effects,
        results=results,
        excel_output=excel_output,
    )
    say(f"written to {args.output}")
    print(args.output.read_text().split("## Query plans")[0])


def write_report(
    output: Path,
    *,
    info,
    size,
    generated_in,
    pages,
    skipped,
    queries,
    plans,
    effects,
    results,
    excel_output,
) -> None:
    lines = ["# Benchmark of the public pages", "", *info, f"- Data: {size}"]
    if generated_in is not None:
        lines.append(f"- Generated for this run in {generated_in:.0f} s")
    lines += [
        "",
        f"Targets: every page at ≥ {MIN_RATIO} of `/healthz` throughput, p99 under "
        f"{MAX_P99_RATIO}× that of `/healthz`, ≤ 10 SQL queries per page.",
        "",
        "| page | URL | req/s | p50 ms | p99 ms | SQL queries (render / cache hit) "
        "| render ms | `/healthz` req/s, p99 ms | × `/healthz` req/s "
        "| × `/healthz` p99 | targets |",
        "|---|---|---:|---:|---:|---|---:|---:|---:|---:|---|",
    ]
    for label, path in pages:
        r = results[path]
        health = r["healthz"]
        rendered, hit, _sql, render_ms = queries[path]
        ratio = r["rps"] / health["rps"]
        p99_ratio = r["p99_ms"] / health["p99_ms"]
        misses = []
        if ratio < MIN_RATIO:
            misses.append(f"throughput {ratio:.2f} < {MIN_RATIO}")
        if p99_ratio >= MAX_P99_RATIO:
            misses.append(f"p99 {p99_ratio:.1f}× ≥ {MAX_P99_RATIO}×")
        if rendered > 10:
            misses.append(f"{rendered} queries > 10")
        if r.get("errors"):
            misses.append(f"{r['errors']} errors")
        verdict = "met" if not misses else "**missed**: " + "; ".join(misses)
        lines.append(
            f"| {label} | `{path}` | {r['rps']:.0f} | {r['p50_ms']:.1f} "
            f"| {r['p99_ms']:.1f} | {rendered} / {hit} | {render_ms:.0f} "
            f"| {health['rps']:.0f}, {health['p99_ms']:.1f} | {ratio:.2f} "
            f"| {p99_ratio:.1f} | {verdict} |"
        )
    lines += [
        "",
        "`render ms` is the median time of one uncached render in-process (page "
        "cache off), i.e. what the first visitor after a change waits for; the load "
        "figures are for the cached page, which is what every later anonymous "
        "visitor gets (the `cache` state of each page after the run: "
        + ", ".join(f"`{p}` {results[p].get('cache', '-')}" for _, p in pages)
        + ").",
        "",
    ]
    if skipped:
        lines.append(
            "Not measured (not built on this branch yet, or not 200): "
            + ", ".join(
                f"{label} `{path}` ({status})" for label, path, status in skipped
            )
            + ". They are measured automatically once they answer 200."
        )
        lines.append("")
    notes = ROOT / "bench" / "notes.md"
    if notes.exists():  # the analysis of the figures, written by hand
        lines += [notes.read_text().strip(), ""]
    lines += ["## Excel report", ""]
    if excel_output is None:
        lines.append("bench/excel.py is not there yet: no Excel timings in this run.")
    else:
        lines += ["```", excel_output, "```"]
    if effects:
        lines += [
            "",
            f"## What the `{HISTORY_INDEX}` index does",
            "",
            "The as-of reads, fastest of nine runs with and without the index "
            "(dropped in a transaction that is rolled back):",
            "",
            "| read | with the index, ms | without, ms |",
            "|---|---:|---:|",
            *(f"| {label} | {w:.2f} | {wo:.2f} |" for label, w, wo in effects),
        ]
    lines += [
        "",
        "## Query plans",
        "",
        "EXPLAIN (ANALYZE, BUFFERS) of every query the measured pages run when "
        "rendered, and of the as-of reads of the reports, at this data size.",
        "",
        "| where | execution ms | plan's top node |",
        "|---|---:|---|",
    ]
    for where, _sql, ms, plan in plans:
        top = plan.splitlines()[0].split("  (cost")[0].strip()
        lines.append(f"| {where} | {ms:.2f} | {top} |")
    lines += [""]
    for where, sql, ms, plan in plans:
        lines += [
            f"<details><summary>{where}: {ms:.2f} ms</summary>",
            "",
            "```sql",
            sql,
            "```",
            "",
            "```",
            plan,
            "```",
            "",
            "</details>",
            "",
        ]
    output.write_text("\n".join(lines))


if __name__ == "__main__":
    main()
