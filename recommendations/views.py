from itertools import groupby

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import Recommendation, Resolution, StatusUpdate


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def _resolution_page(request: HttpRequest, resolution: Resolution) -> HttpResponse:
    recommendations = (
        Recommendation.objects.filter(resolution=resolution)
        .with_current_state()
        .select_related("group")
        .order_by("group__order", "order", "id")
    )
    groups = [
        (group, list(items))
        for group, items in groupby(recommendations, key=lambda r: r.group)
    ]
    return render(
        request,
        "recommendations/progress.html",
        {
            "resolution": resolution,
            "summary": resolution.recommendations.summary(),
            "groups": groups,
        },
    )


@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    resolution = Resolution.objects.current()
    if resolution is None:
        return render(request, "recommendations/empty.html")
    return _resolution_page(request, resolution)


@require_GET
def resolution(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Resolution.objects.published(), slug=slug)
    return _resolution_page(request, found)


@require_GET
def recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Recommendation.objects.published()
        .with_current_state()
        .select_related("resolution", "group"),
        pk=pk,
    )
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
        {"recommendation": found, "updates": updates, "assignments": assignments},
    )
