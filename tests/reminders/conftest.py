"""The scene of the reminder tests: an item with a deadline, the two
organisations responsible for it, their officials, and a way to run a pass."""

import datetime
from collections.abc import Callable
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

DEADLINE = datetime.date(2026, 12, 16)  # a Wednesday
DAY = datetime.timedelta(days=1)


@pytest.fixture
def lead(make_organisation):
    return make_organisation(name="Департамент образования", email="dept@example.ru")


@pytest.fixture
def partner(make_organisation):
    return make_organisation(name="Колледж связи", email="college@example.ru")


@pytest.fixture
def item(make_recommendation, lead, partner):
    return make_recommendation(
        lead=lead, others=[partner], number="2.4", due_on=DEADLINE
    )


def official(make_official, organisation, username: str, email: str):
    user = make_official(organisation, username=username)
    user.email = email
    user.first_name, user.last_name = "Анна", username.capitalize()
    user.save()
    return user


@pytest.fixture
def lead_official(make_official, lead):
    return official(make_official, lead, "ivanova", "ivanova@example.ru")


@pytest.fixture
def partner_official(make_official, partner):
    return official(make_official, partner, "petrova", "petrova@example.ru")


@pytest.fixture
def send() -> Callable[[datetime.date], list]:
    """Run `send_reminders --today DAY`; the messages that pass delivered."""

    def run(day: datetime.date) -> list:
        before = len(mail.outbox)
        call_command("send_reminders", today=day.isoformat(), stdout=StringIO())
        return mail.outbox[before:]

    return run


def to(messages: list, address: str) -> list:
    return [message for message in messages if address in message.to]


def html(message) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content
