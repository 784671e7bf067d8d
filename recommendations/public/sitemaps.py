"""Sitemaps of the public pages, in Russian and English."""

import datetime
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from stakeholders.models import Organisation

from ..models import Recommendation, Resolution
from ..selectors import public_organisations
from .links import portal_domain, portal_scheme, portal_url


class _Public(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    # The framework would take both from the request (see links.py).
    @property
    def protocol(self) -> str:
        return portal_scheme()

    def get_domain(self, site=None) -> str:
        return portal_domain()


class SectionSitemap(_Public):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> list[str]:
        return [
            "recommendations:progress",
            "recommendations:resolutions",
            "recommendations:organisations",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class ResolutionSitemap(_Public):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Resolution.objects.published().only("slug").order_by("id")


class RecommendationSitemap(_Public):
    changefreq = "monthly"
    limit = 2000

    def __init__(self) -> None:
        self._prefixes: dict[str, str] = {}

    def location(self, item: Recommendation) -> str:
        # Thousands of addresses a page: resolve the path once per language.
        language = get_language()
        if language not in self._prefixes:
            self._prefixes[language] = reverse(
                "recommendations:recommendation", args=[0]
            )[: -len("0/")]
        return f"{self._prefixes[language]}{item.pk}/"

    def items(self):
        return (
            Recommendation.objects.published()
            .only("id", "status_reported_on")
            .order_by("id")
        )

    def lastmod(self, item: Recommendation) -> datetime.date | None:
        return item.status_reported_on


class OrganisationSitemap(_Public):
    changefreq = "monthly"

    def items(self):
        return public_organisations().distinct().only("slug").order_by("id")

    def location(self, item: Organisation) -> str:
        return reverse("recommendations:organisation", args=[item.slug])


SITEMAPS = {
    "pages": SectionSitemap,
    "resolutions": ResolutionSitemap,
    "recommendations": RecommendationSitemap,
    "organisations": OrganisationSitemap,
}


@require_GET
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """Django's index, its links moved from the request's host to the portal's."""
    response = sitemap_views.index(
        request, SITEMAPS, sitemap_url_name="sitemap_section"
    )
    for entry in response.context_data["sitemaps"]:
        parts = urlsplit(entry.location)
        query = f"?{parts.query}" if parts.query else ""
        entry.location = portal_url(parts.path + query)
    return response


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Everything public may be indexed; the staff side may not."""
    sitemap = portal_url(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Allow: /", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
