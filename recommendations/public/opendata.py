"""The published state of every recommendation as open data, JSON and CSV.

Two queries read the recommendations and their responsible organisations,
each through one client-side cursor on the SQL the ORM writes (the ORM's
per-row conversion costs more than the query at this size), joined in
Python; the JSON file is serialised by orjson in one call. The number of
queries stays the same whatever the number of recommendations; the file is
built whole (4.6 MB at national scale), and the page cache keeps it.
"""

import csv
from collections.abc import Iterable, Iterator

import orjson
from django.conf import settings
from django.db import connections
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from ..documents.cells import CSV_QUOTING, csv_cell
from ..models import CLOSED_STATUSES, Assignment, Recommendation
from ..schedules import next_report_due_after_latest
from .links import portal_url

FIELDS = [
    "id",
    "resolution",
    "resolution_title",
    "group",
    "number",
    "text",
    "organisations",
    "status",
    "progress",
    "status_reported_on",
    "due_on",
    "original_due_on",
    "deadline_changes",
    "is_continuous",
    "next_report_due",
    "url",
]
# Filled in from other queries than the recommendations' own, or computed.
JOINED = ("organisations", "url", "next_report_due")
COLUMNS = [field for field in FIELDS if field not in JOINED]


def _fetch(queryset) -> list[tuple]:
    """The rows of a values_list() queryset, as the database driver gives them."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _organisations_by_recommendation() -> dict[int, list[str]]:
    """Recommendation id -> names of its responsible organisations, lead first."""
    names: dict[int, list[str]] = {}
    for recommendation_id, name in _fetch(
        Assignment.objects.filter(recommendation__resolution__is_published=True)
        .order_by("recommendation_id", "-is_lead", "organisation__name")
        .values_list("recommendation_id", "organisation__name")
    ):
        names.setdefault(recommendation_id, []).append(name)
    return names


def recommendation_rows(base_url: str) -> list[dict]:
    """One dict per published recommendation, in id order."""
    recommendations = _fetch(
        Recommendation.objects.published()
        .with_deadlines()
        .with_schedule()
        .order_by("id")
        .values_list(
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
            "first_due_on",
            "deadline_change_count",
            "is_continuous",
            "schedule_frequency",
            "schedule_due_day",
            "resolution__adopted_on",
        )
    )
    organisations = _organisations_by_recommendation()
    # Public links are the Russian, unprefixed ones whatever the request.
    with translation.override(settings.LANGUAGE_CODE):
        detail = reverse("recommendations:recommendation", args=[0])[: -len("0/")]
    today = timezone.localdate()
    rows = []
    for *values, frequency, due_day, start in recommendations:
        row = dict(zip(COLUMNS, values, strict=True))
        row["next_report_due"] = None
        if row["status"] not in CLOSED_STATUSES:
            row["next_report_due"] = next_report_due_after_latest(
                today=today,
                frequency=frequency,
                due_day=due_day,
                start=start,
                latest_reported_on=row["status_reported_on"],
            )
        row["organisations"] = organisations.get(row["id"], [])
        row["url"] = f"{base_url}{detail}{row['id']}/"
        rows.append({field: row[field] for field in FIELDS})
    return rows


class _Echo:
    """A file-like object that hands back what csv.writer writes."""

    def write(self, value: str) -> str:
        return value


def _csv_stream(rows: Iterable[dict]) -> Iterator[str]:
    writer = csv.writer(_Echo(), quoting=CSV_QUOTING)
    # The byte order mark makes Excel read the file as UTF-8; the header's
    # names are plain words, the rows' texts are quoted.
    yield "\ufeff" + csv.writer(_Echo()).writerow(FIELDS)
    for row in rows:
        yield writer.writerow([csv_cell(row[field]) for field in FIELDS])


def _open(response: StreamingHttpResponse) -> StreamingHttpResponse:
    # Open data: any site may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def recommendations_json(request: HttpRequest) -> StreamingHttpResponse:
    # The whole list in one call: orjson is many times faster than json.dumps
    # row by row, and writes dates as ISO 8601 and text as UTF-8 as before.
    body = orjson.dumps(
        recommendation_rows(portal_url("")), option=orjson.OPT_APPEND_NEWLINE
    )
    return _open(
        StreamingHttpResponse([body], content_type="application/json; charset=utf-8")
    )


@require_GET
def recommendations_csv(request: HttpRequest) -> StreamingHttpResponse:
    rows = recommendation_rows(portal_url(""))
    response = StreamingHttpResponse(
        _csv_stream(rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="recommendations.csv"'
    return _open(response)
