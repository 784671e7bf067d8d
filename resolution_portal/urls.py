from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from recommendations import reports, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Staff reports: files and a form, the same in every language.
    path("reports/", reports.index, name="reports"),
    path("reports/progress.xlsx", reports.progress_xlsx, name="progress_xlsx"),
]
urlpatterns += i18n_patterns(
    path("", include("recommendations.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
