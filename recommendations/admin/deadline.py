"""Deadline changes in the admin: the coordinators' queue of requests and the
record of every change. Nothing here is edited; decisions are the services'."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from resolution_portal.admin_ui import PlainTitlesMixin

from ..models import DeadlineChange
from .display import short_date
from .mixins import ScopedAdminMixin


@admin.register(DeadlineChange)
class DeadlineChangeAdmin(PlainTitlesMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "recommendation_number",
        "state",
        "kind",
        "previous_column",
        "proposed_column",
        "new_column",
        "requested_by",
        "requested_at",
    ]
    list_filter = ["state", "kind"]
    list_select_related = ["recommendation", "requested_by"]
    search_fields = ["recommendation__number", "justification", "basis"]
    list_per_page = 50
    fields = [
        "recommendation",
        "kind",
        "state",
        "previous_due_on",
        "proposed_due_on",
        "new_due_on",
        "justification",
        "basis",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
        "decision_note",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(
        description=gettext_lazy("recommendation"), ordering="recommendation__number"
    )
    def recommendation_number(self, obj: DeadlineChange) -> str:
        return obj.recommendation.number

    @admin.display(description=gettext_lazy("deadline before"))
    def previous_column(self, obj: DeadlineChange) -> str:
        return short_date(obj.previous_due_on)

    @admin.display(description=gettext_lazy("proposed deadline"))
    def proposed_column(self, obj: DeadlineChange) -> str:
        return short_date(obj.proposed_due_on)

    @admin.display(description=gettext_lazy("new deadline"))
    def new_column(self, obj: DeadlineChange) -> str:
        return short_date(obj.new_due_on)
