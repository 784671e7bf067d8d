"""Reporting schedules: periods, due dates, missed and next reports."""

import datetime

import pytest
from django.utils.translation import override

from recommendations.schedules import (
    DEFAULT_DUE_DAY,
    STANDING_DUTY_DUE_DAY,
    Period,
    ReportingFrequency,
    Schedule,
    effective_schedule,
    last_closed_period,
    next_report_due,
    period_containing,
    period_for_key,
    period_of_report,
    periods_between,
    report_due_on,
    report_is_on_time,
    schedule_status,
)

day = datetime.date
MONTHLY = ReportingFrequency.MONTHLY
QUARTERLY = ReportingFrequency.QUARTERLY
HALF_YEARLY = ReportingFrequency.HALF_YEARLY
YEARLY = ReportingFrequency.YEARLY


def due(period_key: str, due_day: int) -> datetime.date:
    return report_due_on(period_for_key(period_key), due_day)


# --- Periods -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("some_day", "frequency", "start", "end", "key"),
    [
        (day(2026, 2, 14), MONTHLY, day(2026, 2, 1), day(2026, 2, 28), "2026-02"),
        (day(2024, 2, 29), MONTHLY, day(2024, 2, 1), day(2024, 2, 29), "2024-02"),
        (day(2026, 9, 30), QUARTERLY, day(2026, 7, 1), day(2026, 9, 30), "2026-Q3"),
        (day(2026, 10, 1), QUARTERLY, day(2026, 10, 1), day(2026, 12, 31), "2026-Q4"),
        (day(2026, 3, 31), QUARTERLY, day(2026, 1, 1), day(2026, 3, 31), "2026-Q1"),
        (day(2026, 6, 30), HALF_YEARLY, day(2026, 1, 1), day(2026, 6, 30), "2026-H1"),
        (day(2026, 7, 1), HALF_YEARLY, day(2026, 7, 1), day(2026, 12, 31), "2026-H2"),
        (day(2026, 12, 31), YEARLY, day(2026, 1, 1), day(2026, 12, 31), "2026"),
    ],
)
def test_it_finds_the_calendar_period_a_day_falls_in(
    some_day, frequency, start, end, key
):
    period = period_containing(some_day, frequency)

    assert (period.start, period.end, period.key) == (start, end, key)
    assert period_for_key(key) == period


def test_it_has_no_period_without_a_schedule():
    assert period_containing(day(2026, 5, 5), ReportingFrequency.NONE) is None
    assert last_closed_period(day(2026, 5, 5), "none") is None


def test_it_treats_a_plain_string_frequency_as_the_choice():
    by_string = period_containing(day(2026, 8, 1), "quarterly")

    assert by_string == period_containing(day(2026, 8, 1), QUARTERLY)
    assert by_string in {period_for_key("2026-Q3")}
    assert Period("quarterly", by_string.start, by_string.end).key == "2026-Q3"


@pytest.mark.parametrize("key", ["2026-13", "2026-00", "2026-Q5", "2026-H3", "Q3"])
def test_it_refuses_a_key_that_names_no_period(key):
    with pytest.raises(ValueError):
        period_for_key(key)


def test_it_lists_the_periods_that_end_within_a_stretch_of_days():
    periods = periods_between(day(2026, 2, 15), day(2026, 10, 15), QUARTERLY)

    # Q1 was under way on 15 February; Q4 is still running on 15 October.
    assert [p.key for p in periods] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert [
        p.key for p in periods_between(day(2026, 9, 30), day(2026, 9, 30), QUARTERLY)
    ] == ["2026-Q3"]
    assert periods_between(day(2026, 10, 15), day(2026, 2, 15), QUARTERLY) == []
    assert periods_between(day(2026, 1, 1), day(2026, 12, 31), "none") == []


def test_it_takes_the_last_closed_period_as_the_one_ended_before_today():
    assert last_closed_period(day(2026, 9, 30), QUARTERLY).key == "2026-Q2"
    assert last_closed_period(day(2026, 10, 1), QUARTERLY).key == "2026-Q3"
    assert last_closed_period(day(2027, 1, 1), MONTHLY).key == "2026-12"
    assert last_closed_period(day(2027, 1, 1), HALF_YEARLY).key == "2026-H2"
    assert last_closed_period(day(2027, 6, 1), YEARLY).key == "2026"


# --- Due dates ---------------------------------------------------------------


def test_it_makes_a_quarterly_report_due_on_the_tenth_after_the_quarter():
    assert due("2026-Q1", 10) == day(2026, 4, 10)
    assert due("2026-Q2", 10) == day(2026, 7, 10)


def test_it_moves_a_due_date_on_a_weekend_to_the_friday_before():
    # 10 October 2026 is a Saturday.
    assert due("2026-Q3", 10) == day(2026, 10, 9)


@pytest.mark.parametrize(
    ("period_key", "expected"),
    [
        ("2024-01", day(2024, 2, 29)),  # leap February, a Thursday
        ("2026-01", day(2026, 2, 27)),  # 28 February 2026 is a Saturday
        ("2026-02", day(2026, 3, 31)),
        ("2026-03", day(2026, 4, 30)),  # April has 30 days
        ("2026-04", day(2026, 5, 29)),  # 31 May 2026 is a Sunday
    ],
)
def test_it_clips_the_thirty_first_to_the_months_length(period_key, expected):
    assert due(period_key, 31) == expected


@pytest.mark.parametrize(
    ("period_key", "due_day", "expected"),
    [
        ("2027-02", 8, day(2027, 3, 5)),  # 8 March, a Monday
        ("2026-04", 9, day(2026, 5, 8)),  # Victory Day on a Saturday
        ("2026-04", 11, day(2026, 5, 8)),  # its day off carried to Monday 11 May
        ("2026-05", 12, day(2026, 6, 11)),  # Russia Day, a Friday
        ("2026-10", 4, day(2026, 11, 3)),  # Unity Day, a Wednesday
    ],
)
def test_it_moves_a_due_date_on_a_holiday_to_the_working_day_before(
    period_key, due_day, expected
):
    assert due(period_key, due_day) == expected


def test_it_moves_a_due_date_to_a_working_saturday_when_that_is_the_day_before():
    # 3 November 2025 was a day off taken from Saturday 1 November, worked instead.
    assert due("2025-10", 4) == day(2025, 11, 1)
    # 30 December 2024 was a day off taken from Saturday 28 December.
    assert due("2024-11", 30) == day(2024, 12, 28)


def test_it_knows_the_day_off_transferred_to_the_last_day_of_2026():
    # 31 December 2026 is a Thursday made a day off by the 2026 calendar.
    assert due("2026-11", 31) == day(2026, 12, 30)


def test_it_moves_a_due_date_forward_when_the_holidays_reach_back_into_the_period():
    # 10 January 2026 is a Saturday after the New Year holidays (1–9 January,
    # 9 January transferred); the working day before is 30 December, inside the
    # quarter being reported on, so the report is due on the first working day.
    assert due("2025-Q4", 10) == day(2026, 1, 12)
    assert due("2025-12", 9) == day(2026, 1, 12)
    assert due("2026-H2", 10) == day(2027, 1, 11)
    # 1 May 2026 is a Friday holiday and 30 April ends the month reported on.
    assert due("2026-04", 1) == day(2026, 5, 4)


def test_it_makes_half_yearly_and_yearly_reports_due_after_their_period():
    assert due("2026-H1", 10) == day(2026, 7, 10)
    assert due("2026", STANDING_DUTY_DUE_DAY) == day(2027, 1, 20)
    assert due("2025", STANDING_DUTY_DUE_DAY) == day(2026, 1, 20)


@pytest.mark.parametrize("due_day", [0, 32, -1])
def test_it_refuses_a_due_day_outside_the_month(due_day):
    with pytest.raises(ValueError):
        due("2026-Q3", due_day)


# --- Which period a report counts for ----------------------------------------


@pytest.mark.parametrize(
    ("reported_on", "expected"),
    [
        (day(2026, 7, 2), "2026-Q2"),  # Q2's report is due on 10 July
        (day(2026, 7, 10), "2026-Q2"),
        (day(2026, 7, 13), "2026-Q3"),
        (day(2026, 8, 20), "2026-Q3"),
        (day(2026, 10, 9), "2026-Q3"),  # the due date itself
        (day(2026, 10, 10), "2026-Q4"),
        (day(2026, 1, 11), "2025-Q4"),  # due on 12 January after the holidays
        (day(2026, 1, 12), "2025-Q4"),
        (day(2026, 1, 13), "2026-Q1"),
    ],
)
def test_it_counts_a_report_for_the_period_just_closed_until_its_due_date(
    reported_on, expected
):
    period = period_of_report(reported_on=reported_on, frequency=QUARTERLY, due_day=10)

    assert period.key == expected


def test_it_counts_a_report_for_no_period_without_a_schedule():
    assert (
        period_of_report(reported_on=day(2026, 5, 5), frequency="none", due_day=10)
        is None
    )


def test_it_judges_timeliness_by_the_submission_date():
    q3 = period_for_key("2026-Q3")

    assert report_is_on_time(period=q3, due_day=10, submitted_on=day(2026, 10, 9))
    assert not report_is_on_time(period=q3, due_day=10, submitted_on=day(2026, 10, 10))


# --- Where a schedule stands -------------------------------------------------


def test_it_owes_a_report_for_the_period_reporting_starts_in():
    status = schedule_status(
        today=day(2026, 9, 1),
        frequency=QUARTERLY,
        due_day=10,
        start=day(2026, 8, 15),
        reported_keys=set(),
    )

    assert status.next_period.key == "2026-Q3"
    assert status.next_due_on == day(2026, 10, 9)
    assert status.missed == ()
    # Q2 ended before reporting began: nothing is owed for it.
    assert status.last_closed is None
    assert status.last_due is None
    assert not status.is_stale


def test_it_lists_the_missed_periods_between_the_reported_ones():
    status = schedule_status(
        today=day(2026, 6, 15),
        frequency=MONTHLY,
        due_day=10,
        start=day(2026, 1, 20),
        reported_keys={"2026-01", "2026-03"},
    )

    assert [p.key for p in status.missed] == ["2026-02", "2026-04", "2026-05"]
    assert status.last_closed.key == "2026-05"
    assert status.last_due.key == "2026-05"
    assert status.is_stale
    assert status.next_period.key == "2026-06"
    assert status.next_due_on == day(2026, 7, 10)


def test_it_is_not_stale_when_the_last_due_report_came_in_though_an_earlier_did_not():
    status = schedule_status(
        today=day(2026, 10, 15),
        frequency=QUARTERLY,
        due_day=10,
        start=day(2026, 2, 15),
        reported_keys={"2026-Q3"},
    )

    assert [p.key for p in status.missed] == ["2026-Q1", "2026-Q2"]
    assert not status.is_stale
    assert status.next_period.key == "2026-Q4"


def test_it_still_waits_for_a_report_on_its_due_date():
    status = schedule_status(
        today=day(2026, 10, 9),
        frequency=QUARTERLY,
        due_day=10,
        start=day(2026, 1, 1),
        reported_keys={"2026-Q1", "2026-Q2"},
    )

    assert status.missed == ()
    assert status.last_closed.key == "2026-Q3"
    assert status.last_due.key == "2026-Q2"
    assert status.next_period.key == "2026-Q3"
    assert status.next_due_on == day(2026, 10, 9)


def test_it_counts_a_report_as_missed_the_day_after_its_due_date():
    status = schedule_status(
        today=day(2026, 10, 10),
        frequency=QUARTERLY,
        due_day=10,
        start=day(2026, 1, 1),
        reported_keys={"2026-Q1", "2026-Q2"},
    )

    assert [p.key for p in status.missed] == ["2026-Q3"]
    assert status.is_stale
    assert status.next_period.key == "2026-Q4"
    assert status.next_due_on == day(2027, 1, 11)


def test_it_moves_on_to_the_next_period_once_the_closed_one_is_reported():
    status = schedule_status(
        today=day(2026, 10, 5),
        frequency=QUARTERLY,
        due_day=10,
        start=day(2026, 1, 1),
        reported_keys={"2026-Q1", "2026-Q2", "2026-Q3"},
    )

    assert status.next_period.key == "2026-Q4"
    assert status.missed == ()


def test_it_waits_for_the_first_period_when_reporting_starts_later():
    status = schedule_status(
        today=day(2026, 3, 1),
        frequency=HALF_YEARLY,
        due_day=10,
        start=day(2026, 9, 1),
    )

    assert status.next_period.key == "2026-H2"
    assert status.next_due_on == day(2027, 1, 11)
    assert status.last_closed is None
    assert status.missed == ()


def test_it_has_nothing_due_without_a_schedule():
    status = schedule_status(
        today=day(2026, 10, 15),
        frequency=ReportingFrequency.NONE,
        due_day=10,
        start=day(2020, 1, 1),
    )

    assert status.next_period is None
    assert status.next_due_on is None
    assert status.missed == ()
    assert not status.is_stale


def test_it_gives_the_next_due_date_alone():
    schedule = {"frequency": QUARTERLY, "due_day": 10, "start": day(2026, 1, 1)}

    assert next_report_due(today=day(2026, 10, 1), **schedule) == day(2026, 10, 9)
    assert next_report_due(
        today=day(2026, 10, 1), reported_keys={"2026-Q3"}, **schedule
    ) == day(2027, 1, 11)
    # Without the reported keys, a passed due date is skipped, not waited on.
    assert next_report_due(today=day(2026, 10, 12), **schedule) == day(2027, 1, 11)
    assert (
        next_report_due(
            today=day(2026, 10, 1), frequency="none", due_day=10, start=day(2026, 1, 1)
        )
        is None
    )


# --- Which schedule applies --------------------------------------------------


def test_it_takes_the_resolutions_schedule_unless_the_recommendation_sets_its_own():
    inherited = effective_schedule(
        frequency="", due_day=None, default_frequency=QUARTERLY, default_due_day=15
    )
    own = effective_schedule(
        frequency=MONTHLY, due_day=5, default_frequency=QUARTERLY, default_due_day=15
    )
    own_day_only = effective_schedule(
        frequency=None, due_day=5, default_frequency=QUARTERLY, default_due_day=15
    )

    assert inherited == Schedule(QUARTERLY, 15)
    assert own == Schedule(MONTHLY, 5)
    assert own_day_only == Schedule(QUARTERLY, 5)


def test_it_lets_a_recommendation_drop_the_resolutions_schedule():
    schedule = effective_schedule(
        frequency=ReportingFrequency.NONE, default_frequency=QUARTERLY
    )

    assert not schedule.is_periodic


def test_it_makes_reports_due_by_the_tenth_when_no_day_is_set():
    schedule = effective_schedule(default_frequency=MONTHLY)

    assert schedule == Schedule(MONTHLY, DEFAULT_DUE_DAY)
    assert DEFAULT_DUE_DAY == 10


def test_it_has_a_standing_duty_without_a_schedule_report_by_20_january():
    schedule = effective_schedule(standing=True)

    assert schedule == Schedule(YEARLY, 20)
    assert report_due_on(period_for_key("2026"), schedule.due_day) == day(2027, 1, 20)
    assert effective_schedule(default_frequency=QUARTERLY, standing=True) == Schedule(
        QUARTERLY, 10
    )


# --- Labels --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "russian", "english"),
    [
        ("2026-Q3", "III квартал 2026 г.", "Q3 2026"),
        ("2026-Q1", "I квартал 2026 г.", "Q1 2026"),
        ("2026-Q4", "IV квартал 2026 г.", "Q4 2026"),
        ("2026-10", "октябрь 2026 г.", "October 2026"),
        ("2026-05", "май 2026 г.", "May 2026"),
        ("2026-H1", "I полугодие 2026 г.", "H1 2026"),
        ("2026-H2", "II полугодие 2026 г.", "H2 2026"),
        ("2026", "2026 г.", "2026"),
    ],
)
def test_it_names_periods_in_russian_and_english(key, russian, english):
    period = period_for_key(key)

    with override("ru"):
        assert period.label == russian
        assert f"отчёт за {period}" == f"отчёт за {russian}"
    with override("en"):
        assert period.label == english


def test_it_names_the_frequencies_in_russian_and_english():
    with override("ru"):
        assert [str(label) for label in ReportingFrequency.labels] == [
            "Без регулярных отчётов",
            "Ежемесячно",
            "Ежеквартально",
            "Раз в полугодие",
            "Ежегодно",
        ]
    with override("en"):
        assert str(ReportingFrequency.QUARTERLY.label) == "Quarterly"
        assert str(ReportingFrequency.HALF_YEARLY.label) == "Half-yearly"
