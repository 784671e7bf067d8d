"""The outbox for coordinators: what was sent to whom, what waits, what failed.

Read-only: a message is the record of what the portal said. Undelivered ones
can be given another set of attempts (an action, with its own permission).
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import MessageState, OutboxMessage
from .services import message_retry


def _short_time(moment) -> str:
    return date_format(timezone.localtime(moment), "d.m.Y H:i")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "state_and_time",
        "recipients",
        "subject",
        "attempts",
        "last_error",
    ]
    list_filter = ["state", "created_at"]
    search_fields = ["subject", "to", "cc"]
    date_hierarchy = "created_at"
    list_per_page = 50
    show_full_result_count = False
    actions = ["retry"]
    fields = [
        "state",
        "recipients",
        "subject",
        "text",
        "created_at",
        "attempts",
        "next_attempt_at",
        "claimed_until",
        "sent_at",
        "last_error",
        "dedupe_key",
    ]
    readonly_fields = fields

    @admin.display(description=_("state"), ordering="state")
    def state_and_time(self, message: OutboxMessage) -> str:
        """The state, with when it was sent or when it is tried next."""
        if message.state == MessageState.SENT and message.sent_at:
            when = _short_time(message.sent_at)
        elif message.state == MessageState.PENDING and message.attempts:
            when = _("next attempt %(time)s") % {
                "time": _short_time(message.next_attempt_at)
            }
        else:
            return message.get_state_display()
        return format_html("{}<br><small>{}</small>", message.get_state_display(), when)

    @admin.display(description=_("recipients"))
    def recipients(self, message: OutboxMessage) -> str:
        if message.cc:
            return _("%(to)s; copy: %(cc)s") % {
                "to": ", ".join(message.to),
                "cc": ", ".join(message.cc),
            }
        return ", ".join(message.to)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("outbox.retry_outboxmessage")

    @admin.action(
        description=_("Send the selected undelivered e-mails again"),
        permissions=["retry"],
    )
    def retry(self, request: HttpRequest, queryset: QuerySet) -> None:
        skipped = queryset.exclude(state=MessageState.FAILED).count()
        retried = message_retry(messages=queryset)
        if retried:
            self.message_user(
                request,
                ngettext(
                    "%(count)s e-mail will be sent again.",
                    "%(count)s e-mails will be sent again.",
                    retried,
                )
                % {"count": retried},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                _("Only undelivered e-mails are sent again; the others were left."),
                messages.WARNING,
            )

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # «Select e-mail to change» reads badly in Russian and nothing changes here.
        title = capfirst(self.opts.verbose_name_plural)
        return super().changelist_view(
            request, {"title": title} | (extra_context or {})
        )

    def change_view(
        self, request: HttpRequest, object_id, form_url="", extra_context=None
    ):
        obj = self.get_object(request, object_id)
        extra = {"title": str(obj)} if obj is not None else {}
        return super().change_view(
            request, object_id, form_url, extra | (extra_context or {})
        )
