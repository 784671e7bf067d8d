"""What a reminder pass knows of the portal on its day, read in a few queries.

The open recommendations of published resolutions (withdrawn and done ones get
no reminders), who is responsible for each, and the officials of those
organisations; the reporting schedules are worked out on demand. The kinds of
reminder (`kinds.py`) and the digest read this, never the database row by row.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from recommendations.models import (
    CLOSED_STATUSES,
    Assignment,
    Recommendation,
    ReviewState,
    StatusUpdate,
)
from recommendations.schedules import (
    Schedule,
    ScheduleStatus,
    effective_schedule,
    period_of_report,
    schedule_status,
)

# The schedules look back this far: far enough for the latest due period of a
# yearly schedule and the reports that count for it (up to 13 months each).
SCHEDULE_HORIZON = datetime.timedelta(days=800)


@dataclass(frozen=True)
class Responsible:
    organisation_id: int
    is_lead: bool
    email: str


@dataclass
class Snapshot:
    today: datetime.date
    items: dict[int, Recommendation]
    # Lead first, then the co-executors.
    responsible: dict[int, list[Responsible]]
    # Organisation → its officials who can be written to: (user id, address).
    officials: dict[int, list[tuple[int, str]]]
    names: dict[int, str] = field(default_factory=dict)

    @classmethod
    def take(cls, today: datetime.date) -> "Snapshot":
        open_items = Recommendation.objects.filter(
            resolution__is_published=True
        ).exclude(status__in=CLOSED_STATUSES)
        items = {
            item.pk: item
            for item in open_items.select_related("resolution").order_by(
                "resolution__adopted_on", "order", "pk"
            )
        }
        responsible: dict[int, list[Responsible]] = defaultdict(list)
        organisations: set[int] = set()
        for rec_id, org_id, is_lead, email in (
            Assignment.objects.filter(
                recommendation__in=open_items.values("pk"),
                organisation__is_active=True,
            )
            .order_by("recommendation_id", "-is_lead", "organisation_id")
            .values_list(
                "recommendation_id", "organisation_id", "is_lead", "organisation__email"
            )
        ):
            responsible[rec_id].append(Responsible(org_id, is_lead, _address(email)))
            organisations.add(org_id)
        officials: dict[int, list[tuple[int, str]]] = defaultdict(list)
        names: dict[int, str] = {}
        for org_id, user_id, email, first, last, username in (
            get_user_model()
            .objects.filter(is_active=True, memberships__organisation__in=organisations)
            .exclude(email="")
            .order_by("pk")
            .values_list(
                "memberships__organisation_id",
                "pk",
                "email",
                "first_name",
                "last_name",
                "username",
            )
        ):
            if address := _address(email):
                officials[org_id].append((user_id, address))
                names[user_id] = f"{first} {last}".strip() or username
        return cls(today, items, dict(responsible), dict(officials), names)

    def recipients(self, organisation_ids: tuple[int, ...]) -> dict[int, str]:
        """The officials of these organisations: user id → address."""
        return {
            user_id: address
            for org_id in organisation_ids
            for user_id, address in self.officials.get(org_id, ())
        }

    def organisations_of(self, rec_id: int) -> tuple[int, ...]:
        return tuple(r.organisation_id for r in self.responsible.get(rec_id, ()))

    @cached_property
    def schedules(self) -> dict[int, tuple[Schedule, ScheduleStatus]]:
        """Each scheduled item's schedule and where it stands today."""
        chosen = {
            pk: schedule
            for pk, item in self.items.items()
            if (schedule := schedule_of(item)).is_periodic
        }
        horizon = self.today - SCHEDULE_HORIZON
        reported: dict[int, set[str]] = defaultdict(set)
        for rec_id, reported_on in StatusUpdate.objects.filter(
            recommendation_id__in=list(chosen),
            state__in=[ReviewState.SUBMITTED, ReviewState.PUBLISHED],
            reported_on__gte=horizon,
        ).values_list("recommendation_id", "reported_on"):
            schedule = chosen[rec_id]
            period = period_of_report(
                reported_on=reported_on,
                frequency=schedule.frequency,
                due_day=schedule.due_day,
            )
            reported[rec_id].add(period.key)
        return {
            pk: (
                schedule,
                schedule_status(
                    today=self.today,
                    frequency=schedule.frequency,
                    due_day=schedule.due_day,
                    start=max(self.items[pk].resolution.adopted_on, horizon),
                    reported_keys=reported[pk],
                ),
            )
            for pk, schedule in chosen.items()
        }


def schedule_of(item: Recommendation) -> Schedule:
    """The reporting schedule of an item: its own, else its resolution's.

    Read with getattr: the schedule fields (`report_frequency`, `report_due_day`
    on both models) may be absent, and then only a standing duty has a schedule
    (once a year, by 20 January).
    """
    resolution = item.resolution
    return effective_schedule(
        frequency=getattr(item, "report_frequency", None),
        due_day=getattr(item, "report_due_day", None),
        default_frequency=getattr(resolution, "report_frequency", None),
        default_due_day=getattr(resolution, "report_due_day", None),
        standing=item.is_continuous,
    )


def _address(email: str | None) -> str:
    """The address if it is one; a mistyped one must not stop everyone's mail."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        return ""
    return email
