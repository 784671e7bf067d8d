"""A mail server that accepts connections and never answers.

The request that queues mail returns without touching the mail server; the
worker's attempt gives up after EMAIL_TIMEOUT and keeps the message, with the
error; once the server answers, the sweep delivers the message, once.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from outbox.models import MessageState, OutboxMessage

from .conftest import wait_until

EMAIL_TIMEOUT = 2


@pytest.fixture
def silent_mail(settings, mail_port) -> None:
    """Were anything in the test's process to send mail, it would meet silence."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", mail_port
    settings.EMAIL_TIMEOUT = EMAIL_TIMEOUT


@pytest.fixture
def scene(make_organisation, make_recommendation, make_official, coordinator):
    organisation = make_organisation(name="Департамент Ж", slug="dept-zh")
    item = make_recommendation(lead=organisation, text="Обеспечить меру Ж")
    official = make_official(organisation, username="official_zh")
    coordinator.email = "coordinator@example.ru"
    coordinator.save()
    return item, official


@pytest.mark.job_engine
@pytest.mark.django_db(transaction=True)
def test_it_answers_at_once_and_delivers_once_the_mail_server_answers(
    client,
    scene,
    silent_server,
    silent_mail,
    mail_port,
    start_worker,
    recording_server,
):
    item, official = scene
    client.force_login(official)

    response = client.post(
        reverse("admin:recommendations_statusupdate_add"),
        {
            "recommendation": item.pk,
            "status": "in_progress",
            "progress": "40",
            "reported_on": "01.03.2019",
            "comment": "Проведено совещание",
            "evidence_url": "",
            "_save": "1",
        },
    )

    assert response.status_code == 302
    assert silent_server.connections == 0  # the request never spoke to SMTP
    message = OutboxMessage.objects.get()
    assert (message.state, message.to) == (
        MessageState.PENDING,
        ["coordinator@example.ru"],
    )

    worker = start_worker(email_port=mail_port, email_timeout=EMAIL_TIMEOUT)
    wait_until(
        lambda: (
            OutboxMessage.objects.get().attempts == 1
            and OutboxMessage.objects.get().state == MessageState.PENDING
        ),
        seconds=60,
        what=f"the worker's first attempt to fail:\n{worker.output()}",
    )
    message.refresh_from_db()
    assert silent_server.connections == 1
    assert "timed out" in message.last_error
    assert message.next_attempt_at > timezone.now()  # the backoff

    silent_server.close()
    server = recording_server(mail_port)
    # The minute of backoff has passed; the sweep (every minute) takes it.
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    wait_until(
        lambda: OutboxMessage.objects.get().state == MessageState.SENT,
        seconds=90,
        what=f"the sweep to deliver the message:\n{worker.output()}",
    )

    [received] = server.messages
    assert received["To"] == "coordinator@example.ru"
    assert item.number in received["Subject"]
    message.refresh_from_db()
    assert (message.attempts, message.last_error) == (2, "")


@pytest.mark.job_engine
@pytest.mark.django_db
def test_seed_demo_only_queues_its_mail(
    settings,
    resolution_2018,
    silent_server,
    silent_mail,
    django_capture_on_commit_callbacks,
):
    settings.DEBUG = True

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", verbosity=0)

    assert silent_server.connections == 0
    assert OutboxMessage.objects.filter(state=MessageState.PENDING).exists()
