"""Prototype views of the front page: the data prepared once in Python, then
rendered by Django templates written for speed or by Jinja2.

Not part of the portal: bench/template_engines.py serves them under /proto/
to measure how far each approach gets. The figures and the markup are those
of recommendations/public/views.py and templates/recommendations/progress.html.
The shared context is in context.py, the lean variant in lean.py.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from recommendations.models import Assignment, Resolution, progress_aggregates
from recommendations.public import views as portal_views
from recommendations.public.filters import (
    RecommendationFilterForm,
    filter_recommendations,
)
from recommendations.templatetags.portal import language_links
from stakeholders.models import AddresseeGroup, Organisation

from . import context as shared
from .lean import lean_context

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


def _filter_form(request: HttpRequest, resolution: Resolution, by_group):
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
    return form, all_groups


def fast_context(request: HttpRequest, resolution: Resolution, is_front: bool) -> dict:
    """Everything the page shows, as plain values: six queries, one pass."""
    by_group = list(resolution.recommendations.summary_by_group())
    form, all_groups = _filter_form(request, resolution, by_group)
    summary = shared.total(by_group)
    rows_qs = filter_recommendations(
        resolution.recommendations.with_current_state().order_by(
            "group__order", "group__name", "order", "id"
        ),
        form.active,
    ).values_list(*ROW_FIELDS)
    paginator = shared.KnownCountPaginator(
        rows_qs, shared.PAGE_SIZE, count=None if form.active else summary["total"]
    )
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    links = shared.responsible(
        Assignment.objects.filter(recommendation_id__in=[row[0] for row in rows])
        .order_by("recommendation_id", "-is_lead", "organisation__name")
        .values_list(
            "recommendation_id",
            "organisation__slug",
            "organisation__short_name",
            "organisation__name",
        )
    )
    dates = shared.Dates()
    parts = {
        "summary": summary,
        "by_group": by_group,
        "all_groups": all_groups,
        "paginator": paginator,
        "page": page,
        "grouped": shared.grouped(rows, all_groups, links, dates),
        "dates": dates,
    }
    return shared.finish(request, resolution, is_front, form, parts)


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


def front_jinja2_lean(request: HttpRequest) -> HttpResponse:
    resolution = Resolution.objects.current()
    context = lean_context(request, resolution, is_front=True)
    return render(request, "proto_jinja2/progress.html", context, using="jinja2")


def front_django_lean(request: HttpRequest) -> HttpResponse:
    resolution = Resolution.objects.current()
    context = lean_context(request, resolution, is_front=True)
    return render(request, "proto_django/progress.html", context)
