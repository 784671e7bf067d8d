"""The official's start page names the next report owed and the missed ones."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations.models import Recommendation, ReviewState
from recommendations.schedules import ReportingFrequency
from recommendations.selectors import attention_for
from tests.today import frozen_localdate

day = datetime.date


@pytest.fixture
def quarterly_item(make_recommendation, make_resolution, org_a):
    resolution = make_resolution(
        adopted_on=day(2026, 1, 15),
        report_frequency=ReportingFrequency.QUARTERLY,
        report_due_day=10,
    )
    return make_recommendation(
        resolution=resolution, lead=org_a, text="Квартальная мера"
    )


@pytest.fixture
def on(monkeypatch):
    def set_today(today: datetime.date) -> None:
        monkeypatch.setattr(timezone, "localdate", frozen_localdate(today))

    return set_today


def start_page(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
def test_it_names_the_quarter_and_the_day_moved_off_the_weekend(
    client, quarterly_item, official_a, make_update, org_a, on
):
    make_update(quarterly_item, organisation=org_a, reported_on=day(2026, 6, 30))
    on(day(2026, 9, 15))

    page = start_page(client, official_a)

    # 10 October 2026 is a Saturday: the report is due on Friday the 9th.
    assert "Предстоящие отчёты" in page
    assert "отчёт за III квартал 2026 г. — до 09.10.2026" in page
    assert "Пропущенные отчёты:</strong> I квартал 2026 г." in page


@pytest.mark.django_db
def test_it_lists_a_missed_quarter_as_no_fresh_report(
    client, quarterly_item, official_a, on
):
    on(day(2026, 12, 2))

    page = start_page(client, official_a)

    assert "Нет отчёта за III квартал 2026 г." in page
    assert "отчёт за IV квартал 2026 г. — до 11.01.2027" in page
    assert (
        "Пропущенные отчёты:</strong> I квартал 2026 г., II квартал 2026 г., "
        "III квартал 2026 г." in page
    )


@pytest.mark.django_db
def test_it_shows_nothing_of_another_organisations_schedule(
    client, quarterly_item, official_b, make_recommendation, org_b, on
):
    make_recommendation(resolution=quarterly_item.resolution, lead=org_b)
    on(day(2026, 9, 15))

    page = start_page(client, official_b)

    assert "Квартальная мера" not in page


@pytest.mark.django_db
def test_it_takes_the_day_to_judge_by(quarterly_item, official_a):
    early = attention_for(official_a, today=day(2026, 4, 1))
    late = attention_for(official_a, today=day(2026, 4, 11))

    assert early["reports_due"][0].schedule_status.next_period.key == "2026-Q1"
    assert early["stale"] == []
    assert late["reports_due"][0].schedule_status.next_period.key == "2026-Q2"
    assert [item.pk for item in late["stale"]] == [quarterly_item.pk]


@pytest.mark.django_db
def test_it_reads_the_start_page_in_constant_queries(
    client,
    make_recommendation,
    make_update,
    quarterly_item,
    org_a,
    official_a,
    django_assert_max_num_queries,
    on,
):
    for _ in range(40):
        item = make_recommendation(resolution=quarterly_item.resolution, lead=org_a)
        make_update(item, organisation=org_a, reported_on=day(2026, 6, 30))
        make_update(
            item, organisation=org_a, state=ReviewState.RETURNED, review_note="Нет"
        )
    on(day(2026, 9, 15))
    client.force_login(official_a)

    with django_assert_max_num_queries(16):
        page = client.get(reverse("admin:index")).content.decode()

    assert page.count("отчёт за III квартал 2026 г.") == Recommendation.objects.count()


@pytest.mark.django_db
def test_it_shows_the_coordinator_the_discipline_of_the_current_resolution(
    client,
    quarterly_item,
    make_recommendation,
    make_update,
    org_a,
    org_b,
    coordinator,
    on,
):
    make_update(
        quarterly_item,
        organisation=org_a,
        reported_on=day(2026, 3, 31),
        created_at=timezone.make_aware(datetime.datetime(2026, 4, 1, 12)),
    )
    make_recommendation(resolution=quarterly_item.resolution, lead=org_b)
    on(day(2026, 12, 2))

    page = start_page(client, coordinator)

    # A: Q1 on time, Q2 and Q3 missing; B: nothing of three.
    assert "Дисциплина отчётности" in page
    assert "<strong>17%</strong> — 1 из 6 отчётов представлены в срок" in page
    assert page.index(org_b.name) < page.index(org_a.name)  # the lowest first
    assert "<td>33%</td><td>1 из 3 отчётов представлены в срок</td>" in page


@pytest.mark.django_db
def test_it_reads_the_coordinators_start_page_in_constant_queries(
    client,
    quarterly_item,
    make_recommendation,
    make_update,
    make_organisation,
    coordinator,
    django_assert_max_num_queries,
    on,
):
    for _ in range(40):
        item = make_recommendation(
            resolution=quarterly_item.resolution, lead=make_organisation()
        )
        make_update(item, reported_on=day(2026, 6, 30))
    on(day(2026, 12, 2))
    client.force_login(coordinator)

    with django_assert_max_num_queries(16):
        page = client.get(reverse("admin:index")).content.decode()

    assert page.count("из 3 отчётов представлены в срок</td>") == 20
