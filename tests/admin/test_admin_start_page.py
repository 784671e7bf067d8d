"""The admin's start page says what needs a person's attention."""

import datetime

import pytest
from django.urls import reverse

from recommendations.models import ReviewState


@pytest.mark.django_db
def test_it_shows_an_official_their_stale_overdue_and_returned_items(
    client, make_recommendation, make_update, org_a, item_b, official_a
):
    overdue = make_recommendation(
        lead=org_a, text="Просроченная мера", due_on=datetime.date(2019, 1, 1)
    )
    returned = make_update(
        overdue,
        organisation=org_a,
        author=official_a,
        state=ReviewState.RETURNED,
        review_note="Нужен номер приказа",
    )
    client.force_login(official_a)

    page = client.get(reverse("admin:index")).content.decode()

    assert "Что требует вашего внимания" in page
    assert "Просроченная мера" in page and "Просрочено" in page
    assert "Нужен номер приказа" in page
    assert (
        reverse("admin:recommendations_statusupdate_change", args=[returned.pk]) in page
    )
    add = reverse("admin:recommendations_statusupdate_add")
    # The returned report is fixed, not replaced by a new one.
    assert f"{add}?recommendation={overdue.pk}" not in page
    assert "Исправить" in page
    assert "Нет отчёта за последние 90 дней" in page
    assert "Тайная мера организации Б" not in page  # another organisation's


@pytest.mark.django_db
def test_it_tells_an_official_when_everything_is_up_to_date(
    client, make_recommendation, make_update, org_a, official_a
):
    item = make_recommendation(lead=org_a)
    make_update(item, organisation=org_a, status="done", progress=100)
    item.status = "done"
    item.save()
    client.force_login(official_a)

    page = client.get(reverse("admin:index")).content.decode()

    assert "Всё в порядке" in page


@pytest.mark.django_db
def test_it_shows_a_coordinator_the_review_queue_and_what_is_late(
    client, make_recommendation, org_a, pending_a, coordinator
):
    make_recommendation(lead=org_a, due_on=datetime.date(2019, 1, 1))
    client.force_login(coordinator)

    response = client.get(reverse("admin:index"))
    page = response.content.decode()

    assert "1 отчёт ожидает вашей проверки" in page
    assert "?state__exact=submitted" in page
    assert "<strong>1</strong> просрочена" in page
    assert "<strong>2</strong> без свежего отчёта" in page


@pytest.mark.django_db
def test_it_sends_the_anonymous_visitor_to_log_in(client):
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_it_lists_each_item_once_with_all_its_reasons(
    client,
    make_recommendation,
    org_a,
    item_a,
    official_a,
    django_assert_max_num_queries,
):
    late = make_recommendation(
        lead=org_a, text="Просроченная мера", due_on=datetime.date(2019, 1, 1)
    )
    client.force_login(official_a)

    with django_assert_max_num_queries(20):
        page = client.get(reverse("admin:index")).content.decode()

    assert page.count('<span class="pr-number">') == 2  # item_a and the late one
    assert page.count("Просроченная мера</a>") == 1
    start = page.index("Просроченная мера</a>")
    row = page[start : page.find('<span class="pr-number">', start)]
    assert "Просрочено" in row and "Нет отчёта за последние 90 дней" in row
    add = reverse("admin:recommendations_statusupdate_add")
    assert f"{add}?recommendation={late.pk}" in page
    assert "Последние действия" not in page


@pytest.mark.django_db
def test_it_says_a_report_awaits_review_instead_of_asking_for_one(
    client, item_a, pending_a, official_a
):
    client.force_login(official_a)

    page = client.get(reverse("admin:index")).content.decode()

    assert "Отчёт ожидает проверки" in page
    add = reverse("admin:recommendations_statusupdate_add")
    assert f"{add}?recommendation={item_a.pk}" not in page
    change = reverse("admin:recommendations_statusupdate_change", args=[pending_a.pk])
    assert f'href="{change}"' in page and "Открыть отчёт" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days", "phrase"),
    [
        (1, "последний 1 день"),
        (2, "последние 2 дня"),
        (5, "последние 5 дней"),
        (11, "последние 11 дней"),
        (21, "последний 21 день"),
        (112, "последние 112 дней"),
    ],
)
def test_it_counts_the_reporting_period_in_days(
    client, settings, item_a, official_a, days, phrase
):
    settings.REPORTING_PERIOD_DAYS = days
    client.force_login(official_a)

    page = client.get(reverse("admin:index")).content.decode()

    assert f"Нет отчёта за {phrase}" in page
