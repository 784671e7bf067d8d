"""Deadline changes in the admin: the coordinators' queue of requests and the
record of every change. Nothing here is edited; decisions are the services'."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolution_portal.admin_ui import PlainTitlesMixin

from ..models import DeadlineChange, DeadlineChangeState
from ..permissions import can_decide_deadlines
from ..services import deadline_decide
from .decision_forms import DeadlineDecisionForm
from .decisions import decision_page, refusal_to_form
from .display import short_date, state_badge
from .mixins import ScopedAdminMixin


class DeadlineChangeInline(admin.StackedInline):
    """The item's deadline changes on its page: read-only, as history is; one
    block each, so that a phone reads them without scrolling sideways."""

    model = DeadlineChange
    extra = 0
    can_delete = False
    fields = [
        "state",
        "previous_due_on",
        "new_due_on",
        "justification",
        "basis",
        "decided_at",
    ]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("deadline changes")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DeadlineChange)
class DeadlineChangeAdmin(PlainTitlesMixin, ScopedAdminMixin, admin.ModelAdmin):
    change_form_template = "admin/recommendations/deadlinechange/change_form.html"
    list_display = [
        "recommendation_number",
        "state_column",
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

    def get_urls(self):
        return [
            path(
                "<path:object_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="recommendations_deadlinechange_decide",
            )
        ] + super().get_urls()

    def object_title(self, obj: DeadlineChange) -> str:
        return _("Deadline change of recommendation %(number)s") % {
            "number": obj.recommendation.number
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self.get_object(request, object_id)
        extra_context = (extra_context or {}) | {
            "can_decide": can_decide_deadlines(request.user)
            and change.state == DeadlineChangeState.PENDING
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_view(self, request, object_id) -> HttpResponse:
        change = self.get_object(request, object_id)
        if not can_decide_deadlines(request.user):
            raise PermissionDenied
        if change.state != DeadlineChangeState.PENDING:
            self.message_user(
                request, _("This request has already been decided."), messages.WARNING
            )
            return redirect("admin:recommendations_deadlinechange_changelist")
        form = DeadlineDecisionForm(request.POST or None)
        if form.is_valid():
            try:
                deadline_decide(change=change, user=request.user, **form.cleaned_data)
            except ValidationError as refusal:
                refusal_to_form(form, refusal, {"decision_note": "note"})
            else:
                self.message_user(
                    request,
                    _("The decision is recorded; the official is told by e-mail."),
                    messages.SUCCESS,
                )
                return redirect("admin:recommendations_deadlinechange_changelist")
        context = {
            "recommendation": change.recommendation,
            "change": change,
            "submit_label": _("Record the decision"),
            "back_url": "../change/",
        }
        return decision_page(
            request,
            self,
            title=_("Decision on the request"),
            form=form,
            context=context,
        )

    @admin.display(description=gettext_lazy("decision"), ordering="state")
    def state_column(self, obj: DeadlineChange) -> str:
        return state_badge(obj.state, obj.get_state_display())

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
