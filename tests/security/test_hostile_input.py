"""Filters and searches given SQL-like input answer calmly and change nothing."""

import pytest
from django.contrib import admin
from django.urls import reverse

from recommendations.models import Recommendation, Resolution, StatusUpdate
from stakeholders.models import Organisation

HOSTILE = [
    "' OR '1'='1",
    "1; DROP TABLE recommendations_recommendation; --",
    "%' UNION SELECT username, password FROM auth_user --",
    '" OR ""="',
    "\\'; SELECT pg_sleep(10); --",
    "%",
    "_",
    "\x00",
    "a" * 5000,
    "ы" * 300,
    "$where: 1",
]
PARAMETERS = ["status", "organisation", "q", "page", "resolution", "as_of"]


def everything() -> tuple:
    return (
        list(
            Recommendation.objects.order_by("id").values_list(
                "id", "text", "status", "progress"
            )
        ),
        list(StatusUpdate.objects.order_by("id").values_list("id", "state", "comment")),
        list(Resolution.objects.order_by("id").values_list("slug", "is_published")),
        Organisation.objects.count(),
    )


@pytest.fixture
def data(make_organisation, make_recommendation, make_update, make_resolution):
    resolution = make_resolution(slug="current")
    organisation = make_organisation(slug="soiro")
    for n in range(3):
        recommendation = make_recommendation(
            resolution=resolution, lead=organisation, text=f"Обеспечить меру {n}"
        )
        make_update(recommendation, comment=f"Приказ № {n}")
    return resolution


@pytest.mark.django_db
def test_the_public_pages_answer_hostile_filters_calmly(client, data):
    before = everything()

    for value in HOSTILE:
        for page in ["/", "/en/", f"/resolutions/{data.slug}/"]:
            for parameter in PARAMETERS:
                response = client.get(page, {parameter: value})
                assert response.status_code in (200, 400, 404), (page, value)

    assert everything() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/resolutions/' OR 1=1 --/",
        "/recommendations/1 OR 1=1/",
        "/recommendations/1;DROP/",
        "/recommendations/99999999999999999999999/",
    ],
)
def test_addresses_with_sql_in_them_are_not_found(client, data, address):
    before = everything()

    assert client.get(address).status_code == 404
    assert everything() == before


@pytest.mark.django_db
def test_admin_searches_and_orderings_answer_calmly(admin_client, data):
    before = everything()

    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        url = reverse("admin:{}_{}_changelist".format(*info))
        for value in HOSTILE:
            for parameters in ({"q": value}, {"o": value}, {"p": value}):
                response = admin_client.get(url, parameters)
                # A bad ordering or page sends the admin back with ?e=1; a
                # zero byte is a bad request.
                assert response.status_code in (200, 302, 400), (url, parameters)

    assert everything() == before
