from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from stakeholders.models import AddresseeGroup, Organisation

from ..discipline import (
    Discipline,
    organisation_discipline,
    organisations_discipline,
    total,
)
from ..models import (
    Assignment,
    Recommendation,
    Resolution,
    StatusUpdate,
    progress_aggregates,
)
from ..selectors import public_organisations
from . import charts
from .filters import RecommendationFilterForm, filter_recommendations

# The contract asks for at least 50 recommendations to a page.
PAGE_SIZE = 50
ORGANISATION_PAGE_SIZE = 100


def _page(request: HttpRequest, queryset, size: int = PAGE_SIZE) -> Page:
    """A page of the list; a bad or too large number gives the nearest page."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _with_organisations(queryset):
    """Responsible organisations of each recommendation, the lead first."""
    return queryset.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("organisation"),
        )
    )


def _group_progress(resolution: Resolution, groups: list[AddresseeGroup]) -> list:
    by_id = {group.pk: group for group in groups}
    return [
        (by_id[row["group"]], row)
        for row in resolution.recommendations.summary_by_group()
        if row["group"] in by_id
    ]


def _resolution_page(
    request: HttpRequest, resolution: Resolution, *, is_front: bool = False
) -> HttpResponse:
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
        .with_deadlines()
        .select_related("group")
        .order_by("group__order", "group__name", "order", "id"),
        form.active,
    )
    return render(
        request,
        "recommendations/progress.html",
        {
            "resolution": resolution,
            "is_front": is_front,
            "summary": resolution.recommendations.summary(),
            "group_progress": _group_progress(resolution, groups),
            "form": form,
            "is_filtered": bool(form.active),
            "page": _page(request, _with_organisations(recommendations)),
        },
    )


@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    resolution = Resolution.objects.current()
    if resolution is None:
        return render(request, "recommendations/empty.html")
    return _resolution_page(request, resolution, is_front=True)


@require_GET
def resolution(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Resolution.objects.published(), slug=slug)
    return _resolution_page(request, found)


@require_GET
def resolution_list(request: HttpRequest) -> HttpResponse:
    resolutions = (
        Resolution.objects.published().with_progress().order_by("-adopted_on", "-id")
    )
    return render(
        request,
        "recommendations/resolutions.html",
        {"page": _page(request, resolutions)},
    )


@require_GET
def progress_chart(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Resolution.objects.published(), slug=slug)
    layout = charts.NARROW if request.GET.get("size") == "narrow" else charts.WIDE
    geometry = charts.chart_geometry(charts.progress_series(found), layout)
    return render(
        request,
        "recommendations/chart.svg",
        {"resolution": found, **geometry},
        content_type="image/svg+xml; charset=utf-8",
    )


@require_GET
def recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Recommendation.objects.published()
        .with_current_state()
        .with_deadlines()
        .select_related("resolution", "group"),
        pk=pk,
    )
    moves = found.deadline_changes.approved().order_by("decided_at", "id")
    updates = (
        StatusUpdate.objects.published()
        .filter(recommendation=found)
        .select_related("organisation")
        .timeline()
    )
    assignments = found.assignments.select_related("organisation")
    return render(
        request,
        "recommendations/recommendation.html",
        {
            "recommendation": found,
            "page": _page(request, updates),
            "assignments": assignments,
            "deadline_moves": moves,
        },
    )


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    # Filtering before annotating confines the figures to published resolutions.
    organisations = (
        public_organisations()
        .annotate(
            **progress_aggregates(timezone.localdate(), prefix="recommendations__")
        )
        .select_related("group")
        .order_by("group__order", "group__name", "name")
    )
    page = _page(request, organisations, ORGANISATION_PAGE_SIZE)
    figures = organisations_discipline(page.object_list, today=timezone.localdate())
    for listed in page.object_list:
        listed.discipline = figures.get(listed, Discipline())
    return render(request, "recommendations/organisations.html", {"page": page})


@require_GET
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(
        public_organisations().distinct().select_related("group"), slug=slug
    )
    responsibilities = Recommendation.objects.published().filter(
        assignments__organisation=found
    )
    leads = Assignment.objects.filter(
        recommendation=OuterRef("pk"), organisation=found, is_lead=True
    )
    listed = (
        responsibilities.with_current_state()
        .with_deadlines()
        .annotate(is_lead=Exists(leads))
        .select_related("resolution", "group")
        .order_by("-resolution__adopted_on", "resolution_id", "order", "id")
    )
    by_resolution = organisation_discipline(
        found, responsibilities, today=timezone.localdate()
    )
    return render(
        request,
        "recommendations/organisation.html",
        {
            "organisation": found,
            "summary": responsibilities.summary(),
            "discipline": total(figure for _, figure in by_resolution),
            "discipline_by_resolution": by_resolution,
            "page": _page(request, listed),
        },
    )
