"""Prototype views of the front page: the data prepared once in Python, then
rendered by Django templates written for speed or by Jinja2.

Not part of the portal: bench/template_engines.py serves them under /proto/
to measure how far each approach gets. The figures and the markup are those
of recommendations/views.py and templates/recommendations/progress.html.
"""

import datetime
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.functional import cached_property

from recommendations import views as portal_views
from recommendations.filters import RecommendationFilterForm, filter_recommendations
from recommendations.models import (
    Assignment,
    Resolution,
    Status,
    progress_aggregates,
)
from recommendations.templatetags.portal import language_links
from stakeholders.models import AddresseeGroup, Organisation

PAGE_SIZE = 50
ROW_FIELDS = (
    "id",
    "group_id",
    "number",
    "text",
    "status",
    "progress",
    "status_reported_on",
    "is_overdue",
    "is_stale",
)


def _total(by_group: list[dict]) -> dict:
    """The resolution's summary from its groups' rows: sums, and the mean
    progress weighted by the recommendations each group's mean counts."""
    total = {key: 0 for key in by_group[0] if key not in ("group", "mean_progress")}
    weighted = counted = 0
    for row in by_group:
        for key in total:
            total[key] += row[key]
        n = row["total"] - row["cancelled"]
        weighted += (row["mean_progress"] or 0) * n
        counted += n
    total["mean_progress"] = weighted / counted if counted else None
    return total


class _Dates:
    """«j E Y» of each date once: the rows of a page share few dates."""

    def __init__(self) -> None:
        self.seen: dict[datetime.date, tuple[str, str]] = {}

    def __call__(self, day: datetime.date | None) -> tuple[str, str] | None:
        if day is None:
            return None
        if day not in self.seen:
            self.seen[day] = (day.isoformat(), dateformat.format(day, "j E Y"))
        return self.seen[day]


def _options(field, current) -> list[tuple[str, str, bool]]:
    return [(str(v), str(label), str(v) == current) for v, label in field.choices]


def _pagination(request: HttpRequest, page) -> dict | None:
    if not page.has_other_pages():
        return None
    query = request.GET.copy()

    def link(number: int) -> str:
        query["page"] = number
        return "?" + query.urlencode()

    numbers = []
    for number in page.paginator.get_elided_page_range(
        page.number, on_each_side=1, on_ends=1
    ):
        if number == page.paginator.ELLIPSIS:
            numbers.append((None, None))
        else:
            numbers.append((number, None if number == page.number else link(number)))
    return {
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "numbers": numbers,
        "number": page.number,
        "pages": page.paginator.num_pages,
    }


class _KnownCountPaginator(Paginator):
    """The count is known from the summary when no filter applies."""

    def __init__(self, *args, count: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if count is not None:
            self.__dict__["count"] = count

    @cached_property
    def count(self) -> int:
        return super().count


def fast_context(request: HttpRequest, resolution: Resolution, is_front: bool) -> dict:
    """Everything the page shows, as plain values: six queries, one pass."""
    by_group = list(resolution.recommendations.summary_by_group())
    all_groups = {group.pk: group for group in AddresseeGroup.objects.all()}
    groups = [all_groups[row["group"]] for row in by_group]
    organisations = list(
        Organisation.objects.filter(assignments__recommendation__resolution=resolution)
        .distinct()
        .only("id", "name", "short_name", "slug")
    )
    form = RecommendationFilterForm(
        request.GET, groups=groups, organisations=organisations
    )
    active = form.active
    summary = _total(by_group) if by_group else {"total": 0, "mean_progress": None}
    rows_qs = filter_recommendations(
        resolution.recommendations.with_current_state().order_by(
            "group__order", "group__name", "order", "id"
        ),
        active,
    ).values_list(*ROW_FIELDS)
    paginator = _KnownCountPaginator(
        rows_qs, PAGE_SIZE, count=None if active else summary["total"]
    )
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    responsible: dict[int, list[tuple[str, str]]] = {}
    org_prefix = reverse("recommendations:organisation", args=["-"])[:-2]
    for rec_id, slug, short, name in (
        Assignment.objects.filter(recommendation_id__in=[row[0] for row in rows])
        .order_by("recommendation_id", "-is_lead", "organisation__name")
        .values_list(
            "recommendation_id",
            "organisation__slug",
            "organisation__short_name",
            "organisation__name",
        )
    ):
        responsible.setdefault(rec_id, []).append(
            (f"{org_prefix}{slug}/", short or name)
        )
    detail = reverse("recommendations:recommendation", args=[0])[:-2]
    labels = {value: str(label) for value, label in Status.choices}
    dates = _Dates()
    grouped: list[dict] = []
    for (
        rec_id,
        group_id,
        number,
        text,
        status,
        progress,
        reported,
        overdue,
        stale,
    ) in rows:
        if not grouped or grouped[-1]["id"] != group_id:
            grouped.append(
                {"id": group_id, "name": all_groups[group_id].name, "items": []}
            )
        grouped[-1]["items"].append(
            {
                "number": number,
                "text": text,
                "url": f"{detail}{rec_id}/",
                "status": status,
                "label": labels[status],
                "progress": progress,
                "reported": dates(reported),
                "overdue": overdue,
                "stale": stale,
                "orgs": responsible.get(rec_id, ()),
            }
        )
    return _finish(
        request,
        resolution,
        is_front,
        form,
        summary,
        by_group,
        all_groups,
        paginator,
        page,
        grouped,
        dates,
    )


def _finish(
    request,
    resolution,
    is_front,
    form,
    summary,
    by_group,
    all_groups,
    paginator,
    page,
    grouped,
    dates,
) -> dict:
    """The rest of the context, the same for every variant."""
    active = form.active
    group_rows = [
        {
            "slug": all_groups[row["group"]].slug,
            "name": all_groups[row["group"]].name,
            "percent": round(row["mean_progress"] or 0),
            "done": row["done"],
            "total": row["total"],
        }
        for row in by_group
    ]
    data = form.cleaned_data
    return {
        "resolution": resolution,
        "adopted": dates(resolution.adopted_on),
        "is_front": is_front,
        "summary": summary,
        "mean_percent": round(summary["mean_progress"] or 0),
        "group_rows": group_rows,
        "form": form,
        "status_options": _options(form.fields["status"], data.get("status", "")),
        "group_options": _options(form.fields["group"], data.get("group", "")),
        "organisation_options": _options(
            form.fields["organisation"], data.get("organisation", "")
        ),
        "q": data.get("q", ""),
        "overdue_checked": bool(data.get("overdue")),
        "is_filtered": bool(active),
        "found": paginator.count,
        "grouped": grouped,
        "pagination": _pagination(request, page),
        "chart_url": reverse("recommendations:progress_chart", args=[resolution.slug]),
        "languages": language_links({"request": request}),
        "urls": {
            "progress": reverse("recommendations:progress"),
            "resolutions": reverse("recommendations:resolutions"),
            "organisations": reverse("recommendations:organisations"),
            "feed": reverse("recommendations:feed"),
            "json": reverse("opendata_json"),
            "csv": reverse("opendata_csv"),
            "sitemap": reverse("sitemap"),
        },
    }


def front_django_fast(request: HttpRequest) -> HttpResponse:
    resolution = Resolution.objects.current()
    context = fast_context(request, resolution, is_front=True)
    return render(request, "proto_django/progress.html", context)


def front_jinja2_fast(request: HttpRequest) -> HttpResponse:
    resolution = Resolution.objects.current()
    context = fast_context(request, resolution, is_front=True)
    return render(request, "proto_jinja2/progress.html", context, using="jinja2")


def front_jinja2_port(request: HttpRequest) -> HttpResponse:
    """The template of today ported line by line: the view's context as is."""
    resolution = Resolution.objects.current()
    groups = list(
        AddresseeGroup.objects.filter(recommendations__resolution=resolution).distinct()
    )
    organisations = list(
        Organisation.objects.filter(
            assignments__recommendation__resolution=resolution
        ).distinct()
    )
    form = RecommendationFilterForm(
        request.GET, groups=groups, organisations=organisations
    )
    recommendations = filter_recommendations(
        resolution.recommendations.with_current_state()
        .select_related("group")
        .order_by("group__order", "group__name", "order", "id"),
        form.active,
    )
    page = portal_views._page(
        request, portal_views._with_organisations(recommendations)
    )
    context = {
        "resolution": resolution,
        "is_front": True,
        "summary": resolution.recommendations.summary(),
        "group_progress": portal_views._group_progress(resolution, groups),
        "form": form,
        "is_filtered": bool(form.active),
        "page": page,
        "languages": language_links({"request": request}),
        "querystring": lambda **kw: "?" + urlencode({**request.GET.dict(), **kw}),
    }
    return render(request, "proto_jinja2/progress_port.html", context, using="jinja2")


def organisations_fast(request: HttpRequest) -> HttpResponse:
    """The list of organisations with their figures from one aggregate of
    assignments per organisation, paginated in Python (500 rows at most)."""
    today = timezone.localdate()
    aggregates = progress_aggregates(today, prefix="recommendation__")
    for aggregate in aggregates.values():
        # An organisation is assigned at most once to a recommendation.
        aggregate.distinct = False
    figures = {
        row["organisation"]: row
        for row in Assignment.objects.filter(
            recommendation__resolution__is_published=True
        )
        .values("organisation")
        .annotate(**aggregates)
        .order_by()
    }
    organisations = (
        Organisation.objects.filter(pk__in=list(figures))
        .select_related("group")
        .order_by("group__order", "group__name", "name")
        .only("id", "name", "slug", "group__id", "group__name")
    )
    page = Paginator(organisations, 100).get_page(request.GET.get("page"))
    for organisation in page.object_list:
        organisation.__dict__.update(figures[organisation.pk])
    return render(
        request,
        "recommendations/organisations.html",
        {"page": page},
    )


# --- The lean variant: also less query building ----------------------------------
#
# Compiling a queryset costs 0.5-4 ms of Python (the aggregates most); the SQL
# of a resolution's unfiltered queries depends only on the resolution and the
# date, so each process compiles it once a day. The overdue and stale flags
# come from the row's fields by the rule of overdue_q/stale_q.

_COMPILED: dict[tuple, tuple[str, tuple, list[str]]] = {}


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


def lean_context(request: HttpRequest, resolution: Resolution, is_front: bool) -> dict:
    from recommendations.models import CLOSED_STATUSES, stale_before

    today = timezone.localdate()
    names, by_group_rows = _rows(
        ("by_group", resolution.pk, today),
        # summary_by_group's queryset, before it is evaluated.
        lambda: (
            resolution.recommendations.order_by()
            .values("group")
            .annotate(**progress_aggregates(today))
            .order_by("group__order", "group")
        ),
    )
    by_group = [dict(zip(names, row, strict=True)) for row in by_group_rows]
    all_groups = {group.pk: group for group in AddresseeGroup.objects.all()}
    groups = [all_groups[row["group"]] for row in by_group]
    _names, org_rows = _rows(
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
    organisations = [
        Organisation(pk=pk, name=name, short_name=short, slug=slug)
        for pk, name, short, slug in org_rows
    ]
    form = RecommendationFilterForm(
        request.GET, groups=groups, organisations=organisations
    )
    active = form.active
    summary = _total(by_group) if by_group else {"total": 0, "mean_progress": None}
    ordered = resolution.recommendations.order_by(
        "group__order", "group__name", "order", "id"
    )
    if active:
        queryset = filter_recommendations(ordered, active).values_list(*LEAN_FIELDS)
        paginator = Paginator(queryset, PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        rows = list(page.object_list)
    else:
        paginator = _KnownCountPaginator(
            range(summary["total"]), PAGE_SIZE, count=summary["total"]
        )
        page = paginator.get_page(request.GET.get("page"))
        offset = (page.number - 1) * PAGE_SIZE
        _names, rows = _rows(
            ("rows", resolution.pk, page.number),
            lambda: ordered.values_list(*LEAN_FIELDS)[offset : offset + PAGE_SIZE],
        )
    closed = set(CLOSED_STATUSES)
    fresh_from = stale_before(today)
    responsible: dict[int, list[tuple[str, str]]] = {}
    org_prefix = reverse("recommendations:organisation", args=["-"])[:-2]
    ids = [row[0] for row in rows]
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
        assignment_rows = cursor.fetchall()
    for rec_id, slug, short, name in assignment_rows:
        responsible.setdefault(rec_id, []).append(
            (f"{org_prefix}{slug}/", short or name)
        )
    detail = reverse("recommendations:recommendation", args=[0])[:-2]
    labels = {value: str(label) for value, label in Status.choices}
    dates = _Dates()
    grouped: list[dict] = []
    for rec_id, group_id, number, text, status, progress, reported, due in rows:
        is_open = status not in closed
        if not grouped or grouped[-1]["id"] != group_id:
            grouped.append(
                {"id": group_id, "name": all_groups[group_id].name, "items": []}
            )
        grouped[-1]["items"].append(
            {
                "number": number,
                "text": text,
                "url": f"{detail}{rec_id}/",
                "status": status,
                "label": labels[status],
                "progress": progress,
                "reported": dates(reported),
                # overdue_q and stale_q, on the row's own fields.
                "overdue": is_open and due is not None and due < today,
                "stale": is_open and (reported is None or reported < fresh_from),
                "orgs": responsible.get(rec_id, ()),
            }
        )
    return _finish(
        request,
        resolution,
        is_front,
        form,
        summary,
        by_group,
        all_groups,
        paginator,
        page,
        grouped,
        dates,
    )


def front_jinja2_lean(request: HttpRequest) -> HttpResponse:
    resolution = Resolution.objects.current()
    context = lean_context(request, resolution, is_front=True)
    return render(request, "proto_jinja2/progress.html", context, using="jinja2")


def front_django_lean(request: HttpRequest) -> HttpResponse:
    resolution = Resolution.objects.current()
    context = lean_context(request, resolution, is_front=True)
    return render(request, "proto_django/progress.html", context)
