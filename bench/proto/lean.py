"""The lean variant of the prototype front page: also less query building.

Compiling a queryset costs 0.5-4 ms of Python (the aggregates most); the SQL
of a resolution's unfiltered queries depends only on the resolution and the
date, so each process compiles it once a day. The overdue and stale flags
come from the row's fields by the rule of overdue_q/stale_q.
"""

import datetime

from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from recommendations.models import (
    CLOSED_STATUSES,
    Resolution,
    progress_aggregates,
    stale_before,
)
from recommendations.public.filters import (
    RecommendationFilterForm,
    filter_recommendations,
)
from stakeholders.models import AddresseeGroup, Organisation

from . import context as shared

_COMPILED: dict[tuple, tuple[str, tuple, list[str]]] = {}

LEAN_FIELDS = (
    "id",
    "group_id",
    "number",
    "text",
    "status",
    "progress",
    "status_reported_on",
    "due_on",
)


def _rows(key: tuple, build) -> tuple[list[str], list[tuple]]:
    """Rows of a values()/values_list() queryset, compiled once per `key`."""
    if key not in _COMPILED:
        if len(_COMPILED) > 2000:
            _COMPILED.clear()
        queryset = build()
        sql, params = queryset.query.sql_with_params()
        names = [*queryset.query.values_select, *queryset.query.annotation_select]
        _COMPILED[key] = (sql, params, names)
    sql, params, names = _COMPILED[key]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return names, cursor.fetchall()


def _by_group(resolution: Resolution, today: datetime.date) -> list[dict]:
    names, rows = _rows(
        ("by_group", resolution.pk, today),
        # summary_by_group's queryset, before it is evaluated.
        lambda: (
            resolution.recommendations.order_by()
            .values("group")
            .annotate(**progress_aggregates(today))
            .order_by("group__order", "group")
        ),
    )
    return [dict(zip(names, row, strict=True)) for row in rows]


def _organisations(resolution: Resolution) -> list[Organisation]:
    _names, rows = _rows(
        ("organisations", resolution.pk),
        lambda: (
            Organisation.objects.filter(
                assignments__recommendation__resolution=resolution
            )
            .distinct()
            .order_by("name")
            .values_list("id", "name", "short_name", "slug")
        ),
    )
    return [
        Organisation(pk=pk, name=name, short_name=short, slug=slug)
        for pk, name, short, slug in rows
    ]


def _page_rows(request: HttpRequest, resolution: Resolution, active, total: int):
    """The paginator, the page and its rows (LEAN_FIELDS)."""
    ordered = resolution.recommendations.order_by(
        "group__order", "group__name", "order", "id"
    )
    if active:
        queryset = filter_recommendations(ordered, active).values_list(*LEAN_FIELDS)
        paginator = Paginator(queryset, shared.PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        return paginator, page, list(page.object_list)
    paginator = shared.KnownCountPaginator(range(total), shared.PAGE_SIZE, count=total)
    page = paginator.get_page(request.GET.get("page"))
    offset = (page.number - 1) * shared.PAGE_SIZE
    _names, rows = _rows(
        ("rows", resolution.pk, page.number),
        lambda: ordered.values_list(*LEAN_FIELDS)[offset : offset + shared.PAGE_SIZE],
    )
    return paginator, page, rows


def _assignments(ids: list[int]) -> list[tuple]:
    # The same query as fast_context's, written once: `= ANY(%s)` keeps one
    # statement whatever the number of ids.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.recommendation_id, o.slug, o.short_name, o.name "
            "FROM recommendations_assignment a JOIN stakeholders_organisation o "
            "ON o.id = a.organisation_id WHERE a.recommendation_id = ANY(%s) "
            "ORDER BY a.recommendation_id, a.is_lead DESC, o.name",
            [ids],
        )
        return cursor.fetchall()


def _with_flags(rows, today: datetime.date) -> list[tuple]:
    """overdue_q and stale_q, on the row's own fields, in place of due_on."""
    closed = set(CLOSED_STATUSES)
    fresh_from = stale_before(today)
    flagged = []
    for *fields, due in rows:
        status, reported = fields[4], fields[6]
        is_open = status not in closed
        overdue = is_open and due is not None and due < today
        stale = is_open and (reported is None or reported < fresh_from)
        flagged.append((*fields, overdue, stale))
    return flagged


def lean_context(request: HttpRequest, resolution: Resolution, is_front: bool) -> dict:
    today = timezone.localdate()
    by_group = _by_group(resolution, today)
    all_groups = {group.pk: group for group in AddresseeGroup.objects.all()}
    form = RecommendationFilterForm(
        request.GET,
        groups=[all_groups[row["group"]] for row in by_group],
        organisations=_organisations(resolution),
    )
    summary = shared.total(by_group)
    paginator, page, rows = _page_rows(
        request, resolution, form.active, summary["total"]
    )
    links = shared.responsible(_assignments([row[0] for row in rows]))
    dates = shared.Dates()
    parts = {
        "summary": summary,
        "by_group": by_group,
        "all_groups": all_groups,
        "paginator": paginator,
        "page": page,
        "grouped": shared.grouped(_with_flags(rows, today), all_groups, links, dates),
        "dates": dates,
    }
    return shared.finish(request, resolution, is_front, form, parts)
