"""The derived states of a recommendation, as query expressions.

Overdue and stale are never stored: they are computed for a date, here, and
every page, list, export and report reads them from these definitions.
"""

import datetime

from django.conf import settings
from django.db.models import Avg, Count, Q
from django.utils import timezone

from .status import CLOSED_STATUSES, Status


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


def stale_q(today: datetime.date, prefix: str = "") -> Q:
    """Open and with no published report within the reporting period."""
    reported = f"{prefix}status_reported_on"
    return (
        Q(**{f"{reported}__isnull": True})
        | Q(**{f"{reported}__lt": stale_before(today)})
    ) & ~Q(**{f"{prefix}status__in": CLOSED_STATUSES})


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
