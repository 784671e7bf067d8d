"""Open data gives each recommendation's next report due date."""

import datetime

import pytest
from django.utils import timezone

from recommendations.models import Recommendation
from recommendations.schedules import ReportingFrequency
from tests.today import frozen_localdate

from .test_opendata import read_csv, read_json

day = datetime.date


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", frozen_localdate(day(2026, 9, 15)))


@pytest.fixture
def quarterly(make_resolution):
    return make_resolution(
        adopted_on=day(2026, 1, 15), report_frequency=ReportingFrequency.QUARTERLY
    )


def by_id(rows: list[dict]) -> dict:
    return {int(row["id"]): row for row in rows}


@pytest.mark.django_db
def test_it_gives_the_next_report_due_as_an_iso_date(
    client, make_recommendation, quarterly
):
    due = make_recommendation(resolution=quarterly)
    reported = make_recommendation(
        resolution=quarterly,
        status="in_progress",
        progress=5,
        status_reported_on=day(2026, 9, 1),
    )
    unscheduled = make_recommendation()
    done = make_recommendation(
        resolution=quarterly,
        status="done",
        progress=100,
        status_reported_on=day(2026, 1, 1),
    )

    rows = by_id(read_json(client))
    csv_rows = by_id(read_csv(client)[1])

    # Q3 2026 is due by 10 October, a Saturday: the Friday before.
    assert rows[due.pk]["next_report_due"] == "2026-10-09"
    assert csv_rows[due.pk]["next_report_due"] == "2026-10-09"
    # The Q3 report is in: the next is Q4's, after the New Year holidays.
    assert rows[reported.pk]["next_report_due"] == "2027-01-11"
    assert rows[unscheduled.pk]["next_report_due"] is None
    assert csv_rows[unscheduled.pk]["next_report_due"] == ""
    assert rows[done.pk]["next_report_due"] is None


@pytest.mark.django_db
def test_it_follows_a_recommendations_own_schedule(
    client, make_recommendation, quarterly
):
    own = make_recommendation(
        resolution=quarterly, report_frequency="monthly", report_due_day=31
    )

    assert by_id(read_json(client))[own.pk]["next_report_due"] == "2026-09-30"


@pytest.mark.parametrize("reader", [read_json, read_csv], ids=["json", "csv"])
def test_it_keeps_two_queries_with_schedules(
    client, crowded, django_assert_max_num_queries, reader
):
    crowded.report_frequency = ReportingFrequency.MONTHLY
    crowded.save()
    Recommendation.objects.filter(pk__in=Recommendation.objects.all()[:50]).update(
        report_frequency="half_yearly", report_due_day=20
    )

    with django_assert_max_num_queries(2):
        result = reader(client)

    rows = result if reader is read_json else result[1]
    assert len(rows) == 300
    assert {row["next_report_due"] for row in rows} >= {"2026-10-09", "2027-01-20"}
