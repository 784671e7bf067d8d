"""Queue e-mail with the change it reports; deliver it once, retrying with backoff.

`message_enqueue` writes the message in the caller's transaction: it exists
exactly when the change it reports is committed. After the commit the job
engine is asked to deliver it at once; if the engine's broker is away, the
message waits and the sweep (`message_deliver_due`, every minute) sends it.

A deliverer first claims a message with one conditional UPDATE (state and
lease), which only one of any number of racing workers can win, on SQLite and
PostgreSQL alike; only the winner talks to the mail server. A worker that dies
mid-send leaves its lease to run out (`OUTBOX_LEASE_SECONDS`), and the message
is tried again: the one case in which it may arrive twice. Its Message-ID stays
the same, so mail clients can tell the copies apart.
"""

import bisect
import dataclasses
import datetime
import enum
import logging
import smtplib
import time
from collections.abc import Iterable, Iterator, Sequence
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from .models import MessageState, OutboxMessage

logger = logging.getLogger(__name__)

DELIVER_TASK = "outbox.tasks.deliver"
BATCH = 100


class Outcome(enum.Enum):
    SENT = "sent"
    RETRY = "retry"  # failed this time, tried again later
    FAILED = "failed"  # given up on
    SKIPPED = "skipped"  # not due, already sent, or someone else is sending it


@dataclasses.dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    # The mail server could not be reached: the rest waits for the next sweep.
    stopped: bool = False

    def count(self, outcome: Outcome) -> None:
        if outcome is Outcome.SENT:
            self.sent += 1
        elif outcome is Outcome.RETRY:
            self.retried += 1
        elif outcome is Outcome.FAILED:
            self.failed += 1

    def __str__(self) -> str:
        return (
            f"sent {self.sent}, to be tried again {self.retried}, "
            f"failed {self.failed}"
            + (", mail server unreachable" if self.stopped else "")
        )


# --- queueing ------------------------------------------------------------------


def _addresses(values: Sequence[str] | str, *, field: str) -> list[str]:
    if isinstance(values, str):
        values = [values]
    addresses = [str(value).strip() for value in values if str(value).strip()]
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError as error:
            raise ValidationError(
                {
                    field: _("«%(address)s» is not an e-mail address.")
                    % {"address": address}
                }
            ) from error
    return addresses


@transaction.atomic
def message_enqueue(
    *,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str = "",
    cc: Sequence[str] = (),
    dedupe_key: str | None = None,
) -> OutboxMessage:
    """Queue a message in the current transaction; deliver it after the commit.

    A `dedupe_key` names the logical message (say, one reminder of one kind for
    one person, item and period): queueing the same key again queues nothing and
    returns the message already queued under it.
    """
    recipients = _addresses(to, field="to")
    if not recipients:
        raise ValidationError({"to": _("A message needs at least one recipient.")})
    message = OutboxMessage(
        to=recipients,
        cc=_addresses(cc, field="cc"),
        subject=" ".join(subject.split())[:255],
        text=text,
        html=html,
        dedupe_key=dedupe_key or None,
        next_attempt_at=timezone.now(),
    )
    if message.dedupe_key:
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:
            return OutboxMessage.objects.get(dedupe_key=message.dedupe_key)
    else:
        message.save()
    message_id = message.pk
    transaction.on_commit(lambda: hand_off(message_id))
    return message


def hand_off(message_id: int) -> None:
    """Ask the job engine to deliver a committed message now.

    Never raises: with the broker away the message waits for the sweep, and the
    request that queued it answers as usual.
    """
    try:
        async_task(
            DELIVER_TASK, message_id, q_options={"task_name": f"mail-{message_id}"}
        )
    except Exception:
        logger.warning(
            "E-mail %s waits for the sweep: the job engine is unreachable",
            message_id,
            exc_info=True,
        )


@transaction.atomic
def message_retry(*, messages: models.QuerySet) -> int:
    """Give undelivered messages a fresh set of attempts, starting now."""
    ids = list(messages.filter(state=MessageState.FAILED).values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=ids, state=MessageState.FAILED).update(
        state=MessageState.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        claimed_until=None,
    )
    for message_id in ids:
        transaction.on_commit(lambda message_id=message_id: hand_off(message_id))
    return len(ids)


# --- delivery --------------------------------------------------------------------


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long to wait after the `attempts`-th failure: 1, 2, 4 … minutes, capped."""
    minutes = min(2 ** max(attempts - 1, 0), settings.OUTBOX_RETRY_MAX_MINUTES)
    return datetime.timedelta(minutes=minutes)


def message_deliver(*, message_id: int) -> bool:
    """Send one message if it is due and nobody else is sending it.

    Call it outside a transaction (a worker does), so that the claim is seen by
    every other deliverer at once. True when this call sent it.
    """
    return _deliver(message_id)[0] is Outcome.SENT


def message_deliver_due(
    *,
    ids: Iterable[int] | None = None,
    seconds: float | None = None,
    wait: bool = False,
) -> DeliveryReport:
    """Send every message due now (or those of `ids`), one by one.

    `seconds` stops taking new messages after that long (the sweep stays well
    inside the engine's timeout). With `ids` and `wait`, returns only once every
    one of them has been handed to the mail backend or rescheduled, including
    those another worker was sending meanwhile.
    """
    chosen = None if ids is None else sorted(set(ids))
    deadline = None if seconds is None else time.monotonic() + seconds
    report = DeliveryReport()
    while True:
        for message_id in _candidates(chosen):
            outcome, error = _deliver(message_id)
            report.count(outcome)
            if error is not None and _server_unreachable(error):
                report.stopped = True
                return report
            if deadline is not None and time.monotonic() >= deadline:
                return report
        if not (wait and chosen):
            return report
        in_flight = OutboxMessage.objects.filter(
            pk__in=chosen, state=MessageState.SENDING
        )
        if not in_flight.exists():
            return report
        time.sleep(0.5)  # another worker is sending some of them


def _candidates(chosen: list[int] | None) -> Iterator[int]:
    """Ids of the messages due now, in order, read a batch at a time."""
    after = 0
    while True:
        due = OutboxMessage.objects.claimable(timezone.now()).order_by("pk")
        if chosen is None:
            batch = list(due.filter(pk__gt=after).values_list("pk", flat=True)[:BATCH])
            if not batch:
                return
            after = batch[-1]
        else:
            start = bisect.bisect_right(chosen, after)
            window = chosen[start : start + BATCH]
            if not window:
                return
            batch = list(due.filter(pk__in=window).values_list("pk", flat=True))
            after = window[-1]
        yield from batch


def _deliver(message_id: int) -> tuple[Outcome, Exception | None]:
    now = timezone.now()
    lease = now + datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    claimed = (
        OutboxMessage.objects.filter(pk=message_id)
        .claimable(now)
        .update(
            state=MessageState.SENDING,
            claimed_until=lease,
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return Outcome.SKIPPED, None
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        _email(message).send()
    except Exception as error:
        return _record_failure(message, lease=lease, error=error), error
    OutboxMessage.objects.filter(
        pk=message_id, state=MessageState.SENDING, claimed_until=lease
    ).update(
        state=MessageState.SENT,
        sent_at=timezone.now(),
        claimed_until=None,
        last_error="",
    )
    logger.info("E-mail %s sent to %s", message_id, ", ".join(message.to))
    return Outcome.SENT, None


def _email(message: OutboxMessage) -> EmailMultiAlternatives:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        to=message.to,
        cc=message.cc,
        # The same on every attempt: a copy sent twice is recognisably one message.
        headers={
            "Message-ID": f"<outbox-{message.pk}-{message.created_at:%Y%m%d%H%M%S}"
            f"@{domain or 'localhost'}>"
        },
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    return email


def _record_failure(
    message: OutboxMessage, *, lease: datetime.datetime, error: Exception
) -> Outcome:
    gave_up = _permanent(error) or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    changes = {"claimed_until": None, "last_error": _describe(error)}
    if gave_up:
        changes |= {"state": MessageState.FAILED, "next_attempt_at": None}
    else:
        changes |= {
            "state": MessageState.PENDING,
            "next_attempt_at": timezone.now() + retry_delay(message.attempts),
        }
    OutboxMessage.objects.filter(
        pk=message.pk, state=MessageState.SENDING, claimed_until=lease
    ).update(**changes)
    logger.log(
        logging.ERROR if gave_up else logging.WARNING,
        "E-mail %s not sent (attempt %s%s): %s",
        message.pk,
        message.attempts,
        ", given up" if gave_up else "",
        changes["last_error"],
    )
    return Outcome.FAILED if gave_up else Outcome.RETRY


def _permanent(error: Exception) -> bool:
    """The server refused the message itself (5xx): trying again cannot help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _reply in error.recipients.values())
    return isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500


def _server_unreachable(error: Exception) -> bool:
    """No answer at all (refused, timed out, cut off), unlike a refusal."""
    return isinstance(error, OSError) and not isinstance(
        error, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused
    )


def _describe(error: Exception) -> str:
    """What went wrong, short, with the mail password never in it."""
    text = " ".join(f"{type(error).__name__}: {error}".split())
    password = getattr(settings, "EMAIL_HOST_PASSWORD", "")
    if password:
        text = text.replace(password, "***")
    return text[:500]
