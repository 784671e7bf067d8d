"""Recommendations in the admin: officials read their own, coordinators edit."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Subquery
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from resolution_portal.admin_ui import PlainTextFieldsMixin, PlainTitlesMixin

from ..documents.exchange import RecommendationExchangeMixin
from ..models import Assignment, Recommendation, StatusUpdate
from ..selectors import visible_status_updates
from .deadline import DeadlineChangeInline
from .decisions import RecommendationDecisionsMixin
from .display import (
    full_on_hover,
    progress_bar,
    short_date,
    state_badge,
    status_badge,
)
from .filters import AttentionFilter, ResolutionFilter, ResponsibleOrganisationFilter
from .forms import RecommendationForm
from .mixins import ScopedAdminMixin


class NamedRowsFormSet(BaseInlineFormSet):
    """Each row's checkboxes say what they are to a screen reader: a table
    names them only by its column headings."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "is_lead" in form.fields:
            form.fields["is_lead"].widget.attrs["aria-label"] = capfirst(
                form.fields["is_lead"].label
            )
        if DELETION_FIELD_NAME in form.fields:
            form.fields[DELETION_FIELD_NAME].widget.attrs["aria-label"] = _(
                "Delete this row"
            )


class AssignmentInline(admin.TabularInline):
    model = Assignment
    formset = NamedRowsFormSet
    extra = 0
    min_num = 0
    autocomplete_fields = ["organisation"]
    verbose_name = gettext_lazy("responsible organisation")
    verbose_name_plural = gettext_lazy("responsible organisations")


class TimelineInline(admin.TabularInline):
    """The item's reports, newest fact first: read-only, as history is."""

    model = StatusUpdate
    fk_name = "recommendation"
    extra = 0
    can_delete = False
    verbose_name = gettext_lazy("report")
    verbose_name_plural = gettext_lazy("reports")
    fields = ["report_link", "organisation", "status_label", "progress", "state_label"]
    readonly_fields = fields

    def get_queryset(self, request):
        # What the visitor may read; a link to the reports they may open.
        own = StatusUpdate.objects.for_user(request.user)
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=visible_status_updates(request.user).values("pk"))
            .annotate(is_mine=Exists(own.filter(pk=OuterRef("pk"))))
            .select_related("organisation")
            .timeline()
        )

    @admin.display(description=gettext_lazy("facts as of"))
    def report_link(self, obj: StatusUpdate) -> str:
        if not obj.is_mine:
            return short_date(obj.reported_on)
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:recommendations_statusupdate_change", args=[obj.pk]),
            short_date(obj.reported_on),
        )

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("status"))
    def status_label(self, obj: StatusUpdate) -> str:
        return status_badge(obj.status, obj.get_status_display())

    @admin.display(description=gettext_lazy("review state"))
    def state_label(self, obj: StatusUpdate) -> str:
        return state_badge(obj.state, obj.get_state_display())


@admin.register(Recommendation)
class RecommendationAdmin(
    RecommendationDecisionsMixin,
    RecommendationExchangeMixin,
    PlainTextFieldsMixin,
    PlainTitlesMixin,
    ScopedAdminMixin,
    SimpleHistoryAdmin,
):
    form = RecommendationForm
    change_form_template = "admin/recommendations/recommendation/change_form.html"

    class Media:
        js = ["recommendations/autocomplete_names.js"]

    object_history_template = "admin/recommendations/recommendation/history.html"
    list_display = [
        "number",
        "text_column",
        "lead_column",
        "due_column",
        "status_column",
        "reported_column",
        "attention_column",
    ]
    list_display_links = ["number", "text_column"]
    list_filter = [
        AttentionFilter,
        "status",
        ResponsibleOrganisationFilter,
        ResolutionFilter,
        "group",
    ]
    list_select_related = ["resolution", "group"]
    search_fields = ["number", "text"]
    list_per_page = 50
    inlines = [AssignmentInline, DeadlineChangeInline, TimelineInline]
    readonly_fields = [
        "original_due_on",
        "status",
        "progress",
        "status_reported_on",
        "withdrawal_reason",
        "withdrawal_basis",
    ]
    fieldsets = [
        (None, {"fields": ["resolution", "group", "number", "order", "text"]}),
        (
            gettext_lazy("Deadline"),
            {"fields": ["due_on", "original_due_on", "is_continuous"]},
        ),
        (
            gettext_lazy("Reporting schedule"),
            {"fields": ["report_frequency", "report_due_day"]},
        ),
        (
            gettext_lazy("Current state (changes only when a report is published)"),
            {
                "fields": [
                    "status",
                    "progress",
                    "status_reported_on",
                    "withdrawal_reason",
                    "withdrawal_basis",
                ]
            },
        ),
        (None, {"fields": ["seen_version"], "classes": ["hidden"]}),
    ]

    def get_queryset(self, request):
        lead = Assignment.objects.filter(recommendation=OuterRef("pk"), is_lead=True)
        return (
            super()
            .get_queryset(request)
            .for_user(request.user)
            .with_current_state()
            .annotate(
                lead_name=Subquery(lead.values("organisation__short_name")[:1]),
                lead_full_name=Subquery(lead.values("organisation__name")[:1]),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        # A deadline once set moves only by a recorded change («Change the
        # deadline»), never by editing the field.
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.due_on is not None:
            fields.append("due_on")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            # Nothing to guard when nothing can be saved.
            return [fs for fs in fieldsets if fs[1]["fields"] != ["seen_version"]]
        return fieldsets

    def object_title(self, obj: Recommendation) -> str:
        return _("Recommendation %(number)s") % {"number": obj.number}

    def save_model(self, request, obj, form, change) -> None:
        if change:
            obj.version = form.next_version
        if obj.original_due_on is None:
            obj.original_due_on = obj.due_on  # the first deadline set
        super().save_model(request, obj, form, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_report"] = request.user.has_perm(
            "recommendations.add_statusupdate"
        )
        recommendation = self.get_object(request, object_id)
        extra_context.update(self.decision_links(request, recommendation))
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        recommendation = self.get_object(request, object_id)
        assignments = (
            Assignment.history.filter(recommendation_id=recommendation.pk)
            .select_related("history_user", "organisation")
            .order_by("-history_date")
        )
        extra_context = (extra_context or {}) | {"assignment_history": assignments}
        return super().history_view(request, object_id, extra_context)

    @admin.display(description=gettext_lazy("text"))
    def text_column(self, obj: Recommendation) -> str:
        return full_on_hover(obj.text)

    @admin.display(description=gettext_lazy("lead executor"))
    def lead_column(self, obj: Recommendation) -> str:
        return obj.lead_name or obj.lead_full_name or "—"

    @admin.display(description=gettext_lazy("due on"), ordering="due_on")
    def due_column(self, obj: Recommendation) -> str:
        return short_date(obj.due_on)

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_column(self, obj: Recommendation) -> str:
        return format_html(
            "{}<div>{}</div>",
            status_badge(obj.status, obj.get_status_display()),
            progress_bar(obj.progress),
        )

    @admin.display(
        description=gettext_lazy("last report"), ordering="status_reported_on"
    )
    def reported_column(self, obj: Recommendation) -> str:
        return short_date(obj.status_reported_on)

    @admin.display(description=gettext_lazy("attention"))
    def attention_column(self, obj: Recommendation) -> str:
        flags = []
        if obj.is_overdue:
            flags.append(state_badge("overdue", _("Overdue")))
        if obj.is_stale:
            flags.append(state_badge("stale", _("No fresh report")))
        return format_html(" ".join(["{}"] * len(flags)), *flags) if flags else "—"
