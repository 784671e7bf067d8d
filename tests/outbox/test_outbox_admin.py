"""Coordinators read the outbox and send failed mail again; officials never see it."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from outbox.models import MessageState, OutboxMessage

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:outbox_outboxmessage_changelist")


def message(**fields) -> OutboxMessage:
    defaults = {
        "to": ["official@example.ru"],
        "subject": "Отчёт ожидает проверки: рекомендация 1.1",
        "text": "Текст",
        "next_attempt_at": timezone.now(),
    }
    return OutboxMessage.objects.create(**(defaults | fields))


@pytest.fixture
def outbox_rows() -> dict[str, OutboxMessage]:
    return {
        "sent": message(state=MessageState.SENT, attempts=1, sent_at=timezone.now()),
        "failed": message(
            to=["gone@example.ru"],
            cc=["org@example.ru"],
            subject="Недоставленное письмо",
            state=MessageState.FAILED,
            attempts=10,
            last_error="SMTPRecipientsRefused: 550 5.1.1 No such user",
        ),
        "pending": message(subject="Ждёт отправки"),
    }


def test_it_lists_the_outbox_for_coordinators(client, coordinator, outbox_rows):
    client.force_login(coordinator)

    page = client.get(CHANGELIST).content.decode()

    assert "Исходящие письма" in page
    for label in ["Состояние", "Получатели", "Тема", "Попыток", "Последняя ошибка"]:
        assert label in page
    assert "gone@example.ru; копия: org@example.ru" in page
    assert "550 5.1.1 No such user" in page
    assert "не доставлено" in page and "отправлено" in page
    assert "следующая попытка" not in page  # none is waiting after a failure


def test_it_filters_the_outbox_by_state(client, coordinator, outbox_rows):
    client.force_login(coordinator)

    page = client.get(CHANGELIST, {"state__exact": "failed"}).content.decode()

    assert "Недоставленное письмо" in page
    assert "Ждёт отправки" not in page


def test_it_finds_messages_by_recipient(client, coordinator, outbox_rows):
    client.force_login(coordinator)

    page = client.get(CHANGELIST, {"q": "gone@example"}).content.decode()

    assert "Недоставленное письмо" in page
    assert "Ждёт отправки" not in page


def test_it_shows_the_outbox_read_only(client, coordinator, outbox_rows):
    client.force_login(coordinator)
    failed = outbox_rows["failed"]
    change = reverse("admin:outbox_outboxmessage_change", args=[failed.pk])

    page = client.get(change)
    refused_edit = client.post(change, {"subject": "Изменено"})
    refused_add = client.get(reverse("admin:outbox_outboxmessage_add"))
    refused_delete = client.get(
        reverse("admin:outbox_outboxmessage_delete", args=[failed.pk])
    )

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert refused_edit.status_code == 403
    assert refused_add.status_code == 403
    assert refused_delete.status_code == 403
    failed.refresh_from_db()
    assert failed.subject == "Недоставленное письмо"


def test_it_keeps_the_outbox_from_officials(client, make_official, make_organisation):
    official = make_official(make_organisation())
    client.force_login(official)

    assert client.get(CHANGELIST).status_code == 403
    assert "outboxmessage" not in client.get(reverse("admin:index")).content.decode()


def test_it_sends_undelivered_mail_again_on_a_coordinators_word(
    client, coordinator, outbox_rows, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    failed, sent = outbox_rows["failed"], outbox_rows["sent"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST,
            {"action": "retry", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    page = response.content.decode()
    assert "1 письмо будет отправлено повторно." in page
    assert "Повторно отправляются только недоставленные письма" in page
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (MessageState.SENT, 1)
    assert [m.to for m in mail.outbox] == [["gone@example.ru"]]
    sent.refresh_from_db()
    assert sent.attempts == 1  # a sent message is never sent again


def test_it_lists_many_messages_in_a_few_queries(
    client, coordinator, django_assert_max_num_queries
):
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            to=[f"official{n}@example.ru"],
            cc=["org@example.ru"] if n % 2 else [],
            subject=f"Письмо {n}",
            text="…",
            state=MessageState.choices[n % 4][0],
        )
        for n in range(120)
    )
    client.force_login(coordinator)

    with django_assert_max_num_queries(10):
        response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert "Письмо 119" in response.content.decode()


def test_it_says_when_a_message_is_tried_again(client, coordinator):
    message(
        subject="Повторная попытка",
        attempts=2,
        next_attempt_at=timezone.make_aware(datetime.datetime(2026, 12, 2, 16, 25)),
        last_error="TimeoutError: timed out",
    )
    client.force_login(coordinator)

    page = client.get(CHANGELIST).content.decode()

    assert "следующая попытка 02.12.2026 16:25" in page
    assert "TimeoutError: timed out" in page
