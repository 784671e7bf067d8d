from django.contrib import admin

from .admin_exchange import RecommendationExchangeMixin, StatusUpdateExchangeMixin
from .models import Recommendation, StatusUpdate

# --- Minimal registrations for spreadsheet exchange ------------------------------
# To be replaced by the full admin classes; these keep only the officials'
# scoping that import and export rely on. All exchange behaviour is in the mixins.


@admin.register(Recommendation)
class RecommendationAdmin(RecommendationExchangeMixin, admin.ModelAdmin):
    list_display = ["number", "short_text", "status", "progress"]

    def get_queryset(self, request):
        return Recommendation.objects.for_user(request.user)


@admin.register(StatusUpdate)
class StatusUpdateAdmin(StatusUpdateExchangeMixin, admin.ModelAdmin):
    list_display = ["recommendation", "organisation", "status", "reported_on", "state"]
    list_select_related = ["recommendation", "organisation"]

    def get_queryset(self, request):
        return StatusUpdate.objects.for_user(request.user)


# --- end of the minimal registrations ---------------------------------------------
