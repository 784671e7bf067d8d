"""One reminder pass: record what is due, then queue one message per person.

In one transaction: every due reminder is inserted into the record under its
unique key with ON CONFLICT DO NOTHING (`bulk_create(ignore_conflicts=True)`),
and only the rows this pass inserted — those still without a message — are
sent. A reminder already recorded by an earlier pass, or by a pass running at
the same time (PostgreSQL makes the second insert wait for the first
transaction and then skips the row), is never sent again. Each person gets one
message for the whole pass, however many items and kinds, and however many
days the scheduler was away: the kinds look at what is due now.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from outbox.services import message_enqueue

from .digest import digest_period, digest_recipients, digest_rows
from .kinds import Due, due_reminders
from .letters import Letter
from .models import Reminder, ReminderKind
from .snapshot import Snapshot

logger = logging.getLogger(__name__)

Key = tuple[int | None, str, str]  # recommendation, kind, period


@dataclass
class PassReport:
    reminders: int = 0
    message_ids: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.reminders} reminders in {len(self.message_ids)} messages"


def _unique(dues) -> dict[Key, Due]:
    """One reminder per item, kind and period, for all its organisations."""
    found: dict[Key, Due] = {}
    for due in dues:
        key = (due.recommendation_id, str(due.kind), due.period)
        if key in found:
            earlier = found[key]
            organisations = tuple(
                dict.fromkeys(earlier.organisations + due.organisations)
            )
            due = Due(**(vars(earlier) | {"organisations": organisations}))
        found[key] = due
    return found


def _record(rows: list[Reminder], now: datetime.datetime) -> list[tuple]:
    """Insert the rows the record lacks; return those this pass inserted."""
    rows.sort(
        key=lambda r: (r.recipient_id, r.recommendation_id or 0, r.kind, r.period)
    )
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return list(
        Reminder.objects.filter(sent_at=now, message__isnull=True)
        .order_by("recipient_id", "pk")
        .values_list("pk", "recipient_id", "recommendation_id", "kind", "period")
    )


def _copies(snapshot: Snapshot, dues: dict[Key, Due], recorded) -> dict[int, set]:
    """The organisations' own addresses, each copied into one official's message
    (the first of its officials reminded of the item) from the second overdue
    notice on."""
    reminded = {
        (user_id, (rec_id, kind, period))
        for _pk, user_id, rec_id, kind, period in recorded
    }
    copies: dict[int, set[str]] = defaultdict(set)
    for key, due in dues.items():
        if not due.copy_organisations:
            continue
        for responsible in snapshot.responsible.get(due.recommendation_id, ()):
            if not responsible.email:
                continue
            for user_id, _address in snapshot.officials.get(
                responsible.organisation_id, ()
            ):
                if (user_id, key) in reminded:
                    copies[user_id].add(responsible.email)
                    break
    return copies


def reminders_send(*, today: datetime.date) -> PassReport:
    """Send every reminder due on `today` that has not been sent before."""
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        snapshot = Snapshot.take(today)
        dues = _unique(due_reminders(snapshot))
        now = timezone.now()
        addresses: dict[int, str] = {}
        rows = []
        for (rec_id, kind, period), due in dues.items():
            for user_id, address in snapshot.recipients(due.organisations).items():
                addresses[user_id] = address
                rows.append(
                    Reminder(
                        recipient_id=user_id,
                        recommendation_id=rec_id,
                        kind=kind,
                        period=period,
                        sent_at=now,
                    )
                )
        coordinators = digest_recipients()
        week = digest_period(today)
        for user_id, (address, name) in coordinators.items():
            addresses[user_id] = address
            snapshot.names.setdefault(user_id, name)
            rows.append(
                Reminder(
                    recipient_id=user_id,
                    kind=ReminderKind.DIGEST,
                    period=week,
                    sent_at=now,
                )
            )
        recorded = _record(rows, now)
        report = _queue(snapshot, dues, recorded, addresses)
    logger.info("Reminder pass for %s: %s", today, report)
    return report


def _queue(snapshot: Snapshot, dues: dict[Key, Due], recorded, addresses) -> PassReport:
    letters: dict[int, Letter] = {}
    reminder_ids: dict[int, list[int]] = defaultdict(list)
    digest = None
    for pk, user_id, rec_id, kind, period in recorded:
        letter = letters.setdefault(user_id, Letter(snapshot.names.get(user_id, "")))
        reminder_ids[user_id].append(pk)
        if kind == ReminderKind.DIGEST:
            if digest is None:
                digest = digest_rows(snapshot)
            letter.digest = digest
            continue
        letter.dues.append(dues[(rec_id, kind, period)])
        letter.numbers.append(snapshot.items[rec_id].number)
    copies = _copies(snapshot, dues, recorded)
    report = PassReport(reminders=len(recorded))
    for user_id, letter in letters.items():
        message = message_enqueue(
            to=[addresses[user_id]],
            cc=sorted(copies.get(user_id, set()) - {addresses[user_id]}),
            subject=letter.subject(),
            text=letter.text(),
            html=letter.html(),
        )
        Reminder.objects.filter(pk__in=reminder_ids[user_id]).update(message=message)
        report.message_ids.append(message.pk)
    return report
