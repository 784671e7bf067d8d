"""Every admin list runs a constant number of queries, with hundreds of rows."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from recommendations.models import (
    Assignment,
    Recommendation,
    ReviewState,
    StatusUpdate,
)
from stakeholders.models import Membership, Organisation

ROWS = 300

CHANGELISTS = [
    "recommendations_recommendation",
    "recommendations_statusupdate",
    "recommendations_resolution",
    "stakeholders_organisation",
    "stakeholders_addresseegroup",
    "stakeholders_membership",
    "auth_user",
]


@pytest.fixture
def many(make_resolution, make_group, make_official, coordinator):
    resolution = make_resolution()
    group = make_group()
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Организация {n}", slug=f"many-{n}", group=group)
        for n in range(ROWS)
    )
    items = Recommendation.objects.bulk_create(
        Recommendation(
            resolution=resolution,
            group=group,
            number=f"9.{n}",
            order=n,
            text=f"Мера {n}",
            due_on=datetime.date(2019, 1, 1),
        )
        for n in range(ROWS)
    )
    Assignment.objects.bulk_create(
        Assignment(recommendation=item, organisation=org, is_lead=True)
        for item, org in zip(items, organisations, strict=True)
    )
    Assignment.objects.bulk_create(
        Assignment(recommendation=item, organisation=organisations[0])
        for item in items[1:]
    )
    users = User.objects.bulk_create(
        User(username=f"user{n}", is_staff=True) for n in range(ROWS)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=org)
        for user, org in zip(users, organisations, strict=True)
    )
    official = make_official(organisations[0])
    states = [ReviewState.SUBMITTED, ReviewState.RETURNED, ReviewState.PUBLISHED]
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            recommendation=item,
            organisation=organisations[0],
            author=official,
            status="in_progress",
            progress=10,
            reported_on=datetime.date(2019, 2, 1),
            state=states[n % 3],
            review_note="Уточните" if n % 3 == 1 else "",
        )
        for n, item in enumerate(items)
    )
    return {"coordinator": coordinator, "official": official}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coordinator", "official"])
@pytest.mark.parametrize("model", CHANGELISTS)
def test_it_lists_hundreds_of_rows_in_a_constant_number_of_queries(
    client, many, django_assert_max_num_queries, who, model
):
    client.force_login(many[who])
    url = reverse(f"admin:{model}_changelist")
    client.get(url)  # warm the permission and content type caches

    with django_assert_max_num_queries(14):
        response = client.get(url)

    assert response.status_code in (200, 403)
    if who == "coordinator" or model.startswith("recommendations"):
        assert response.status_code == 200
        assert response.context["cl"].result_count >= 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coordinator", "official"])
def test_it_shows_the_start_page_in_a_constant_number_of_queries(
    client, many, django_assert_max_num_queries, who
):
    client.force_login(many[who])
    client.get(reverse("admin:index"))

    with django_assert_max_num_queries(13):
        response = client.get(reverse("admin:index"))

    assert response.status_code == 200
