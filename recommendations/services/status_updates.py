"""Writes of the review workflow: submitting, revising, publishing and
returning reports.

Every rule of the workflow holds here, whatever the entry point (admin form,
spreadsheet import, management command). A refusal raises `ValidationError`
with a message for the person who made the report.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stakeholders.models import Organisation

from .. import notifications, page_scopes
from ..models import (
    Recommendation,
    ReviewState,
    StatusUpdate,
)
from ..permissions import can_review
from ..selectors import ReportingScope
from .recommendations import lock_recommendation, recommendation_refresh_state
from .report_rules import (  # noqa: F401 (validate_report is read from here too)
    REPORT_FIELDS,
    Refusals,
    validate_report,
)


@transaction.atomic
def status_update_submit(
    *,
    recommendation: Recommendation,
    organisation: Organisation,
    author,
    status: str,
    progress: int,
    reported_on: datetime.date,
    comment: str = "",
    evidence_url: str = "",
    evidence_file: File | None = None,
    publish: bool = False,
) -> StatusUpdate:
    """Record a report for review; a reviewer's own report may be published at once."""
    validate_report(
        recommendation=recommendation,
        organisation=organisation,
        author=author,
        status=status,
        progress=progress,
        comment=comment,
        evidence_url=evidence_url,
        evidence_file=evidence_file,
        reported_on=reported_on,
    )
    if publish and not can_review(author):
        raise ValidationError(_("Only a coordinator can publish an update."))
    update = StatusUpdate(
        recommendation=recommendation,
        organisation=organisation,
        author=author,
        status=status,
        progress=progress,
        comment=comment,
        evidence_url=evidence_url,
        reported_on=reported_on,
    )
    if evidence_file:
        update.evidence_file = evidence_file
    update.full_clean()
    update.save()
    if publish:
        return status_update_publish(update=update, reviewer=author)
    notifications.notify_submitted(update)
    return update


@transaction.atomic
def status_updates_submit(
    *, reports: list[dict], author, scope: ReportingScope
) -> list[StatusUpdate]:
    """Record a file of reports for review at once, each checked as
    `status_update_submit` checks one; all or none."""
    updates = []
    for report in reports:
        validate_report(**report, author=author, scope=scope)
        update = StatusUpdate(**report, author=author)
        # The widgets and the scope gave the foreign keys; the constraints
        # repeat `validate_report`'s rules, and the database enforces them.
        update.full_clean(
            exclude=["recommendation", "organisation", "author"],
            validate_constraints=False,
        )
        updates.append(update)
    StatusUpdate.objects.bulk_create(updates)
    notifications.notify_submitted_file(updates)
    return updates


@transaction.atomic
def status_update_revise(*, update: StatusUpdate, author, **changes) -> StatusUpdate:
    """Change a report that is awaiting review or was returned, and resubmit it."""
    update = StatusUpdate.objects.select_for_update().get(pk=update.pk)
    if update.state == ReviewState.PUBLISHED:
        raise ValidationError(
            _("A published update cannot be changed; add a new update instead.")
        )
    unknown = set(changes) - set(REPORT_FIELDS) - {"organisation"}
    if unknown:
        raise TypeError(f"Not report fields: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(update, field, value)
    validate_report(
        recommendation=update.recommendation,
        organisation=update.organisation,
        author=author,
        status=update.status,
        progress=update.progress,
        comment=update.comment,
        evidence_url=update.evidence_url,
        evidence_file=update.evidence_file,
        reported_on=update.reported_on,
    )
    update.state = ReviewState.SUBMITTED
    # The earlier review was of another version: its note stays, shown as such.
    update.reviewed_by = None
    update.reviewed_at = None
    update.full_clean()
    update.save()
    notifications.notify_submitted(update)
    return update


class ChangedSinceSeenError(ValidationError):
    """The report was edited after the reviewer's page showed it."""


def _lock_awaiting_review(
    update: StatusUpdate, *, refusal: str, seen: str | None = None
) -> StatusUpdate:
    """The update, locked, if it is still awaiting review; `refusal` otherwise.

    `refusal` names the action and takes the update's current state. `seen` is
    the `version_key` the reviewer's page showed: a report changed since is
    refused, so that nothing is published or returned unseen."""
    locked = StatusUpdate.objects.select_for_update().get(pk=update.pk)
    if locked.state != ReviewState.SUBMITTED:
        raise ValidationError(refusal % {"state": locked.get_state_display()})
    if seen is not None and seen != locked.version_key:
        raise ChangedSinceSeenError(
            _(
                "The report was changed by its author after you opened it: look "
                "at the new version and decide again."
            ),
            code="changed",
        )
    return locked


def _mark_reviewed(
    update: StatusUpdate, *, reviewer, state: str, note: str = ""
) -> None:
    update.state = state
    update.reviewed_by = reviewer
    update.reviewed_at = timezone.now()
    fields = ["state", "reviewed_by", "reviewed_at"]
    if state == ReviewState.PUBLISHED:
        update.published_at = update.reviewed_at
        fields.append("published_at")
    if note:
        update.review_note = note
        fields.append("review_note")
    update.save(update_fields=fields)


@transaction.atomic
def status_update_publish(
    *, update: StatusUpdate, reviewer, seen: str | None = None
) -> StatusUpdate:
    """Publish a submitted update and refresh its recommendation's current state.

    `seen`: the version the reviewer saw (`StatusUpdate.version_key`), if known."""
    if not can_review(reviewer):
        raise ValidationError(_("Only a coordinator can publish an update."))
    recommendation = lock_recommendation(update.recommendation)
    update = _lock_awaiting_review(
        update,
        refusal=_(
            "Only an update awaiting review can be published; this one is «%(state)s»."
        ),
        seen=seen,
    )
    _mark_reviewed(update, reviewer=reviewer, state=ReviewState.PUBLISHED)
    recommendation_refresh_state(recommendation=recommendation)
    # The public pages that show it render it on the next request.
    page_scopes.bump_recommendation(recommendation.pk, (update.organisation_id,))
    update.recommendation = recommendation
    notifications.notify_published(update)
    return update


@transaction.atomic
def status_update_return(
    *, update: StatusUpdate, reviewer, note: str, seen: str | None = None
) -> StatusUpdate:
    """Send a submitted update back to its author with a note saying what to fix.

    `seen`: the version the reviewer saw (`StatusUpdate.version_key`), if known."""
    if not can_review(reviewer):
        raise ValidationError(_("Only a coordinator can return an update."))
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"review_note": _("Say what needs to be fixed: the note is required.")}
        )
    update = _lock_awaiting_review(
        update,
        refusal=_(
            "Only an update awaiting review can be returned; this one is «%(state)s»."
        ),
        seen=seen,
    )
    _mark_reviewed(update, reviewer=reviewer, state=ReviewState.RETURNED, note=note)
    notifications.notify_returned(update)
    return update
