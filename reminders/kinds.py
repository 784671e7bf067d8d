"""The kinds of reminder: one function each, found through a registry.

A kind's function reads the pass's `Snapshot` and yields a `Due` for every
item it has to remind of today: the period it is for (each reminder is sent
once per recipient, item, kind and period), the organisations whose officials
receive it, the line that describes it and the admin page where they act.

Every kind looks at what is due *now*, not at what a run on a given day would
have sent: after downtime the next pass sends the reminders that still apply
(the latest deadline threshold, this week's overdue notice), once.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from recommendations.models import ReviewState, StatusUpdate
from recommendations.schedules import report_due_on

from .models import Reminder, ReminderKind
from .snapshot import Snapshot


@dataclass(frozen=True)
class Due:
    kind: str
    recommendation_id: int
    period: str
    organisations: tuple[int, ...]
    text: str
    link: str
    # The organisations' own addresses are copied (the second overdue notice on).
    copy_organisations: bool = False


@dataclass(frozen=True)
class Kind:
    kind: ReminderKind
    heading: Promise
    find: Callable[[Snapshot], Iterator[Due]]


# In the order their sections appear in a message.
KINDS: dict[str, Kind] = {}


def reminder_kind(kind: ReminderKind, heading: Promise):
    """Register a kind's function under its `ReminderKind` and section heading."""

    def register(find: Callable[[Snapshot], Iterator[Due]]):
        KINDS[kind] = Kind(kind, heading, find)
        return find

    return register


def due_reminders(snapshot: Snapshot) -> Iterator[Due]:
    for kind in KINDS.values():
        yield from kind.find(snapshot)


# --- helpers ---------------------------------------------------------------------


def site_url(path: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + path


def report_link(rec_id: int) -> str:
    """Where an official reports on an item: a new report, the item chosen."""
    return site_url(
        reverse("admin:recommendations_statusupdate_add") + f"?recommendation={rec_id}"
    )


def _day(day: datetime.date) -> str:
    return date_format(day, "d.m.Y")


def _item(snapshot: Snapshot, rec_id: int) -> str:
    item = snapshot.items[rec_id]
    return f"{item.number}. {item.short_text}"


def in_days(days: int) -> str:
    return ngettext("in %(days)s day", "in %(days)s days", days) % {"days": days}


def days_late(days: int) -> str:
    return ngettext("%(days)s day overdue", "%(days)s days overdue", days) % {
        "days": days
    }


# --- deadlines -------------------------------------------------------------------


@reminder_kind(ReminderKind.DEADLINE_SOON, gettext_lazy("Deadlines approaching"))
def deadline_soon(snapshot: Snapshot) -> Iterator[Due]:
    """N days before the deadline (REMINDER_DAYS_BEFORE): the nearest threshold
    reached, so a pass after downtime sends only the one that still applies."""
    thresholds = sorted(settings.REMINDER_DAYS_BEFORE)
    for rec_id, item in snapshot.items.items():
        if item.due_on is None:
            continue
        left = (item.due_on - snapshot.today).days
        reached = [days for days in thresholds if 0 < left <= days]
        if not reached:
            continue
        yield Due(
            ReminderKind.DEADLINE_SOON,
            rec_id,
            (item.due_on - datetime.timedelta(days=reached[0])).isoformat(),
            snapshot.organisations_of(rec_id),
            _("%(item)s — due on %(date)s, %(left)s.")
            % {
                "item": _item(snapshot, rec_id),
                "date": _day(item.due_on),
                "left": in_days(left),
            },
            report_link(rec_id),
        )


@reminder_kind(ReminderKind.DEADLINE_TODAY, gettext_lazy("Deadline today"))
def deadline_today(snapshot: Snapshot) -> Iterator[Due]:
    for rec_id, item in snapshot.items.items():
        if item.due_on == snapshot.today:
            yield Due(
                ReminderKind.DEADLINE_TODAY,
                rec_id,
                item.due_on.isoformat(),
                snapshot.organisations_of(rec_id),
                _("%(item)s — due today, %(date)s.")
                % {"item": _item(snapshot, rec_id), "date": _day(item.due_on)},
                report_link(rec_id),
            )


def iso_week(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


@reminder_kind(ReminderKind.OVERDUE, gettext_lazy("Overdue"))
def overdue(snapshot: Snapshot) -> Iterator[Due]:
    """Once a week (an ISO week is the period) while the deadline has passed."""
    week = iso_week(snapshot.today)
    late = {
        rec_id: item
        for rec_id, item in snapshot.items.items()
        if item.due_on is not None and item.due_on < snapshot.today
    }
    reminded_before = set(
        Reminder.objects.filter(
            kind=ReminderKind.OVERDUE, recommendation_id__in=list(late)
        )
        .exclude(period=week)
        .values_list("recommendation_id", flat=True)
        .distinct()
    )
    for rec_id, item in late.items():
        yield Due(
            ReminderKind.OVERDUE,
            rec_id,
            week,
            snapshot.organisations_of(rec_id),
            _("%(item)s — the deadline was %(date)s, %(late)s.")
            % {
                "item": _item(snapshot, rec_id),
                "date": _day(item.due_on),
                "late": days_late((snapshot.today - item.due_on).days),
            },
            report_link(rec_id),
            copy_organisations=rec_id in reminded_before,
        )


# --- reports ---------------------------------------------------------------------


@reminder_kind(
    ReminderKind.RETURNED,
    gettext_lazy("Reports returned for revision, not resubmitted"),
)
def returned(snapshot: Snapshot) -> Iterator[Due]:
    """A report returned REMINDER_RETURNED_DAYS ago or more and still not
    resubmitted, to the officials of the organisation that made it."""
    days = settings.REMINDER_RETURNED_DAYS
    cutoff = snapshot.today - datetime.timedelta(days=days - 1)
    before = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time()))
    for pk, rec_id, org_id, reviewed_at in (
        StatusUpdate.objects.filter(
            state=ReviewState.RETURNED,
            reviewed_at__lt=before,
            recommendation_id__in=list(snapshot.items),
        )
        .order_by("reviewed_at", "pk")
        .values_list("pk", "recommendation_id", "organisation_id", "reviewed_at")
    ):
        returned_on = timezone.localdate(reviewed_at)
        yield Due(
            ReminderKind.RETURNED,
            rec_id,
            returned_on.isoformat(),
            (org_id,),
            _("%(item)s — returned on %(date)s, %(waiting)s.")
            % {
                "item": _item(snapshot, rec_id),
                "date": _day(returned_on),
                "waiting": ngettext(
                    "waiting for %(days)s day",
                    "waiting for %(days)s days",
                    (snapshot.today - returned_on).days,
                )
                % {"days": (snapshot.today - returned_on).days},
            },
            site_url(reverse("admin:recommendations_statusupdate_change", args=[pk])),
        )


@reminder_kind(ReminderKind.REPORT_SOON, gettext_lazy("Scheduled reports due soon"))
def report_soon(snapshot: Snapshot) -> Iterator[Due]:
    """REMINDER_REPORT_DAYS_BEFORE days before a scheduled report's due date
    (recommendations/schedules.py), unless that report is already in."""
    for rec_id, (_schedule, status) in snapshot.schedules.items():
        if status.next_due_on is None:
            continue
        left = (status.next_due_on - snapshot.today).days
        if not 0 <= left <= settings.REMINDER_REPORT_DAYS_BEFORE:
            continue
        yield Due(
            ReminderKind.REPORT_SOON,
            rec_id,
            status.next_period.key,
            snapshot.organisations_of(rec_id),
            _("%(item)s — the report for %(period)s is due on %(date)s.")
            % {
                "item": _item(snapshot, rec_id),
                "period": status.next_period.label,
                "date": _day(status.next_due_on),
            },
            report_link(rec_id),
        )


@reminder_kind(ReminderKind.REPORT_MISSED, gettext_lazy("Scheduled reports missed"))
def report_missed(snapshot: Snapshot) -> Iterator[Due]:
    """The latest period whose due date has passed has no report (once per period)."""
    for rec_id, (schedule, status) in snapshot.schedules.items():
        if not status.is_stale:
            continue
        period = status.last_due
        due_on = report_due_on(period, schedule.due_day)
        yield Due(
            ReminderKind.REPORT_MISSED,
            rec_id,
            period.key,
            snapshot.organisations_of(rec_id),
            _("%(item)s — the report for %(period)s was due on %(date)s, %(late)s.")
            % {
                "item": _item(snapshot, rec_id),
                "period": period.label,
                "date": _day(due_on),
                "late": days_late((snapshot.today - due_on).days),
            },
            report_link(rec_id),
        )


def heading(kind: str) -> str:
    return capfirst(str(KINDS[kind].heading))
