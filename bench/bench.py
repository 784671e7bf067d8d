"""`make bench`: the public pages under load at national scale.

The run is the list STEPS, in order; each step reads and fills one `Run`:

1. `database`: creates the benchmark database (`BENCH_DATABASE_URL`, PostgreSQL)
   at full scale with `generate_demo_data`, or reuses it when it already holds
   the generated data (`--fresh` drops and rebuilds it).
2. `server`: starts gunicorn with production settings (DEBUG off, Redis cache).
3. `pages`, `queries`, `plans`: finds the public pages that answer 200 on this
   build, counts the SQL queries each one runs when rendered (and on a cache
   hit), and records the PostgreSQL plans of those queries (EXPLAIN ANALYZE)
   and of the as-of reads.
4. `cached_load`: loads each page and `/healthz` with wrk, or with
   bench/loadgen.py when wrk is not installed, and compares each page's
   throughput with `/healthz`'s.
5. `publishing`: publishes a report once a second (bench/publish.py) while
   every page is requested in turn, and counts the cache hits per page.
6. `miss_server`, `miss_load`: the same load as in 4 on a server with the page
   cache off, so that every request is a render: the cache-miss figures.
7. `excel`: runs bench/excel.py (the Excel report's timings and memory).

Then bench/report.py writes everything to bench/results.md, with the machine
and the date. Settings from the environment: see bench/config.py (and
BENCH_PUBLISH_SECONDS, how long step 5 runs).
"""

import argparse
import os
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

import measure
import publish
import report
import server as servers
from config import (
    CONNECTIONS,
    DURATION,
    ENV,
    HISTORY_INDEX,
    RESULTS,
    ROOT,
    ROUNDS,
    say,
)


@dataclass
class Run:
    """What the steps measured, for the report."""

    fresh: bool = False
    excel: bool = True
    generated_in: float | None = None
    info: list[str] = field(default_factory=list)
    size: str = ""
    server: object = None
    pages: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str, int]] = field(default_factory=list)
    queries: dict = field(default_factory=dict)
    plans: list = field(default_factory=list)
    effects: list = field(default_factory=list)
    results: dict = field(default_factory=dict)
    misses: dict = field(default_factory=dict)
    publishing: dict | None = None
    excel_output: str | None = None


def database(run: Run) -> None:
    run.generated_in = servers.prepare_database(run.fresh)
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    run.info = report.machine()
    run.size = report.data_size()


def server(run: Run) -> None:
    run.server = servers.start_gunicorn()


def pages(run: Run) -> None:
    for label, path in measure.candidate_pages():
        status, _headers = servers.get(path)
        if status == 200:
            run.pages.append((label, path))
        else:
            run.skipped.append((label, path, status))
    say(f"measuring {len(run.pages)} pages; not available: {run.skipped or 'none'}")


def queries(run: Run) -> None:
    for _label, path in run.pages:
        run.queries[path] = measure.count_queries(path)
        rendered, hit = run.queries[path][:2]
        say(f"{path}: {rendered} queries rendered, {hit} on a hit")


def plans(run: Run) -> None:
    for label, path in run.pages:
        for sql in run.queries[path][2]:
            if sql.lstrip().upper().startswith("SELECT"):
                run.plans.append((f"{label} `{path}`", sql, *measure.explain(sql)))
    for label, sqls in measure.as_of_queries():
        for sql in sqls:
            run.plans.append((label, sql, *measure.explain(sql)))
            effect = measure.index_effect(HISTORY_INDEX, sql)
            if effect:
                run.effects.append((label, *effect))


def load_beside_healthz(path: str) -> dict:
    """`path` and `/healthz` loaded in alternating rounds, so that the ratio
    compares measurements taken seconds apart on this shared machine."""
    runs: dict[str, list[dict]] = {"/healthz": [], path: []}
    for round_ in range(ROUNDS):
        for target in runs:
            if round_ == 0:
                measure.load(target, min(2.0, DURATION))  # warm-up: workers, cache
            runs[target].append(measure.load(target, DURATION))
            say(f"{target}: {runs[target][-1]}")
    result = measure.combine(runs[path])
    result["healthz"] = measure.combine(runs["/healthz"])
    return result


def cached_load(run: Run) -> None:
    for _label, path in run.pages:
        run.results[path] = load_beside_healthz(path)
        _status, headers = servers.get(path)
        run.results[path]["cache"] = headers.get("X-Page-Cache", "-")


def publishing(run: Run) -> None:
    seconds = float(os.environ.get("BENCH_PUBLISH_SECONDS", max(30, 3 * DURATION)))
    paths = [path for _label, path in run.pages]
    run.publishing = publish.publish_under_load(paths, seconds, CONNECTIONS // 4 or 1)


def miss_server(run: Run) -> None:
    stop_server(run)
    run.server = servers.start_gunicorn(
        env={"PAGE_CACHE_SECONDS": "0"}, log_name="gunicorn-misses.log"
    )


def miss_load(run: Run) -> None:
    for _label, path in run.pages:
        run.misses[path] = load_beside_healthz(path)


def excel(run: Run) -> None:
    if run.excel:
        run.excel_output = measure.excel()


def stop_server(run: Run) -> None:
    servers.stop(run.server)
    run.server = None


STEPS = [
    database,
    server,
    pages,
    queries,
    plans,
    cached_load,
    publishing,
    miss_server,
    miss_load,
    stop_server,
    excel,
]


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the public pages.")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    parser.add_argument("--no-excel", action="store_true", help="skip bench/excel.py")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    run = Run(fresh=args.fresh, excel=not args.no_excel)
    # Stopped from outside (a background job ignores Ctrl-C): stop the server too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    try:
        for step in STEPS:
            step(run)
    finally:
        stop_server(run)
    report.write(args.output, run)
    say(f"written to {args.output}")
    print(args.output.read_text().split("## Query plans")[0])


if __name__ == "__main__":
    main()
