"""Where a cache miss of each public page spends its time: SQL, templates, Python.

    .venv/bin/python bench/profile_pages.py [--runs 21] [--profile DIR] [PATH ...]

Renders each page in-process with the Django test client against the
benchmark database (`BENCH_DATABASE_URL`, by default portal_bench, built by
`make bench`), with the production settings of bench.py (DEBUG off) and the
page cache off, so every request is a miss. Per request it splits the wall
time into

- SQL: time inside `cursor.execute` and the fetches of server-side cursors
  (network, PostgreSQL and psycopg2's conversion of the rows);
- templates: time inside the template backend's `render`, less the SQL that
  lazy querysets ran from the template;
- Python: the rest (middleware, view, forms, querysets built, response).

It prints the medians as a Markdown table. With `--profile DIR`, it also
writes a pyinstrument profile (text) of one more render of each page to DIR.
"""

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The project first: bench/reminders.py must not hide the reminders app.
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import config  # noqa: E402  (its ENV: production settings on the bench database)
import measure as bench_measure  # noqa: E402

os.environ.update(config.ENV)
os.environ["PAGE_CACHE_SECONDS"] = "0"  # every request a miss

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.backends import utils as db_utils  # noqa: E402
from django.template.backends import django as django_backend  # noqa: E402
from django.test import Client  # noqa: E402


class Clock:
    """Accumulates SQL and template time of the request being measured."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.sql = 0.0
        self.sql_in_templates = 0.0
        self.templates = 0.0
        self.queries = 0
        self.depth = 0  # > 0 while a template renders


CLOCK = Clock()
# While node_breakdown runs: the children's time of each template node being
# rendered; SQL counts as a child, so a node's own time leaves it out.
NODE_STACK: list[float] = []


def _sql_wrapper(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        spent = time.perf_counter() - started
        CLOCK.sql += spent
        CLOCK.queries += 1
        if CLOCK.depth:
            CLOCK.sql_in_templates += spent
        if NODE_STACK:
            NODE_STACK[-1] += spent


def _timed_fetch(name):
    def fetch(self, *args):
        started = time.perf_counter()
        try:
            return getattr(self.cursor, name)(*args)
        finally:
            spent = time.perf_counter() - started
            CLOCK.sql += spent
            if CLOCK.depth:
                CLOCK.sql_in_templates += spent
            if NODE_STACK:
                NODE_STACK[-1] += spent

    return fetch


for _name in ("fetchone", "fetchmany", "fetchall"):
    setattr(db_utils.CursorWrapper, _name, _timed_fetch(_name))

_original_render = django_backend.Template.render


def _timed_render(self, *args, **kwargs):
    CLOCK.depth += 1
    started = time.perf_counter()
    try:
        return _original_render(self, *args, **kwargs)
    finally:
        CLOCK.depth -= 1
        if not CLOCK.depth:
            CLOCK.templates += time.perf_counter() - started


django_backend.Template.render = _timed_render
try:
    from django.template.backends import jinja2 as jinja2_backend

    _original_jinja2_render = jinja2_backend.Template.render

    def _timed_jinja2_render(self, *args, **kwargs):
        CLOCK.depth += 1
        started = time.perf_counter()
        try:
            return _original_jinja2_render(self, *args, **kwargs)
        finally:
            CLOCK.depth -= 1
            if not CLOCK.depth:
                CLOCK.templates += time.perf_counter() - started

    jinja2_backend.Template.render = _timed_jinja2_render
except ImportError:  # Jinja2 is not installed: the portal does not use it
    pass


def pages() -> list[tuple[str, str]]:
    """The pages of the brief, with real ids, plus the rest of bench.py's list."""
    found = {path: label for label, path in bench_measure.candidate_pages()}
    wanted = [path for path in found if not path.endswith("progress.svg")]
    wanted.insert(3, "/?q=образования")
    found["/?q=образования"] = "search"
    return [(found[path], path) for path in wanted]


def fetch(client: Client, path: str) -> int:
    response = client.get(path)
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code}")
    return len(body)


def measure(client: Client, path: str, runs: int) -> dict:
    for _ in range(3):  # connection, template cache, translations
        fetch(client, path)
    totals, sqls, templates, cpus, queries = [], [], [], [], 0
    with connection.execute_wrapper(_sql_wrapper):
        for _ in range(runs):
            CLOCK.reset()
            started, started_cpu = time.perf_counter(), time.process_time()
            size = fetch(client, path)
            totals.append(time.perf_counter() - started)
            cpus.append(time.process_time() - started_cpu)
            sqls.append(CLOCK.sql)
            templates.append(CLOCK.templates - CLOCK.sql_in_templates)
            queries = CLOCK.queries
    total = statistics.median(totals) * 1000
    sql = statistics.median(sqls) * 1000
    template = statistics.median(templates) * 1000
    return {
        "total": total,
        "sql": sql,
        "templates": template,
        "python": total - sql - template,
        "queries": queries,
        "kb": size / 1024,
        "min": min(totals) * 1000,
        # This process's CPU: leaves out PostgreSQL and the time other work
        # on the machine held the processor; steadier on a shared machine.
        "cpu": statistics.median(cpus) * 1000,
    }


def profile(client: Client, path: str, directory: Path, label: str) -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(5):
        fetch(client, path)
    profiler.stop()
    name = "".join(c if c.isalnum() else "_" for c in label).strip("_")
    (directory / f"{name}.txt").write_text(
        profiler.output_text(unicode=True, color=False, show_all=False)
    )


def _node_kind(node) -> str:
    """A node's class, with its filters, included template or tag function."""
    kind = type(node).__name__
    if kind == "VariableNode" and node.filter_expression.filters:
        filters = node.filter_expression.filters
        kind += " |" + "|".join(f[0].__name__ for f in filters)
    elif kind == "IncludeNode":
        kind += f" {node.template.var}"
    elif kind == "SimpleNode":
        kind += f" {node.func.__name__}"
    return kind


def node_breakdown(client: Client, path: str, runs: int = 10) -> list[tuple]:
    """Exclusive time per kind of template node, per render, in milliseconds.

    Every node's render is timed, less the nodes it renders itself, so an
    `{% include %}` counts only its own work (finding the template, pushing
    the context, resolving its `with`), not the included template's nodes.
    The timing adds some overhead of its own to every node: read the shares,
    not the absolute figures.
    """
    from collections import defaultdict

    from django.template import base

    original = base.Node.render_annotated
    spent: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    stack = NODE_STACK

    def timed(self, context):
        stack.append(0.0)
        started = time.perf_counter()
        try:
            return original(self, context)
        finally:
            elapsed = time.perf_counter() - started
            children = stack.pop()
            kind = _node_kind(self)
            spent[kind] += elapsed - children
            counts[kind] += 1
            stack[-1] += elapsed

    for _ in range(3):
        fetch(client, path)
    base.Node.render_annotated = timed
    sql_before = CLOCK.sql
    stack.append(0.0)
    try:
        with connection.execute_wrapper(_sql_wrapper):
            for _ in range(runs):
                fetch(client, path)
    finally:
        base.Node.render_annotated = original
        stack.clear()
    spent["(SQL, whole request)"] = CLOCK.sql - sql_before
    rows = sorted(spent.items(), key=lambda item: -item[1])
    return [(kind, ms * 1000 / runs, counts[kind] // runs) for kind, ms in rows]


def _print_nodes(client: Client, targets) -> None:
    for label, path in targets:
        print(f"\n{label} `{path}`: exclusive ms per render, nodes per render\n")
        print("| template node | ms | nodes |\n|---|---:|---:|")
        for kind, ms, count in node_breakdown(client, path)[:18]:
            print(f"| {kind} | {ms:.1f} | {count} |")


def _print_pages(client: Client, targets, options) -> None:
    print(
        f"median of {options.runs} in-process renders, page cache off, "
        f"DEBUG off, {connection.settings_dict['NAME']}, gc {options.gc}"
    )
    print()
    print(
        "| page | URL | total ms | SQL ms | templates ms | Python ms "
        "| queries | KiB | fastest ms | CPU ms |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, path in targets:
        if options.gc != "default":
            for _ in range(3):
                fetch(client, path)
            gc.collect()
            gc.freeze() if options.gc == "freeze" else gc.disable()
        r = measure(client, path, options.runs)
        print(
            f"| {label} | `{path}` | {r['total']:.1f} | {r['sql']:.1f} "
            f"| {r['templates']:.1f} | {r['python']:.1f} | {r['queries']} "
            f"| {r['kb']:.0f} | {r['min']:.1f} | {r['cpu']:.1f} |",
            flush=True,
        )
        if options.profile:
            options.profile.mkdir(parents=True, exist_ok=True)
            profile(client, path, options.profile, label)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--profile", type=Path)
    parser.add_argument(
        "--nodes", action="store_true", help="time per kind of template node"
    )
    parser.add_argument(
        "--gc",
        choices=["default", "freeze", "off"],
        default="default",
        help="freeze: gc.freeze() after the warm-up, as a gunicorn post_fork could",
    )
    options = parser.parse_args()
    targets = pages()
    if options.paths:
        targets = [(path, path) for path in options.paths]
    client = Client(headers=config.HEADERS)
    if options.nodes:
        _print_nodes(client, targets)
    else:
        _print_pages(client, targets, options)


if __name__ == "__main__":
    main()
