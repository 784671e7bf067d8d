"""Writes of the review workflow: submitting, revising, publishing and
returning reports.

Every rule of the workflow holds here, whatever the entry point (admin form,
spreadsheet import, management command). A refusal raises `ValidationError`
with a message for the person who made the report.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stakeholders.models import Organisation

from .. import notifications, page_scopes
from ..models import (
    STATUS_RULES,
    Recommendation,
    ReviewState,
    Status,
    StatusUpdate,
)
from ..permissions import can_review
from ..selectors import ReportingScope, reporting_organisations
from ..validators import validate_evidence_file, validate_plain_text
from .recommendations import lock_recommendation, recommendation_refresh_state

DOCUMENT_WORDS = re.compile(
    r"приказ|постановлени|распоряжени|протокол|соглашени|договор|решени|"
    r"письм|акт\b|отч[её]т|программ|положени|план\b|№|\bN\s?\d|"
    r"order|decree|resolution|protocol|agreement|report|act\b",
    re.IGNORECASE,
)

REPORT_FIELDS = (
    "status",
    "progress",
    "comment",
    "evidence_url",
    "evidence_file",
    "reported_on",
)


Refusals = dict[str, list[str]]


def validate_report(
    *,
    recommendation: Recommendation,
    organisation: Organisation,
    author,
    status: str,
    progress: int,
    comment: str = "",
    evidence_url: str = "",
    evidence_file: File | str | None = None,
    reported_on: datetime.date,
    scope: ReportingScope | None = None,
) -> None:
    """Check a report against the workflow's rules; raise with every problem found.

    `scope`, read once for a file of reports, answers who may report on what
    without a query."""
    errors: Refusals = {}
    _check_organisation(errors, recommendation, organisation, author, scope)
    for field, text in (("comment", comment), ("evidence_url", evidence_url)):
        try:
            validate_plain_text(text)
        except ValidationError as refusal:
            errors.setdefault(field, []).extend(refusal.messages)
    _check_status(errors, recommendation, status, progress)
    _check_who_sets(errors, status, author)
    if status == Status.DONE and not (
        evidence_url or evidence_file or DOCUMENT_WORDS.search(comment or "")
    ):
        _refuse(
            errors,
            "evidence_url",
            _(
                "A recommendation marked «Done» needs evidence: a link, a file, or "
                "a comment naming the document (for example «order No. 123 of "
                "01.09.2019»)."
            ),
        )
    _check_date(errors, recommendation, reported_on)
    if isinstance(evidence_file, UploadedFile):
        # A new upload; a file already stored was checked when it came in.
        try:
            validate_evidence_file(evidence_file)
        except ValidationError as refusal:
            errors.setdefault("evidence_file", []).extend(refusal.messages)
    if errors:
        raise ValidationError(errors)


def _refuse(errors: Refusals, field: str, message: str) -> None:
    errors.setdefault(field, []).append(str(message))


def _check_organisation(
    errors: Refusals,
    recommendation: Recommendation,
    organisation: Organisation,
    author,
    scope: ReportingScope | None = None,
) -> None:
    if scope is not None:
        if organisation.pk in scope.allowed(recommendation):
            return
        assigned = organisation.pk in scope.assigned(recommendation)
    else:
        allowed = reporting_organisations(user=author, recommendation=recommendation)
        if allowed.filter(pk=organisation.pk):
            return
        assigned = organisation.assignments.filter(
            recommendation=recommendation
        ).exists()
    if assigned:
        message = _(
            "You are not a member of «%(organisation)s» and cannot report for it."
        ) % {"organisation": organisation}
    else:
        message = _(
            "«%(organisation)s» is not responsible for recommendation "
            "%(number)s: only its responsible organisations report on it."
        ) % {"organisation": organisation, "number": recommendation.number}
    _refuse(errors, "organisation", message)


def _check_status(
    errors: Refusals, recommendation: Recommendation, status: str, progress: int
) -> None:
    """The status's own rule from `STATUS_RULES`, and progress as a percentage."""
    rule = STATUS_RULES.get(status)
    if rule is None:
        _refuse(
            errors, "status", _("Unknown status «%(status)s».") % {"status": status}
        )
    if not isinstance(progress, int) or isinstance(progress, bool):
        _refuse(errors, "progress", _("Progress must be a whole number from 0 to 100."))
    elif not 0 <= progress <= 100:
        _refuse(
            errors,
            "progress",
            _("Progress must be from 0 to 100 per cent, not %(progress)s.")
            % {"progress": progress},
        )
    elif rule is not None and not rule.allows(progress):
        _refuse(errors, "progress", rule.progress_refusal)
    if (
        rule is not None
        and rule.standing_duty_only
        and not recommendation.is_continuous
    ):
        _refuse(
            errors,
            "status",
            _(
                "«Ongoing» is for standing duties only; recommendation %(number)s "
                "has an end result: choose «In progress» or «Done»."
            )
            % {"number": recommendation.number},
        )


def _check_who_sets(errors: Refusals, status: str, author) -> None:
    """A status the coordinators set by decision is not an official's report."""
    rule = STATUS_RULES.get(status)
    if rule is not None and rule.coordinators_only and not can_review(author):
        _refuse(
            errors,
            "status",
            _(
                "«%(status)s» is a decision of the coordinators, who state its "
                "reason; an official cannot report it. Ask the coordinator."
            )
            % {"status": Status(status).label},
        )


def _check_date(
    errors: Refusals, recommendation: Recommendation, reported_on: datetime.date
) -> None:
    adopted_on = recommendation.resolution.adopted_on
    if reported_on > timezone.localdate():
        _refuse(
            errors,
            "reported_on",
            _("The report date %(date)s is in the future.")
            % {"date": f"{reported_on:%d.%m.%Y}"},
        )
    elif reported_on < adopted_on:
        _refuse(
            errors,
            "reported_on",
            _(
                "The report date %(date)s is before the resolution was adopted "
                "(%(adopted)s)."
            )
            % {"date": f"{reported_on:%d.%m.%Y}", "adopted": f"{adopted_on:%d.%m.%Y}"},
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
