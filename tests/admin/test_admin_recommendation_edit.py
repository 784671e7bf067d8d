"""Coordinators edit recommendations safely: a stale save is refused, nothing is
lost, and every change is in the audit trail."""

import pytest
from django.urls import reverse

from recommendations.models import Assignment, Recommendation


def form_data(item: Recommendation, **changes) -> dict:
    assignments = list(item.assignments.all())
    data = {
        "resolution": item.resolution_id,
        "group": item.group_id,
        "number": item.number,
        "order": item.order,
        "text": item.text,
        "due_on": "",
        "seen_version": item.version,
        "assignments-TOTAL_FORMS": len(assignments),
        "assignments-INITIAL_FORMS": len(assignments),
        "assignments-MIN_NUM_FORMS": 0,
        "assignments-MAX_NUM_FORMS": 1000,
        "updates-TOTAL_FORMS": 0,
        "updates-INITIAL_FORMS": 0,
        "updates-MIN_NUM_FORMS": 0,
        "updates-MAX_NUM_FORMS": 0,
        "deadline_changes-TOTAL_FORMS": 0,
        "deadline_changes-INITIAL_FORMS": 0,
        "deadline_changes-MIN_NUM_FORMS": 0,
        "deadline_changes-MAX_NUM_FORMS": 0,
        "_save": "1",
    }
    for n, assignment in enumerate(assignments):
        data |= {
            f"assignments-{n}-id": assignment.pk,
            f"assignments-{n}-recommendation": item.pk,
            f"assignments-{n}-organisation": assignment.organisation_id,
            f"assignments-{n}-is_lead": "on" if assignment.is_lead else "",
        }
    return data | changes


def change_url(item: Recommendation) -> str:
    return reverse("admin:recommendations_recommendation_change", args=[item.pk])


@pytest.mark.django_db
def test_it_saves_an_edit_and_bumps_the_version(client, item_a, coordinator):
    client.force_login(coordinator)

    response = client.post(change_url(item_a), form_data(item_a, text="Новый текст"))

    assert response.status_code == 302
    item_a.refresh_from_db()
    assert (item_a.text, item_a.version) == ("Новый текст", 2)


@pytest.mark.django_db
def test_it_refuses_a_stale_save_and_keeps_the_input(client, item_a, coordinator):
    client.force_login(coordinator)
    seen = form_data(item_a, text="Мой вариант")
    client.post(change_url(item_a), form_data(item_a, text="Чужой вариант"))

    refused = client.post(change_url(item_a), seen)

    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Пока вы редактировали" in body and "coord" in body
    assert "Мой вариант" in body  # nothing the person typed is lost
    item_a.refresh_from_db()
    assert (item_a.text, item_a.version) == ("Чужой вариант", 2)

    # Saving again, with the other version in view, is a deliberate choice.
    again = refused.context["adminform"].form["seen_version"].value()
    assert str(again) == "2"
    client.post(change_url(item_a), seen | {"seen_version": again})
    item_a.refresh_from_db()
    assert (item_a.text, item_a.version) == ("Мой вариант", 3)


@pytest.mark.django_db
def test_it_does_not_let_an_official_change_a_recommendation(
    client, item_a, official_a
):
    client.force_login(official_a)

    response = client.post(change_url(item_a), form_data(item_a, text="Иначе"))

    assert response.status_code == 403
    item_a.refresh_from_db()
    assert item_a.text == "Тайная мера организации А"


@pytest.mark.django_db
def test_it_keeps_who_changed_what_in_the_audit_trail(
    client, item_a, org_b, coordinator
):
    client.force_login(coordinator)
    data = form_data(item_a, text="Уточнённый текст")
    data |= {
        "assignments-TOTAL_FORMS": 2,
        "assignments-1-recommendation": item_a.pk,
        "assignments-1-organisation": org_b.pk,
        "assignments-1-is_lead": "",
    }

    client.post(change_url(item_a), data)

    latest = item_a.history.first()
    assert latest.history_user == coordinator and latest.text == "Уточнённый текст"
    assert (
        Assignment.history.filter(
            recommendation_id=item_a.pk, organisation_id=org_b.pk, history_type="+"
        )
        .get()
        .history_user
        == coordinator
    )
    page = client.get(
        reverse("admin:recommendations_recommendation_history", args=[item_a.pk])
    ).content.decode()
    assert "Уточнённый текст" in page and "Колледж Б" in page


@pytest.mark.django_db
def test_it_keeps_organisation_and_membership_changes_in_the_audit_trail(
    client, org_a, official_b, coordinator
):
    client.force_login(coordinator)

    client.post(
        reverse("admin:stakeholders_organisation_change", args=[org_a.pk]),
        {
            "name": "Департамент А (новое имя)",
            "short_name": "",
            "slug": org_a.slug,
            "group": "",
            "website": "",
            "email": "",
            "is_active": "on",
            "memberships-TOTAL_FORMS": 1,
            "memberships-INITIAL_FORMS": 0,
            "memberships-MIN_NUM_FORMS": 0,
            "memberships-MAX_NUM_FORMS": 1000,
            "memberships-0-user": official_b.pk,
            "memberships-0-organisation": org_a.pk,
            "_save": "1",
        },
    )

    assert org_a.history.first().history_user == coordinator
    assert official_b.memberships.get(organisation=org_a).history.first() is not None
    page = client.get(
        reverse("admin:stakeholders_organisation_history", args=[org_a.pk])
    ).content.decode()
    assert "новое имя" in page
