"""The one definition of progress, overdue, stale and the state as of a date."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from recommendations.models import Recommendation, Resolution, ReviewState, Status

TODAY = datetime.date(2021, 6, 1)


@pytest.fixture
def org(make_organisation):
    return make_organisation()


@pytest.fixture
def resolution(make_resolution):
    return make_resolution()


def test_it_averages_progress_leaving_out_withdrawn_and_counting_unreported_as_zero(
    make_recommendation, resolution, org
):
    make_recommendation(resolution=resolution, lead=org, status="done", progress=100)
    make_recommendation(
        resolution=resolution, lead=org, status="in_progress", progress=50
    )
    make_recommendation(resolution=resolution, lead=org)  # no report: 0
    make_recommendation(
        resolution=resolution, lead=org, status="cancelled", progress=90
    )

    summary = resolution.recommendations.summary(today=TODAY)

    assert summary["total"] == 4
    assert summary["mean_progress"] == pytest.approx(50)
    assert (summary["done"], summary["in_progress"], summary["not_started"]) == (
        1,
        1,
        1,
    )
    assert summary["cancelled"] == 1


def test_it_gives_the_same_progress_per_group_organisation_and_resolution(
    make_recommendation, make_group, resolution, make_organisation
):
    first, second = make_group(), make_group()
    lead, helper = make_organisation(), make_organisation()
    make_recommendation(resolution=resolution, group=first, lead=lead, progress=20)
    make_recommendation(resolution=resolution, group=first, lead=helper, progress=40)
    make_recommendation(
        resolution=resolution, group=second, lead=lead, others=[helper], progress=90
    )

    by_group = resolution.recommendations.summary_by_group(today=TODAY)
    of_helper = Recommendation.objects.filter(responsible=helper).summary(today=TODAY)
    annotated = Resolution.objects.with_progress(today=TODAY).get(pk=resolution.pk)

    assert [(row["group"], row["mean_progress"]) for row in by_group] == [
        (first.pk, pytest.approx(30)),
        (second.pk, pytest.approx(90)),
    ]
    assert of_helper["total"] == 2
    assert of_helper["mean_progress"] == pytest.approx(65)
    assert annotated.total == 3
    assert annotated.mean_progress == pytest.approx(50)


def test_it_calls_open_items_past_their_due_date_overdue(make_recommendation, org):
    late = make_recommendation(lead=org, due_on=datetime.date(2021, 1, 1))
    make_recommendation(lead=org, due_on=datetime.date(2021, 1, 1), status="done")
    make_recommendation(lead=org, due_on=datetime.date(2021, 1, 1), status="cancelled")
    make_recommendation(lead=org, due_on=datetime.date(2022, 1, 1))
    make_recommendation(lead=org, due_on=None)

    assert list(Recommendation.objects.overdue(today=TODAY)) == [late]
    flags = {
        r.pk: r.is_overdue for r in Recommendation.objects.with_current_state(TODAY)
    }
    assert sum(flags.values()) == 1 and flags[late.pk]


def test_it_calls_items_without_a_recent_report_stale(
    make_recommendation, org, settings
):
    settings.REPORTING_PERIOD_DAYS = 90
    fresh = make_recommendation(
        lead=org,
        status="in_progress",
        progress=10,
        status_reported_on=TODAY - datetime.timedelta(days=89),
    )
    old = make_recommendation(
        lead=org,
        status="in_progress",
        progress=10,
        status_reported_on=TODAY - datetime.timedelta(days=91),
    )
    never = make_recommendation(lead=org)
    make_recommendation(
        lead=org,
        status="done",
        progress=100,
        status_reported_on=datetime.date(2019, 1, 1),
    )

    assert set(Recommendation.objects.stale(today=TODAY)) == {old, never}
    assert (
        not Recommendation.objects.with_current_state(TODAY).get(pk=fresh.pk).is_stale
    )


def test_it_computes_the_state_as_of_a_date_from_the_history(
    make_recommendation, make_update, resolution, org
):
    item = make_recommendation(resolution=resolution, lead=org)
    quiet = make_recommendation(resolution=resolution, lead=org)
    make_update(item, progress=20, reported_on=datetime.date(2019, 1, 1))
    make_update(item, progress=60, reported_on=datetime.date(2020, 1, 1))
    make_update(
        item,
        progress=95,
        reported_on=datetime.date(2019, 6, 1),
        state=ReviewState.SUBMITTED,
    )

    def state(day: datetime.date) -> tuple:
        row = Recommendation.objects.as_it_stood(day).get(pk=item.pk)
        return row.as_of_status, row.as_of_progress, row.as_of_reported_on

    assert state(datetime.date(2018, 12, 31)) == (Status.NOT_STARTED, 0, None)
    assert state(datetime.date(2019, 12, 31)) == (
        "in_progress",
        20,
        datetime.date(2019, 1, 1),
    )
    assert state(datetime.date(2020, 1, 1)) == (
        "in_progress",
        60,
        datetime.date(2020, 1, 1),
    )
    assert (
        Recommendation.objects.as_it_stood(TODAY).get(pk=quiet.pk).as_of_progress == 0
    )
    past = resolution.recommendations.summary(as_of=datetime.date(2019, 12, 31))
    assert past["mean_progress"] == pytest.approx(10)
    assert past["in_progress"] == 1 and past["not_started"] == 1


def test_it_keeps_progress_within_0_and_100_in_the_database(make_recommendation, org):
    item = make_recommendation(lead=org)

    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=item.pk).update(progress=101)


def test_it_allows_one_number_per_resolution(make_recommendation, resolution):
    make_recommendation(resolution=resolution, number="1.1")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_recommendation(resolution=resolution, number="1.1")


def test_it_shows_the_public_only_published_resolutions(
    make_recommendation, make_resolution
):
    hidden = make_recommendation(resolution=make_resolution(is_published=False))
    shown = make_recommendation()

    assert list(Recommendation.objects.published()) == [shown]
    assert hidden not in Recommendation.objects.published()
    assert Resolution.objects.current() == shown.resolution
