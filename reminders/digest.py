"""The coordinators' weekly digest: what waits for them and where reporting lags.

Sent once per ISO week to every active member of the Coordinators group with an
address, in the first pass of the week (Monday's, or the first after downtime).
"""

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from recommendations.models import DeadlineChange, StatusUpdate

from .kinds import iso_week, site_url
from .snapshot import Snapshot, _address

COORDINATORS = "Coordinators"
LISTED = 20  # item numbers named in a line; the rest are counted


def reports_received(snapshot: Snapshot) -> list[tuple[str, str]]:
    """Of the items whose latest scheduled report is due, how many made it."""
    owed = [s for _schedule, s in snapshot.schedules.values() if s.last_due]
    if not owed:
        return []
    received = sum(1 for status in owed if not status.is_stale)
    return [
        (
            _("Latest scheduled reports received"),
            _("%(received)s of %(owed)s") % {"received": received, "owed": len(owed)},
        )
    ]


# Figures of reporting discipline, each a function of the pass's snapshot giving
# (label, value) rows; more may be appended (say, the share of reports on time).
DISCIPLINE_FIGURES: list[Callable[[Snapshot], list[tuple[str, str]]]] = [
    reports_received
]


def digest_period(today: datetime.date) -> str:
    return iso_week(today)


def digest_recipients() -> dict[int, tuple[str, str]]:
    """Active coordinators with an address: user id → (address, name)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=COORDINATORS)
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", "email", "first_name", "last_name", "username")
        .distinct()
    )
    return {
        pk: (address, f"{first} {last}".strip() or username)
        for pk, email, first, last, username in users
        if (address := _address(email))
    }


def _numbers(snapshot: Snapshot, rec_ids: list[int]) -> str:
    numbers = [snapshot.items[pk].number for pk in rec_ids[:LISTED]]
    more = len(rec_ids) - len(numbers)
    text = ", ".join(numbers) if numbers else "—"
    if more:
        text += " " + ngettext("and %(count)s more", "and %(count)s more", more) % {
            "count": more
        }
    return text


def _queue_row() -> tuple[str, str]:
    queue = StatusUpdate.objects.awaiting_review()
    count = queue.count()
    oldest = queue.order_by("created_at", "pk").select_related("recommendation").first()
    value = ngettext(
        "%(count)s report awaits review", "%(count)s reports await review", count
    ) % {"count": count}
    if oldest is not None:
        value += "; " + _("the oldest, on %(number)s, since %(date)s") % {
            "number": oldest.recommendation.number,
            "date": date_format(timezone.localtime(oldest.created_at), "d.m.Y"),
        }
    return _("Review queue"), value


def pending_deadline_requests() -> int:
    """Requests to move a deadline awaiting a coordinator's decision."""
    return DeadlineChange.objects.pending().count()


def digest_rows(snapshot: Snapshot) -> list[tuple[str, str]]:
    today = snapshot.today
    week_ago = today - datetime.timedelta(days=7)
    newly_overdue = [
        pk
        for pk, item in snapshot.items.items()
        if item.due_on is not None and week_ago <= item.due_on < today
    ]
    overdue = [
        pk
        for pk, item in snapshot.items.items()
        if item.due_on is not None and item.due_on < today
    ]
    missed = [pk for pk, (_s, status) in snapshot.schedules.items() if status.is_stale]
    rows = [_queue_row()]
    rows.append(
        (
            _("Deadline change requests awaiting a decision"),
            str(pending_deadline_requests()),
        )
    )
    rows += [
        (_("Overdue since last week"), _numbers(snapshot, newly_overdue)),
        (_("Scheduled reports missed"), _numbers(snapshot, missed)),
        (_("Overdue in all"), str(len(overdue))),
    ]
    for figures in DISCIPLINE_FIGURES:
        rows += figures(snapshot)
    return rows


def digest_link() -> str:
    return site_url(reverse("admin:index"))
