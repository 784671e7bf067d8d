"""Nothing the public has seen can be deleted: history is kept whole."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from recommendations.models import Recommendation, Resolution, StatusUpdate
from recommendations.services import status_update_submit
from stakeholders.models import AddresseeGroup, Organisation

HISTORY = ["statusupdate", "recommendation", "resolution"]


@pytest.fixture
def reported(make_recommendation, make_organisation, make_update):
    organisation = make_organisation()
    recommendation = make_recommendation(lead=organisation)
    update = make_update(recommendation)
    return recommendation, update


def counts() -> tuple[int, ...]:
    return (
        StatusUpdate.objects.count(),
        Recommendation.objects.count(),
        Resolution.objects.count(),
        Organisation.objects.count(),
        AddresseeGroup.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "doomed",
    [
        lambda recommendation, update: recommendation,
        lambda recommendation, update: recommendation.resolution,
        lambda recommendation, update: recommendation.group,
        lambda recommendation, update: update.organisation,
        lambda recommendation, update: update.author,
    ],
    ids=["recommendation", "resolution", "group", "organisation", "author"],
)
def test_it_refuses_to_delete_what_a_published_update_refers_to(reported, doomed):
    recommendation, update = reported
    before = counts()

    with pytest.raises(ProtectedError):
        doomed(recommendation, update).delete()

    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Officials", "Coordinators"])
def test_no_role_may_delete_history(role):
    granted = Permission.objects.filter(
        group__name=role, codename__startswith="delete_"
    )

    assert not granted.filter(
        codename__in=[f"delete_{model}" for model in HISTORY]
    ).exists()


@pytest.mark.django_db
def test_a_coordinator_cannot_delete_an_update_in_the_admin(
    client, coordinator, reported
):
    _, update = reported
    client.force_login(coordinator)

    response = client.post(
        f"/admin/recommendations/statusupdate/{update.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code in (403, 404)
    assert not coordinator.has_perm("recommendations.delete_statusupdate")
    assert StatusUpdate.objects.filter(pk=update.pk).exists()


@pytest.mark.django_db
def test_it_refuses_a_script_address_as_evidence_and_saves_nothing(
    reported, coordinator
):
    recommendation, update = reported
    before = counts()

    with pytest.raises(ValidationError) as error:
        status_update_submit(
            recommendation=recommendation,
            organisation=update.organisation,
            author=coordinator,
            status="in_progress",
            progress=50,
            reported_on=datetime.date(2019, 5, 1),
            evidence_url="javascript:alert(document.cookie)",
        )

    assert "evidence_url" in error.value.message_dict
    assert counts() == before
