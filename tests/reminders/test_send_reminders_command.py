"""`manage.py send_reminders [--today]` and the daily schedule of the same pass."""

import datetime
import zoneinfo
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_q.models import Schedule

from outbox.models import MessageState, OutboxMessage
from reminders import tasks

from .conftest import DEADLINE

pytestmark = pytest.mark.django_db


def test_it_delivers_the_messages_of_its_pass_before_exiting(
    item, lead_official, monkeypatch
):
    from outbox import services

    monkeypatch.setattr(services, "hand_off", lambda message_id: None)  # no worker
    output = StringIO()

    call_command("send_reminders", today=DEADLINE.isoformat(), stdout=output)

    assert OutboxMessage.objects.get().state == MessageState.SENT
    assert "1 reminders in 1 messages" in output.getvalue()
    assert "sent 1" in output.getvalue()


def test_it_refuses_a_day_that_is_not_a_date(item, lead_official):
    with pytest.raises(CommandError) as refused:
        call_command("send_reminders", today="16.12.2026", stdout=StringIO())

    assert str(refused.value) == (
        "«16.12.2026» — не дата: укажите её в виде ГГГГ-ММ-ДД, например 2026-12-02."
    )
    assert not OutboxMessage.objects.exists()


def test_the_scheduler_runs_the_same_pass_every_morning_at_seven_moscow_time():
    schedule = Schedule.objects.get(name="reminders-daily")

    assert (schedule.func, schedule.schedule_type, schedule.repeats) == (
        "reminders.tasks.send_reminders",
        Schedule.DAILY,
        -1,
    )
    moscow = schedule.next_run.astimezone(zoneinfo.ZoneInfo("Europe/Moscow"))
    assert (moscow.hour, moscow.minute) == (7, 0)


def test_the_task_runs_a_pass_for_today(item, lead_official, monkeypatch):
    monkeypatch.setattr(
        tasks.timezone, "localdate", lambda: DEADLINE - datetime.timedelta(days=3)
    )

    assert tasks.send_reminders() == "1 reminders in 1 messages"
