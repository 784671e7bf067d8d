"""The Russian production calendar: which days are working days.

Public holidays, the days off the Government transfers each year
(«перенос выходных дней») and the Saturdays or Sundays that become working days
in exchange («рабочие выходные», e.g. 28 December 2024) all come from the
``holidays`` library (``holidays.countries.russia``), which records each year's
decree. A year whose decree the installed release does not know yet falls back to
the statutory holidays and the ordinary weekend, so the package is kept up to date
once the next year's calendar is published (usually in the autumn).
"""

import datetime
from functools import cache

import holidays

COUNTRY = "RU"
ONE_DAY = datetime.timedelta(days=1)


@cache
def non_working_days(year: int) -> frozenset[datetime.date]:
    """Every weekend day and holiday of ``year`` that is not worked."""
    # A transfer may take its working weekend from a neighbouring year, so the
    # calendar is read with both neighbours before keeping this year's days.
    calendar = holidays.country_holidays(COUNTRY, years=(year - 1, year, year + 1))
    first = datetime.date(year, 1, 1)
    days = (first + ONE_DAY * n for n in range(366))
    return frozenset(
        day for day in days if day.year == year and not calendar.is_working_day(day)
    )


def is_working_day(day: datetime.date) -> bool:
    return day not in non_working_days(day.year)


def previous_working_day(day: datetime.date) -> datetime.date:
    """``day`` itself when it is worked, otherwise the last working day before it."""
    while not is_working_day(day):
        day -= ONE_DAY
    return day


def next_working_day(day: datetime.date) -> datetime.date:
    """``day`` itself when it is worked, otherwise the first working day after it."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The working day ``count`` working days after ``day`` (before it if negative).

    ``day`` itself is not counted, so one working day after a Friday is Monday
    (or later, after a holiday); ``count=0`` gives ``day`` unchanged.
    """
    step = ONE_DAY if count >= 0 else -ONE_DAY
    for _ in range(abs(count)):
        day += step
        while not is_working_day(day):
            day += step
    return day
