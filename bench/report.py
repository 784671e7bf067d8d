"""bench/results.md: the machine, the data, and one section per measurement.

`write(output, run)` joins SECTIONS in order; each section is a function of the
run's results that returns its lines (none when it has nothing to say), so a
new measurement adds one function and one line to SECTIONS.
"""

import datetime
import os
import platform
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from config import (
    BIN,
    CACHE_URL,
    CONNECTIONS,
    DURATION,
    HISTORY_INDEX,
    MAX_P99_RATIO,
    MIN_RATIO,
    MISS_MIN_RATIO,
    ROOT,
    ROUNDS,
    WORKERS,
)


def _cpu_and_memory() -> tuple[str, str]:
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
    return cpu, memory


def machine() -> list[str]:
    """The report's header lines: date, machine, software, server, load."""
    import django
    from django.db import connection

    cpu, memory = _cpu_and_memory()
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


# --- the sections ------------------------------------------------------------------


def header(run) -> list[str]:
    lines = ["# Benchmark of the public pages", "", *run.info, f"- Data: {run.size}"]
    if run.generated_in is not None:
        lines.append(f"- Generated for this run in {run.generated_in:.0f} s")
    return lines


def _verdict(result: dict, rendered: int) -> str:
    health = result["healthz"]
    ratio = result["rps"] / health["rps"]
    p99_ratio = result["p99_ms"] / health["p99_ms"]
    misses = []
    if ratio < MIN_RATIO:
        misses.append(f"throughput {ratio:.2f} < {MIN_RATIO}")
    if p99_ratio >= MAX_P99_RATIO:
        misses.append(f"p99 {p99_ratio:.1f}× ≥ {MAX_P99_RATIO}×")
    if rendered > 10:
        misses.append(f"{rendered} queries > 10")
    if result.get("errors"):
        misses.append(f"{result['errors']} errors")
    return "met" if not misses else "**missed**: " + "; ".join(misses)


def _miss_cells(run, path: str) -> str:
    """Cache-miss throughput and its ratio to /healthz, when they were measured."""
    miss = run.misses.get(path)
    if not miss:
        return " — | — |"
    ratio = miss["rps"] / miss["healthz"]["rps"]
    mark = "" if ratio >= MISS_MIN_RATIO else f" (< {MISS_MIN_RATIO})"
    return f" {miss['rps']:.1f} | {ratio:.3f}{mark} |"


def pages_table(run) -> list[str]:
    lines = [
        "",
        f"Targets: every page at ≥ {MIN_RATIO} of `/healthz` throughput, p99 under "
        f"{MAX_P99_RATIO}× that of `/healthz`, ≤ 10 SQL queries per page.",
        "",
        "| page | URL | req/s | p50 ms | p99 ms | SQL queries (render / cache hit) "
        "| render ms | `/healthz` req/s, p99 ms | × `/healthz` req/s "
        "| × `/healthz` p99 | miss req/s | miss × `/healthz` | targets |",
        "|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, path in run.pages:
        r = run.results[path]
        health = r["healthz"]
        rendered, hit, _sql, render_ms = run.queries[path]
        lines.append(
            f"| {label} | `{path}` | {r['rps']:.0f} | {r['p50_ms']:.1f} "
            f"| {r['p99_ms']:.1f} | {rendered} / {hit} | {render_ms:.0f} "
            f"| {health['rps']:.0f}, {health['p99_ms']:.1f} "
            f"| {r['rps'] / health['rps']:.2f} "
            f"| {r['p99_ms'] / health['p99_ms']:.1f} |{_miss_cells(run, path)} "
            f"{_verdict(r, rendered)} |"
        )
    return lines + [""] + _pages_legend(run)


def _pages_legend(run) -> list[str]:
    lines = [
        "`render ms` is the median time of one uncached render in-process (page "
        "cache off), i.e. what the first visitor after a change waits for; the load "
        "figures are for the cached page, which is what every later anonymous "
        "visitor gets (the `cache` state of each page after the run: "
        + ", ".join(f"`{p}` {run.results[p].get('cache', '-')}" for _, p in run.pages)
        + "). `miss req/s` is the same load on a server with the page cache off "
        "(`PAGE_CACHE_SECONDS=0`), every request a render, next to its own "
        f"`/healthz`; the target for a miss is ≥ {MISS_MIN_RATIO} of `/healthz`.",
        "",
    ]
    if run.skipped:
        lines.append(
            "Not measured (not built on this branch yet, or not 200): "
            + ", ".join(
                f"{label} `{path}` ({status})" for label, path, status in run.skipped
            )
            + ". They are measured automatically once they answer 200."
        )
        lines.append("")
    return lines


def publishing(run) -> list[str]:
    """The hit ratio per page while a report is published once a second."""
    found = run.publishing
    if not found:
        return []
    counts = found["counts"]
    lines = [
        "## Publishing under load",
        "",
        f"{found['published']} reports published in {found['seconds']:.0f} s "
        "(`status_update_publish` on a random recommendation of a random published "
        "resolution, about one a second; deleted again afterwards) while every page "
        "above was requested in turn. A hit is an answer from the page cache, a miss "
        "a render:",
        "",
        "| page | URL | requests | hits | misses | hit ratio |",
        "|---|---|---:|---:|---:|---:|",
    ]
    total = Counter()
    for label, path in run.pages:
        seen = counts[path]
        total.update(seen)
        requests = sum(seen.values())
        ratio = seen["hit"] / requests if requests else float("nan")
        lines.append(
            f"| {label} | `{path}` | {requests} | {seen['hit']} | {seen['miss']} "
            f"| {ratio:.2f} |"
        )
    requests = sum(total.values())
    lines.append(
        f"| **all pages** | | {requests} | {total['hit']} | {total['miss']} "
        f"| {total['hit'] / requests if requests else float('nan'):.2f} |"
    )
    if found["errors"]:
        lines += ["", f"Publishing failed {len(found['errors'])} times: "]
        lines.append(f"`{found['errors'][0]}`")
    return lines + [""]


def notes(run) -> list[str]:
    """The analysis of the figures, written by hand in bench/notes.md."""
    path = ROOT / "bench" / "notes.md"
    return [path.read_text().strip(), ""] if path.exists() else []


def excel(run) -> list[str]:
    lines = ["## Excel report", ""]
    if run.excel_output is None:
        return lines + ["bench/excel.py was not run: no Excel timings in this run."]
    return lines + ["```", run.excel_output, "```"]


def index_effects(run) -> list[str]:
    if not run.effects:
        return []
    return [
        "",
        f"## What the `{HISTORY_INDEX}` index does",
        "",
        "The as-of reads, fastest of nine runs with and without the index "
        "(dropped in a transaction that is rolled back):",
        "",
        "| read | with the index, ms | without, ms |",
        "|---|---:|---:|",
        *(f"| {label} | {w:.2f} | {wo:.2f} |" for label, w, wo in run.effects),
    ]


def plans(run) -> list[str]:
    lines = [
        "",
        "## Query plans",
        "",
        "EXPLAIN (ANALYZE, BUFFERS) of every query the measured pages run when "
        "rendered, and of the as-of reads of the reports, at this data size.",
        "",
        "| where | execution ms | plan's top node |",
        "|---|---:|---|",
    ]
    for where, _sql, ms, plan in run.plans:
        top = plan.splitlines()[0].split("  (cost")[0].strip()
        lines.append(f"| {where} | {ms:.2f} | {top} |")
    lines.append("")
    for where, sql, ms, plan in run.plans:
        lines += [f"<details><summary>{where}: {ms:.2f} ms</summary>", ""]
        lines += ["```sql", sql, "```", "", "```", plan, "```", "", "</details>", ""]
    return lines


SECTIONS = [header, pages_table, publishing, notes, excel, index_effects, plans]


def write(output: Path, run) -> None:
    lines: list[str] = []
    for section in SECTIONS:
        lines += section(run)
    output.write_text("\n".join(lines))
