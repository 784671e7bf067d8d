"""Reporting periods: months, quarters, half-years and years, their keys and labels.

Each period has a stable ``key`` ("2026-10", "2026-Q3", "2026-H1", "2026") under
which a report or a reminder is recorded, and a ``label`` in the active language
(«III квартал 2026 г.», "Q3 2026"). The schedules (`schedules.py`) count in them.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from django.db import models
from django.utils.translation import pgettext_lazy

ONE_DAY = datetime.timedelta(days=1)


class ReportingFrequency(models.TextChoices):
    NONE = "none", pgettext_lazy("reporting frequency", "No regular reports")
    MONTHLY = "monthly", pgettext_lazy("reporting frequency", "Monthly")
    QUARTERLY = "quarterly", pgettext_lazy("reporting frequency", "Quarterly")
    HALF_YEARLY = "half_yearly", pgettext_lazy("reporting frequency", "Half-yearly")
    YEARLY = "yearly", pgettext_lazy("reporting frequency", "Yearly")


MONTHS_IN_PERIOD = {
    ReportingFrequency.MONTHLY: 1,
    ReportingFrequency.QUARTERLY: 3,
    ReportingFrequency.HALF_YEARLY: 6,
    ReportingFrequency.YEARLY: 12,
}

MONTH_LABELS = (
    pgettext_lazy("reporting period", "January %(year)s"),
    pgettext_lazy("reporting period", "February %(year)s"),
    pgettext_lazy("reporting period", "March %(year)s"),
    pgettext_lazy("reporting period", "April %(year)s"),
    pgettext_lazy("reporting period", "May %(year)s"),
    pgettext_lazy("reporting period", "June %(year)s"),
    pgettext_lazy("reporting period", "July %(year)s"),
    pgettext_lazy("reporting period", "August %(year)s"),
    pgettext_lazy("reporting period", "September %(year)s"),
    pgettext_lazy("reporting period", "October %(year)s"),
    pgettext_lazy("reporting period", "November %(year)s"),
    pgettext_lazy("reporting period", "December %(year)s"),
)
QUARTER_LABELS = (
    pgettext_lazy("reporting period", "Q1 %(year)s"),
    pgettext_lazy("reporting period", "Q2 %(year)s"),
    pgettext_lazy("reporting period", "Q3 %(year)s"),
    pgettext_lazy("reporting period", "Q4 %(year)s"),
)
HALF_YEAR_LABELS = (
    pgettext_lazy("reporting period", "H1 %(year)s"),
    pgettext_lazy("reporting period", "H2 %(year)s"),
)
YEAR_LABEL = pgettext_lazy("reporting period", "%(year)s")

LABELS = {
    ReportingFrequency.MONTHLY: MONTH_LABELS,
    ReportingFrequency.QUARTERLY: QUARTER_LABELS,
    ReportingFrequency.HALF_YEARLY: HALF_YEAR_LABELS,
    ReportingFrequency.YEARLY: (YEAR_LABEL,),
}
KEY_FORMATS = {
    ReportingFrequency.MONTHLY: "{year}-{number:02d}",
    ReportingFrequency.QUARTERLY: "{year}-Q{number}",
    ReportingFrequency.HALF_YEARLY: "{year}-H{number}",
    ReportingFrequency.YEARLY: "{year}",
}
KEY_PATTERNS = (
    (ReportingFrequency.MONTHLY, re.compile(r"(\d{4})-(\d{2})")),
    (ReportingFrequency.QUARTERLY, re.compile(r"(\d{4})-Q([1-4])")),
    (ReportingFrequency.HALF_YEARLY, re.compile(r"(\d{4})-H([12])")),
    (ReportingFrequency.YEARLY, re.compile(r"(\d{4})()")),
)


@dataclass(frozen=True)
class Period:
    """One reporting period, from ``start`` to ``end`` inclusive."""

    frequency: ReportingFrequency
    start: datetime.date
    end: datetime.date

    def __post_init__(self) -> None:
        # A plain string would compare equal to the choice but hash differently.
        object.__setattr__(self, "frequency", ReportingFrequency(self.frequency))

    @property
    def number(self) -> int:
        """The period's place in its year: the month, quarter or half (from 1)."""
        return (self.start.month - 1) // MONTHS_IN_PERIOD[self.frequency] + 1

    @property
    def key(self) -> str:
        """Stable name to record a report or reminder under: "2026-Q3"."""
        return KEY_FORMATS[self.frequency].format(
            year=self.start.year, number=self.number
        )

    @property
    def label(self) -> str:
        """«III квартал 2026 г.», «октябрь 2026 г.», "Q3 2026", "October 2026".

        Russian labels read after «за» («отчёт за III квартал 2026 г.») and in
        lower case for months, as in running text; ``capfirst`` them to start a line.
        """
        template = LABELS[self.frequency][self.number - 1]
        return str(template) % {"year": self.start.year}

    def __str__(self) -> str:
        return self.label


# Pure and called for every report and period read: worth remembering.
@lru_cache(maxsize=65536)
def period_containing(day: datetime.date, frequency: str) -> Period | None:
    """The period of ``frequency`` that ``day`` falls in; None without a schedule."""
    frequency = ReportingFrequency(frequency)
    if frequency == ReportingFrequency.NONE:
        return None
    months = MONTHS_IN_PERIOD[frequency]
    first_month = (day.month - 1) // months * months + 1
    last_month = first_month + months - 1
    last_day = calendar.monthrange(day.year, last_month)[1]
    return Period(
        frequency,
        datetime.date(day.year, first_month, 1),
        datetime.date(day.year, last_month, last_day),
    )


def period_for_key(key: str) -> Period:
    """The period a recorded key names ("2026-Q3" → III quarter 2026)."""
    for frequency, pattern in KEY_PATTERNS:
        if match := pattern.fullmatch(key):
            year, number = int(match[1]), int(match[2] or 1)
            month = (number - 1) * MONTHS_IN_PERIOD[frequency] + 1
            if 1 <= month <= 12:
                return period_containing(datetime.date(year, month, 1), frequency)
    raise ValueError(f"Not a reporting period key: {key!r}")


def following_period(period: Period) -> Period:
    return period_containing(period.end + ONE_DAY, period.frequency)


def preceding_period(period: Period) -> Period:
    return period_containing(period.start - ONE_DAY, period.frequency)


def periods_between(
    first_day: datetime.date, last_day: datetime.date, frequency: str
) -> list[Period]:
    """The periods that END between ``first_day`` and ``last_day``, both included.

    So a period already under way on ``first_day`` is in, and one still running on
    ``last_day`` is out: the periods owed a report over that stretch.
    """
    period = period_containing(first_day, frequency)
    periods = []
    while period is not None and period.end <= last_day:
        periods.append(period)
        period = following_period(period)
    return periods


def last_closed_period(today: datetime.date, frequency: str) -> Period | None:
    """The latest period that ended before ``today``; None without a schedule."""
    current = period_containing(today, frequency)
    return None if current is None else preceding_period(current)
