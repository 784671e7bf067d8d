from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from recommendations.documents import views as reports
from recommendations.public import evidence, opendata
from recommendations.public.sitemaps import SITEMAPS, robots_txt, sitemap_index
from resolution_portal.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("evidence/<int:pk>/", evidence.evidence_file, name="evidence"),
    # Open data and sitemaps are the same in every language: no prefix.
    path(
        "opendata/recommendations.json",
        opendata.recommendations_json,
        name="opendata_json",
    ),
    path(
        "opendata/recommendations.csv",
        opendata.recommendations_csv,
        name="opendata_csv",
    ),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    # Staff reports: files and a form, the same in every language.
    path("reports/", reports.index, name="reports"),
    path("reports/progress.xlsx", reports.progress_xlsx, name="progress_xlsx"),
    path("reports/progress.docx", reports.progress_docx, name="progress_docx"),
]
urlpatterns += i18n_patterns(
    path("", include("recommendations.public.urls")),
    prefix_default_language=False,
)
