"""The execution-control decisions on a recommendation's admin page: the lead
executor asks to move the deadline; a coordinator changes it directly or
excludes the item from monitoring. Every rule is the services'; a page here
only asks, shows the refusal next to its field, and reports the outcome."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from ..models import DeadlineChange, Recommendation, Status
from ..permissions import can_decide_deadlines, can_review
from ..services import deadline_change, deadline_request, recommendation_withdraw
from ..services.deadlines import is_lead_official
from .decision_forms import DeadlineChangeForm, DeadlineRequestForm, WithdrawalForm


def refusal_to_form(form, refusal: ValidationError, renamed=None) -> None:
    """A service's refusal shown next to the field it is about."""
    renamed = renamed or {}
    if not hasattr(refusal, "error_dict"):
        for message in refusal.messages:
            form.add_error(None, message)
        return
    for field, errors in refusal.message_dict.items():
        field = renamed.get(field, field)
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def decision_page(request, admin, *, title: str, form, context: dict) -> HttpResponse:
    return TemplateResponse(
        request,
        "admin/recommendations/decision.html",
        {
            **admin.admin_site.each_context(request),
            "title": title,
            "opts": admin.opts,
            "form": form,
            **context,
        },
    )


def may_request_deadline(user, recommendation: Recommendation) -> bool:
    return (
        recommendation.due_on is not None
        and is_lead_official(user=user, recommendation=recommendation)
        and not DeadlineChange.objects.pending()
        .filter(recommendation=recommendation)
        .exists()
    )


class RecommendationDecisionsMixin:
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        views = [
            ("deadline/request/", self.deadline_request_view, "deadline_request"),
            ("deadline/change/", self.deadline_change_view, "deadline_change"),
            ("withdraw/", self.withdraw_view, "withdraw"),
        ]
        return [
            path(
                f"<path:object_id>/{route}",
                self.admin_site.admin_view(view),
                name="{}_{}_{}".format(*info, name),
            )
            for route, view, name in views
        ] + super().get_urls()

    def decision_links(self, request, recommendation: Recommendation) -> dict:
        """Which of the decisions the visitor may take on this item now."""
        return {
            "can_request_deadline": may_request_deadline(request.user, recommendation),
            "can_change_deadline": can_decide_deadlines(request.user),
            "can_withdraw": can_review(request.user)
            and recommendation.status != Status.CANCELLED,
        }

    def _done(self, request, recommendation, message: str) -> HttpResponse:
        self.message_user(request, message, messages.SUCCESS)
        return redirect(
            reverse(
                "admin:recommendations_recommendation_change", args=[recommendation.pk]
            )
        )

    def _form_page(self, request, recommendation, form, *, title, intro, submit):
        context = {
            "recommendation": recommendation,
            "intro": intro,
            "submit_label": submit,
            "back_url": reverse(
                "admin:recommendations_recommendation_change", args=[recommendation.pk]
            ),
        }
        return decision_page(request, self, title=title, form=form, context=context)

    def deadline_request_view(self, request, object_id) -> HttpResponse:
        recommendation = self.get_object(request, object_id)
        if not is_lead_official(user=request.user, recommendation=recommendation):
            raise PermissionDenied
        form = DeadlineRequestForm(request.POST or None)
        if form.is_valid():
            try:
                deadline_request(
                    recommendation=recommendation,
                    user=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as refusal:
                refusal_to_form(form, refusal)
            else:
                return self._done(
                    request,
                    recommendation,
                    _("The request has been sent to the coordinators."),
                )
        return self._form_page(
            request,
            recommendation,
            form,
            title=_("Request to move the deadline"),
            intro=_(
                "The coordinators decide on the request; you will see the decision "
                "on your start page and get it by e-mail."
            ),
            submit=_("Send the request"),
        )

    def deadline_change_view(self, request, object_id) -> HttpResponse:
        recommendation = self.get_object(request, object_id)
        if not can_decide_deadlines(request.user):
            raise PermissionDenied
        form = DeadlineChangeForm(request.POST or None)
        if form.is_valid():
            try:
                deadline_change(
                    recommendation=recommendation,
                    user=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as refusal:
                refusal_to_form(form, refusal)
            else:
                return self._done(
                    request, recommendation, _("The deadline is changed.")
                )
        return self._form_page(
            request,
            recommendation,
            form,
            title=_("Change the deadline"),
            intro=_(
                "The change is kept on record with its reason and shown to the "
                "public next to the original deadline."
            ),
            submit=_("Change the deadline"),
        )

    def withdraw_view(self, request, object_id) -> HttpResponse:
        recommendation = self.get_object(request, object_id)
        if not can_review(request.user):
            raise PermissionDenied
        form = WithdrawalForm(request.POST or None)
        if form.is_valid():
            try:
                recommendation_withdraw(
                    recommendation=recommendation,
                    user=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as refusal:
                refusal_to_form(form, refusal)
            else:
                return self._done(
                    request,
                    recommendation,
                    _("The recommendation is excluded from monitoring."),
                )
        return self._form_page(
            request,
            recommendation,
            form,
            title=_("Exclude from monitoring"),
            intro=_(
                "The recommendation no longer counts in the averages; the reason "
                "is shown on its public page."
            ),
            submit=_("Exclude from monitoring"),
        )
