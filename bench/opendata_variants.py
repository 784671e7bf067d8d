"""The open-data JSON at full scale: where today's 300 ms go, and the options.

    .venv/bin/python bench/opendata_variants.py [--runs 7]

On the benchmark database (bench.py's settings, DEBUG off). Every variant
produces the same document as `recommendations.opendata` does today (checked:
the parsed JSON must be equal); each is timed from the first query to the last
byte, median of --runs:

- today: two server-side cursors (recommendations; assignments) merged row by
  row, a dict per row, `json.dumps(..., cls=DjangoJSONEncoder)` per row;
- the parts of today: the two cursors alone, cursors + merge + dicts;
- orjson per row instead of json.dumps;
- one query: the organisations gathered by `ARRAY_AGG` in a correlated
  subquery, rows as tuples, the whole list dumped by orjson at once;
- json built by PostgreSQL: one query returns the document (`json_agg` of
  `json_build_object`), Python only passes the text on.

Then the cached copy: what a hit costs in-process next to `/healthz`.
"""

import argparse
import datetime
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import profile_pages as pp  # noqa: E402  (Django on the bench database)
from config import HEADERS  # noqa: E402
from django.contrib.postgres.aggregates import ArrayAgg  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import OuterRef, Subquery  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from recommendations.models import Assignment, Recommendation  # noqa: E402
from recommendations.public import opendata  # noqa: E402

BASE = "https://testserver"
DETAIL = "/recommendations/"
COLUMNS = (
    "id",
    "resolution__slug",
    "resolution__title",
    "group__name",
    "number",
    "text",
    "status",
    "progress",
    "status_reported_on",
    "due_on",
    "is_continuous",
)


def today() -> bytes:
    """The portal's view: two client-side cursors, dicts, one orjson call."""
    import orjson

    rows = opendata.recommendation_rows(BASE)
    return orjson.dumps(rows, option=orjson.OPT_APPEND_NEWLINE)


def json_per_row() -> bytes:
    """The portal's rows, `json.dumps` with DjangoJSONEncoder row by row (the
    view until orjson)."""
    from django.core.serializers.json import DjangoJSONEncoder

    parts = ["["]
    separator = "\n"
    for row in opendata.recommendation_rows(BASE):
        parts.append(
            separator + json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder)
        )
        separator = ",\n"
    parts.append("\n]\n")
    return "".join(parts).encode()


def cursors_only() -> None:
    """Server-side cursors of 1,000 rows, the ORM's conversion of each row."""
    rows = (
        Recommendation.objects.published()
        .order_by("id")
        .values_list(*COLUMNS)
        .iterator(chunk_size=1000)
    )
    for _ in rows:
        pass
    for _ in opendata._organisations_by_recommendation():
        pass


def rows_only() -> None:
    for _ in opendata.recommendation_rows(BASE):
        pass


def orjson_per_row() -> bytes:
    import orjson

    parts = [b"["]
    separator = b"\n"
    for row in opendata.recommendation_rows(BASE):
        parts.append(separator + orjson.dumps(row))
        separator = b",\n"
    parts.append(b"\n]\n")
    return b"".join(parts)


def _one_query():
    names = (
        Assignment.objects.filter(recommendation=OuterRef("pk"))
        .order_by()
        .values("recommendation")
        .annotate(
            names=ArrayAgg(
                "organisation__name", ordering=("-is_lead", "organisation__name")
            )
        )
        .values("names")
    )
    return (
        Recommendation.objects.published()
        .order_by("id")
        .annotate(organisation_names=Subquery(names))
        .values_list(*COLUMNS, "organisation_names")
    )


def one_query_orjson() -> bytes:
    """One query, tuples, one orjson call: the same keys in the same order."""
    import orjson

    prefix = f"{BASE}{DETAIL}"
    rows = [
        {
            "id": pk,
            "resolution": slug,
            "resolution_title": title,
            "group": group,
            "number": number,
            "text": text,
            "organisations": names or [],
            "status": status,
            "progress": progress,
            "status_reported_on": reported,
            "due_on": due,
            "is_continuous": continuous,
            "url": f"{prefix}{pk}/",
        }
        for (
            pk,
            slug,
            title,
            group,
            number,
            text,
            status,
            progress,
            reported,
            due,
            continuous,
            names,
        ) in _one_query().iterator(chunk_size=2000)
    ]
    return orjson.dumps(rows, option=orjson.OPT_APPEND_NEWLINE)


def one_query_json_stdlib() -> bytes:
    """The same single query with the standard library's json, for comparison."""
    prefix = f"{BASE}{DETAIL}"
    rows = []
    for row in _one_query().iterator(chunk_size=2000):
        *values, names = row
        item = dict(
            zip(opendata.FIELDS[:6] + opendata.FIELDS[7:12], values, strict=True)
        )
        item["organisations"] = names or []
        item["url"] = f"{prefix}{row[0]}/"
        rows.append({field: item[field] for field in opendata.FIELDS})
    return json.dumps(rows, ensure_ascii=False, default=_iso).encode() + b"\n"


def _iso(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(value)


SQL_DOCUMENT = """
SELECT coalesce(json_agg(json_build_object(
    'id', r.id, 'resolution', s.slug, 'resolution_title', s.title,
    'group', g.name, 'number', r.number, 'text', r.text,
    'organisations', coalesce((
        SELECT json_agg(o.name ORDER BY a.is_lead DESC, o.name)
        FROM recommendations_assignment a
        JOIN stakeholders_organisation o ON o.id = a.organisation_id
        WHERE a.recommendation_id = r.id), '[]'::json),
    'status', r.status, 'progress', r.progress,
    'status_reported_on', r.status_reported_on, 'due_on', r.due_on,
    'is_continuous', r.is_continuous,
    'url', %s || r.id || '/'
) ORDER BY r.id), '[]'::json)::text
FROM recommendations_recommendation r
JOIN recommendations_resolution s ON s.id = r.resolution_id
JOIN stakeholders_addresseegroup g ON g.id = r.group_id
WHERE s.is_published
"""


def postgres_document() -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(SQL_DOCUMENT, [f"{BASE}{DETAIL}"])
        return cursor.fetchone()[0].encode() + b"\n"


def _normalised_rows(resolutions, groups, organisations, assignments, rows):
    """Rows of ids joined to the small tables in Python: no long title or
    name repeated 5,000 times on the wire."""
    names: dict[int, list[tuple[bool, str]]] = {}
    for rec_id, org_id, is_lead in assignments:
        names.setdefault(rec_id, []).append((not is_lead, organisations[org_id]))
    prefix = f"{BASE}{DETAIL}"
    out = []
    for pk, res, grp, number, text, status, progress, reported, due, cont in rows:
        slug, title = resolutions[res]
        out.append(
            {
                "id": pk,
                "resolution": slug,
                "resolution_title": title,
                "group": groups[grp],
                "number": number,
                "text": text,
                # Lead first, then by name (Python's order of code points).
                "organisations": [name for _, name in sorted(names.get(pk, ()))],
                "status": status,
                "progress": progress,
                "status_reported_on": reported,
                "due_on": due,
                "is_continuous": cont,
                "url": f"{prefix}{pk}/",
            }
        )
    return out


ROW_COLUMNS = (
    "id",
    "resolution_id",
    "group_id",
    "number",
    "text",
    "status",
    "progress",
    "status_reported_on",
    "due_on",
    "is_continuous",
)


def normalised_orm() -> bytes:
    """Five client-side queries through the ORM (values_list), orjson."""
    import orjson

    from recommendations.models import Resolution
    from stakeholders.models import AddresseeGroup, Organisation

    rows = _normalised_rows(
        {
            pk: (slug, title)
            for pk, slug, title in Resolution.objects.published().values_list(
                "id", "slug", "title"
            )
        },
        dict(AddresseeGroup.objects.values_list("id", "name")),
        dict(Organisation.objects.values_list("id", "name")),
        Assignment.objects.values_list(
            "recommendation_id", "organisation_id", "is_lead"
        ),
        Recommendation.objects.published().order_by("id").values_list(*ROW_COLUMNS),
    )
    return orjson.dumps(rows, option=orjson.OPT_APPEND_NEWLINE)


def normalised_raw() -> bytes:
    """The same five queries on a bare cursor: no ORM per row."""
    import orjson

    with connection.cursor() as c:
        c.execute(
            "SELECT id, slug, title FROM recommendations_resolution WHERE is_published"
        )
        resolutions = {pk: (slug, title) for pk, slug, title in c.fetchall()}
        c.execute("SELECT id, name FROM stakeholders_addresseegroup")
        groups = dict(c.fetchall())
        c.execute("SELECT id, name FROM stakeholders_organisation")
        organisations = dict(c.fetchall())
        c.execute(
            "SELECT recommendation_id, organisation_id, is_lead "
            "FROM recommendations_assignment"
        )
        assignments = c.fetchall()
        c.execute(
            "SELECT r.id, r.resolution_id, r.group_id, r.number, r.text, r.status, "
            "r.progress, r.status_reported_on, r.due_on, r.is_continuous "
            "FROM recommendations_recommendation r JOIN recommendations_resolution s "
            "ON s.id = r.resolution_id WHERE s.is_published ORDER BY r.id"
        )
        rows = _normalised_rows(
            resolutions, groups, organisations, assignments, c.fetchall()
        )
    return orjson.dumps(rows, option=orjson.OPT_APPEND_NEWLINE)


def timed(work, runs: int) -> tuple[float, float]:
    work()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000, min(timings) * 1000


VARIANTS = [
    ("the portal: 2 client-side cursors, dicts, one orjson call", today),
    ("the portal's rows, json.dumps per row (before orjson)", json_per_row),
    ("server-side cursors of the ORM alone (no merge, no JSON)", cursors_only),
    ("the portal's cursors + merge + dicts (no JSON)", rows_only),
    ("the portal's rows, orjson per row", orjson_per_row),
    ("one query (ARRAY_AGG), tuples, json.dumps of the list", one_query_json_stdlib),
    ("one query (ARRAY_AGG), tuples, orjson of the list", one_query_orjson),
    ("PostgreSQL builds the document (json_agg)", postgres_document),
    ("5 small client-side queries (ORM values_list), orjson", normalised_orm),
    ("5 small client-side queries (bare cursor), orjson", normalised_raw),
]


def _variants(reference, runs: int) -> None:
    print("| variant | median ms | fastest ms | bytes | same document |")
    print("|---|---:|---:|---:|---|")
    for label, work in VARIANTS:
        median, fastest = timed(work, runs)
        body = work()
        same = size = ""
        if isinstance(body, bytes):
            same = "yes" if json.loads(body) == reference else "**no**"
            size = f"{len(body):,}"
        print(f"| {label} | {median:.0f} | {fastest:.0f} | {size} | {same} |")


def _gzip() -> None:
    sizes = today()
    for level in (1, 6):
        print(
            f"gzip level {level} of {len(sizes):,} bytes: "
            f"{len(gzip.compress(sizes, level)):,} bytes, "
            f"{timed(lambda level=level: gzip.compress(sizes, level), 3)[0]:.0f} ms "
            "(paid on every miss, when the page cache stores the file)"
        )


def _cache_hit() -> None:
    """The cached copy, in-process: a hit against /healthz, gzip accepted."""
    with override_settings(PAGE_CACHE_SECONDS=600):
        client = Client(headers=HEADERS)
        client.get("/opendata/recommendations.json")
        hit = pp.measure(client, "/opendata/recommendations.json", 21)
        health = pp.measure(client, "/healthz", 21)
        raw = Client(headers={"X-Forwarded-Proto": "https"})
        plain = pp.measure(raw, "/opendata/recommendations.json", 21)
    print(
        f"in-process page-cache hit, gzip accepted: {hit['total']:.1f} ms "
        f"({hit['kb']:.0f} KiB); without gzip: {plain['total']:.1f} ms "
        f"({plain['kb']:.0f} KiB); /healthz {health['total']:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    reference = json.loads(today())
    print(
        f"{len(reference)} recommendations; median and fastest of {options.runs} runs\n"
    )
    _variants(reference, options.runs)
    print()
    _gzip()
    _cache_hit()


if __name__ == "__main__":
    main()
