"""E-mails of the review workflow, plain text and HTML.

Queued in the outbox in the same transaction as the change they report: nobody
is told of a change that was rolled back, no change goes untold, and the
request never waits for a mail server (the worker delivers them).
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from outbox.services import message_enqueue

from .models import DeadlineChange, DeadlineChangeState, StatusUpdate
from .permissions import reviewers_q


def _site_url(path: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + path


def _admin_link(update: StatusUpdate) -> str:
    return _site_url(
        reverse("admin:recommendations_statusupdate_change", args=[update.pk])
    )


def reviewer_addresses() -> list[str]:
    """Every active coordinator with an address: whoever holds the review right."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(reviewers_q())
        .distinct()
    )
    return sorted(users.values_list("email", flat=True))


def _send(
    subject: str, body: str, recipients: list[str], *, html: dict[str, object]
) -> None:
    if not recipients:
        return
    context = {"subject": subject} | html
    message_enqueue(
        to=recipients,
        subject=subject,
        text=body,
        html=render_to_string("outbox/email.html", context),
    )


def _describe(update: StatusUpdate) -> str:
    recommendation = update.recommendation
    return _(
        "Recommendation %(number)s: %(text)s\n"
        "Organisation: %(organisation)s\n"
        "Status: %(status)s, %(progress)s per cent, facts as of %(date)s\n"
        "Comment: %(comment)s"
    ) % {
        "number": recommendation.number,
        "text": recommendation.short_text,
        "organisation": update.organisation,
        "status": update.get_status_display(),
        "progress": update.progress,
        "date": f"{update.reported_on:%d.%m.%Y}",
        "comment": update.comment or "—",
    }


def _details(update: StatusUpdate) -> list[tuple[str, str]]:
    """The report as rows of the HTML version."""
    recommendation = update.recommendation
    return [
        (_("Recommendation"), f"{recommendation.number}. {recommendation.short_text}"),
        (_("Organisation"), str(update.organisation)),
        (_("Status"), f"{update.get_status_display()}, {update.progress}\u00a0%"),
        (_("Facts as of"), f"{update.reported_on:%d.%m.%Y}"),
        (_("Comment"), update.comment or "—"),
    ]


def _in_russian(function: Callable[[StatusUpdate], None], update: StatusUpdate) -> None:
    """Written in the portal's language, whatever the request's."""
    with translation.override(settings.LANGUAGE_CODE):
        function(update)


def _submitted(update: StatusUpdate) -> None:
    author = update.author.get_full_name() or update.author.username
    _send(
        _("Report awaiting review: recommendation %(number)s")
        % {"number": update.recommendation.number},
        _(
            "%(author)s has submitted a report for review.\n\n%(report)s\n\n"
            "Review it: %(link)s\n"
        )
        % {
            "author": author,
            "report": _describe(update),
            "link": _admin_link(update),
        },
        [a for a in reviewer_addresses() if a != update.author.email],
        html={
            "lead": _("%(author)s has submitted a report for review.")
            % {"author": author},
            "details": _details(update),
            "action_label": _("Review the report"),
            "action_url": _admin_link(update),
        },
    )


def _returned(update: StatusUpdate) -> None:
    _send(
        _("Report returned for revision: recommendation %(number)s")
        % {"number": update.recommendation.number},
        _(
            "The coordinator has returned your report for revision.\n\n"
            "What to fix: %(note)s\n\n%(report)s\n\nCorrect and resubmit it: %(link)s\n"
        )
        % {
            "note": update.review_note,
            "report": _describe(update),
            "link": _admin_link(update),
        },
        [update.author.email] if update.author.email else [],
        html={
            "lead": _("The coordinator has returned your report for revision."),
            "note_label": _("What to fix"),
            "note": update.review_note,
            "details": _details(update),
            "action_label": _("Correct and resubmit the report"),
            "action_url": _admin_link(update),
        },
    )


def _published(update: StatusUpdate) -> None:
    if update.reviewed_by_id == update.author_id:
        return  # a coordinator who published their own report knows it
    _send(
        _("Report published: recommendation %(number)s")
        % {"number": update.recommendation.number},
        _(
            "Your report has been published and is now shown to the public.\n\n"
            "%(report)s\n\nPublic page: %(link)s\n"
        )
        % {
            "report": _describe(update),
            "link": _site_url(update.recommendation.get_absolute_url()),
        },
        [update.author.email] if update.author.email else [],
        html={
            "lead": _("Your report has been published and is now shown to the public."),
            "details": _details(update),
            "action_label": _("Open the public page"),
            "action_url": _site_url(update.recommendation.get_absolute_url()),
        },
    )


def notify_submitted(update: StatusUpdate) -> None:
    """Coordinators learn of a new or resubmitted report."""
    _in_russian(_submitted, update)


def notify_returned(update: StatusUpdate) -> None:
    """The author learns what to fix."""
    _in_russian(_returned, update)


def notify_published(update: StatusUpdate) -> None:
    """The author learns that the public now sees the report."""
    _in_russian(_published, update)


# --- deadline changes


def _deadline_link(change: DeadlineChange) -> str:
    return _site_url(
        reverse("admin:recommendations_deadlinechange_change", args=[change.pk])
    )


def _deadline_details(change: DeadlineChange) -> list[tuple[str, str]]:
    recommendation = change.recommendation
    rows = [
        (_("Recommendation"), f"{recommendation.number}. {recommendation.short_text}"),
        (_("Current deadline"), _day(change.previous_due_on)),
        (_("Proposed deadline"), _day(change.proposed_due_on)),
        (_("Justification"), change.justification),
    ]
    if change.basis:
        rows.append((_("Basis document"), change.basis))
    return rows


def _day(value) -> str:
    return f"{value:%d.%m.%Y}" if value else "—"


def _as_text(rows: list[tuple[str, str]]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in rows)


def _deadline_requested(change: DeadlineChange) -> None:
    author = change.requested_by
    name = author.get_full_name() or author.username
    lead = _("%(author)s asks to move the deadline of recommendation %(number)s.") % {
        "author": name,
        "number": change.recommendation.number,
    }
    _send(
        _("Deadline change requested: recommendation %(number)s")
        % {"number": change.recommendation.number},
        f"{lead}\n\n{_as_text(_deadline_details(change))}\n\n"
        + _("Decide on it: %(link)s") % {"link": _deadline_link(change)}
        + "\n",
        [a for a in reviewer_addresses() if a != author.email],
        html={
            "lead": lead,
            "details": _deadline_details(change),
            "action_label": _("Decide on the request"),
            "action_url": _deadline_link(change),
        },
    )


def _deadline_decided(change: DeadlineChange) -> None:
    author = change.requested_by
    if author is None or not author.email:
        return
    number = change.recommendation.number
    if change.state == DeadlineChangeState.APPROVED:
        subject = _("Deadline moved: recommendation %(number)s") % {"number": number}
        lead = _(
            "The coordinator has approved your request: the deadline is now %(date)s."
        ) % {"date": _day(change.new_due_on)}
    else:
        subject = _("Deadline change refused: recommendation %(number)s") % {
            "number": number
        }
        lead = _("The coordinator has refused your request to move the deadline.")
    note = change.decision_note or "—"
    _send(
        subject,
        f"{lead}\n\n"
        + _("Coordinator's note: %(note)s") % {"note": note}
        + f"\n\n{_as_text(_deadline_details(change))}\n",
        [author.email],
        html={
            "lead": lead,
            "note_label": _("Coordinator's note"),
            "note": note,
            "details": _deadline_details(change),
            "action_label": _("Open the request"),
            "action_url": _deadline_link(change),
        },
    )


def notify_deadline_requested(change: DeadlineChange) -> None:
    """Coordinators learn of a request to move a deadline."""
    with translation.override(settings.LANGUAGE_CODE):
        _deadline_requested(change)


def notify_deadline_decided(change: DeadlineChange) -> None:
    """The official who asked learns the decision."""
    with translation.override(settings.LANGUAGE_CODE):
        _deadline_decided(change)
