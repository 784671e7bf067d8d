"""The public side of deadlines: the original and the current one, how often
and why it moved, on every page and in the open data."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from recommendations.services import deadline_change, deadline_decide, deadline_request

DUE = datetime.date(2026, 12, 31)


@pytest.fixture
def moved(make_recommendation, org_a, official_a, coordinator):
    """Moved twice (once on request, once directly), with a refused request."""
    item = make_recommendation(
        lead=org_a, due_on=DUE, original_due_on=DUE, text="Мера с перенесённым сроком"
    )
    request = deadline_request(
        recommendation=item,
        user=official_a,
        proposed_due_on=datetime.date(2027, 3, 31),
        justification="Подрядчик сорвал поставку оборудования.",
        basis="письмо от 01.11.2026 № 12-34",
    )
    deadline_decide(change=request, user=coordinator, approve=True)
    deadline_change(
        recommendation=item,
        user=coordinator,
        due_on=datetime.date(2027, 6, 30),
        justification="Изменён порядок финансирования.",
    )
    refused = deadline_request(
        recommendation=item,
        user=official_a,
        proposed_due_on=datetime.date(2027, 12, 31),
        justification="Тайная просьба, которую отклонили.",
    )
    deadline_decide(change=refused, user=coordinator, approve=False, note="Нет")
    return item


@pytest.mark.django_db
def test_it_shows_both_deadlines_and_why_the_deadline_moved(client, moved):
    page = client.get(moved.get_absolute_url()).content.decode()

    assert "Первоначальный срок" in page
    assert "31 декабря 2026" in page and "30 июня 2027" in page
    assert "срок перенесён 2 раза" in page
    assert "Подрядчик сорвал поставку оборудования." in page
    assert "письмо от 01.11.2026 № 12-34" in page
    assert "31.12.2026 → 31.03.2027" in page
    assert "Изменён порядок финансирования." in page
    assert "Тайная просьба" not in page  # refused: not a change


@pytest.mark.django_db
def test_it_says_it_in_english_too(client, moved):
    page = client.get("/en" + moved.get_absolute_url()).content.decode()

    assert "Original deadline" in page
    assert "the deadline was moved 2 times" in page


@pytest.mark.django_db
def test_it_says_nothing_of_moves_for_a_deadline_that_never_moved(
    client, make_recommendation, org_a
):
    item = make_recommendation(lead=org_a, due_on=DUE, original_due_on=DUE)

    page = client.get(item.get_absolute_url()).content.decode()

    assert "31 декабря 2026" in page
    assert "Первоначальный срок" not in page and "перенесён" not in page


@pytest.mark.django_db
def test_it_shows_the_current_deadline_in_the_lists(client, moved, org_a):
    pages = [
        client.get(moved.resolution.get_absolute_url()),
        client.get(reverse("recommendations:organisation", args=[org_a.slug])),
    ]

    for response in pages:
        text = response.content.decode()
        assert "30 июня 2027" in text
        assert "(перенесён 2 раза)" in text


@pytest.mark.django_db
def test_it_keeps_the_pages_queries_constant(
    client, crowded, coordinator, django_assert_max_num_queries
):
    items = list(crowded.recommendations.filter(due_on__isnull=False)[:40])
    for n, item in enumerate(items):
        for k in range(1 + n % 3):
            deadline_change(
                recommendation=item,
                user=coordinator,
                due_on=DUE + datetime.timedelta(days=k + 1),
                justification=f"Причина {k}",
            )
    organisation = items[0].assignments.get(is_lead=True).organisation

    with django_assert_max_num_queries(10):
        front = client.get(crowded.get_absolute_url())
    with django_assert_max_num_queries(10):
        detail = client.get(items[2].get_absolute_url())
    with django_assert_max_num_queries(10):
        client.get(reverse("recommendations:organisation", args=[organisation.slug]))

    assert "перенесён" in front.content.decode()
    assert "срок перенесён 3 раза" in detail.content.decode()


@pytest.mark.django_db
def test_it_gives_the_deadlines_in_the_open_data(client, moved, make_recommendation):
    plain = make_recommendation(lead=None)

    rows = {
        row["id"]: row
        for row in json.loads(
            b"".join(client.get("/opendata/recommendations.json").streaming_content)
        )
    }
    raw = b"".join(client.get("/opendata/recommendations.csv").streaming_content)
    table = {
        int(row["id"]): row
        for row in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    }

    assert {k: rows[moved.pk][k] for k in ("due_on", "original_due_on")} == {
        "due_on": "2027-06-30",
        "original_due_on": "2026-12-31",
    }
    assert rows[moved.pk]["deadline_changes"] == 2
    assert (rows[plain.pk]["due_on"], rows[plain.pk]["original_due_on"]) == (None, None)
    assert rows[plain.pk]["deadline_changes"] == 0
    assert (
        table[moved.pk]["due_on"],
        table[moved.pk]["original_due_on"],
        table[moved.pk]["deadline_changes"],
    ) == ("2027-06-30", "2026-12-31", "2")
