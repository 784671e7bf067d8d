"""Reports in the admin: officials write them, coordinators review them."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Case, IntegerField, When
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolution_portal.admin_ui import PlainTextFieldsMixin, PlainTitlesMixin
from stakeholders.models import Organisation

from ..documents.exchange import StatusUpdateExchangeMixin
from ..models import STATUS_RULES, Recommendation, ReviewState, StatusUpdate
from ..permissions import can_review
from ..selectors import default_reporting_organisation, sole_organisation
from ..services import REPORT_FIELDS, status_update_revise, status_update_submit
from .display import progress_bar, short_date, state_badge, status_badge
from .filters import (
    GroupOfUpdateFilter,
    ReportingOrganisationFilter,
    ResolutionOfUpdateFilter,
)
from .forms import StatusUpdateForm
from .mixins import ScopedAdminMixin
from .queue import QUEUE_ORDER, QueueColumnsMixin
from .review import ReviewActionsMixin

REVIEW_ORDER = Case(
    When(state=ReviewState.SUBMITTED, then=0),
    When(state=ReviewState.RETURNED, then=1),
    default=2,
    output_field=IntegerField(),
)


@admin.register(StatusUpdate)
class StatusUpdateAdmin(
    QueueColumnsMixin,
    ReviewActionsMixin,
    StatusUpdateExchangeMixin,
    PlainTextFieldsMixin,
    PlainTitlesMixin,
    ScopedAdminMixin,
    admin.ModelAdmin,
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
        "comment_column",
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

    class Media:
        js = ["recommendations/autocomplete_names.js"]

    # --- who may do what

    def get_queryset(self, request):
        # Annotated before ordering: the default order is the annotation.
        return (
            StatusUpdate.objects.for_user(request.user)
            .annotate(review_order=REVIEW_ORDER)
            .order_by(*self.get_ordering(request))
        )

    def get_ordering(self, request):
        return QUEUE_ORDER

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

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # --- the form

    def _fixed_organisation(self, request) -> Organisation | None:
        """An official of a single organisation reports for it without choosing."""
        if not hasattr(request, "_sole_organisation"):
            request._sole_organisation = sole_organisation(request.user)
        return request._sole_organisation

    def get_fieldsets(self, request, obj=None):
        fieldsets = []
        if obj is not None and obj.review_note:
            fieldsets.append(self._note_fieldset(obj))
        fieldsets += [
            self._report_fieldset(request),
            self._evidence_fieldset(request, obj),
        ]
        if obj is not None:
            fieldsets.append(self._review_fieldset())
        return fieldsets

    def _note_fieldset(self, obj: StatusUpdate) -> tuple:
        if obj.state == ReviewState.RETURNED:
            title = _("Coordinator's note")
        else:
            title = _(
                "Coordinator's note on return (the report has been corrected since)"
            )
        return (title, {"fields": ["review_note_box"], "classes": ["pr-note"]})

    def _report_fieldset(self, request) -> tuple:
        report = ["recommendation", "organisation", "status", "progress"]
        report += ["reported_on", "comment"]
        if self._fixed_organisation(request) is not None:
            report.remove("organisation")
        return (None, {"fields": report})

    def _evidence_fieldset(self, request, obj: StatusUpdate | None) -> tuple:
        evidence = ["evidence_url", "evidence_file"]
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only: link through the access-checked view, not the storage.
            evidence = ["evidence_url", "evidence_file_link"]
        description = _(
            "A report marked «Done» needs evidence: a link, a file or "
            "a comment naming the document."
        )
        return (_("Evidence"), {"fields": evidence, "description": description})

    def _review_fieldset(self) -> tuple:
        fields = ["state_label", "author_column", "created_at"]
        fields += ["reviewer_column", "reviewed_at", "published_at"]
        return (_("Review"), {"fields": fields})

    def get_readonly_fields(self, request, obj=None):
        review = [
            "evidence_file_link",
            "review_note_box",
            "state_label",
            "author_column",
            "created_at",
            "reviewer_column",
            "reviewed_at",
            "published_at",
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
                "fixed_organisation": self._fixed_organisation(request),
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

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        # A status the coordinators set by decision is not offered to officials.
        if db_field.name == "status" and not can_review(request.user):
            kwargs["choices"] = [
                (value, label)
                for value, label in db_field.get_choices()
                if not getattr(STATUS_RULES.get(value), "coordinators_only", False)
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request) -> dict:
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("reported_on", timezone.localdate())
        chosen = request.GET.get("recommendation", "")
        recommendation = (
            Recommendation.objects.for_user(request.user).filter(pk=chosen).first()
            if chosen.isdigit()
            else None
        )
        if recommendation is not None:
            organisation = default_reporting_organisation(
                user=request.user, recommendation=recommendation
            )
            if organisation is not None:
                initial.setdefault("organisation", organisation.pk)
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
