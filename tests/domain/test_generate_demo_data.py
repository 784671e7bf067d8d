"""`manage.py generate_demo_data`: invented data at scale, consistent and realistic."""

import datetime
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from recommendations.models import (
    Assignment,
    Recommendation,
    Resolution,
    ReviewState,
    Status,
    StatusUpdate,
)
from recommendations.services import recommendation_refresh_state, validate_report
from stakeholders.models import Membership, Organisation

SMALL = {"resolutions": 2, "recommendations": 40, "organisations": 10, "updates": 400}


@pytest.fixture
def generated(db, settings) -> None:
    settings.DEBUG = True
    call_command("generate_demo_data", **SMALL, verbosity=0)


def test_it_creates_exactly_the_numbers_asked_for(generated):
    assert Resolution.objects.count() == 2
    assert Recommendation.objects.count() == 40
    assert Organisation.objects.count() == 10
    assert StatusUpdate.objects.count() == 400
    assert set(
        Recommendation.objects.values("resolution")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    ) == {20}


def test_it_gives_every_recommendation_one_lead_and_some_co_executors(generated):
    leads = Counter(
        Assignment.objects.filter(is_lead=True).values_list("recommendation", flat=True)
    )
    assert len(leads) == 40 and set(leads.values()) == {1}
    assert Assignment.objects.filter(is_lead=False).exists()
    # Reports come from the organisations responsible, written by their officials.
    responsible = Assignment.objects.filter(
        recommendation=OuterRef("recommendation"), organisation=OuterRef("organisation")
    )
    member = Membership.objects.filter(
        user=OuterRef("author"), organisation=OuterRef("organisation")
    )
    assert not StatusUpdate.objects.filter(~Exists(responsible)).exists()
    assert not StatusUpdate.objects.filter(~Exists(member)).exists()


def test_it_spreads_statuses_and_review_states(generated):
    statuses = Counter(Recommendation.objects.values_list("status", flat=True))
    assert {Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED} <= set(statuses)
    assert max(statuses.values()) < 40 * 0.6
    states = Counter(StatusUpdate.objects.values_list("state", flat=True))
    assert set(states) == set(ReviewState.values)
    assert states[ReviewState.PUBLISHED] > 0.8 * 400
    assert (
        StatusUpdate.objects.filter(state=ReviewState.RETURNED)
        .exclude(review_note="")
        .count()
        == states[ReviewState.RETURNED]
    )


def test_it_dates_reports_after_adoption_over_several_years_and_never_ahead(
    generated,
):
    today = timezone.localdate()
    assert not StatusUpdate.objects.filter(
        Q(reported_on__lt=F("recommendation__resolution__adopted_on"))
        | Q(reported_on__gt=today)
        | Q(created_at__gt=timezone.now())
    ).exists()
    days = StatusUpdate.objects.values_list("reported_on", flat=True)
    assert max(days) - min(days) > datetime.timedelta(days=2 * 365)


def test_it_stores_the_current_state_that_publishing_would_compute(generated):
    stored = {
        r.pk: (r.status, r.progress, r.status_reported_on)
        for r in Recommendation.objects.all()
    }

    for recommendation in Recommendation.objects.all():
        recommendation_refresh_state(recommendation=recommendation)

    refreshed = {
        r.pk: (r.status, r.progress, r.status_reported_on)
        for r in Recommendation.objects.all()
    }
    assert refreshed == stored
    assert any(status != Status.NOT_STARTED for status, _, _ in stored.values())


def test_it_writes_reports_that_the_workflow_would_accept(generated):
    updates = StatusUpdate.objects.select_related(
        "recommendation__resolution", "organisation", "author"
    ).order_by("id")
    sample = [
        *updates.filter(status=Status.DONE)[:10],
        *updates.filter(status__in=[Status.ONGOING, Status.DELAYED])[:10],
        *updates[:20],
    ]
    assert {u.status for u in sample} >= {Status.DONE, Status.IN_PROGRESS}
    for update in sample:
        validate_report(
            recommendation=update.recommendation,
            organisation=update.organisation,
            author=update.author,
            status=update.status,
            progress=update.progress,
            comment=update.comment,
            evidence_url=update.evidence_url,
            reported_on=update.reported_on,
        )


def test_it_creates_accounts_that_cannot_log_in(generated):
    accounts = User.objects.filter(username__startswith="gen-")
    assert accounts.count() == 11  # an official per organisation and a coordinator
    assert not any(user.has_usable_password() for user in accounts)


def test_it_refuses_to_run_twice_on_the_same_database(generated):
    with pytest.raises(CommandError, match="already"):
        call_command("generate_demo_data", **SMALL, verbosity=0)
    assert StatusUpdate.objects.count() == 400


def test_it_refuses_to_run_with_debug_off_and_bad_numbers(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_demo_data", **SMALL, verbosity=0)
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--updates"):
        call_command("generate_demo_data", **(SMALL | {"updates": -1}), verbosity=0)
    with pytest.raises(CommandError, match="resolution"):
        call_command("generate_demo_data", **(SMALL | {"resolutions": 0}), verbosity=0)
    assert not Recommendation.objects.exists()


def test_it_keeps_the_public_pages_within_their_query_budget(
    generated, client, django_assert_max_num_queries
):
    resolution = Resolution.objects.current()
    recommendation = resolution.recommendations.annotate(n=Count("updates")).latest("n")
    for url in ("/", resolution.get_absolute_url(), recommendation.get_absolute_url()):
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200


def test_it_moves_a_few_deadlines_with_their_reasons(generated):
    from recommendations.models import DeadlineChange

    changes = list(DeadlineChange.objects.select_related("recommendation"))
    dated = Recommendation.objects.filter(due_on__isnull=False).count()

    assert 1 <= len(changes) <= max(1, dated // 10)
    for change in changes:
        item = change.recommendation
        assert change.state == "approved" and change.justification
        assert (item.original_due_on, item.due_on) == (
            change.previous_due_on,
            change.new_due_on,
        )
        assert change.requested_by.memberships.filter(
            organisation__assignments__recommendation=item,
            organisation__assignments__is_lead=True,
        ).exists()
    unmoved = Recommendation.objects.filter(deadline_changes__isnull=True)
    assert (
        not unmoved.exclude(original_due_on=F("due_on"))
        .filter(due_on__isnull=False)
        .exists()
    )
    assert not Recommendation.objects.filter(
        status=Status.CANCELLED, withdrawal_reason=""
    ).exists()
