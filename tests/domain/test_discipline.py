"""Reporting discipline, n of N reports on time, on hand-computed cases."""

import datetime

import pytest
from django.utils import timezone, translation

from recommendations.discipline import Discipline, lead_discipline
from recommendations.models import Recommendation
from recommendations.schedules import ReportingFrequency

day = datetime.date
TODAY = day(2026, 12, 2)


def at(year: int, month: int, date: int, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, date, hour))


@pytest.fixture
def quarterly(make_resolution):
    # Owed before 2 December 2026: Q1 (due 10.04), Q2 (10.07), Q3 (09.10).
    return make_resolution(
        adopted_on=day(2026, 1, 15), report_frequency=ReportingFrequency.QUARTERLY
    )


@pytest.fixture
def org(make_organisation):
    return make_organisation()


def figures(**kwargs) -> dict:
    return lead_discipline(Recommendation.objects.all(), today=TODAY, **kwargs)


def test_it_counts_on_time_late_and_missing_reports(
    make_recommendation, make_update, quarterly, org
):
    item = make_recommendation(resolution=quarterly, lead=org)
    make_update(item, reported_on=day(2026, 3, 31), created_at=at(2026, 4, 8))
    make_update(item, reported_on=day(2026, 6, 30), created_at=at(2026, 7, 15))

    figure = figures()[org]

    # Q1 on time, Q2 late, Q3 missing.
    assert figure == Discipline(on_time=1, due=3)
    assert figure.percent == 33


def test_it_counts_a_report_submitted_on_the_due_date_late_in_the_evening(
    make_recommendation, make_update, quarterly, org
):
    item = make_recommendation(resolution=quarterly, lead=org)
    for reported_on, submitted in [
        (day(2026, 3, 31), at(2026, 4, 10, 23)),
        (day(2026, 6, 30), at(2026, 7, 10, 23)),
        # Facts of 9 October still count for Q3; submitted the same evening.
        (day(2026, 10, 9), at(2026, 10, 9, 23)),
    ]:
        make_update(item, reported_on=reported_on, created_at=submitted)

    assert figures()[org] == Discipline(on_time=3, due=3)


def test_it_takes_the_first_report_of_a_period(
    make_recommendation, make_update, quarterly, org
):
    item = make_recommendation(resolution=quarterly, lead=org)
    make_update(item, reported_on=day(2026, 3, 1), created_at=at(2026, 3, 2))
    # A correction after the due date does not make the quarter late.
    make_update(item, reported_on=day(2026, 3, 31), created_at=at(2026, 5, 1))

    assert figures()[org] == Discipline(on_time=1, due=3)


def test_it_counts_only_published_reports(
    make_recommendation, make_update, quarterly, org
):
    item = make_recommendation(resolution=quarterly, lead=org)
    make_update(
        item, reported_on=day(2026, 3, 31), created_at=at(2026, 4, 1), state="submitted"
    )

    assert figures()[org] == Discipline(on_time=0, due=3)


def test_it_owes_nothing_after_the_report_that_closed_the_item(
    make_recommendation, make_update, quarterly, org
):
    item = make_recommendation(
        resolution=quarterly,
        lead=org,
        status="done",
        progress=100,
        status_reported_on=day(2026, 5, 20),
    )
    make_update(
        item,
        status="done",
        progress=100,
        reported_on=day(2026, 5, 20),
        created_at=at(2026, 5, 21),
    )

    # Q1 missing, Q2 on time, nothing owed for Q3.
    assert figures()[org] == Discipline(on_time=1, due=2)


def test_it_counts_the_lead_only_and_sums_by_organisation_and_resolution(
    make_recommendation, make_update, make_organisation, quarterly, org
):
    other = make_organisation()
    first = make_recommendation(resolution=quarterly, lead=org, others=[other])
    second = make_recommendation(resolution=quarterly, lead=org)
    make_recommendation(resolution=quarterly, lead=other)
    make_recommendation(lead=org)  # no schedule: owes no periodic reports
    for item in (first, second):
        make_update(item, reported_on=day(2026, 3, 31), created_at=at(2026, 4, 1))

    by_organisation = figures()
    by_both = figures(by="both")

    assert by_organisation[org] == Discipline(on_time=2, due=6)
    assert by_organisation[other] == Discipline(on_time=0, due=3)
    assert by_both[org, quarterly] == Discipline(on_time=2, due=6)
    assert figures(by="resolution")[quarterly] == Discipline(on_time=2, due=9)


def test_it_has_no_figure_before_any_report_was_due():
    assert Discipline().percent is None
    assert Discipline(2, 3) + Discipline(1, 1) == Discipline(3, 4)
    assert Discipline(3, 4).percent == 75


@pytest.mark.parametrize(
    ("figure", "russian", "english"),
    [
        (Discipline(1, 1), "1 из 1 отчёта представлены в срок", "1 of 1 report"),
        (Discipline(2, 3), "2 из 3 отчётов представлены в срок", "2 of 3 reports"),
        (Discipline(0, 5), "0 из 5 отчётов представлены в срок", "0 of 5 reports"),
        (Discipline(20, 21), "20 из 21 отчёта представлены в срок", "20 of 21"),
    ],
)
def test_it_states_the_formula_in_words(figure, russian, english):
    with translation.override("ru"):
        assert figure.in_words == russian
    with translation.override("en"):
        assert figure.in_words.startswith(english)


def test_it_reads_many_recommendations_in_two_queries(
    make_recommendation, make_update, quarterly, org, django_assert_num_queries
):
    for _ in range(30):
        item = make_recommendation(resolution=quarterly, lead=org)
        make_update(item, reported_on=day(2026, 3, 31), created_at=at(2026, 4, 1))

    with django_assert_num_queries(2):
        figure = figures()[org]

    assert figure == Discipline(on_time=30, due=90)
