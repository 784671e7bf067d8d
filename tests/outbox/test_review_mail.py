"""The review e-mails go through the outbox, in plain text and HTML."""

import datetime

import pytest
from django.core import mail

from outbox.models import OutboxMessage
from recommendations.services import status_update_return, status_update_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(
    settings,
    make_organisation,
    make_recommendation,
    make_official,
    coordinator,
    django_capture_on_commit_callbacks,
):
    settings.PORTAL_URL = "https://portal.example.ru"
    organisation = make_organisation(name="Департамент <А>")
    item = make_recommendation(lead=organisation, number="2.3")
    official = make_official(organisation)
    official.email = "official@example.ru"
    official.save()
    update = status_update_submit(
        recommendation=item,
        organisation=organisation,
        author=official,
        status="in_progress",
        progress=40,
        comment='Совещание <script>alert("x")</script>',
        reported_on=datetime.date(2019, 3, 1),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        status_update_return(
            update=update, reviewer=coordinator, note="Приложите протокол"
        )
    return update


def test_it_sends_the_return_in_html_with_a_link_to_the_report(returned):
    [sent] = mail.outbox
    html, kind = sent.alternatives[0][:2]

    assert kind == "text/html"
    assert "Отчёт возвращён на доработку: рекомендация 2.3" in html
    assert "Что исправить" in html and "Приложите протокол" in html
    link = (
        "https://portal.example.ru/admin/recommendations/statusupdate/"
        f"{returned.pk}/change/"
    )
    assert f'href="{link}"' in html
    assert link in sent.body  # the plain text has it too
    assert "2.3." in html


def test_it_escapes_what_people_wrote(returned):
    html = mail.outbox[0].alternatives[0][0]

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "Департамент &lt;А&gt;" in html


def test_it_keeps_the_message_as_the_record_of_what_was_said(returned):
    message = OutboxMessage.objects.get(subject__contains="возвращён")

    assert message.to == ["official@example.ru"]
    assert message.state == "sent"
