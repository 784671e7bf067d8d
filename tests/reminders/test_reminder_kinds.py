"""Each kind of reminder goes out on its date, to the right people, and names
the recommendation by its number with a link to where the official acts."""

import datetime

import pytest
from django.utils import timezone

from recommendations.models import ReviewState, Status
from reminders.kinds import days_late, in_days

from .conftest import DAY, DEADLINE, html, official, to

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("item")]


def test_it_reminds_both_organisations_fourteen_days_before_the_deadline(
    send, item, lead_official, partner_official
):
    messages = send(DEADLINE - 14 * DAY)

    assert sorted(m.to[0] for m in messages) == [
        "ivanova@example.ru",
        "petrova@example.ru",
    ]
    [message] = to(messages, "ivanova@example.ru")
    assert message.subject == "Напоминание: рекомендация 2.4"
    assert "Здравствуйте, Анна Ivanova!" in message.body
    assert "Приближается срок исполнения" in message.body
    assert "2.4. Обеспечить меру" in message.body
    assert "срок исполнения 16.12.2026, через 14 дней" in message.body
    link = f"/admin/recommendations/statusupdate/add/?recommendation={item.pk}"
    assert f"http://127.0.0.1:8000{link}" in message.body
    assert link in html(message) and "через 14 дней" in html(message)
    assert message.cc == []


def test_it_reminds_again_three_days_before_and_not_in_between(send, lead_official):
    send(DEADLINE - 14 * DAY)

    assert send(DEADLINE - 10 * DAY) == []
    [message] = send(DEADLINE - 3 * DAY)
    assert "через 3 дня" in message.body
    assert send(DEADLINE - 2 * DAY) == []


def test_it_reminds_on_the_day(send, lead_official):
    [message] = send(DEADLINE)

    assert "Срок исполнения — сегодня" in message.body
    assert "2.4. Обеспечить меру" in message.body
    assert "срок исполнения сегодня, 16.12.2026" in message.body


def test_it_reminds_weekly_while_overdue_copying_the_organisation_from_the_second(
    send, lead_official, partner_official
):
    first = send(DEADLINE + DAY)  # Thursday
    assert len(first) == 2
    [message] = to(first, "ivanova@example.ru")
    assert "Просрочено" in message.body
    assert "срок исполнения истёк 16.12.2026, просрочено на 1 день" in message.body
    assert message.cc == []
    assert send(DEADLINE + 4 * DAY) == []  # the same ISO week

    second = send(DEADLINE + 5 * DAY)  # Monday of the next week

    assert {m.to[0]: m.cc for m in second} == {
        "ivanova@example.ru": ["dept@example.ru"],
        "petrova@example.ru": ["college@example.ru"],
    }
    assert "просрочено на 5 дней" in second[0].body


def test_it_copies_the_organisation_into_one_officials_message_only(
    send, make_official, lead, lead_official
):
    official_two = make_official(lead, username="sidorov")
    official_two.email = "sidorov@example.ru"
    official_two.save()
    send(DEADLINE + DAY)

    second = send(DEADLINE + 8 * DAY)

    assert sorted((m.to[0], tuple(m.cc)) for m in second) == [
        ("ivanova@example.ru", ("dept@example.ru",)),
        ("sidorov@example.ru", ()),
    ]


@pytest.mark.parametrize("status", [Status.DONE, Status.CANCELLED])
def test_it_sends_nothing_on_done_or_withdrawn_items(send, item, lead_official, status):
    item.status = status
    item.save()

    for day in (DEADLINE - 14 * DAY, DEADLINE, DEADLINE + DAY):
        assert send(day) == []


def test_it_reminds_of_a_report_returned_a_week_ago_and_not_resubmitted(
    send, make_update, item, lead, lead_official, partner_official
):
    returned_on = datetime.date(2026, 11, 2)
    update = make_update(
        item,
        organisation=lead,
        author=lead_official,
        state=ReviewState.RETURNED,
        reviewed_at=timezone.make_aware(
            datetime.datetime.combine(returned_on, datetime.time(15))
        ),
        review_note="Приложите акт",
    )

    assert send(returned_on + 6 * DAY) == []
    [message] = send(returned_on + 7 * DAY)

    assert message.to == ["ivanova@example.ru"]  # the reporting organisation only
    assert "Отчёты, возвращённые на доработку" in message.body
    assert "отчёт возвращён 02.11.2026, ждёт доработки 7 дней" in message.body
    assert f"/admin/recommendations/statusupdate/{update.pk}/change/" in message.body
    assert send(returned_on + 8 * DAY) == []


@pytest.fixture
def institute(make_organisation):
    return make_organisation(name="Институт развития образования")


@pytest.fixture
def institute_official(make_official, institute):
    return official(make_official, institute, "smirnova", "smirnova@example.ru")


@pytest.fixture
def standing_duty(make_recommendation, make_resolution, institute):
    """A standing duty with no schedule of its own reports yearly, by 20 January."""
    return make_recommendation(
        lead=institute,
        number="3.1",
        is_continuous=True,
        resolution=make_resolution(adopted_on=datetime.date(2026, 3, 1)),
    )


def test_it_announces_a_scheduled_report_before_its_due_date(
    send, standing_duty, institute_official
):
    due = datetime.date(2027, 1, 20)
    assert send(due - 6 * DAY) == []

    [message] = send(due - 5 * DAY)

    assert "Приближается срок планового отчёта" in message.body
    assert "3.1. Обеспечить меру" in message.body
    assert "отчёт за 2026 г. нужно представить до 20.01.2027" in message.body
    assert send(due - 4 * DAY) == []


def test_it_reminds_of_a_missed_scheduled_report_once(
    send, standing_duty, institute_official
):
    due = datetime.date(2027, 1, 20)
    send(due - 5 * DAY)
    assert send(due) == []  # the due date itself is still in time

    [message] = send(due + DAY)

    assert "Пропущены плановые отчёты" in message.body
    assert "отчёт за 2026 г. нужно было представить до 20.01.2027" in message.body
    assert "просрочено на 1 день" in message.body
    assert send(due + 2 * DAY) == []


def test_it_sends_nothing_for_a_scheduled_report_already_made(
    send, standing_duty, institute, institute_official, make_update
):
    make_update(
        standing_duty, organisation=institute, reported_on=datetime.date(2027, 1, 9)
    )

    for day in (datetime.date(2027, 1, 15), datetime.date(2027, 1, 21)):
        assert send(day) == []


@pytest.mark.parametrize(
    ("days", "left", "late"),
    [
        (1, "через 1 день", "просрочено на 1 день"),
        (2, "через 2 дня", "просрочено на 2 дня"),
        (5, "через 5 дней", "просрочено на 5 дней"),
        (11, "через 11 дней", "просрочено на 11 дней"),
        (21, "через 21 день", "просрочено на 21 день"),
        (24, "через 24 дня", "просрочено на 24 дня"),
    ],
)
def test_it_counts_days_with_russian_plurals(days, left, late):
    assert (in_days(days), days_late(days)) == (left, late)


def test_it_counts_recommendations_with_russian_plurals(
    send, make_recommendation, lead, lead_official, settings
):
    settings.REMINDER_DAYS_BEFORE = [21, 2]
    for n in range(4):
        make_recommendation(lead=lead, number=f"5.{n}", due_on=DEADLINE + 19 * DAY)

    [message] = send(DEADLINE - 2 * DAY)

    assert "5 рекомендаций, за которые отвечает ваша организация" in message.body
    assert "через 2 дня" in message.body and "через 21 день" in message.body
    assert message.subject == ("Напоминание: рекомендации 2.4, 5.0, 5.1, 5.2, 5.3")


def test_it_escapes_the_recommendations_text_in_the_html_version(
    send, item, lead_official
):
    item.text = '<script>alert("x")</script> Обеспечить меру'
    item.save()

    [message] = send(DEADLINE)

    assert "<script>" not in html(message)
    assert "&lt;script&gt;" in html(message)
    assert '<script>alert("x")</script>' in message.body  # plain text as written
