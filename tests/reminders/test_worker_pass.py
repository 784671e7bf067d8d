"""A real worker (`manage.py qcluster`) runs the reminder pass and delivers its mail.

The pass is handed to the job engine as the daily schedule hands it; the test
commits its data (a transactional test) and waits for the mail server.
"""

import datetime

import pytest
from django.utils import timezone
from django_q.tasks import async_task

from outbox.models import MessageState, OutboxMessage
from reminders.models import Reminder, ReminderKind
from tests.outbox.conftest import (  # noqa: F401  (the worker and mail server)
    mail_port,
    recording_server,
    start_worker,
    wait_until,
)

from .conftest import official


@pytest.mark.job_engine
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_the_worker_runs_the_pass_and_delivers_one_message(
    start_worker,  # noqa: F811
    recording_server,  # noqa: F811
    mail_port,  # noqa: F811
    make_recommendation,
    make_organisation,
    make_official,
):
    server = recording_server(mail_port)
    lead = make_organisation(email="dept@example.ru")
    official(make_official, lead, "ivanova", "ivanova@example.ru")
    today = timezone.localdate()
    make_recommendation(
        lead=lead, number="2.4", due_on=today + datetime.timedelta(days=3)
    )
    worker = start_worker(email_port=mail_port)

    async_task("reminders.tasks.send_reminders")

    wait_until(
        lambda: OutboxMessage.objects.filter(state=MessageState.SENT).exists(),
        seconds=90,
        what=f"the worker to run the pass and send its message:\n{worker.output()}",
    )
    [received] = server.messages
    assert received["To"] == "ivanova@example.ru"
    assert "2.4" in received["Subject"]
    assert "через 3 дня" in received.get_body(("plain",)).get_content()
    assert Reminder.objects.get().kind == ReminderKind.DEADLINE_SOON
