"""The admin where officials report and coordinators review.

Every list, form, filter, search, autocomplete and URL goes through
`get_queryset`, scoped by the QuerySets' `for_user`: an official sees the
recommendations of their organisations and the updates those organisations
made, and another organisation's item opened by URL is a 404.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from stakeholders.admin import PlainTitlesMixin
from stakeholders.models import Organisation

from ..documents.exchange import RecommendationExchangeMixin, StatusUpdateExchangeMixin
from ..models import (
    Assignment,
    Recommendation,
    Resolution,
    ReviewState,
    StatusUpdate,
    stale_before,
)
from ..services import (
    REPORT_FIELDS,
    can_review,
    status_update_publish,
    status_update_return,
    status_update_revise,
    status_update_submit,
)
from .forms import RecommendationForm, ReturnForm, StatusUpdateForm

admin.site.site_header = gettext_lazy("Resolution Portal — administration")
admin.site.site_title = gettext_lazy("Resolution Portal")
admin.site.index_title = gettext_lazy("Reports and review")
admin.site.site_url = "/"
# The start page and the breadcrumbs lead everywhere; the width goes to the lists.
admin.site.enable_nav_sidebar = False


# --- shared pieces ---------------------------------------------------------------


def status_badge(value: str, label: str) -> str:
    return format_html('<span class="pr-badge pr-status-{}">{}</span>', value, label)


def state_badge(value: str, label: str) -> str:
    return format_html('<span class="pr-badge pr-state-{}">{}</span>', value, label)


def progress_bar(progress: int) -> str:
    return format_html(
        '<span class="pr-progress" title="{0}%"><span style="width:{0}%"></span>'
        "</span> {0}%",
        progress,
    )


def short_date(day) -> str:
    return f"{day:%d.%m.%Y}" if day else "—"


class ScopedAdminMixin:
    """An object outside the visitor's scope is a 404, not a redirect that
    confirms it exists."""

    def get_object(self, request: HttpRequest, object_id: str, from_field=None):
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404(_("Not found."))
        return found

    def history_view(self, request, object_id, extra_context=None):
        # Checked before the history is read: the history of an item outside
        # the scope must not be reachable through the deleted-object fallback.
        self.get_object(request, object_id)
        return super().history_view(request, object_id, extra_context)


class ResponsibleOrganisationFilter(admin.SimpleListFilter):
    """Organisations to filter by: an official's own, or all for a coordinator."""

    title = gettext_lazy("organisation")
    parameter_name = "organisation"
    lookup = "assignments__organisation"

    def lookups(self, request, model_admin):
        organisations = Organisation.objects.all()
        if not can_review(request.user):
            organisations = organisations.of_user(request.user)
        return [(str(o.pk), o.display_name) for o in organisations]

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        return queryset.filter(**{self.lookup: value}).distinct()


class ReportingOrganisationFilter(ResponsibleOrganisationFilter):
    lookup = "organisation"


class AttentionFilter(admin.SimpleListFilter):
    """What needs a report: overdue items and items with no fresh report."""

    title = gettext_lazy("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("stale", _("No report in the reporting period")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "stale":
            return queryset.stale()
        return queryset


# --- resolutions and recommendations ------------------------------------------


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


class AssignmentInline(admin.TabularInline):
    model = Assignment
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
        # Published reports are public; unpublished ones only for their own.
        visible = StatusUpdate.objects.for_user(request.user)
        return (
            super()
            .get_queryset(request)
            .filter(Q(pk__in=visible.values("pk")) | Q(state=ReviewState.PUBLISHED))
            .annotate(is_mine=Exists(visible.filter(pk=OuterRef("pk"))))
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
    RecommendationExchangeMixin, PlainTitlesMixin, ScopedAdminMixin, SimpleHistoryAdmin
):
    form = RecommendationForm
    change_form_template = "admin/recommendations/recommendation/change_form.html"
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
        "resolution",
        "group",
    ]
    list_select_related = ["resolution", "group"]
    search_fields = ["number", "text"]
    list_per_page = 50
    inlines = [AssignmentInline, TimelineInline]
    readonly_fields = ["status", "progress", "status_reported_on"]
    fieldsets = [
        (None, {"fields": ["resolution", "group", "number", "order", "text"]}),
        (gettext_lazy("Deadline"), {"fields": ["due_on", "is_continuous"]}),
        (
            gettext_lazy("Current state (changes only when a report is published)"),
            {"fields": ["status", "progress", "status_reported_on"]},
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
        super().save_model(request, obj, form, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_report"] = request.user.has_perm(
            "recommendations.add_statusupdate"
        )
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
        return obj.short_text

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


# --- status updates: reporting and review ------------------------------------


class ResolutionOfUpdateFilter(admin.SimpleListFilter):
    title = gettext_lazy("resolution")
    parameter_name = "resolution"

    def lookups(self, request, model_admin):
        return [(str(r.pk), r.title) for r in Resolution.objects.all()]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(recommendation__resolution=value)
        return queryset


class GroupOfUpdateFilter(admin.SimpleListFilter):
    title = gettext_lazy("addressee group")
    parameter_name = "group"

    def lookups(self, request, model_admin):
        from stakeholders.models import AddresseeGroup

        return [(str(g.pk), g.name) for g in AddresseeGroup.objects.all()]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(recommendation__group=value)
        return queryset


# Submitted first (the queue), then returned, then the published history.
REVIEW_ORDER = Case(
    When(state=ReviewState.SUBMITTED, then=0),
    When(state=ReviewState.RETURNED, then=1),
    default=2,
    output_field=IntegerField(),
)


@admin.register(StatusUpdate)
class StatusUpdateAdmin(
    StatusUpdateExchangeMixin, PlainTitlesMixin, ScopedAdminMixin, admin.ModelAdmin
):
    form = StatusUpdateForm
    change_form_template = "admin/recommendations/statusupdate/change_form.html"
    change_list_template = "admin/recommendations/statusupdate/change_list.html"
    list_display = [
        "recommendation_number",
        "state_column",
        "recommendation_text",
        "organisation_column",
        "report_column",
        "reported_on_column",
    ]
    list_display_links = ["recommendation_number", "recommendation_text"]
    list_filter = [
        "state",
        ReportingOrganisationFilter,
        ResolutionOfUpdateFilter,
        GroupOfUpdateFilter,
        "status",
    ]
    list_select_related = ["recommendation", "organisation", "author"]
    search_fields = ["recommendation__number", "recommendation__text", "comment"]
    autocomplete_fields = ["recommendation"]
    list_per_page = 50
    actions = ["publish", "return_for_revision"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # --- who may do what

    def get_queryset(self, request):
        # Annotated before ordering: the default order is the annotation.
        return (
            StatusUpdate.objects.for_user(request.user)
            .annotate(review_order=REVIEW_ORDER)
            .order_by(*self.get_ordering(request))
        )

    def get_ordering(self, request):
        return ["review_order", "-created_at", "-id"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # history is append-only

    def has_change_permission(self, request, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        if obj.state == ReviewState.PUBLISHED:
            return False
        if can_review(request.user):
            # A coordinator reviews others' reports and edits only their own.
            return obj.author_id == request.user.pk
        return (
            Organisation.objects.of_user(request.user)
            .filter(pk=obj.organisation_id)
            .exists()
        )

    def has_publish_permission(self, request) -> bool:
        return can_review(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # --- the form

    def _own_organisations(self, request) -> list[Organisation]:
        if not hasattr(request, "_own_organisations"):
            request._own_organisations = list(
                Organisation.objects.of_user(request.user)
            )
        return request._own_organisations

    def _fixed_organisation(self, request, obj=None) -> Organisation | None:
        """An official of a single organisation reports for it without choosing."""
        own = self._own_organisations(request)
        if not can_review(request.user) and len(own) == 1:
            return own[0]
        return None

    def get_fieldsets(self, request, obj=None):
        report = [
            "recommendation",
            "organisation",
            "status",
            "progress",
            "reported_on",
            "comment",
        ]
        if self._fixed_organisation(request, obj) is not None:
            report.remove("organisation")
        evidence = ["evidence_url", "evidence_file"]
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only: link through the access-checked view, not the storage.
            evidence = ["evidence_url", "evidence_file_link"]
        fieldsets = []
        if obj is not None and obj.review_note:
            title = (
                _("Coordinator's note")
                if obj.state == ReviewState.RETURNED
                else _(
                    "Coordinator's note on return (the report has been corrected since)"
                )
            )
            fieldsets.append(
                (
                    title,
                    {"fields": ["review_note_box"], "classes": ["pr-note"]},
                )
            )
        fieldsets += [
            (None, {"fields": report}),
            (
                _("Evidence"),
                {
                    "fields": evidence,
                    "description": _(
                        "A report marked «Done» needs evidence: a link, a file or "
                        "a comment naming the document."
                    ),
                },
            ),
        ]
        if obj is not None:
            fieldsets.append(
                (
                    _("Review"),
                    {
                        "fields": [
                            "state_label",
                            "author_column",
                            "created_at",
                            "reviewer_column",
                            "reviewed_at",
                        ]
                    },
                )
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        review = [
            "evidence_file_link",
            "review_note_box",
            "state_label",
            "author_column",
            "created_at",
            "reviewer_column",
            "reviewed_at",
        ]
        if obj is not None:
            # The item a report is about never changes.
            review.append("recommendation")
        return review

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # A subclass per request: the class attributes never leak between users.
        return type(
            form.__name__,
            (form,),
            {
                "user": request.user,
                "fixed_organisation": self._fixed_organisation(request, obj),
            },
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "recommendation":
            kwargs["queryset"] = Recommendation.objects.for_user(request.user)
        elif db_field.name == "organisation":
            organisations = Organisation.objects.all()
            if not can_review(request.user):
                organisations = organisations.of_user(request.user)
            kwargs["queryset"] = organisations
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request) -> dict:
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("reported_on", timezone.localdate())
        recommendation = request.GET.get("recommendation", "")
        if recommendation.isdigit():
            # The lead first: a coordinator reporting is usually told by the lead.
            responsible = (
                Assignment.objects.filter(recommendation=recommendation)
                .filter(
                    recommendation__in=Recommendation.objects.for_user(request.user)
                )
                .order_by("-is_lead", "organisation__name")
            )
            if not can_review(request.user):
                responsible = responsible.filter(
                    organisation__memberships__user=request.user
                )
            first = responsible.first()
            if first is not None:
                initial.setdefault("organisation", first.organisation_id)
        return initial

    def save_model(self, request, obj, form, change) -> None:
        if change:
            saved = status_update_revise(
                update=obj,
                author=request.user,
                **{f: getattr(obj, f) for f in (*REPORT_FIELDS, "organisation")},
            )
        else:
            saved = status_update_submit(
                recommendation=obj.recommendation,
                organisation=form.fixed_organisation or obj.organisation,
                author=request.user,
                status=obj.status,
                progress=obj.progress,
                reported_on=obj.reported_on,
                comment=obj.comment,
                evidence_url=obj.evidence_url,
                evidence_file=form.cleaned_data.get("evidence_file") or None,
                publish="_publish" in request.POST and can_review(request.user),
            )
        # The admin goes on with the object it passed in: make it the saved one.
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False

    def object_title(self, obj: StatusUpdate) -> str:
        return _("Report on recommendation %(number)s") % {
            "number": obj.recommendation.number
        }

    def _after_save(self, request, obj) -> HttpResponse:
        if obj.state == ReviewState.PUBLISHED:
            message = _("The report on recommendation %(number)s is published.")
        else:
            message = _(
                "The report on recommendation %(number)s is sent for review. "
                "It will be shown to the public once a coordinator publishes it."
            )
        self.message_user(
            request, message % {"number": obj.recommendation.number}, messages.SUCCESS
        )
        return redirect("admin:recommendations_statusupdate_changelist")

    def response_add(self, request, obj, post_url_continue=None):
        if "_save" in request.POST or "_publish" in request.POST:
            return self._after_save(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_save" in request.POST:
            return self._after_save(request, obj)
        return super().response_change(request, obj)

    def changelist_view(self, request, extra_context=None):
        title = (
            _("Review queue and reports")
            if can_review(request.user)
            else _("Your organisation's reports")
        )
        extra_context = (extra_context or {}) | {"title": title}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        update = self.get_object(request, object_id)
        extra_context = (extra_context or {}) | {
            "can_review": can_review(request.user)
            and update.state == ReviewState.SUBMITTED,
            "is_published": update.state == ReviewState.PUBLISHED,
            "subject": update.recommendation,
            # A report is about one item: "add another" would only confuse.
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        chosen = request.GET.get("recommendation", "")
        subject = None
        if chosen.isdigit():
            subject = Recommendation.objects.for_user(request.user).filter(pk=chosen)
            subject = subject.select_related("resolution").first()
        extra_context = (extra_context or {}) | {
            "subject": subject,
            "can_publish_at_once": can_review(request.user),
            "show_save_and_add_another": False,
        }
        return super().add_view(request, form_url, extra_context)

    # --- columns

    @admin.display(description=gettext_lazy("No."), ordering="recommendation__order")
    def recommendation_number(self, obj: StatusUpdate) -> str:
        return obj.recommendation.number

    @admin.display(description=gettext_lazy("recommendation"))
    def recommendation_text(self, obj: StatusUpdate) -> str:
        return obj.recommendation.short_text

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def report_column(self, obj: StatusUpdate) -> str:
        return format_html(
            "{}<div>{}</div>",
            status_badge(obj.status, obj.get_status_display()),
            progress_bar(obj.progress),
        )

    @admin.display(description=gettext_lazy("facts as of"), ordering="reported_on")
    def reported_on_column(self, obj: StatusUpdate) -> str:
        return short_date(obj.reported_on)

    @admin.display(description=gettext_lazy("review state"), ordering="review_order")
    def state_column(self, obj: StatusUpdate) -> str:
        badge = state_badge(obj.state, obj.get_state_display())
        if obj.state == ReviewState.RETURNED and obj.review_note:
            return format_html(
                '{}<div class="pr-note-inline">{}</div>', badge, obj.review_note
            )
        return badge

    @admin.display(
        description=gettext_lazy("organisation and author"),
        ordering="organisation__name",
    )
    def organisation_column(self, obj: StatusUpdate) -> str:
        return format_html(
            '{}<div class="pr-muted">{}</div>',
            obj.organisation,
            self.author_column(obj),
        )

    @admin.display(description=gettext_lazy("author"), ordering="author__last_name")
    def author_column(self, obj: StatusUpdate) -> str:
        return obj.author.get_full_name() or obj.author.username

    @admin.display(description=gettext_lazy("review state"))
    def state_label(self, obj: StatusUpdate) -> str:
        return state_badge(obj.state, obj.get_state_display())

    @admin.display(description=gettext_lazy("reviewed by"))
    def reviewer_column(self, obj: StatusUpdate) -> str:
        reviewer = obj.reviewed_by
        if reviewer is None:
            return "—"
        return reviewer.get_full_name() or reviewer.username

    @admin.display(description=gettext_lazy("evidence file"))
    def evidence_file_link(self, obj: StatusUpdate) -> str:
        if not obj.evidence_file:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("evidence", args=[obj.pk]),
            _("open the attached file"),
        )

    @admin.display(description=gettext_lazy("What the coordinator asks to fix"))
    def review_note_box(self, obj: StatusUpdate) -> str:
        return format_html('<div class="pr-note-text">{}</div>', obj.review_note)

    # --- review: actions, buttons and the return page

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="{}_{}_publish".format(*info),
            ),
            path(
                "<path:object_id>/return/",
                self.admin_site.admin_view(self.return_view),
                name="{}_{}_return".format(*info),
            ),
        ] + super().get_urls()

    def _review_queryset(self, request, queryset):
        if not can_review(request.user):
            raise PermissionDenied
        return queryset.select_related("recommendation")

    def _publish(self, request, updates) -> None:
        published, refused = 0, []
        for update in updates:
            try:
                status_update_publish(update=update, reviewer=request.user)
                published += 1
            except ValidationError as refusal:
                refused.append(f"{update.recommendation.number}: {refusal.messages[0]}")
        if published:
            self.message_user(
                request,
                ngettext(
                    "%(count)d report published.",
                    "%(count)d reports published.",
                    published,
                )
                % {"count": published},
                messages.SUCCESS,
            )
        for refusal in refused:
            self.message_user(request, refusal, messages.ERROR)

    @admin.action(
        description=gettext_lazy("Publish the selected reports"),
        permissions=["publish"],
    )
    def publish(self, request, queryset) -> None:
        self._publish(request, self._review_queryset(request, queryset))

    @admin.action(
        description=gettext_lazy("Return the selected reports for revision…"),
        permissions=["publish"],
    )
    def return_for_revision(self, request, queryset):
        updates = list(self._review_queryset(request, queryset))
        return self._return_page(request, updates, action=True)

    def publish_view(self, request, object_id) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        update = self.get_object(request, object_id)
        if not can_review(request.user):
            raise PermissionDenied
        self._publish(request, [update])
        return redirect("admin:recommendations_statusupdate_changelist")

    def return_view(self, request, object_id) -> HttpResponse:
        update = self.get_object(request, object_id)
        if not can_review(request.user):
            raise PermissionDenied
        return self._return_page(request, [update], action=False)

    def _return_page(self, request, updates, *, action: bool) -> HttpResponse:
        waiting = [u for u in updates if u.state == ReviewState.SUBMITTED]
        if not waiting:
            self.message_user(
                request,
                _("Only reports awaiting review can be returned."),
                messages.WARNING,
            )
            return redirect("admin:recommendations_statusupdate_changelist")
        # The action's own POST carries the selection, not yet the note.
        submitted = request.method == "POST" and "review_note" in request.POST
        form = ReturnForm(request.POST if submitted else None)
        if submitted and form.is_valid():
            for update in waiting:
                status_update_return(
                    update=update,
                    reviewer=request.user,
                    note=form.cleaned_data["review_note"],
                )
            self.message_user(
                request,
                ngettext(
                    "%(count)d report returned for revision.",
                    "%(count)d reports returned for revision.",
                    len(waiting),
                )
                % {"count": len(waiting)}
                + " "
                + _("Authors are told by e-mail."),
                messages.SUCCESS,
            )
            return redirect("admin:recommendations_statusupdate_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Return for revision"),
            "opts": self.opts,
            "updates": waiting,
            "form": form,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/recommendations/statusupdate/return.html", context
        )


# --- the start page ------------------------------------------------------------


def attention_for(user) -> dict:
    """What the admin's start page tells a person: their work, not the menu."""
    if not user.is_authenticated or not user.is_staff:
        return {}
    today = timezone.localdate()
    if can_review(user):
        queue = StatusUpdate.objects.awaiting_review()
        published = Recommendation.objects.published()
        return {
            "is_reviewer": True,
            "overdue_count": published.overdue(today).count(),
            "stale_count": published.stale(today).count(),
            "period_days": (today - stale_before(today)).days,
            "queue_count": queue.count(),
            "oldest_waiting": queue.order_by("created_at").first(),
            "queue_url": reverse("admin:recommendations_statusupdate_changelist")
            + f"?state__exact={ReviewState.SUBMITTED}",
        }
    mine = Recommendation.objects.for_user(user).select_related("resolution")
    stale = list(mine.stale(today).order_by("resolution", "order", "id")[:50])
    overdue = list(mine.overdue(today).order_by("due_on", "order")[:50])
    returned = list(
        StatusUpdate.objects.for_user(user)
        .filter(state=ReviewState.RETURNED)
        .select_related("recommendation", "reviewed_by")
        .order_by("-reviewed_at")[:50]
    )
    pending = (
        StatusUpdate.objects.for_user(user).filter(state=ReviewState.SUBMITTED).count()
    )
    return {
        "is_reviewer": False,
        "stale": stale,
        "overdue": overdue,
        "returned": returned,
        "pending_count": pending,
        "period_start": stale_before(today),
        "period_days": (today - stale_before(today)).days,
        "add_url": reverse("admin:recommendations_statusupdate_add"),
        "today": today,
    }
