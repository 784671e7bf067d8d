"""The derived states of a recommendation, as query expressions.

Overdue and stale are never stored: they are computed for a date, here, and
every page, list, export and report reads them from these definitions.
"""

import datetime
from collections import defaultdict
from functools import lru_cache

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    F,
    PositiveSmallIntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..schedules import (
    FIRST_DUE_DAY,
    LAST_DUE_DAY,
    MONTHS_IN_PERIOD,
    STANDING_DUTY_DUE_DAY,
    ReportingFrequency,
    stale_threshold,
)
from .status import CLOSED_STATUSES, Status

# The names `with_schedule` gives a recommendation's schedule in a query.
SCHEDULE_FREQUENCY = "schedule_frequency"
SCHEDULE_DUE_DAY = "schedule_due_day"
SET_DUE_DAY = "schedule_set_due_day"


def _today() -> datetime.date:
    return timezone.localdate()


def stale_before(today: datetime.date | None = None) -> datetime.date:
    """Reports older than this date no longer count as fresh."""
    today = today or _today()
    return today - datetime.timedelta(days=settings.REPORTING_PERIOD_DAYS)


def overdue_q(today: datetime.date, prefix: str = "", status: str = "status") -> Q:
    """Due date passed and not closed. `prefix` reaches recommendations by a path."""
    return Q(**{f"{prefix}due_on__lt": today}) & ~Q(
        **{f"{prefix}{status}__in": CLOSED_STATUSES}
    )


def _chosen(frequency: str) -> Q:
    """The recommendation's own frequency is `frequency`, or it has none of its
    own and its resolution's is."""
    return Q(report_frequency=frequency) | Q(
        report_frequency="", resolution__report_frequency=frequency
    )


def _standing() -> Q:
    """A standing duty with no schedule: it reports yearly by 20 January."""
    return _chosen(ReportingFrequency.NONE) & Q(is_continuous=True)


def schedule_expressions() -> dict:
    """A recommendation's schedule as query expressions, as `effective_schedule`
    chooses it: its own, else its resolution's; a standing duty with neither
    reports yearly by 20 January."""
    return {
        SCHEDULE_FREQUENCY: Case(
            When(_standing(), then=Value(ReportingFrequency.YEARLY.value)),
            When(~Q(report_frequency=""), then=F("report_frequency")),
            default=F("resolution__report_frequency"),
            output_field=CharField(),
        ),
        SCHEDULE_DUE_DAY: Case(
            When(_standing(), then=Value(STANDING_DUTY_DUE_DAY)),
            default=F(SET_DUE_DAY),
            output_field=PositiveSmallIntegerField(),
        ),
    }


def set_due_day_expression() -> dict:
    """The due day set on the recommendation, else on its resolution."""
    return {SET_DUE_DAY: Coalesce("report_due_day", "resolution__report_due_day")}


def _missing_since(threshold: datetime.date) -> Q:
    return Q(status_reported_on__isnull=True) | Q(status_reported_on__lte=threshold)


@lru_cache(maxsize=64)
def _scheduled_stale_q(today: datetime.date) -> Q:
    """Stale by the schedule (see `schedules`), for each schedule there can be.

    The due day moves the threshold date, so the days that share one are
    grouped: a few dozen branches, built once a day. A period that ended
    before the resolution was adopted is owed nothing.
    """
    branches = Q(pk__in=[])
    for frequency in MONTHS_IN_PERIOD:
        days_by_threshold = defaultdict(list)
        for due_day in range(FIRST_DUE_DAY, LAST_DUE_DAY + 1):
            period, threshold = stale_threshold(today, frequency, due_day)
            days_by_threshold[period.end, threshold].append(due_day)
        by_day = Q(pk__in=[])
        for (period_end, threshold), days in days_by_threshold.items():
            by_day |= (
                Q(**{f"{SET_DUE_DAY}__in": days})
                & Q(resolution__adopted_on__lte=period_end)
                & _missing_since(threshold)
            )
        branches |= _chosen(frequency) & by_day
    period, threshold = stale_threshold(
        today, ReportingFrequency.YEARLY, STANDING_DUTY_DUE_DAY
    )
    return branches | (
        _standing()
        & Q(resolution__adopted_on__lte=period.end)
        & _missing_since(threshold)
    )


def stale_q(today: datetime.date) -> Q:
    """Open, and the report owed for the last period due is missing.

    Without a schedule: no published report within `REPORTING_PERIOD_DAYS`.
    Reads the due day `set_due_day_expression` names.
    """
    unscheduled = (
        _chosen(ReportingFrequency.NONE)
        & Q(is_continuous=False)
        & (
            Q(status_reported_on__isnull=True)
            | Q(status_reported_on__lt=stale_before(today))
        )
    )
    return (unscheduled | _scheduled_stale_q(today)) & ~Q(status__in=CLOSED_STATUSES)


def progress_aggregates(
    today: datetime.date,
    prefix: str = "",
    status: str = "status",
    progress: str = "progress",
) -> dict:
    """The one definition of a set of recommendations' progress.

    The mean progress of the recommendations, withdrawn ones excluded and
    unreported ones counted as 0 (their progress is 0 until a report is
    published). `prefix` reaches recommendations from another model, e.g.
    "recommendations__" from a resolution; `status` and `progress` name the
    fields to read (the as-of annotations for a past date).
    """
    status_field = f"{prefix}{status}"
    counted = ~Q(**{f"{status_field}": Status.CANCELLED})
    aggregates = {
        "total": Count(f"{prefix}id", distinct=bool(prefix)),
        # The recommendations the mean is taken over: «N of M done» counts these.
        "counted": Count(f"{prefix}id", filter=counted, distinct=bool(prefix)),
        "mean_progress": Avg(f"{prefix}{progress}", filter=counted),
        "overdue": Count(
            f"{prefix}id",
            filter=overdue_q(today, prefix, status),
            distinct=bool(prefix),
        ),
    }
    for value in Status.values:
        aggregates[value] = Count(
            f"{prefix}id",
            filter=Q(**{status_field: value}),
            distinct=bool(prefix),
        )
    return aggregates
