"""The reads several rooms share: who reports for whom, who reads which report."""

from django.contrib.auth.models import AnonymousUser

from recommendations.models import ReviewState
from recommendations.selectors import (
    default_reporting_organisation,
    visible_status_updates,
)
from stakeholders.models import Membership


def test_it_reports_for_an_officials_only_responsible_organisation(
    make_recommendation, org_a, org_b, official_a
):
    item = make_recommendation(lead=org_b, others=[org_a])
    Membership.objects.create(user=official_a, organisation=org_b)

    chosen = default_reporting_organisation(user=official_a, recommendation=item)

    # Member of both, both responsible: the official has to choose.
    assert chosen is None
    item.assignments.filter(organisation=org_b).delete()
    assert default_reporting_organisation(user=official_a, recommendation=item) == org_a


def test_it_gives_an_official_of_one_organisation_that_organisation(
    make_recommendation, org_a, org_b, official_a
):
    foreign = make_recommendation(lead=org_b)
    # Not responsible: the report's check then says so, naming the organisation.
    assert (
        default_reporting_organisation(user=official_a, recommendation=foreign) == org_a
    )


def test_it_gives_a_coordinator_the_lead_or_their_own_responsible_organisation(
    make_recommendation, org_a, org_b, coordinator
):
    item = make_recommendation(lead=org_a, others=[org_b])
    assert default_reporting_organisation(user=coordinator, recommendation=item) == (
        org_a
    )
    # A coordinator who is also a member of a co-executor reports for it.
    Membership.objects.create(user=coordinator, organisation=org_b)
    assert default_reporting_organisation(user=coordinator, recommendation=item) == (
        org_b
    )


def test_it_shows_the_public_only_published_reports_of_published_resolutions(
    make_update, item_a, published_a, pending_a
):
    hidden = make_update(item_a, state=ReviewState.PUBLISHED)
    hidden.recommendation.resolution.is_published = False
    hidden.recommendation.resolution.save()

    assert list(visible_status_updates(AnonymousUser())) == []


def test_it_shows_an_official_their_own_and_what_is_published_on_their_items(
    make_recommendation,
    make_update,
    org_a,
    org_b,
    official_a,
    official_b,
    item_a,
    item_b,
    pending_a,
    published_a,
):
    # B co-executes A's item: B's draft stays B's, B's published report is A's too.
    item_a.responsible.add(org_b, through_defaults={"is_lead": False})
    draft_of_b = make_update(item_a, organisation=org_b, state=ReviewState.SUBMITTED)
    published_by_b = make_update(item_a, organisation=org_b)
    item_a.resolution.is_published = False
    item_a.resolution.save()
    b_elsewhere = make_update(item_b, organisation=org_b, state=ReviewState.SUBMITTED)

    seen_by_a = set(visible_status_updates(official_a))
    seen_by_b = set(visible_status_updates(official_b))

    assert seen_by_a == {pending_a, published_a, published_by_b}
    assert seen_by_b == {draft_of_b, published_by_b, b_elsewhere, published_a}


def test_it_shows_a_coordinator_every_report(
    coordinator, pending_a, published_a, make_update, item_b
):
    returned = make_update(item_b, state=ReviewState.RETURNED)
    assert set(visible_status_updates(coordinator)) == {
        pending_a,
        published_a,
        returned,
    }
