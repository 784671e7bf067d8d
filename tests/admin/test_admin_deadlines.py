"""The admin's execution-control pages: who may open each, what a decision
does, and the queue and the start pages that show them."""

import datetime

import pytest
from django.urls import reverse

from recommendations.models import DeadlineChange, Recommendation
from recommendations.services import deadline_decide, deadline_request

DUE = datetime.date(2026, 12, 31)
LATER = datetime.date(2027, 3, 31)
JUSTIFICATION = "Подрядчик сорвал поставку оборудования."


@pytest.fixture
def item(make_recommendation, org_a, org_b):
    return make_recommendation(
        lead=org_a, others=[org_b], due_on=DUE, original_due_on=DUE
    )


@pytest.fixture
def outsider(make_official, make_organisation):
    return make_official(make_organisation(), username="outsider")


@pytest.fixture
def visitors(official_a, official_b, outsider, coordinator):
    return {
        "lead": official_a,
        "co-executor": official_b,
        "other organisation": outsider,
        "coordinator": coordinator,
        "anonymous": None,
    }


def status_for(client, user, url) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


def ask(item, user):
    return deadline_request(
        recommendation=item,
        user=user,
        proposed_due_on=LATER,
        justification=JUSTIFICATION,
        basis="письмо от 01.11.2026 № 12-34",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "view, expected",
    [
        (
            "deadline_request",
            {
                "lead": 200,
                "co-executor": 403,
                "other organisation": 404,
                "coordinator": 403,
                "anonymous": 302,
            },
        ),
        (
            "deadline_change",
            {
                "lead": 403,
                "co-executor": 403,
                "other organisation": 404,
                "coordinator": 200,
                "anonymous": 302,
            },
        ),
        (
            "withdraw",
            {
                "lead": 403,
                "co-executor": 403,
                "other organisation": 404,
                "coordinator": 200,
                "anonymous": 302,
            },
        ),
    ],
)
def test_it_opens_each_recommendation_decision_only_to_those_who_take_it(
    client, item, visitors, view, expected
):
    url = reverse(f"admin:recommendations_recommendation_{view}", args=[item.pk])
    got = {who: status_for(client, user, url) for who, user in visitors.items()}
    assert got == expected


@pytest.mark.django_db
def test_it_opens_the_decision_on_a_request_only_to_coordinators(
    client, item, official_a, visitors
):
    change = ask(item, official_a)
    url = reverse("admin:recommendations_deadlinechange_decide", args=[change.pk])

    got = {who: status_for(client, user, url) for who, user in visitors.items()}

    assert got == {
        "lead": 403,
        "co-executor": 403,
        "other organisation": 404,
        "coordinator": 200,
        "anonymous": 302,
    }


@pytest.mark.django_db
def test_it_offers_the_lead_official_the_request_and_the_coordinator_the_rest(
    client, item, official_a, official_b, coordinator
):
    page = reverse("admin:recommendations_recommendation_change", args=[item.pk])
    links = {
        "request": "Запросить перенос срока",
        "change": "Изменить срок",
        "withdraw": "Исключить из мониторинга",
    }

    def shown(user) -> set[str]:
        client.force_login(user)
        text = client.get(page).content.decode()
        return {name for name, label in links.items() if label in text}

    assert shown(official_a) == {"request"}
    assert shown(official_b) == set()
    assert shown(coordinator) == {"change", "withdraw"}


@pytest.mark.django_db
def test_it_takes_a_request_from_the_form_and_refuses_a_bad_one(
    client, item, official_a
):
    client.force_login(official_a)
    url = reverse(
        "admin:recommendations_recommendation_deadline_request", args=[item.pk]
    )

    bad = client.post(url, {"proposed_due_on": "2026-01-01", "justification": ""})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "обоснование обязательно" in text
    assert not DeadlineChange.objects.exists()
    bad = client.post(url, {"proposed_due_on": "2026-01-01", "justification": "x"})
    assert "должен быть позже текущего" in bad.content.decode()

    good = client.post(
        url, {"proposed_due_on": "2027-03-31", "justification": JUSTIFICATION}
    )
    assert good.status_code == 302
    change = DeadlineChange.objects.get()
    assert (change.state, change.proposed_due_on) == ("pending", LATER)


@pytest.mark.django_db
def test_it_records_a_coordinators_decision_from_the_form(
    client, item, official_a, coordinator
):
    change = ask(item, official_a)
    client.force_login(coordinator)
    url = reverse("admin:recommendations_deadlinechange_decide", args=[change.pk])

    refused = client.post(url, {"approve": "0", "note": ""})
    assert "пояснение обязательно" in refused.content.decode()
    approved = client.post(url, {"approve": "1", "due_on": "2027-02-28"})

    assert approved.status_code == 302
    item.refresh_from_db()
    assert item.due_on == datetime.date(2027, 2, 28)
    assert client.get(url).status_code == 302  # decided: nothing to decide


@pytest.mark.django_db
def test_it_changes_the_deadline_and_excludes_the_item_from_the_forms(
    client, item, coordinator
):
    client.force_login(coordinator)
    change = reverse(
        "admin:recommendations_recommendation_deadline_change", args=[item.pk]
    )
    withdraw = reverse("admin:recommendations_recommendation_withdraw", args=[item.pk])

    client.post(change, {"due_on": "2027-06-30", "justification": "Решение совета"})
    assert "обязательна" in client.post(withdraw, {"reason": ""}).content.decode()
    client.post(withdraw, {"reason": "Утратило актуальность", "basis": "протокол № 4"})

    item = Recommendation.objects.get(pk=item.pk)
    assert item.due_on == datetime.date(2027, 6, 30)
    assert (item.status, item.withdrawal_reason) == (
        "cancelled",
        "Утратило актуальность",
    )


@pytest.mark.django_db
def test_it_keeps_decided_changes_read_only(client, item, official_a, coordinator):
    change = ask(item, official_a)
    deadline_decide(change=change, user=coordinator, approve=True)
    client.force_login(coordinator)

    page = client.get(
        reverse("admin:recommendations_deadlinechange_change", args=[change.pk])
    )
    delete = client.post(
        reverse("admin:recommendations_deadlinechange_delete", args=[change.pk]),
        {"post": "yes"},
    )

    assert page.status_code == 200
    assert 'name="justification"' not in page.content.decode()
    assert delete.status_code == 403
    assert DeadlineChange.objects.count() == 1


@pytest.mark.django_db
def test_it_puts_pending_requests_in_the_coordinators_queue(
    client, item, official_a, coordinator, make_recommendation, org_a
):
    ask(item, official_a)
    ask(make_recommendation(lead=org_a, due_on=DUE), official_a)
    client.force_login(coordinator)

    page = client.get(reverse("admin:index")).content.decode()

    assert "2 запроса на перенос срока ожидают вашего решения" in page
    assert "deadlinechange/?state__exact=pending" in page


@pytest.mark.django_db
def test_it_shows_the_official_the_decision_on_the_start_page(
    client, item, official_a, coordinator
):
    change = ask(item, official_a)
    deadline_decide(
        change=change, user=coordinator, approve=False, note="Нет основания"
    )
    client.force_login(official_a)

    page = client.get(reverse("admin:index")).content.decode()

    assert "Ваши запросы на перенос срока" in page
    assert "Отклонено" in page and "Нет основания" in page


@pytest.mark.django_db
def test_it_lists_requests_in_constant_queries(
    client,
    coordinator,
    official_a,
    make_recommendation,
    org_a,
    make_resolution,
    django_assert_max_num_queries,
):
    resolution = make_resolution()
    for _n in range(30):
        ask(
            make_recommendation(resolution=resolution, lead=org_a, due_on=DUE),
            official_a,
        )
    client.force_login(coordinator)

    with django_assert_max_num_queries(12):
        listing = client.get(reverse("admin:recommendations_deadlinechange_changelist"))
    with django_assert_max_num_queries(25):
        start = client.get(reverse("admin:index"))
    client.force_login(official_a)
    with django_assert_max_num_queries(25):
        client.get(reverse("admin:index"))

    assert listing.status_code == start.status_code == 200


@pytest.mark.django_db
def test_it_sets_the_first_deadline_in_the_form_and_moves_it_only_by_a_change(
    client, item_a, coordinator
):
    from tests.admin.test_admin_recommendation_edit import change_url, form_data

    client.force_login(coordinator)
    client.post(change_url(item_a), form_data(item_a, due_on="2026-12-31"))
    item_a.refresh_from_db()
    assert (item_a.due_on, item_a.original_due_on) == (DUE, DUE)

    client.post(change_url(item_a), form_data(item_a, due_on="2027-12-31"))

    item_a.refresh_from_db()
    assert (item_a.due_on, item_a.original_due_on) == (DUE, DUE)
