"""The demo data report on schedules: the 2018 resolution quarterly by the 10th,
the national data set on a mix of schedules."""

import datetime

import pytest
from django.core.management import call_command

from recommendations.discipline import lead_discipline
from recommendations.models import Recommendation, Resolution
from recommendations.schedules import ReportingFrequency, Schedule
from recommendations.selectors import schedule_statuses

SMALL = {"resolutions": 7, "recommendations": 70, "organisations": 10, "updates": 300}


def test_it_gives_the_2018_resolution_a_quarterly_schedule_by_the_10th(demo):
    demo.refresh_from_db()
    items = Recommendation.objects.filter(resolution=demo).select_related("resolution")

    assert (demo.report_frequency, demo.report_due_day) == ("quarterly", 10)
    assert {item.schedule for item in items} == {
        Schedule(ReportingFrequency.QUARTERLY, 10)
    }
    statuses = schedule_statuses(items, today=datetime.date(2026, 9, 15))
    assert {status.next_due_on for status in statuses.values()} == {
        datetime.date(2026, 10, 9)
    }
    figures = lead_discipline(items, today=datetime.date(2026, 12, 2))
    assert figures and all(figure.due > 0 for figure in figures.values())


def test_it_keeps_the_schedule_when_seeded_again(demo):
    call_command("seed_demo", verbosity=0)

    assert Resolution.objects.filter(
        pk=demo.pk, report_frequency="quarterly", report_due_day=10
    ).exists()


@pytest.fixture
def generated(db, settings) -> None:
    settings.DEBUG = True
    call_command("generate_demo_data", **SMALL, verbosity=0)


def test_it_generates_a_mix_of_schedules_at_scale(generated):
    frequencies = set(Resolution.objects.values_list("report_frequency", flat=True))
    own = Recommendation.objects.exclude(report_frequency="")

    assert frequencies == set(ReportingFrequency.values)
    assert own.count() == Recommendation.objects.filter(order__in=[10, 20]).count()
    assert set(own.values_list("report_frequency", "report_due_day")) == {
        ("monthly", 25)
    }
    scheduled = Recommendation.objects.exclude(
        resolution__report_frequency="none", report_frequency=""
    ).select_related("resolution")
    statuses = schedule_statuses(scheduled, today=datetime.date(2026, 12, 2))
    assert all(status.next_due_on for status in statuses.values())
