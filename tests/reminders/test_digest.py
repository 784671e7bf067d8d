"""Coordinators get a weekly digest: the queue, new overdue items, missed reports."""

import datetime

import pytest
from django.utils import timezone

from recommendations.models import DeadlineChange, ReviewState
from reminders.models import Reminder, ReminderKind

from .conftest import DAY, DEADLINE, html, to

pytestmark = pytest.mark.django_db
MONDAY = DEADLINE + 5 * DAY  # 21.12.2026, the item is five days overdue


@pytest.fixture
def coordinator_with_email(coordinator):
    coordinator.email = "coord@example.ru"
    coordinator.save()
    return coordinator


def test_it_sends_coordinators_a_digest_once_a_week(
    send, item, make_update, lead, lead_official, coordinator_with_email
):
    waiting = make_update(
        item, organisation=lead, author=lead_official, state=ReviewState.SUBMITTED
    )
    waiting.created_at = timezone.make_aware(datetime.datetime(2026, 12, 14, 10))
    waiting.save()

    [digest] = to(send(MONDAY), "coord@example.ru")

    assert digest.subject == "Еженедельная сводка портала резолюций"
    assert "Сводка за неделю" in digest.body
    assert (
        "1 отчёт ожидает проверки; самый давний — по рекомендации 2.4, с 14.12.2026"
        in digest.body
    )
    assert "Просрочены за последнюю неделю: 2.4" in digest.body
    assert "Всего просрочено: 1" in digest.body
    assert "Запросы на перенос срока, ожидающие решения: 0" in digest.body
    assert "Просрочены за последнюю неделю" in html(digest)
    assert to(send(MONDAY + DAY), "coord@example.ru") == []
    assert to(send(MONDAY + 7 * DAY), "coord@example.ru") != []
    assert Reminder.objects.filter(kind=ReminderKind.DIGEST).count() == 2


def test_it_counts_the_deadline_requests_awaiting_a_decision(
    send, item, lead_official, coordinator_with_email
):
    DeadlineChange.objects.create(
        recommendation=item,
        previous_due_on=item.due_on,
        proposed_due_on=item.due_on + 30 * DAY,
        justification="Нужно согласовать программу с работодателями",
        requested_by=lead_official,
    )

    [digest] = to(send(MONDAY), "coord@example.ru")

    assert "Запросы на перенос срока, ожидающие решения: 1" in digest.body


def test_it_sends_no_digest_to_officials_or_coordinators_without_an_address(
    send, item, lead_official, coordinator
):
    messages = send(MONDAY)

    assert [m.to for m in messages] == [["ivanova@example.ru"]]
    assert "Сводка за неделю" not in messages[0].body


def test_it_puts_the_digest_and_a_coordinators_own_reminders_in_one_message(
    send, item, lead, coordinator_with_email
):
    from stakeholders.models import Membership

    Membership.objects.create(user=coordinator_with_email, organisation=lead)

    [message] = send(MONDAY)

    assert message.to == ["coord@example.ru"]
    assert message.subject == "Напоминание: рекомендация 2.4"
    assert "просрочено на 5 дней" in message.body
    assert "Сводка за неделю" in message.body


def test_it_counts_the_latest_scheduled_reports_received(
    send,
    make_recommendation,
    make_resolution,
    make_update,
    lead,
    coordinator_with_email,
):
    resolution = make_resolution(adopted_on=datetime.date(2025, 3, 1))
    made, missed = (
        make_recommendation(
            lead=lead, number=f"3.{n}", is_continuous=True, resolution=resolution
        )
        for n in (1, 2)
    )
    make_update(made, organisation=lead, reported_on=datetime.date(2026, 1, 12))

    [digest] = to(send(MONDAY), "coord@example.ru")

    assert "Получены плановые отчёты за последний период: 1 из 2" in digest.body
    assert "Пропущены плановые отчёты: 3.2" in digest.body
