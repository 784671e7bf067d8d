"""Reviewing reports: publish and return, as list actions and as buttons."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models import ReviewState
from ..permissions import can_review
from ..services import status_update_publish, status_update_return
from .forms import ReturnForm


def authors_told(count: int) -> str:
    """«Автору отправлено письмо» for one author, the number of them otherwise."""
    if count == 1:
        return _("The author is told by e-mail.")
    return ngettext(
        "%(count)d author is told by e-mail.",
        "%(count)d authors are told by e-mail.",
        count,
    ) % {"count": count}


def seen_versions(request) -> dict[int, str]:
    """The version of each report the reviewer's page showed: `seen-<id>`."""
    return {
        int(name.removeprefix("seen-")): value
        for name, value in request.POST.items()
        if name.startswith("seen-") and name.removeprefix("seen-").isdigit()
    }


class ReviewActionsMixin:
    """The coordinator's side of a report's admin: what publishing and returning
    look like. Every decision itself is the services'."""

    def has_publish_permission(self, request) -> bool:
        return can_review(request.user)

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

    def _publish(self, request, updates, seen: dict[int, str]) -> None:
        published, refused = 0, []
        for update in updates:
            try:
                status_update_publish(
                    update=update, reviewer=request.user, seen=seen.get(update.pk, "")
                )
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

    def _publish_page(self, request, updates, *, action: bool) -> HttpResponse:
        """What is about to be published, to confirm: it cannot be undone."""
        waiting = [u for u in updates if u.state == ReviewState.SUBMITTED]
        if not waiting:
            self.message_user(
                request,
                _("Only reports awaiting review can be published."),
                messages.WARNING,
            )
            return redirect("admin:recommendations_statusupdate_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Publish"),
            "opts": self.opts,
            "updates": waiting,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            # Opened from a report's page that showed an older version.
            "changed_since": request.GET.get("seen")
            not in (None, waiting[0].version_key)
            and not action,
        }
        return TemplateResponse(
            request, "admin/recommendations/statusupdate/publish.html", context
        )

    @admin.action(
        description=gettext_lazy("Publish the selected reports"),
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        updates = list(self._review_queryset(request, queryset))
        if "confirm" not in request.POST:
            return self._publish_page(request, updates, action=True)
        self._publish(request, updates, seen_versions(request))
        return None

    @admin.action(
        description=gettext_lazy("Return the selected reports for revision…"),
        permissions=["publish"],
    )
    def return_for_revision(self, request, queryset):
        updates = list(self._review_queryset(request, queryset))
        return self._return_page(request, updates, action=True)

    def publish_view(self, request, object_id) -> HttpResponse:
        update = self.get_object(request, object_id)
        if not can_review(request.user):
            raise PermissionDenied
        if update is None:
            raise Http404
        if request.method != "POST":
            return self._publish_page(request, [update], action=False)
        self._publish(request, [update], seen_versions(request))
        return redirect("admin:recommendations_statusupdate_changelist")

    def return_view(self, request, object_id) -> HttpResponse:
        update = self.get_object(request, object_id)
        if not can_review(request.user):
            raise PermissionDenied
        return self._return_page(request, [update], action=False)

    def _return_each(self, request, waiting, form, seen: dict[int, str]) -> None:
        for update in waiting:
            try:
                status_update_return(
                    update=update,
                    reviewer=request.user,
                    note=form.cleaned_data["review_note"],
                    seen=seen.get(update.pk, ""),
                )
            except ValidationError as refusal:
                number = update.recommendation.number
                raise ValidationError(f"{number}: {refusal.messages[0]}") from None

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
            seen = seen_versions(request)
            try:
                with transaction.atomic():  # all of them or none
                    self._return_each(request, waiting, form, seen)
            except ValidationError as refusal:
                self.message_user(request, refusal.messages[0], messages.ERROR)
                return redirect("admin:recommendations_statusupdate_changelist")
            self.message_user(
                request,
                ngettext(
                    "%(count)d report returned for revision.",
                    "%(count)d reports returned for revision.",
                    len(waiting),
                )
                % {"count": len(waiting)}
                + " "
                + authors_told(len({update.author_id for update in waiting})),
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
            "changed_since": request.GET.get("seen")
            not in (None, waiting[0].version_key)
            and not action,
        }
        return TemplateResponse(
            request, "admin/recommendations/statusupdate/return.html", context
        )
