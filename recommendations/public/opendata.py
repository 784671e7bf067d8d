"""The published state of every recommendation as open data, JSON and CSV.

Both files are streamed: two queries read recommendations and their
responsible organisations in the same order through database cursors, and
are merged row by row, so memory and the number of queries stay the same
whatever the number of recommendations.
"""

import csv
import json
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from ..documents.cells import csv_cell
from ..models import CLOSED_STATUSES, Assignment, Recommendation
from ..schedules import next_report_due_after_latest
from .links import portal_url

CHUNK = 1000
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


def _organisations_by_recommendation() -> Iterator[tuple[int, list[str]]]:
    """(recommendation id, organisation names, lead first), by recommendation id."""
    rows = (
        Assignment.objects.filter(recommendation__resolution__is_published=True)
        .order_by("recommendation_id", "-is_lead", "organisation__name")
        .values_list("recommendation_id", "organisation__name")
        .iterator(chunk_size=CHUNK)
    )
    current, names = None, []
    for recommendation_id, name in rows:
        if recommendation_id != current:
            if current is not None:
                yield current, names
            current, names = recommendation_id, []
        names.append(name)
    if current is not None:
        yield current, names


def recommendation_rows(base_url: str) -> Iterator[dict]:
    """One dict per published recommendation, in id order."""
    recommendations = (
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
        .iterator(chunk_size=CHUNK)
    )
    organisations = _organisations_by_recommendation()
    pending = next(organisations, None)
    # Public links are the Russian, unprefixed ones whatever the request.
    with translation.override(settings.LANGUAGE_CODE):
        detail = reverse("recommendations:recommendation", args=[0])[: -len("0/")]
    today = timezone.localdate()
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
        while pending is not None and pending[0] < row["id"]:
            pending = next(organisations, None)
        names = []
        if pending is not None and pending[0] == row["id"]:
            names = pending[1]
        row["organisations"] = names
        row["url"] = f"{base_url}{detail}{row['id']}/"
        yield {field: row[field] for field in FIELDS}


def _json_stream(rows: Iterable[dict]) -> Iterator[str]:
    yield "["
    separator = "\n"
    for row in rows:
        yield separator + json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder)
        separator = ",\n"
    yield "\n]\n"


class _Echo:
    """A file-like object that hands back what csv.writer writes."""

    def write(self, value: str) -> str:
        return value


def _csv_stream(rows: Iterable[dict]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # The byte order mark makes Excel read the file as UTF-8.
    yield "\ufeff" + writer.writerow(FIELDS)
    for row in rows:
        yield writer.writerow([csv_cell(row[field]) for field in FIELDS])


def _open(response: StreamingHttpResponse) -> StreamingHttpResponse:
    # Open data: any site may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def recommendations_json(request: HttpRequest) -> StreamingHttpResponse:
    rows = recommendation_rows(portal_url(""))
    return _open(
        StreamingHttpResponse(
            _json_stream(rows), content_type="application/json; charset=utf-8"
        )
    )


@require_GET
def recommendations_csv(request: HttpRequest) -> StreamingHttpResponse:
    rows = recommendation_rows(portal_url(""))
    response = StreamingHttpResponse(
        _csv_stream(rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="recommendations.csv"'
    return _open(response)
