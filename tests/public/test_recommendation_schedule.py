"""The public recommendation page states the reporting schedule, the next report
and the missed ones."""

import datetime

import pytest
from django.utils import timezone

from recommendations.schedules import ReportingFrequency
from tests.today import frozen_localdate

day = datetime.date


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", frozen_localdate(day(2026, 12, 2)))


@pytest.fixture
def item(make_recommendation, make_resolution, make_organisation, make_update):
    resolution = make_resolution(
        adopted_on=day(2026, 1, 15), report_frequency=ReportingFrequency.QUARTERLY
    )
    item = make_recommendation(resolution=resolution, lead=make_organisation())
    make_update(item, reported_on=day(2026, 6, 30))
    return item


def test_it_states_the_schedule_the_next_report_and_the_missed_ones(client, item):
    page = client.get(item.get_absolute_url()).content.decode()

    assert (
        "Ежеквартально, до 10-го числа месяца, следующего за отчётным периодом" in page
    )
    assert "Следующий отчёт: за IV квартал 2026 г. — до 11.01.2027" in page
    assert "Пропущенные отчёты: I квартал 2026 г., III квартал 2026 г." in page


def test_it_speaks_english_under_en(client, item):
    page = client.get(f"/en{item.get_absolute_url()}").content.decode()

    assert "Quarterly, by day 10 of the month after the period" in page
    assert "Next report: for Q4 2026, due by 11.01.2027" in page
    assert "Missed reports: Q1 2026, Q3 2026" in page


def test_it_owes_nothing_once_done(client, item):
    item.status, item.progress = "done", 100
    item.save()

    page = client.get(item.get_absolute_url()).content.decode()

    assert "Ежеквартально" in page
    assert "Следующий отчёт" not in page and "Пропущенные отчёты" not in page


def test_it_says_nothing_of_a_schedule_there_is_none(client, make_recommendation):
    page = client.get(make_recommendation().get_absolute_url()).content.decode()

    assert "График отчётности" not in page


def test_it_stays_within_ten_queries(client, item, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get(item.get_absolute_url())

    assert response.status_code == 200
