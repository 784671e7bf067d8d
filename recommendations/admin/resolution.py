from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy

from resolution_portal.admin_ui import PlainTitlesMixin

from ..models import Resolution


@admin.register(Resolution)
class ResolutionAdmin(PlainTitlesMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "adopted_on",
        "place",
        "recommendation_count",
        "is_published",
    ]
    list_filter = ["is_published"]
    search_fields = ["title", "event"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "adopted_on"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "event",
                    "adopted_on",
                    "place",
                    "slug",
                    "preamble",
                    "source_url",
                    "is_published",
                ]
            },
        ),
        (
            gettext_lazy("Reporting schedule"),
            {
                "fields": ["report_frequency", "report_due_day"],
                "description": gettext_lazy(
                    "The default for every recommendation of the resolution; a "
                    "recommendation may set its own."
                ),
            },
        ),
    ]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(recommendation_total=Count("recommendations"))
        )

    @admin.display(description=gettext_lazy("recommendations"))
    def recommendation_count(self, obj: Resolution) -> int:
        return obj.recommendation_total
