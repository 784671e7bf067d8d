"""The coordinator's queue: each report's comment and evidence in view, the
longest waiting first, and nothing published or returned that was not seen."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations.models import ReviewState, StatusUpdate
from recommendations.services import status_update_revise

CHANGELIST = reverse("admin:recommendations_statusupdate_changelist")


def publish_url(update) -> str:
    return reverse("admin:recommendations_statusupdate_publish", args=[update.pk])


def return_url(update) -> str:
    return reverse("admin:recommendations_statusupdate_return", args=[update.pk])


@pytest.mark.django_db
def test_it_shows_the_comment_and_a_sign_of_evidence_oldest_first(
    client,
    make_update,
    item_a,
    org_a,
    official_a,
    pending_a,
    coordinator,
    django_assert_max_num_queries,
):
    newer = make_update(
        item_a,
        organisation=org_a,
        author=official_a,
        state=ReviewState.SUBMITTED,
        comment="Более поздний отчёт",
    )
    StatusUpdate.objects.filter(pk=pending_a.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    client.force_login(coordinator)

    with django_assert_max_num_queries(15):
        page = client.get(CHANGELIST, {"state__exact": "submitted"}).content.decode()

    assert "Черновой отчёт организации А" in page
    assert "файл приложен" in page
    assert page.index("Черновой отчёт организации А") < page.index(newer.comment)


@pytest.mark.django_db
def test_it_asks_before_publishing_and_shows_what_goes_public(
    client, pending_a, coordinator
):
    client.force_login(coordinator)

    page = client.get(publish_url(pending_a)).content.decode()

    assert "Черновой отчёт организации А" in page
    assert "нельзя изменить или отозвать" in page
    assert f'name="seen-{pending_a.pk}" value="{pending_a.version_key}"' in page
    pending_a.refresh_from_db()
    assert pending_a.state == ReviewState.SUBMITTED

    client.post(publish_url(pending_a), {f"seen-{pending_a.pk}": pending_a.version_key})

    pending_a.refresh_from_db()
    assert pending_a.state == ReviewState.PUBLISHED


@pytest.mark.django_db
def test_it_refuses_to_publish_a_report_changed_after_it_was_seen(
    client, item_a, pending_a, official_a, coordinator
):
    client.force_login(coordinator)
    seen = pending_a.version_key
    status_update_revise(
        update=pending_a,
        author=official_a,
        progress=100,
        status="done",
        comment="Приказ № 1 исполнен полностью",
    )

    response = client.post(
        publish_url(pending_a), {f"seen-{pending_a.pk}": seen}, follow=True
    )

    assert (
        "Автор изменил отчёт после того, как вы его открыли"
        in response.content.decode()
    )
    pending_a.refresh_from_db()
    item_a.refresh_from_db()
    assert pending_a.state == ReviewState.SUBMITTED
    assert item_a.progress != 100

    warned = client.get(publish_url(pending_a), {"seen": seen}).content.decode()
    assert "Отчёт изменился после того, как вы его открыли" in warned


@pytest.mark.django_db
def test_it_refuses_to_return_a_report_changed_after_it_was_seen(
    client, pending_a, official_a, coordinator
):
    client.force_login(coordinator)
    seen = pending_a.version_key
    status_update_revise(update=pending_a, author=official_a, progress=60)

    response = client.post(
        return_url(pending_a),
        {"review_note": "Уточните", f"seen-{pending_a.pk}": seen},
        follow=True,
    )

    assert "Автор изменил отчёт" in response.content.decode()
    pending_a.refresh_from_db()
    assert (pending_a.state, pending_a.review_note) == (ReviewState.SUBMITTED, "")


@pytest.mark.django_db
def test_it_clears_the_earlier_review_when_the_report_is_resubmitted(
    client, pending_a, official_a, coordinator
):
    client.force_login(coordinator)
    client.post(
        return_url(pending_a),
        {
            "review_note": "Приложите протокол",
            f"seen-{pending_a.pk}": pending_a.version_key,
        },
    )
    pending_a.refresh_from_db()
    assert pending_a.reviewed_by == coordinator

    status_update_revise(update=pending_a, author=official_a, progress=55)

    pending_a.refresh_from_db()
    assert (pending_a.reviewed_by, pending_a.reviewed_at) == (None, None)
    assert pending_a.review_note == "Приложите протокол"  # shown as the earlier note
