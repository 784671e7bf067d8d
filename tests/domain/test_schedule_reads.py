"""Each recommendation's schedule read from the database: next report, missed
periods, and "stale" by the schedule, the same in SQL and in Python."""

import datetime

import pytest

from recommendations.models import Recommendation
from recommendations.schedules import ReportingFrequency
from recommendations.selectors import schedule_statuses

day = datetime.date


@pytest.fixture
def org(make_organisation):
    return make_organisation()


@pytest.fixture
def quarterly(make_resolution):
    return make_resolution(
        adopted_on=day(2026, 1, 15),
        report_frequency=ReportingFrequency.QUARTERLY,
        report_due_day=10,
    )


def reported(item: Recommendation, make_update, *dates: datetime.date):
    for reported_on in dates:
        make_update(item, reported_on=reported_on)
    item.status = "in_progress"
    item.progress = 50
    item.status_reported_on = max(dates, default=None)
    item.save()
    return item


def statuses(today: datetime.date) -> dict:
    items = Recommendation.objects.select_related("resolution")
    return schedule_statuses(items, today=today)


def stale_ids(today: datetime.date) -> set[int]:
    return set(Recommendation.objects.stale(today).values_list("pk", flat=True))


def test_it_gives_the_next_report_and_the_missed_quarters(
    make_recommendation, make_update, quarterly, org
):
    item = reported(
        make_recommendation(resolution=quarterly, lead=org),
        make_update,
        day(2026, 6, 30),
    )

    status = statuses(day(2026, 12, 2))[item.pk]

    # Q1 missed; the June report counts for Q2; Q3 was due on Friday 9 October
    # (the 10th was a Saturday); Q4 is due after the New Year holidays.
    assert [p.key for p in status.missed] == ["2026-Q1", "2026-Q3"]
    assert status.next_period.key == "2026-Q4"
    assert status.next_due_on == day(2027, 1, 11)
    assert status.is_stale
    assert stale_ids(day(2026, 12, 2)) == {item.pk}


def test_it_counts_a_report_in_the_days_after_the_quarter_for_that_quarter(
    make_recommendation, make_update, quarterly, org
):
    item = reported(
        make_recommendation(resolution=quarterly, lead=org),
        make_update,
        day(2026, 10, 9),
    )

    status = statuses(day(2026, 10, 12))[item.pk]

    assert "2026-Q3" not in [p.key for p in status.missed]
    assert not status.is_stale
    assert stale_ids(day(2026, 10, 12)) == set()


def test_it_is_not_stale_while_the_quarters_report_is_still_in_time(
    make_recommendation, quarterly, org
):
    item = make_recommendation(resolution=quarterly, lead=org)
    quarterly.adopted_on = day(2026, 7, 1)
    quarterly.save()

    on_due_day = statuses(day(2026, 10, 9))[item.pk]
    after = statuses(day(2026, 10, 10))[item.pk]

    assert not on_due_day.is_stale and on_due_day.next_due_on == day(2026, 10, 9)
    assert after.is_stale and after.next_period.key == "2026-Q4"
    assert stale_ids(day(2026, 10, 9)) == set()
    assert stale_ids(day(2026, 10, 10)) == {item.pk}


def test_it_takes_a_later_report_as_fresh_though_the_quarter_is_missed(
    make_recommendation, make_update, quarterly, org
):
    item = reported(
        make_recommendation(resolution=quarterly, lead=org),
        make_update,
        day(2026, 10, 15),
    )

    status = statuses(day(2026, 12, 2))[item.pk]

    assert "2026-Q3" in [p.key for p in status.missed]
    assert not status.is_stale
    assert stale_ids(day(2026, 12, 2)) == set()


def test_it_clips_the_31st_to_the_month_and_moves_it_off_the_weekend(
    make_recommendation, make_resolution, org
):
    resolution = make_resolution(adopted_on=day(2026, 1, 1))
    item = make_recommendation(
        resolution=resolution,
        lead=org,
        report_frequency=ReportingFrequency.MONTHLY,
        report_due_day=31,
    )

    # January's report: 31 February is the 28th, a Saturday, so Friday the 27th.
    assert statuses(day(2026, 2, 1))[item.pk].next_due_on == day(2026, 2, 27)
    assert stale_ids(day(2026, 2, 27)) == set()
    assert stale_ids(day(2026, 2, 28)) == {item.pk}
    # April's report: 31 May is a Sunday.
    assert statuses(day(2026, 5, 2))[item.pk].next_due_on == day(2026, 5, 29)


def test_it_keeps_the_reporting_period_where_there_is_no_schedule(
    make_recommendation, make_update, org, settings
):
    settings.REPORTING_PERIOD_DAYS = 90
    item = reported(make_recommendation(lead=org), make_update, day(2026, 8, 1))

    assert statuses(day(2026, 10, 29))[item.pk].next_due_on is None
    assert stale_ids(day(2026, 10, 29)) == set()
    assert stale_ids(day(2026, 10, 31)) == {item.pk}


def test_it_owes_nothing_for_quarters_before_the_adoption(
    make_recommendation, make_resolution, org
):
    resolution = make_resolution(
        adopted_on=day(2026, 11, 20), report_frequency=ReportingFrequency.QUARTERLY
    )
    item = make_recommendation(resolution=resolution, lead=org)

    status = statuses(day(2026, 12, 2))[item.pk]

    assert status.missed == () and not status.is_stale
    assert status.next_period.key == "2026-Q4"
    assert stale_ids(day(2026, 12, 2)) == set()


def test_it_reports_a_standing_duty_yearly_by_20_january(
    make_recommendation, make_resolution, org
):
    resolution = make_resolution(adopted_on=day(2025, 3, 1))
    item = make_recommendation(resolution=resolution, lead=org, is_continuous=True)

    status = statuses(day(2026, 12, 2))[item.pk]

    assert status.next_due_on == day(2027, 1, 20)
    assert [p.key for p in status.missed] == ["2025"]
    assert stale_ids(day(2026, 12, 2)) == {item.pk}


def test_it_never_calls_a_closed_item_stale(make_recommendation, quarterly, org):
    make_recommendation(resolution=quarterly, lead=org, status="done", progress=100)

    assert stale_ids(day(2026, 12, 2)) == set()


@pytest.mark.parametrize(
    "today", [day(2026, 10, 9), day(2026, 10, 10), day(2027, 2, 1)]
)
def test_it_agrees_in_sql_and_in_python(
    make_recommendation, make_update, make_resolution, org, today
):
    monthly = make_resolution(
        adopted_on=day(2026, 3, 3),
        report_frequency=ReportingFrequency.MONTHLY,
        report_due_day=5,
    )
    for n, reports in enumerate(
        [(), (day(2026, 9, 30),), (day(2026, 10, 5),), (day(2026, 10, 12),)]
    ):
        for resolution_fields in (
            {"resolution": monthly},
            {"report_frequency": "half_yearly", "report_due_day": 31 - n},
            {"report_frequency": "yearly"},
        ):
            reported(
                make_recommendation(lead=org, **resolution_fields),
                make_update,
                *reports,
            )

    python = {pk for pk, status in statuses(today).items() if status.is_stale}
    annotated = {
        item.pk
        for item in Recommendation.objects.with_current_state(today)
        if item.is_stale
    }

    assert python == stale_ids(today) == annotated


def test_it_reads_many_schedules_in_two_queries(
    make_recommendation, make_update, quarterly, org, django_assert_num_queries
):
    for _ in range(30):
        reported(
            make_recommendation(resolution=quarterly, lead=org),
            make_update,
            day(2026, 3, 31),
            day(2026, 6, 30),
        )

    with django_assert_num_queries(2):
        result = statuses(day(2026, 12, 2))

    assert len(result) == 30
    assert all(len(status.missed) == 1 for status in result.values())
