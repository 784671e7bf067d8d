"""Reporting schedules: periods, report due dates, missed and next reports.

The arithmetic only — no model code — so that a resolution's default schedule and a
recommendation's own can both be read through it.

Periods follow the calendar: months, quarters (January–March, …), half-years
(January–June, July–December) and years. Each has a stable ``key`` ("2026-10",
"2026-Q3", "2026-H1", "2026") under which a report or a reminder is recorded, and a
``label`` in the active language («III квартал 2026 г.», "Q3 2026").

**Due date.** The report for a period is due on ``due_day`` of the month after the
period ends («до 10-го числа месяца, следующего за отчётным периодом»), clipped to
that month's length (31 → 28, 29 or 30). A due date on a non-working day of the
Russian production calendar moves to the previous working day. One exception: when
the previous working day would fall inside the period itself — a report on December
due by 10 January, with the New Year holidays in between — it moves to the first
working day after instead, since a report cannot be due before its period is over.

**Which periods count.** Reporting begins on ``start`` (the resolution's adoption):
every period that ends on or after ``start`` is owed a report, including the one
``start`` falls in; periods that ended before it are not.

**Which period a report belongs to.** A report is placed by its facts date
(``reported_on``), not by when it was published: it counts for the period just
closed while that period's report is not yet due (1–10 October → III quarter), and
for the period it falls in after that (11 October → IV quarter). Each day thus
belongs to exactly one period — from the day after the previous period's due date
up to its own due date. Whether it came in on time is a separate question,
answered by its submission (publication) date against the due date: a report with
facts as of 30 September published on 15 October counts for the III quarter, late.

**Missed and next.** A period is missed once its due date has passed (the due date
itself still being in time) with no report recorded under its key. The next report
is the earliest owed period with no report whose due date has not passed.

**Stale.** An item is stale when the report for the latest period whose due date
has passed is missing and no report for a later period came in either: a report
with later facts covers the period too, and the item has fresh data. Put in dates:
no report with facts after the due date of the period before that one.
"""

import calendar
import datetime
from dataclasses import dataclass
from functools import lru_cache

# The periods live in their own module; their names are read from here too.
from recommendations.periods import (  # noqa: F401
    KEY_PATTERNS,
    LABELS,
    MONTHS_IN_PERIOD,
    ONE_DAY,
    Period,
    ReportingFrequency,
    following_period,
    last_closed_period,
    period_containing,
    period_for_key,
    periods_between,
    preceding_period,
)
from recommendations.working_days import next_working_day, previous_working_day

# DOMAIN.md: monthly or quarterly reports without a set day are due by the 10th of
# the month after the period; a standing duty («постоянно») reports once a year,
# by 20 January of the next year.
DEFAULT_DUE_DAY = 10
STANDING_DUTY_DUE_DAY = 20
FIRST_DUE_DAY = 1
LAST_DUE_DAY = 31

# Every period due on or after a day begins after this long before it (a year
# and the month its report is due in, with room to spare).
NEXT_REPORT_HORIZON = datetime.timedelta(days=400)


@dataclass(frozen=True)
class Schedule:
    """How often reports are owed and the day of the following month they are due."""

    frequency: ReportingFrequency
    due_day: int

    @property
    def is_periodic(self) -> bool:
        return self.frequency != ReportingFrequency.NONE


@dataclass(frozen=True)
class ScheduleStatus:
    """Where a schedule stands on a given day, given the periods already reported.

    ``next_period``/``next_due_on``: the report to make next (None without a
    schedule). ``missed``: owed periods, oldest first, whose due date has passed
    without a report. ``last_closed``: the latest owed period that has ended (its
    report may still be in time). ``last_due``: the latest owed period whose due
    date has passed.
    """

    next_period: Period | None = None
    next_due_on: datetime.date | None = None
    missed: tuple[Period, ...] = ()
    last_closed: Period | None = None
    last_due: Period | None = None
    reported_after_last_due: bool = False

    @property
    def is_stale(self) -> bool:
        """The report for the latest period whose due date has passed is missing,
        and none for a later period came in either."""
        return (
            self.last_due is not None
            and self.last_due in self.missed
            and not self.reported_after_last_due
        )


def effective_schedule(
    *,
    frequency: str | None = None,
    due_day: int | None = None,
    default_frequency: str | None = ReportingFrequency.NONE,
    default_due_day: int | None = None,
    standing: bool = False,
) -> Schedule:
    """The schedule that applies to one recommendation.

    ``frequency``/``due_day`` are the recommendation's own (blank or None: take the
    resolution's), ``default_frequency``/``default_due_day`` the resolution's. A
    due day set nowhere is the 10th. A standing duty («постоянно») left without a
    schedule reports once a year, by 20 January.
    """
    chosen = ReportingFrequency(
        frequency or default_frequency or ReportingFrequency.NONE
    )
    if chosen == ReportingFrequency.NONE and standing:
        return Schedule(ReportingFrequency.YEARLY, STANDING_DUTY_DUE_DAY)
    return Schedule(chosen, due_day or default_due_day or DEFAULT_DUE_DAY)


@lru_cache(maxsize=8192)
def report_due_on(period: Period, due_day: int) -> datetime.date:
    """The day the report for ``period`` is due (see the module's docstring)."""
    if not FIRST_DUE_DAY <= due_day <= LAST_DUE_DAY:
        raise ValueError(f"A due day is from 1 to 31, not {due_day}")
    month_after = period.end + ONE_DAY
    length = calendar.monthrange(month_after.year, month_after.month)[1]
    nominal = month_after.replace(day=min(due_day, length))
    due = previous_working_day(nominal)
    if due <= period.end:
        due = next_working_day(nominal)
    return due


def period_of_report(
    *, reported_on: datetime.date, frequency: str, due_day: int
) -> Period | None:
    """The period a report with facts as of ``reported_on`` counts for.

    The period just closed while its report is not yet due, else the period
    ``reported_on`` falls in. None without a schedule.
    """
    current = period_containing(reported_on, frequency)
    if current is None:
        return None
    closed = preceding_period(current)
    return closed if reported_on <= report_due_on(closed, due_day) else current


def report_is_on_time(
    *, period: Period, due_day: int, submitted_on: datetime.date
) -> bool:
    """Whether a report submitted (published) on ``submitted_on`` met its due date."""
    return submitted_on <= report_due_on(period, due_day)


def schedule_status(
    *,
    today: datetime.date,
    frequency: str,
    due_day: int,
    start: datetime.date,
    reported_keys: frozenset[str] | set[str] = frozenset(),
) -> ScheduleStatus:
    """Next report, missed periods and the last closed period on ``today``.

    ``start`` is the day reporting begins (periods ending before it are not owed);
    ``reported_keys`` the keys of the periods reports were recorded for (see
    ``period_of_report``). Without a schedule every field is empty.
    """
    period = period_containing(start, frequency)
    if period is None:
        return ScheduleStatus()
    closed = last_closed_period(today, frequency)
    missed: list[Period] = []
    last_due = None
    # Owed periods are walked in order: those already due are missed or done, and
    # the first one not yet due and not yet reported is the next one. The walk ends
    # because only finitely many periods can have been reported ahead of time.
    while (due_on := report_due_on(period, due_day)) < today or (
        period.key in reported_keys
    ):
        if due_on < today:
            last_due = period
            if period.key not in reported_keys:
                missed.append(period)
        period = following_period(period)
    return ScheduleStatus(
        next_period=period,
        next_due_on=due_on,
        missed=tuple(missed),
        last_closed=closed if closed is not None and closed.end >= start else None,
        last_due=last_due,
        reported_after_last_due=last_due is not None
        and any(period_for_key(key).start > last_due.end for key in reported_keys),
    )


def last_due_period(
    today: datetime.date, frequency: str, due_day: int
) -> Period | None:
    """The latest period whose report was due before ``today``, owed or not."""
    closed = last_closed_period(today, frequency)
    if closed is None:
        return None
    return (
        closed if report_due_on(closed, due_day) < today else preceding_period(closed)
    )


@lru_cache(maxsize=512)
def stale_threshold(
    today: datetime.date, frequency: str, due_day: int
) -> tuple[Period, datetime.date] | None:
    """The period a fresh item has reported for, and the facts date to pass.

    An item is stale on ``today`` when that period is owed and no report has
    facts after the date: the due date of the period before it (see "Stale").
    """
    period = last_due_period(today, frequency, due_day)
    if period is None:
        return None
    return period, report_due_on(preceding_period(period), due_day)


def next_report_due(
    *,
    today: datetime.date,
    frequency: str,
    due_day: int,
    start: datetime.date,
    reported_keys: frozenset[str] | set[str] = frozenset(),
) -> datetime.date | None:
    """The due date of the next report to make on ``today``; None without a schedule.

    Without ``reported_keys``: the due date of the earliest owed period whose due
    date has not passed.
    """
    return schedule_status(
        today=today,
        frequency=frequency,
        due_day=due_day,
        start=start,
        reported_keys=reported_keys,
    ).next_due_on


def next_report_due_after_latest(
    *,
    today: datetime.date,
    frequency: str,
    due_day: int,
    start: datetime.date,
    latest_reported_on: datetime.date | None,
) -> datetime.date | None:
    """`next_report_due` from the latest report's facts date alone.

    Only the period after the last one due can hold a report that moves the next
    report on, and the latest report is in it if any is, so the rest of the
    history is not needed — nor the periods long past, which are all due.
    """
    start = max(start, today - NEXT_REPORT_HORIZON)
    keys = set()
    if latest_reported_on is not None:
        period = period_of_report(
            reported_on=latest_reported_on, frequency=frequency, due_day=due_day
        )
        if period is not None:
            keys.add(period.key)
    return next_report_due(
        today=today,
        frequency=frequency,
        due_day=due_day,
        start=start,
        reported_keys=keys,
    )
