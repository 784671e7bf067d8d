"""Delivery: sent once with both versions; retried with backoff; given up on."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from outbox.models import MessageState, OutboxMessage
from outbox.services import (
    message_deliver,
    message_deliver_due,
    message_enqueue,
    retry_delay,
)

from .backends import BrokenBackend

pytestmark = [pytest.mark.job_engine, pytest.mark.django_db]
MINUTE = datetime.timedelta(minutes=1)


def queue(**fields) -> OutboxMessage:
    return message_enqueue(
        **{"to": ["official@example.ru"], "subject": "Тема", "text": "Текст"} | fields
    )


@pytest.fixture
def broken(settings, monkeypatch):
    """The mail server fails; set `.error` to choose how."""
    settings.EMAIL_BACKEND = "tests.outbox.backends.BrokenBackend"
    monkeypatch.setattr(BrokenBackend, "error", TimeoutError("timed out"))
    return BrokenBackend


def make_due(message: OutboxMessage) -> None:
    """As if the backoff had passed."""
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_it_sends_both_versions_and_records_the_sending():
    message = queue(
        to=["official@example.ru"],
        cc=["organisation@example.ru"],
        html="<p>Текст</p>",
    )

    assert message_deliver(message_id=message.pk) is True

    [sent] = mail.outbox
    assert (sent.to, sent.cc, sent.subject, sent.body) == (
        ["official@example.ru"],
        ["organisation@example.ru"],
        "Тема",
        "Текст",
    )
    assert sent.alternatives[0][:2] == ("<p>Текст</p>", "text/html")
    assert sent.extra_headers["Message-ID"].startswith(f"<outbox-{message.pk}-")
    message.refresh_from_db()
    assert (message.state, message.attempts, message.claimed_until) == (
        MessageState.SENT,
        1,
        None,
    )
    assert message.sent_at is not None


def test_it_waits_longer_after_each_failure():
    assert [retry_delay(n) / MINUTE for n in range(1, 10)] == [
        1,
        2,
        4,
        8,
        16,
        32,
        60,
        60,
        60,
    ]


def test_it_keeps_a_message_it_could_not_send_and_tries_later(broken):
    message = queue()
    waits = []
    for _attempt in range(3):
        before = timezone.now()
        assert message_deliver(message_id=message.pk) is False
        message.refresh_from_db()
        waits.append(round((message.next_attempt_at - before) / MINUTE))
        assert message.state == MessageState.PENDING
        assert message_deliver(message_id=message.pk) is False  # not yet due
        make_due(message)

    assert waits == [1, 2, 4]
    assert message.attempts == 3
    assert message.last_error == "TimeoutError: timed out"
    assert mail.outbox == []


def test_it_gives_up_after_the_last_attempt(broken, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    message = queue()
    for _attempt in range(3):
        make_due(message)
        message_deliver(message_id=message.pk)

    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.FAILED, 3)
    make_due(message)
    assert message_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.attempts == 3  # never tried again by itself


def test_it_gives_up_at_once_when_the_server_refuses_the_recipient(broken):
    broken.error = smtplib.SMTPRecipientsRefused(
        {"official@example.ru": (550, b"5.1.1 No such user")}
    )
    message = queue()

    message_deliver(message_id=message.pk)

    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.FAILED, 1)
    assert "No such user" in message.last_error


def test_it_tries_again_when_the_server_is_busy(broken):
    broken.error = smtplib.SMTPDataError(451, b"4.3.0 Try again later")
    message = queue()

    message_deliver(message_id=message.pk)

    message.refresh_from_db()
    assert message.state == MessageState.PENDING


def test_it_never_records_the_mail_password(broken, settings):
    settings.EMAIL_HOST_PASSWORD = "s3cret-pass"
    broken.error = smtplib.SMTPSenderRefused(
        535, b"auth failed for portal:s3cret-pass", "portal@example.ru"
    )
    message = queue()

    message_deliver(message_id=message.pk)

    message.refresh_from_db()
    assert "s3cret-pass" not in message.last_error
    assert "***" in message.last_error
    assert len(message.last_error) <= 500


def test_it_tries_again_when_the_sending_worker_died():
    message = queue()
    # A worker took it and died: its lease ran out.
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=MessageState.SENDING,
        attempts=1,
        claimed_until=timezone.now() - datetime.timedelta(seconds=1),
    )

    assert message_deliver(message_id=message.pk) is True

    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.SENT, 2)


def test_it_leaves_a_message_another_worker_is_sending():
    message = queue()
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=MessageState.SENDING,
        attempts=1,
        claimed_until=timezone.now() + datetime.timedelta(minutes=5),
    )

    assert message_deliver(message_id=message.pk) is False
    assert message_deliver_due().sent == 0
    assert mail.outbox == []


def test_the_sweep_sends_what_is_due_and_leaves_the_rest():
    due = [queue(subject=f"Письмо {n}") for n in range(3)]
    later = queue(subject="Позже")
    OutboxMessage.objects.filter(pk=later.pk).update(
        attempts=1, next_attempt_at=timezone.now() + MINUTE
    )
    sent = queue(subject="Уже отправлено")
    message_deliver(message_id=sent.pk)
    mail.outbox.clear()

    report = message_deliver_due()

    assert (report.sent, report.retried, report.failed) == (3, 0, 0)
    assert sorted(m.subject for m in mail.outbox) == [m.subject for m in due]


def test_the_sweep_stops_when_the_mail_server_cannot_be_reached(broken):
    broken.error = ConnectionRefusedError(111, "Connection refused")
    messages = [queue(subject=f"Письмо {n}") for n in range(3)]

    report = message_deliver_due()

    assert (report.retried, report.stopped) == (1, True)
    attempts = OutboxMessage.objects.order_by("pk").values_list("attempts", flat=True)
    assert list(attempts) == [1, 0, 0]  # the others wait, untouched
    assert len(messages) == 3


def test_the_sweep_stops_taking_messages_when_its_time_is_up():
    for n in range(3):
        queue(subject=f"Письмо {n}")

    report = message_deliver_due(seconds=0)

    assert report.sent == 1


def test_it_waits_for_a_message_another_worker_was_sending():
    message = queue()
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=MessageState.SENDING,
        attempts=1,
        claimed_until=timezone.now() + datetime.timedelta(seconds=1),
    )

    # That worker died; once its lease ends, this pass sends the message.
    report = message_deliver_due(ids=[message.pk], wait=True)

    assert report.sent == 1
    assert len(mail.outbox) == 1


def test_deliver_mail_sends_everything_due(capsys):
    for n in range(2):
        queue(subject=f"Письмо {n}")

    call_command("deliver_mail")

    assert len(mail.outbox) == 2
    assert "sent 2" in capsys.readouterr().out


def test_deliver_mail_fails_when_the_mail_server_cannot_be_reached(broken):
    broken.error = ConnectionRefusedError(111, "Connection refused")
    queue()

    with pytest.raises(CommandError, match="could not be reached"):
        call_command("deliver_mail")
