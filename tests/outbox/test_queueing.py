"""A message is queued exactly when the change it reports is committed."""

import datetime

import pytest
import redis
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from outbox import services
from outbox.models import MessageState, OutboxMessage
from outbox.services import DELIVER_TASK, message_deliver_due, message_enqueue
from recommendations.services import status_update_submit

pytestmark = [pytest.mark.job_engine, pytest.mark.django_db]


@pytest.fixture
def handed(monkeypatch) -> list[tuple]:
    """What was handed to the job engine."""
    calls: list[tuple] = []
    monkeypatch.setattr(
        services,
        "async_task",
        lambda func, *args, **options: calls.append((func, args)),
    )
    return calls


def queue(**fields) -> OutboxMessage:
    return message_enqueue(
        **{"to": ["official@example.ru"], "subject": "Тема", "text": "Текст"} | fields
    )


def test_it_queues_in_the_transaction_and_hands_over_after_the_commit(
    handed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = queue()
        assert OutboxMessage.objects.filter(pk=message.pk).exists()
        assert handed == []  # nothing leaves before the commit

    assert len(callbacks) == 1
    assert handed == [(DELIVER_TASK, (message.pk,))]
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.PENDING, 0)
    assert mail.outbox == []  # the worker sends it, not the request


def test_it_queues_nothing_when_the_change_is_rolled_back(
    handed, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue()
        raise RuntimeError("the change failed")

    assert OutboxMessage.objects.count() == 0
    assert (callbacks, handed) == ([], [])


def test_it_queues_no_review_mail_for_a_report_rolled_back(
    handed,
    make_organisation,
    make_recommendation,
    make_official,
    coordinator,
    django_capture_on_commit_callbacks,
):
    organisation = make_organisation()
    item = make_recommendation(lead=organisation)
    official = make_official(organisation)
    coordinator.email = "coordinator@example.ru"
    coordinator.save()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        status_update_submit(
            recommendation=item,
            organisation=organisation,
            author=official,
            status="in_progress",
            progress=30,
            reported_on=datetime.date(2019, 3, 1),
        )
        assert OutboxMessage.objects.count() == 1  # queued with the report
        raise RuntimeError("the report is not saved after all")

    assert OutboxMessage.objects.count() == 0
    assert handed == []


def test_it_never_queues_the_same_logical_message_twice(
    handed, django_capture_on_commit_callbacks
):
    key = "reminder:deadline-3:item-7:user-5:2026-12-02"
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(dedupe_key=key)
    with django_capture_on_commit_callbacks(execute=True):
        again = queue(dedupe_key=key, subject="Другая тема")

    assert again.pk == first.pk
    assert list(OutboxMessage.objects.values_list("subject", flat=True)) == ["Тема"]
    assert handed == [(DELIVER_TASK, (first.pk,))]


def test_it_queues_messages_without_a_key_each_time(handed):
    queue()
    queue()

    assert OutboxMessage.objects.count() == 2


def test_it_keeps_the_message_when_the_job_engine_is_away(
    monkeypatch, django_capture_on_commit_callbacks
):
    def broker_away(*args, **options):
        raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379.")

    monkeypatch.setattr(services, "async_task", broker_away)

    with django_capture_on_commit_callbacks(execute=True):
        message = queue()  # and the request goes on as usual

    message.refresh_from_db()
    assert message.state == MessageState.PENDING
    assert mail.outbox == []
    # The sweep, once the worker runs again.
    assert message_deliver_due().sent == 1
    assert [m.to for m in mail.outbox] == [["official@example.ru"]]


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"to": []}, "У письма должен быть хотя бы один получатель."),
        ({"to": ["не-адрес"]}, "«не-адрес» — не адрес электронной почты."),
        ({"cc": ["копия@"]}, "«копия@» — не адрес электронной почты."),
    ],
)
def test_it_refuses_a_message_it_could_not_send(handed, fields, error):
    with pytest.raises(ValidationError) as refusal:
        queue(**fields)

    assert error in str(refusal.value)
    assert OutboxMessage.objects.count() == 0
