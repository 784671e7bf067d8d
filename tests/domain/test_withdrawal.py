"""Excluding a recommendation from monitoring: the coordinators' decision,
with a reason the public sees; an official cannot report it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from recommendations.models import STATUS_RULES, Recommendation, Status, StatusUpdate
from recommendations.services import recommendation_withdraw, validate_report
from tests.documents.test_import_status_updates import errors_of, preview, xlsx
from tests.samples import DAY

REASON = "Мероприятие утратило актуальность после реорганизации."
BASIS = "протокол координационного совета № 4 от 10.11.2026"


@pytest.fixture
def item(make_recommendation, org_a):
    return make_recommendation(lead=org_a, progress=30, status="in_progress")


@pytest.mark.django_db
def test_it_excludes_an_item_with_a_public_reason(item, coordinator, client):
    update = recommendation_withdraw(
        recommendation=item, user=coordinator, reason=REASON, basis=BASIS
    )

    item = Recommendation.objects.get(pk=item.pk)
    assert (update.status, update.state) == (Status.CANCELLED, "published")
    assert item.status == Status.CANCELLED
    assert (item.withdrawal_reason, item.withdrawal_basis) == (REASON, BASIS)
    page = client.get(reverse("recommendations:recommendation", args=[item.pk]))
    text = page.content.decode()
    assert "Исключено из мониторинга решением координаторов" in text
    assert REASON in text and BASIS in text
    front = client.get(item.resolution.get_absolute_url()).content.decode()
    assert "исключена из мониторинга" in front
    english = client.get("/en" + item.resolution.get_absolute_url()).content.decode()
    assert (
        "excluded from monitoring" in english and "Excluded from monitoring" in english
    )


@pytest.mark.django_db
def test_it_lets_only_coordinators_exclude_and_only_with_a_reason(
    item, official_a, coordinator
):
    with pytest.raises(ValidationError) as error:
        recommendation_withdraw(recommendation=item, user=official_a, reason=REASON)
    assert "только координатор" in " ".join(error.value.messages)
    with pytest.raises(ValidationError) as error:
        recommendation_withdraw(recommendation=item, user=coordinator, reason=" ")
    assert "обязательна" in " ".join(error.value.messages)

    item.refresh_from_db()
    assert item.status == "in_progress"
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
def test_it_refuses_to_exclude_twice(item, coordinator):
    recommendation_withdraw(recommendation=item, user=coordinator, reason=REASON)
    with pytest.raises(ValidationError) as error:
        recommendation_withdraw(recommendation=item, user=coordinator, reason=REASON)
    assert "уже исключена" in " ".join(error.value.messages)


@pytest.mark.django_db
def test_it_refuses_an_officials_report_of_the_status(item, org_a, official_a):
    assert STATUS_RULES[Status.CANCELLED].coordinators_only
    with pytest.raises(ValidationError) as error:
        validate_report(
            recommendation=item,
            organisation=org_a,
            author=official_a,
            status=Status.CANCELLED,
            progress=30,
            reported_on=DAY,
        )
    assert "устанавливают координаторы" in error.value.message_dict["status"][0]


@pytest.mark.django_db
def test_it_refuses_the_status_in_an_officials_import(client, item, org_a, official_a):
    client.force_login(official_a)
    response = preview(
        client, xlsx([[item.pk, org_a.slug, "cancelled", 30, "", None, DAY]])
    )

    assert response.context.get("confirm_form") is None
    [(_, column, text)] = errors_of(response)
    assert "устанавливают координаторы" in text
    assert StatusUpdate.objects.count() == 0
