"""A reminder goes out at most once per recipient, item, kind and period, also
when two passes run at once; after downtime one pass catches up with one
combined message per person."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from outbox.models import OutboxMessage
from recommendations.models import ReviewState
from reminders import services
from reminders.models import Reminder, ReminderKind

from .conftest import DAY, DEADLINE, to


@pytest.mark.django_db
def test_it_sends_nothing_again_on_a_second_pass_for_the_same_day(
    send, item, lead_official, partner_official
):
    assert len(send(DEADLINE - 3 * DAY)) == 2
    recorded = Reminder.objects.count()

    assert send(DEADLINE - 3 * DAY) == []
    assert Reminder.objects.count() == recorded == 2
    assert OutboxMessage.objects.count() == 2


@pytest.mark.django_db
def test_it_links_each_reminder_to_its_message(send, item, lead_official):
    [message] = send(DEADLINE)

    reminder = Reminder.objects.get()
    assert (reminder.recipient, reminder.recommendation, reminder.kind) == (
        lead_official,
        item,
        ReminderKind.DEADLINE_TODAY,
    )
    assert reminder.period == "2026-12-16"
    assert reminder.message.subject == message.subject


@pytest.mark.django_db
def test_it_catches_up_after_downtime_with_one_message_per_person(
    send, item, make_recommendation, make_update, lead, lead_official, partner_official
):
    """The scheduler was away from three weeks before the deadline to two days
    after it: the 14-day, 3-day and on-the-day reminders were never sent."""
    other = make_recommendation(lead=lead, number="2.5", due_on=DEADLINE + 5 * DAY)
    make_update(
        other,
        organisation=lead,
        author=lead_official,
        state=ReviewState.RETURNED,
        reviewed_at=timezone.now() - datetime.timedelta(days=30),
    )

    messages = send(DEADLINE + 2 * DAY)

    [mine] = to(messages, "ivanova@example.ru")
    assert len(to(messages, "petrova@example.ru")) == 1
    assert len(messages) == 2
    assert mine.subject == "Напоминание: рекомендации 2.4, 2.5"
    assert "просрочено на 2 дня" in mine.body  # 2.4, only as overdue
    assert "через 3 дня" in mine.body  # 2.5
    assert "ждёт доработки" in mine.body  # 2.5's returned report
    assert "через 14 дней" not in mine.body and "сегодня" not in mine.body
    assert sorted(
        Reminder.objects.filter(recipient=lead_official).values_list("kind", flat=True)
    ) == ["deadline_soon", "overdue", "returned"]


# --- two passes at once (PostgreSQL) ---------------------------------------------


def in_parallel(*jobs) -> list[BaseException]:
    start = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job) -> None:
        try:
            start.wait(timeout=10)
            job()
        except BaseException as error:  # reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a pass hung"
    return errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one write transaction at a time, so two passes cannot "
    "overlap; run with DATABASE_URL=postgres://… to test it",
)
def test_it_sends_each_reminder_once_when_two_passes_race(
    item, make_recommendation, lead, lead_official, partner_official, monkeypatch
):
    for n in range(20):
        make_recommendation(lead=lead, number=f"7.{n}", due_on=DEADLINE + n * DAY)
    # Both passes read what is due before either records anything.
    both_read = threading.Barrier(2)
    take = services.Snapshot.take

    def take_then_wait(today):
        snapshot = take(today)
        both_read.wait(timeout=10)
        return snapshot

    monkeypatch.setattr(services.Snapshot, "take", take_then_wait)
    today = DEADLINE - 3 * DAY
    reports = []

    errors = in_parallel(
        *[lambda: reports.append(services.reminders_send(today=today))] * 2
    )

    assert errors == []
    assert sorted(len(report.message_ids) for report in reports) == [0, 2]
    assert len(mail.outbox) == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ivanova@example.ru",
        "petrova@example.ru",
    ]
    # 2.4 for both; 7.0–7.11 (due within 14 days) for Ivanova.
    assert Reminder.objects.count() == 14
    assert not Reminder.objects.filter(message=None).exists()
