"""The organisation pages show the reporting discipline, with its formula."""

import datetime

import pytest
from django.utils import timezone

from recommendations.models import Recommendation
from recommendations.schedules import ReportingFrequency
from tests.today import frozen_localdate

day = datetime.date


def at(year: int, month: int, date: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, date, 12))


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", frozen_localdate(day(2026, 12, 2)))


@pytest.fixture
def responsible(make_organisation):
    return make_organisation(name="Департамент образования", slug="edu")


@pytest.fixture
def quarterly(make_resolution):
    return make_resolution(
        title="Квартальная резолюция",
        adopted_on=day(2026, 1, 15),
        report_frequency=ReportingFrequency.QUARTERLY,
    )


@pytest.fixture
def reported(make_recommendation, make_update, responsible, quarterly):
    """Q1 on time, Q2 late, Q3 missing: 1 of 3."""
    item = make_recommendation(resolution=quarterly, lead=responsible)
    make_update(item, reported_on=day(2026, 3, 31), created_at=at(2026, 4, 8))
    make_update(item, reported_on=day(2026, 6, 30), created_at=at(2026, 7, 15))
    return item


def test_it_shows_the_figure_and_the_formula_on_the_organisation_page(client, reported):
    page = client.get("/organisations/edu/").content.decode()

    assert "Дисциплина отчётности" in page
    assert '<p class="overall-value">33<span>%</span></p>' in page
    assert "1 из 3 отчётов представлены в срок" in page
    assert "n из N × 100 %" in page


def test_it_shows_the_figure_in_the_list_of_organisations(client, reported):
    page = client.get("/organisations/").content.decode()

    assert "Дисциплина отчётности: <strong>33%</strong>" in page
    assert "(1 из 3 отчётов представлены в срок)" in page


def test_it_breaks_the_figure_down_by_resolution(
    client, reported, make_recommendation, make_resolution, make_update, responsible
):
    monthly = make_resolution(
        title="Месячная резолюция",
        adopted_on=day(2026, 10, 1),
        report_frequency=ReportingFrequency.MONTHLY,
    )
    item = make_recommendation(resolution=monthly, lead=responsible)
    make_update(item, reported_on=day(2026, 10, 31), created_at=at(2026, 11, 2))

    page = client.get("/organisations/edu/").content.decode()

    # 1 of 3 quarters and 1 of 1 month: 2 of 4.
    assert "2 из 4 отчётов представлены в срок" in page
    assert "Месячная резолюция" in page and "1 из 1 отчёта" in page


def test_it_counts_no_figure_for_a_co_executor_or_without_a_schedule(
    client, make_recommendation, make_organisation, responsible, quarterly
):
    make_recommendation(
        resolution=quarterly, lead=make_organisation(), others=[responsible]
    )
    make_recommendation(lead=responsible)

    listing = client.get("/organisations/").content.decode()
    page = client.get("/organisations/edu/").content.decode()

    assert "Дисциплина отчётности" not in page
    assert "Дисциплина отчётности: <strong>" in listing  # the other organisation
    assert listing.count("Дисциплина отчётности: <strong>") == 1


def test_it_speaks_english_under_en(client, reported):
    page = client.get("/en/organisations/edu/").content.decode()
    listing = client.get("/en/organisations/").content.decode()

    assert "Reporting discipline" in page
    assert "1 of 3 reports submitted on time" in page
    assert "Reporting discipline: <strong>33%</strong>" in listing


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_it_keeps_the_pages_at_ten_queries_with_schedules(
    client, crowded, django_assert_max_num_queries, prefix
):
    crowded.report_frequency = ReportingFrequency.QUARTERLY
    crowded.save()

    with django_assert_max_num_queries(10):
        listing = client.get(f"{prefix}/organisations/")
    with django_assert_max_num_queries(10):
        detail = client.get(f"{prefix}/organisations/big-org-1/?page=1")

    assert listing.status_code == detail.status_code == 200
    assert listing.content.decode().count("%</strong> (") == 30
    assert Recommendation.objects.count() == 300
    assert "overall-value" in detail.content.decode()
