"""A message is sent once: two workers, or a task and the sweep, never both send it."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from outbox.models import MessageState, OutboxMessage
from outbox.services import message_deliver, message_deliver_due, message_enqueue

from .backends import SlowBackend

pytestmark = pytest.mark.job_engine


def queue(n: int = 0) -> OutboxMessage:
    return message_enqueue(to=["official@example.ru"], subject=f"Письмо {n}", text="…")


@pytest.mark.django_db
def test_it_sends_once_when_the_task_and_the_sweep_both_come():
    message = queue()

    assert message_deliver(message_id=message.pk) is True
    assert message_deliver(message_id=message.pk) is False
    assert message_deliver_due().sent == 0
    assert len(mail.outbox) == 1


def in_threads(count: int, work) -> list:
    """Run `work()` in `count` threads at once, each with its own connection."""
    start = threading.Barrier(count)
    results: list = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            results.append(work())
        except BaseException as error:  # reported in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


@pytest.fixture
def slow_mail(settings, monkeypatch) -> list[str]:
    settings.EMAIL_BACKEND = "tests.outbox.backends.SlowBackend"
    monkeypatch.setattr(SlowBackend, "sent", [])
    return SlowBackend.sent


@pytest.mark.django_db(transaction=True)
def test_it_sends_once_when_two_workers_race_for_one_message(slow_mail):
    for n in range(10):
        message = queue(n)

        results = in_threads(2, lambda pk=message.pk: message_deliver(message_id=pk))

        assert sorted(results) == [False, True]
    assert len(slow_mail) == 10


@pytest.mark.django_db(transaction=True)
def test_it_sends_each_message_once_when_sweeps_run_side_by_side(slow_mail):
    messages = [queue(n) for n in range(40)]

    reports = in_threads(3, message_deliver_due)

    assert sum(report.sent for report in reports) == 40
    assert Counter(Counter(slow_mail).values()) == {1: 40}  # each exactly once
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {
        MessageState.SENT
    }
    assert len(messages) == 40
