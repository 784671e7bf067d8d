"""Two coordinators deciding on one report at once: the one who comes second
is told in Russian what happened, and the report keeps the first decision."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from recommendations.admin import review
from recommendations.models import ReviewState, StatusUpdate
from recommendations.services import status_update_publish, status_update_return

CHANGELIST = reverse("admin:recommendations_statusupdate_changelist")


@pytest.fixture
def other_coordinator(db) -> User:
    user = User.objects.create_user("coord2", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Coordinators"))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def published_meanwhile(monkeypatch, pending_a, other_coordinator):
    """The other coordinator publishes while the return note is being read."""

    class Meanwhile(review.ReturnForm):
        def is_valid(self) -> bool:
            status_update_publish(update=pending_a, reviewer=other_coordinator)
            return super().is_valid()

    monkeypatch.setattr(review, "ReturnForm", Meanwhile)
    return pending_a


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


@pytest.mark.django_db
def test_a_return_that_loses_to_a_publish_is_told_so(
    client, coordinator, published_meanwhile
):
    client.force_login(coordinator)
    url = reverse(
        "admin:recommendations_statusupdate_return", args=[published_meanwhile.pk]
    )

    response = client.post(url, {"review_note": "Приложите протокол"}, follow=True)

    assert response.status_code == 200
    assert "Вернуть на доработку можно только отчёт на проверке" in messages_of(
        response
    )
    update = StatusUpdate.objects.get(pk=published_meanwhile.pk)
    assert update.state == ReviewState.PUBLISHED
    assert update.review_note == ""


@pytest.mark.django_db
def test_the_return_action_that_loses_to_a_publish_is_told_so(
    client, coordinator, published_meanwhile
):
    client.force_login(coordinator)

    response = client.post(
        CHANGELIST,
        {
            "action": "return_for_revision",
            "_selected_action": [published_meanwhile.pk],
            "review_note": "Приложите протокол",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "можно только отчёт на проверке" in messages_of(response)
    assert StatusUpdate.objects.get(pk=published_meanwhile.pk).state == (
        ReviewState.PUBLISHED
    )


@pytest.mark.django_db
def test_a_publish_that_loses_to_a_return_is_told_so(
    client, coordinator, other_coordinator, pending_a
):
    client.force_login(coordinator)
    status_update_return(update=pending_a, reviewer=other_coordinator, note="Нет акта")
    url = reverse("admin:recommendations_statusupdate_publish", args=[pending_a.pk])

    response = client.post(url, follow=True)

    assert response.status_code == 200
    assert "Опубликовать можно только отчёт на проверке" in messages_of(response)
    assert StatusUpdate.objects.get(pk=pending_a.pk).state == ReviewState.RETURNED
