"""The progress report's «Дисциплина» sheet: reports on time per lead executor."""

import datetime

import pytest
from django.utils import timezone

from recommendations.schedules import ReportingFrequency

from .test_progress_report import URL, rows, workbook

day = datetime.date


def at(year: int, month: int, date: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, date, 12))


@pytest.fixture
def quarterly(make_resolution):
    return make_resolution(
        slug="quarterly",
        adopted_on=day(2026, 1, 15),
        report_frequency=ReportingFrequency.QUARTERLY,
    )


@pytest.fixture
def executors(make_organisation, make_recommendation, make_update, quarterly):
    edu = make_organisation(name="Департамент")
    college = make_organisation(name="Колледж")
    item = make_recommendation(resolution=quarterly, lead=edu)
    make_update(item, reported_on=day(2026, 3, 31), created_at=at(2026, 4, 8))
    make_update(item, reported_on=day(2026, 6, 30), created_at=at(2026, 7, 15))
    late = make_recommendation(resolution=quarterly, lead=college)
    make_update(
        late,
        reported_on=day(2026, 3, 31),
        created_at=at(2026, 4, 9),
        reviewed_at=at(2026, 11, 1),
    )
    return edu, college


def discipline_sheet(client, coordinator, as_of: str) -> list[tuple]:
    client.force_login(coordinator)
    book = workbook(client.get(URL, {"resolution": "quarterly", "as_of": as_of}))
    return rows(book["Дисциплина"])


@pytest.mark.django_db
def test_it_gives_each_lead_executor_and_the_total(client, coordinator, executors):
    sheet = discipline_sheet(client, coordinator, "2026-12-01")

    assert sheet[0] == (
        "Ответственный исполнитель",
        "Отчётов к сроку (N)",
        "В срок (n)",
        "Доля в срок",
        "Словами",
    )
    # Q1, Q2, Q3 owed by each: the department was on time for Q1; the college's
    # Q1 report was written on time and published on 1 November.
    assert sheet[1] == (
        "Департамент",
        3,
        1,
        pytest.approx(1 / 3),
        "1 из 3 отчётов представлены в срок",
    )
    assert sheet[2] == (
        "Колледж",
        3,
        1,
        pytest.approx(1 / 3),
        "1 из 3 отчётов представлены в срок",
    )
    assert sheet[3] == (
        "Итого",
        6,
        2,
        pytest.approx(1 / 3),
        "2 из 6 отчётов представлены в срок",
    )


@pytest.mark.django_db
def test_it_gives_the_record_as_it_stood_on_the_day(client, coordinator, executors):
    sheet = discipline_sheet(client, coordinator, "2026-10-08")

    # Q3 is due on 9 October: only Q1 and Q2 were owed by the end of the 8th,
    # and the college's report was not published yet.
    assert sheet[1][:3] == ("Департамент", 2, 1)
    assert sheet[2][:3] == ("Колледж", 2, 0)
    assert sheet[3][:3] == ("Итого", 4, 1)
    # By the end of the due date itself, Q3 is owed too.
    assert discipline_sheet(client, coordinator, "2026-10-09")[3][:3] == ("Итого", 6, 1)


@pytest.mark.django_db
def test_it_writes_only_the_total_without_a_schedule(
    client, coordinator, make_resolution, make_recommendation, make_organisation
):
    resolution = make_resolution(slug="quarterly")
    make_recommendation(resolution=resolution, lead=make_organisation())

    sheet = discipline_sheet(client, coordinator, "2026-12-01")

    assert sheet[1:] == [("Итого", 0, 0, None, "0 из 0 отчётов представлены в срок")]
