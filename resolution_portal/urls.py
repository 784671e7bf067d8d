from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from recommendations import evidence
from resolution_portal.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("evidence/<int:pk>/", evidence.evidence_file, name="evidence"),
]
urlpatterns += i18n_patterns(
    path("", include("recommendations.urls")),
    prefix_default_language=False,
)
