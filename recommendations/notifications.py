"""E-mails of the review workflow.

Sent after the transaction that changed the update commits, so that nobody is
told of a change that was rolled back, and a mail server that is down never
undoes a report.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import StatusUpdate
from .permissions import reviewers_q

logger = logging.getLogger(__name__)


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


def _send(subject: str, body: str, recipients: list[str]) -> None:
    if not recipients:
        return
    try:
        send_mail(subject, body, None, recipients)
    except Exception:
        # The report itself is saved; a failed e-mail is logged, not fatal.
        logger.exception("Could not send «%s» to %s", subject, recipients)


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


def _later(function, update_pk: int) -> None:
    """Run `function` with a fresh copy of the update once the data is saved."""

    def send() -> None:
        update = StatusUpdate.objects.select_related(
            "recommendation", "organisation", "author", "reviewed_by"
        ).get(pk=update_pk)
        with translation.override(settings.LANGUAGE_CODE):
            function(update)

    transaction.on_commit(send)


def _submitted(update: StatusUpdate) -> None:
    _send(
        _("Report awaiting review: recommendation %(number)s")
        % {"number": update.recommendation.number},
        _(
            "%(author)s has submitted a report for review.\n\n%(report)s\n\n"
            "Review it: %(link)s\n"
        )
        % {
            "author": update.author.get_full_name() or update.author.username,
            "report": _describe(update),
            "link": _admin_link(update),
        },
        [a for a in reviewer_addresses() if a != update.author.email],
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
    )


def notify_submitted(update: StatusUpdate) -> None:
    """Coordinators learn of a new or resubmitted report."""
    _later(_submitted, update.pk)


def notify_returned(update: StatusUpdate) -> None:
    """The author learns what to fix."""
    _later(_returned, update.pk)


def notify_published(update: StatusUpdate) -> None:
    """The author learns that the public now sees the report."""
    _later(_published, update.pk)
