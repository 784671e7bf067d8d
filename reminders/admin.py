"""The record of reminders: coordinators see all of it, officials their own.

Read-only: a reminder is the record of what the portal told whom.
"""

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "when",
        "recipient",
        "item",
        "kind",
        "period",
        "delivery",
    ]
    list_filter = ["kind", "sent_at"]
    search_fields = ["recommendation__number", "recipient__username", "period"]
    date_hierarchy = "sent_at"
    list_per_page = 100
    show_full_result_count = False
    list_select_related = ["recipient", "recommendation", "message"]
    fields = ["sent_at", "recipient", "recommendation", "kind", "period", "message"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).for_user(request.user)

    @admin.display(description=_("sent at"), ordering="sent_at")
    def when(self, reminder: Reminder) -> str:
        return date_format(timezone.localtime(reminder.sent_at), "d.m.Y H:i")

    @admin.display(description=_("recommendation"), ordering="recommendation__number")
    def item(self, reminder: Reminder) -> str:
        return reminder.recommendation.number if reminder.recommendation else "—"

    @admin.display(description=_("e-mail message"))
    def delivery(self, reminder: Reminder) -> str:
        if reminder.message is None:
            return "—"
        return reminder.message.get_state_display()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        title = capfirst(self.opts.verbose_name_plural)
        return super().changelist_view(
            request, {"title": title} | (extra_context or {})
        )
