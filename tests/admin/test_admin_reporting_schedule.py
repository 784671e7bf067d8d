"""Coordinators set a resolution's reporting schedule and a recommendation's own."""

import pytest
from django.urls import reverse
from django.utils import translation

from recommendations.models import Recommendation, Resolution
from recommendations.schedules import ReportingFrequency, Schedule

from .test_admin_recommendation_edit import change_url, form_data


def resolution_data(resolution: Resolution, **changes) -> dict:
    data = {
        "title": resolution.title,
        "event": resolution.event,
        "adopted_on": resolution.adopted_on.isoformat(),
        "place": resolution.place,
        "slug": resolution.slug,
        "preamble": "",
        "source_url": "",
        "is_published": "on",
        "report_frequency": resolution.report_frequency,
        "report_due_day": resolution.report_due_day,
        "_save": "1",
    }
    return data | changes


def resolution_url(resolution: Resolution) -> str:
    return reverse("admin:recommendations_resolution_change", args=[resolution.pk])


@pytest.mark.django_db
def test_it_has_no_schedule_until_one_is_set(item_a):
    assert item_a.resolution.report_frequency == ReportingFrequency.NONE
    assert item_a.resolution.report_due_day == 10
    assert item_a.schedule == Schedule(ReportingFrequency.NONE, 10)


@pytest.mark.django_db
def test_it_sets_a_resolution_schedule_that_its_items_follow(
    client, item_a, coordinator
):
    client.force_login(coordinator)
    resolution = item_a.resolution

    response = client.post(
        resolution_url(resolution),
        resolution_data(resolution, report_frequency="quarterly", report_due_day=15),
    )

    assert response.status_code == 302
    item = Recommendation.objects.select_related("resolution").get(pk=item_a.pk)
    assert item.schedule == Schedule(ReportingFrequency.QUARTERLY, 15)


@pytest.mark.django_db
def test_it_lets_a_recommendation_override_the_schedule(client, item_a, coordinator):
    item_a.resolution.report_frequency = ReportingFrequency.QUARTERLY
    item_a.resolution.save()
    client.force_login(coordinator)

    response = client.post(
        change_url(item_a),
        form_data(item_a, report_frequency="monthly", report_due_day=31),
    )

    assert response.status_code == 302
    item = Recommendation.objects.select_related("resolution").get(pk=item_a.pk)
    assert item.schedule == Schedule(ReportingFrequency.MONTHLY, 31)


@pytest.mark.django_db
@pytest.mark.parametrize("day", [0, 32])
def test_it_refuses_a_due_day_outside_the_month_in_russian(
    client, item_a, coordinator, day
):
    client.force_login(coordinator)
    resolution = item_a.resolution

    with translation.override("ru"):
        response = client.post(
            resolution_url(resolution),
            resolution_data(resolution, report_frequency="monthly", report_due_day=day),
            HTTP_ACCEPT_LANGUAGE="ru",
        )

    assert response.status_code == 200
    assert "Срок отчёта — число месяца, от 1 до 31." in response.content.decode()
    resolution.refresh_from_db()
    assert resolution.report_frequency == ReportingFrequency.NONE


@pytest.mark.django_db
def test_it_refuses_a_due_day_without_any_schedule(client, item_a, coordinator):
    client.force_login(coordinator)

    response = client.post(
        change_url(item_a),
        form_data(item_a, report_due_day=5),
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert response.status_code == 200
    assert "Для срока отчёта нужен график отчётности" in response.content.decode()
    item_a.refresh_from_db()
    assert item_a.report_due_day is None


@pytest.mark.django_db
def test_it_shows_the_schedule_fields_in_russian(client, item_a, coordinator):
    client.force_login(coordinator)

    page = client.get(change_url(item_a), HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "График отчётности" in page
    assert "Как в резолюции" in page
    assert "Ежеквартально" in page
