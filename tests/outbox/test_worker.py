"""A real worker (`manage.py qcluster`, not an eager mode) delivers queued mail.

The worker is a separate process on the test database: the test commits its
data (a transactional test) and waits for the mail server to receive it. On
PostgreSQL in CI the broker is Redis (JOBS_BROKER_URL), on SQLite the database.
"""

import pytest
from django.db import transaction

from outbox.models import MessageState, OutboxMessage
from outbox.services import message_enqueue

from .conftest import wait_until


@pytest.mark.job_engine
@pytest.mark.django_db(transaction=True)
def test_it_delivers_a_queued_message_through_the_worker(
    start_worker, recording_server, mail_port
):
    server = recording_server(mail_port)
    with transaction.atomic():
        message = message_enqueue(
            to=["official@example.ru"],
            cc=["organisation@example.ru"],
            subject="Срок исполнения рекомендации 1.2 — через 3 дня",
            text="Срок исполнения рекомендации 1.2 наступает через 3 дня.",
            html="<p>Срок рекомендации <b>1.2</b> наступает через 3 дня.</p>",
        )
    worker = start_worker(email_port=mail_port)

    wait_until(
        lambda: OutboxMessage.objects.get(pk=message.pk).state == MessageState.SENT,
        seconds=60,
        what=f"the worker to send the message:\n{worker.output()}",
    )

    [received] = server.messages
    assert received["To"] == "official@example.ru"
    assert received["Cc"] == "organisation@example.ru"
    assert (
        received["Subject"].strip() == "Срок исполнения рекомендации 1.2 — через 3 дня"
    )
    assert "через 3 дня" in received.get_body(("plain",)).get_content()
    assert "<b>1.2</b>" in received.get_body(("html",)).get_content()
    message.refresh_from_db()
    assert (message.attempts, message.last_error) == (1, "")
    assert message.sent_at is not None
