"""The Russian production calendar behind every due date."""

import datetime

import pytest

from recommendations.working_days import (
    add_working_days,
    is_working_day,
    next_working_day,
    non_working_days,
    previous_working_day,
)

day = datetime.date


@pytest.mark.parametrize(
    "holiday",
    [
        day(2026, 1, 1),
        day(2026, 1, 7),
        day(2026, 1, 8),
        day(2026, 2, 23),
        day(2026, 5, 1),
        day(2026, 6, 12),
        day(2026, 11, 4),
        day(2027, 3, 8),
    ],
)
def test_it_knows_the_public_holidays(holiday):
    assert holiday.weekday() < 5
    assert not is_working_day(holiday)


@pytest.mark.parametrize(
    "day_off",
    [
        # 2026: 3 and 4 January (weekend days inside the New Year holidays) moved
        # to 9 January and 31 December.
        day(2026, 1, 9),
        day(2026, 12, 31),
        # Holidays that fell on a weekend: 8 March and 9 May 2026.
        day(2026, 3, 9),
        day(2026, 5, 11),
        day(2025, 11, 3),
        day(2024, 12, 30),
    ],
)
def test_it_knows_the_days_off_the_government_transferred(day_off):
    assert day_off.weekday() < 5
    assert not is_working_day(day_off)


@pytest.mark.parametrize(
    "working_weekend",
    [day(2024, 4, 27), day(2024, 11, 2), day(2024, 12, 28), day(2025, 11, 1)],
)
def test_it_counts_the_working_saturdays_as_working_days(working_weekend):
    assert working_weekend.weekday() == 5
    assert is_working_day(working_weekend)


def test_it_treats_ordinary_weekends_as_days_off_and_weekdays_as_working():
    assert not is_working_day(day(2026, 10, 10))  # Saturday
    assert not is_working_day(day(2026, 10, 11))  # Sunday
    assert is_working_day(day(2026, 10, 9))  # Friday
    assert is_working_day(day(2026, 5, 8))  # Friday between two holidays


def test_it_keeps_the_same_day_when_it_is_already_a_working_day():
    assert previous_working_day(day(2026, 10, 9)) == day(2026, 10, 9)
    assert next_working_day(day(2026, 10, 9)) == day(2026, 10, 9)


def test_it_steps_back_over_weekends_and_holidays():
    assert previous_working_day(day(2026, 10, 11)) == day(2026, 10, 9)
    assert previous_working_day(day(2026, 6, 14)) == day(2026, 6, 11)
    assert previous_working_day(day(2026, 1, 11)) == day(2025, 12, 30)
    assert previous_working_day(day(2024, 12, 31)) == day(2024, 12, 28)


def test_it_steps_forward_over_the_new_year_holidays():
    assert next_working_day(day(2026, 1, 1)) == day(2026, 1, 12)
    assert next_working_day(day(2026, 5, 9)) == day(2026, 5, 12)


def test_it_adds_working_days_without_counting_the_first_day():
    assert add_working_days(day(2026, 10, 9), 1) == day(2026, 10, 12)
    assert add_working_days(day(2025, 12, 30), 1) == day(2026, 1, 12)
    assert add_working_days(day(2026, 10, 12), -1) == day(2026, 10, 9)
    assert add_working_days(day(2026, 10, 10), 0) == day(2026, 10, 10)
    assert add_working_days(day(2026, 10, 5), 10) == day(2026, 10, 19)


def test_it_counts_the_2026_production_calendar():
    working = 365 - len(non_working_days(2026))

    # The 2026 production calendar has 247 working days and 118 days off.
    assert working == 247
    assert all(holiday.year == 2026 for holiday in non_working_days(2026))
