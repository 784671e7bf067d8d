"""E-mails of the workflow: who is told of what, and only once it is saved."""

import datetime

import pytest
from django.core import mail

from recommendations.services import (
    status_update_publish,
    status_update_return,
    status_update_revise,
    status_update_submit,
)

DAY = datetime.date(2019, 3, 1)


@pytest.fixture
def reviewer(coordinator):
    coordinator.email = "coordinator@example.ru"
    coordinator.save()
    return coordinator


def submit(item, org, author, **fields):
    report = {"status": "in_progress", "progress": 40, "reported_on": DAY} | fields
    return status_update_submit(
        recommendation=item, organisation=org, author=author, **report
    )


@pytest.mark.django_db
def test_it_tells_coordinators_of_a_submission_and_a_resubmission(
    item_a, org_a, official_a, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update = submit(item_a, org_a, official_a)
    with django_capture_on_commit_callbacks(execute=True):
        status_update_return(update=update, reviewer=reviewer, note="Уточните")
    with django_capture_on_commit_callbacks(execute=True):
        status_update_revise(update=update, author=official_a, progress=45)

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            ["coordinator@example.ru"],
            f"Отчёт ожидает проверки: рекомендация {item_a.number}",
        ),
        (
            ["a@example.ru"],
            f"Отчёт возвращён на доработку: рекомендация {item_a.number}",
        ),
        (
            ["coordinator@example.ru"],
            f"Отчёт ожидает проверки: рекомендация {item_a.number}",
        ),
    ]
    assert "Что исправить: Уточните" in mail.outbox[1].body


@pytest.mark.django_db
def test_it_tells_the_official_of_a_publication(
    item_a, org_a, official_a, reviewer, django_capture_on_commit_callbacks
):
    update = submit(item_a, org_a, official_a)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        status_update_publish(update=update, reviewer=reviewer)

    assert [m.to for m in mail.outbox] == [["a@example.ru"]]
    assert "опубликован" in mail.outbox[0].body


@pytest.mark.django_db
def test_it_sends_nothing_when_the_report_is_refused(
    item_a, org_a, official_a, reviewer, django_capture_on_commit_callbacks
):
    from django.core.exceptions import ValidationError

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError),
    ):
        submit(item_a, org_a, official_a, reported_on=datetime.date(2099, 1, 1))

    assert mail.outbox == []


@pytest.mark.django_db
def test_it_does_not_mail_a_coordinator_about_their_own_published_report(
    item_a, org_a, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(item_a, org_a, reviewer, publish=True)

    assert mail.outbox == []
