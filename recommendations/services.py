"""Writes that span several rows: submitting, reviewing and publishing updates.

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

from resolution_portal.page_cache import bump_data_version
from stakeholders.models import Organisation

from . import notifications
from .models import Recommendation, ReviewState, Status, StatusUpdate
from .validators import validate_evidence_file

# A comment names the document that proves a recommendation done when it
# mentions an act, an order, a protocol and the like, or gives a number.
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


def can_review(user) -> bool:
    """Coordinators review and publish; officials only report."""
    return bool(user and user.has_perm("recommendations.publish_statusupdate"))


def reporting_organisations(*, user, recommendation: Recommendation):
    """The organisations on whose behalf `user` may report on `recommendation`."""
    responsible = Organisation.objects.filter(
        assignments__recommendation=recommendation
    )
    if can_review(user):
        return responsible
    return responsible.filter(memberships__user=user.pk)


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
) -> None:
    """Check a report against the workflow's rules; raise with every problem found."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not reporting_organisations(user=author, recommendation=recommendation).filter(
        pk=organisation.pk
    ):
        if organisation.assignments.filter(recommendation=recommendation).exists():
            refuse(
                "organisation",
                _(
                    "You are not a member of «%(organisation)s» "
                    "and cannot report for it."
                )
                % {"organisation": organisation},
            )
        else:
            refuse(
                "organisation",
                _(
                    "«%(organisation)s» is not responsible for recommendation "
                    "%(number)s: only its responsible organisations report on it."
                )
                % {"organisation": organisation, "number": recommendation.number},
            )

    for field, text in (("comment", comment), ("evidence_url", evidence_url)):
        # The database cannot store it, and would say so in English.
        if "\x00" in (text or ""):
            refuse(
                field,
                _(
                    "The text holds a zero byte, an invisible character that "
                    "cannot be stored: type it again or paste it as plain text."
                ),
            )
    if status not in Status.values:
        refuse("status", _("Unknown status «%(status)s».") % {"status": status})
    if not isinstance(progress, int) or isinstance(progress, bool):
        refuse("progress", _("Progress must be a whole number from 0 to 100."))
    elif not 0 <= progress <= 100:
        refuse(
            "progress",
            _("Progress must be from 0 to 100 per cent, not %(progress)s.")
            % {"progress": progress},
        )
    elif status == Status.NOT_STARTED and progress != 0:
        refuse("progress", _("A recommendation that is not started has 0% progress."))
    elif status == Status.IN_PROGRESS and not 1 <= progress <= 99:
        refuse("progress", _("Progress of work in progress is from 1 to 99%."))
    elif status == Status.DONE and progress != 100:
        refuse("progress", _("A recommendation that is done has 100% progress."))
    elif status == Status.DELAYED and progress == 100:
        refuse("progress", _("Work behind schedule cannot be at 100%: choose «Done»."))

    if status == Status.ONGOING and not recommendation.is_continuous:
        refuse(
            "status",
            _(
                "«Ongoing» is for standing duties only; recommendation %(number)s "
                "has an end result: choose «In progress» or «Done»."
            )
            % {"number": recommendation.number},
        )
    if status == Status.DONE and not (
        evidence_url or evidence_file or DOCUMENT_WORDS.search(comment or "")
    ):
        refuse(
            "evidence_url",
            _(
                "A recommendation marked «Done» needs evidence: a link, a file, or "
                "a comment naming the document (for example «order No. 123 of "
                "01.09.2019»)."
            ),
        )

    today = timezone.localdate()
    if reported_on > today:
        refuse(
            "reported_on",
            _("The report date %(date)s is in the future.")
            % {"date": f"{reported_on:%d.%m.%Y}"},
        )
    elif reported_on < recommendation.resolution.adopted_on:
        refuse(
            "reported_on",
            _(
                "The report date %(date)s is before the resolution was adopted "
                "(%(adopted)s)."
            )
            % {
                "date": f"{reported_on:%d.%m.%Y}",
                "adopted": f"{recommendation.resolution.adopted_on:%d.%m.%Y}",
            },
        )
    if isinstance(evidence_file, UploadedFile):
        # A new upload; a file already stored was checked when it came in.
        try:
            validate_evidence_file(evidence_file)
        except ValidationError as refusal:
            errors.setdefault("evidence_file", []).extend(refusal.messages)
    if errors:
        raise ValidationError(errors)


def recommendation_refresh_state(*, recommendation: Recommendation) -> Recommendation:
    """Set the stored current state to the latest published update's.

    Latest means the latest `reported_on`, then the latest created, so an update
    about an earlier date published late does not hide a newer fact.
    """
    latest = (
        StatusUpdate.objects.published()
        .filter(recommendation=recommendation)
        .timeline()
        .first()
    )
    if latest is None:
        recommendation.status = Status.NOT_STARTED
        recommendation.progress = 0
        recommendation.status_reported_on = None
    else:
        recommendation.status = latest.status
        recommendation.progress = latest.progress
        recommendation.status_reported_on = latest.reported_on
    Recommendation.objects.filter(pk=recommendation.pk).update(
        status=recommendation.status,
        progress=recommendation.progress,
        status_reported_on=recommendation.status_reported_on,
    )
    return recommendation


class StaleVersionError(ValidationError):
    """An edit based on an older version; `current` is the version saved since."""

    def __init__(self, message: str, *, current: int) -> None:
        super().__init__(message, code="stale")
        self.current = current


def recommendation_check_version(*, recommendation: Recommendation, seen: int) -> int:
    """Refuse an edit based on an older version; return the version to save.

    Optimistic locking: the editor's form carries the version it was drawn
    from. The row stays locked (on PostgreSQL) until the edit commits, so of
    two simultaneous saves the second sees the first one's version.
    """
    current = (
        Recommendation.objects.select_for_update()
        .filter(pk=recommendation.pk)
        .values_list("version", flat=True)
        .first()
    )
    if current is None:
        raise ValidationError(_("This recommendation has been deleted."))
    if current != seen:
        last = recommendation.history.select_related("history_user").first()
        who = ""
        if last is not None and last.history_user is not None:
            who = last.history_user.get_full_name() or last.history_user.username
        raise StaleVersionError(
            _(
                "While you were editing, %(who)s saved this recommendation "
                "(%(when)s). Your changes have not been saved; they are still in "
                "the form. Compare them with the current version (open it in a "
                "new tab) and press «Save» again to keep yours."
            )
            % {
                "who": who or _("someone else"),
                "when": (
                    f"{timezone.localtime(last.history_date):%d.%m.%Y %H:%M}"
                    if last is not None
                    else "—"
                ),
            },
            current=current,
        )
    return current + 1


def _lock(recommendation: Recommendation) -> Recommendation:
    """Serialise publications of one recommendation (a row lock on PostgreSQL)."""
    return (
        Recommendation.objects.select_for_update()
        .select_related("resolution")
        .get(pk=recommendation.pk)
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
    update.full_clean()
    update.save()
    notifications.notify_submitted(update)
    return update


@transaction.atomic
def status_update_publish(*, update: StatusUpdate, reviewer) -> StatusUpdate:
    """Publish a submitted update and refresh its recommendation's current state."""
    if not can_review(reviewer):
        raise ValidationError(_("Only a coordinator can publish an update."))
    recommendation = _lock(update.recommendation)
    update = StatusUpdate.objects.select_for_update().get(pk=update.pk)
    if update.state != ReviewState.SUBMITTED:
        raise ValidationError(
            _(
                "Only an update awaiting review can be published; "
                "this one is «%(state)s»."
            )
            % {"state": update.get_state_display()}
        )
    update.state = ReviewState.PUBLISHED
    update.reviewed_by = reviewer
    update.reviewed_at = timezone.now()
    update.save(update_fields=["state", "reviewed_by", "reviewed_at"])
    recommendation_refresh_state(recommendation=recommendation)
    bump_data_version()  # the public pages show it on the next request
    update.recommendation = recommendation
    notifications.notify_published(update)
    return update


@transaction.atomic
def status_update_return(*, update: StatusUpdate, reviewer, note: str) -> StatusUpdate:
    """Send a submitted update back to its author with a note saying what to fix."""
    if not can_review(reviewer):
        raise ValidationError(_("Only a coordinator can return an update."))
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"review_note": _("Say what needs to be fixed: the note is required.")}
        )
    update = StatusUpdate.objects.select_for_update().get(pk=update.pk)
    if update.state != ReviewState.SUBMITTED:
        raise ValidationError(
            _(
                "Only an update awaiting review can be returned; "
                "this one is «%(state)s»."
            )
            % {"state": update.get_state_display()}
        )
    update.state = ReviewState.RETURNED
    update.reviewed_by = reviewer
    update.reviewed_at = timezone.now()
    update.review_note = note
    update.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note"])
    notifications.notify_returned(update)
    return update
