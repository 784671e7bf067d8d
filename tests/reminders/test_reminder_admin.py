"""The record of reminders in the admin: coordinators see everyone's, officials
their own, nobody changes it, and the list costs the same whatever its length."""

import pytest
from django.urls import reverse

from reminders.models import Reminder, ReminderKind

from .conftest import DEADLINE

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:reminders_reminder_changelist")


@pytest.fixture
def record(send, make_recommendation, lead, item, lead_official, partner_official):
    for n in range(60):
        make_recommendation(lead=lead, number=f"9.{n}", due_on=DEADLINE)
    send(DEADLINE)
    return Reminder.objects.all()


def test_it_shows_coordinators_every_reminder(
    client, coordinator, record, django_assert_max_num_queries
):
    client.force_login(coordinator)

    with django_assert_max_num_queries(12):
        page = client.get(CHANGELIST).content.decode()

    assert "Напоминания" in page
    for label in ["Получатель", "Рекомендация", "Вид", "Период", "Письмо"]:
        assert label in page
    assert "petrova" in page and "ivanova" in page
    assert "срок сегодня" in page and "отправлено" in page
    assert page.count('class="field-kind"') == 62


def test_it_shows_officials_only_their_own_reminders(client, record, partner_official):
    client.force_login(partner_official)

    page = client.get(CHANGELIST).content.decode()

    assert page.count('class="field-kind"') == 1
    assert "ivanova" not in page
    theirs = record.exclude(recipient=partner_official).first()
    response = client.get(reverse("admin:reminders_reminder_change", args=[theirs.pk]))
    assert response.status_code == 302  # "does not exist", back to the start
    assert theirs.period not in client.get(response.url).content.decode()


def test_it_lets_nobody_change_or_delete_the_record(client, coordinator, record):
    client.force_login(coordinator)
    reminder = record.first()

    page = client.get(
        reverse("admin:reminders_reminder_change", args=[reminder.pk])
    ).content.decode()

    assert 'name="_save"' not in page
    assert (
        client.get(
            reverse("admin:reminders_reminder_delete", args=[reminder.pk])
        ).status_code
        == 403
    )
    assert client.get(reverse("admin:reminders_reminder_add")).status_code == 403
    assert Reminder.objects.filter(kind=ReminderKind.DEADLINE_TODAY).count() == 62


def test_it_hides_the_record_from_the_anonymous(client, record):
    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert "/admin/login/" in response.url
