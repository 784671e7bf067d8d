"""Who sees what in the admin: anonymous, official of A, official of B, coordinator.

Every admin list, form, action, history page and the evidence file URL, with
organisation A's unpublished data that must never reach anyone outside A.
"""

import pytest
from django.urls import reverse

SECRET_TEXT = "Тайная мера организации А"
SECRET_COMMENT = "Черновой отчёт организации А"

CHANGELISTS = [
    "recommendations_recommendation",
    "recommendations_statusupdate",
    "recommendations_resolution",
    "stakeholders_organisation",
    "stakeholders_addresseegroup",
    "stakeholders_membership",
    "auth_user",
    "auth_group",
]


@pytest.fixture
def scene(item_a, item_b, pending_a, published_a, official_a, official_b, coordinator):
    from stakeholders.models import Membership

    return {
        "recommendation": item_a,
        "update": pending_a,
        "published": published_a,
        "membership": Membership.objects.get(user=official_a),
        "organisation": pending_a.organisation,
        "users": {
            "anonymous": None,
            "official_a": official_a,
            "official_b": official_b,
            "coordinator": coordinator,
        },
    }


def login(client, user) -> None:
    client.logout()
    if user is not None:
        client.force_login(user)


def urls(scene) -> dict[str, str]:
    rec, update = scene["recommendation"], scene["update"]
    org, membership = scene["organisation"], scene["membership"]
    return {
        "recommendation change": reverse(
            "admin:recommendations_recommendation_change", args=[rec.pk]
        ),
        "recommendation history": reverse(
            "admin:recommendations_recommendation_history", args=[rec.pk]
        ),
        "update change": reverse(
            "admin:recommendations_statusupdate_change", args=[update.pk]
        ),
        "update history": reverse(
            "admin:recommendations_statusupdate_history", args=[update.pk]
        ),
        "update return page": reverse(
            "admin:recommendations_statusupdate_return", args=[update.pk]
        ),
        "organisation change": reverse(
            "admin:stakeholders_organisation_change", args=[org.pk]
        ),
        "organisation history": reverse(
            "admin:stakeholders_organisation_history", args=[org.pk]
        ),
        "membership change": reverse(
            "admin:stakeholders_membership_change", args=[membership.pk]
        ),
        "membership history": reverse(
            "admin:stakeholders_membership_history", args=[membership.pk]
        ),
    }


# Expected status of each page for each visitor ("login" = sent to log in).
EXPECTED = {
    "recommendation change": {"official_a": 200, "official_b": 404},
    "recommendation history": {"official_a": 403, "official_b": 404},
    "update change": {"official_a": 200, "official_b": 404},
    "update history": {"official_a": 200, "official_b": 404},
    "update return page": {"official_a": 403, "official_b": 404},
    "organisation change": {"official_a": 200, "official_b": 200},
    "organisation history": {"official_a": 403, "official_b": 403},
    "membership change": {"official_a": 403, "official_b": 403},
    "membership history": {"official_a": 403, "official_b": 403},
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["anonymous", "official_a", "official_b", "coordinator"]
)
def test_it_gives_each_page_only_to_those_who_may_see_it(client, scene, who):
    login(client, scene["users"][who])
    for name, url in urls(scene).items():
        response = client.get(url)
        body = response.content.decode()
        if who == "anonymous":
            assert response.status_code == 302, name
            assert response["Location"].startswith("/admin/login/"), name
        elif who == "coordinator":
            assert response.status_code == 200, name
        else:
            assert response.status_code == EXPECTED[name][who], (name, who)
        if who in ("anonymous", "official_b"):
            assert SECRET_TEXT not in body, name
            assert SECRET_COMMENT not in body, name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["anonymous", "official_a", "official_b", "coordinator"]
)
def test_it_lists_another_organisations_items_to_nobody(client, scene, who):
    login(client, scene["users"][who])
    for model in CHANGELISTS:
        response = client.get(reverse(f"admin:{model}_changelist"))
        body = response.content.decode()
        if who == "anonymous":
            assert response.status_code == 302, model
            continue
        if who == "coordinator":
            assert response.status_code == 200, model
            continue
        assert response.status_code in (200, 403), model
        if who == "official_b":
            assert SECRET_TEXT not in body and SECRET_COMMENT not in body, model
    if who == "official_a":
        body = client.get(
            reverse("admin:recommendations_recommendation_changelist")
        ).content.decode()
        assert SECRET_TEXT in body
        assert "Тайная мера организации Б" not in body


@pytest.mark.django_db
def test_it_hides_items_from_officials_search_filters_and_autocomplete(client, scene):
    login(client, scene["users"]["official_b"])
    changelist = reverse("admin:recommendations_recommendation_changelist")
    searched = client.get(changelist, {"q": "Тайная"}).content.decode()
    filtered = client.get(
        changelist, {"organisation": scene["organisation"].pk}
    ).content.decode()
    updates = client.get(
        reverse("admin:recommendations_statusupdate_changelist"),
        {"q": "Черновой"},
    ).content.decode()
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "recommendations",
            "model_name": "statusupdate",
            "field_name": "recommendation",
            "term": "Тайная",
        },
    ).json()

    assert SECRET_TEXT not in searched and "Тайная мера организации Б" in searched
    assert SECRET_TEXT not in filtered
    assert "Департамент А" not in filtered  # not even offered as a filter
    assert SECRET_COMMENT not in updates
    assert all("организации А" not in r["text"] for r in autocomplete["results"])
    assert any("организации Б" in r["text"] for r in autocomplete["results"])


@pytest.mark.django_db
def test_it_prefills_nothing_of_another_organisations_item(client, scene):
    login(client, scene["users"]["official_b"])
    response = client.get(
        reverse("admin:recommendations_statusupdate_add"),
        {"recommendation": scene["recommendation"].pk},
    )

    assert response.status_code == 200
    assert SECRET_TEXT not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who,expected",
    [("anonymous", 302), ("official_a", 403), ("official_b", 404)],
)
def test_it_lets_only_coordinators_publish_by_url(client, scene, who, expected):
    login(client, scene["users"][who])
    update = scene["update"]

    response = client.post(
        reverse("admin:recommendations_statusupdate_publish", args=[update.pk])
    )

    assert response.status_code == expected
    update.refresh_from_db()
    assert update.state == "submitted"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["official_a", "official_b"])
def test_it_refuses_review_actions_to_officials(client, scene, who):
    login(client, scene["users"][who])
    update = scene["update"]
    for action in ["publish", "return_for_revision", "delete_selected"]:
        response = client.post(
            reverse("admin:recommendations_statusupdate_changelist"),
            {"action": action, "_selected_action": [update.pk], "review_note": "x"},
        )
        assert response.status_code in (200, 302), action
        update.refresh_from_db()
        assert update.state == "submitted", action


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who,pending,published",
    [
        ("anonymous", 404, 200),
        ("official_a", 200, 200),
        ("official_b", 404, 200),
        ("coordinator", 200, 200),
    ],
)
def test_it_serves_evidence_files_only_to_those_who_may_see_them(
    client, scene, who, pending, published
):
    login(client, scene["users"][who])

    unpublished = client.get(reverse("evidence", args=[scene["update"].pk]))
    public = client.get(reverse("evidence", args=[scene["published"].pk]))

    assert unpublished.status_code == pending
    assert public.status_code == published
    if pending == 200:
        assert b"".join(unpublished.streaming_content).startswith(b"%PDF")
        assert "no-store" in unpublished["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["official_a", "coordinator"])
def test_it_never_deletes_a_report(client, scene, who):
    login(client, scene["users"][who])
    update = scene["published"]

    response = client.post(
        reverse("admin:recommendations_statusupdate_delete", args=[update.pk]),
        {"post": "yes"},
    )

    assert response.status_code == 403
    assert type(update).objects.filter(pk=update.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who,expected",
    [
        (
            "anonymous",
            {"statusupdate": 302, "recommendation": 302, "organisation": 302},
        ),
        (
            "official_a",
            {"statusupdate": 200, "recommendation": 403, "organisation": 403},
        ),
        (
            "official_b",
            {"statusupdate": 200, "recommendation": 403, "organisation": 403},
        ),
        (
            "coordinator",
            {"statusupdate": 200, "recommendation": 200, "organisation": 200},
        ),
    ],
)
def test_it_opens_add_forms_only_to_those_who_may_add(client, scene, who, expected):
    login(client, scene["users"][who])
    for model, status in expected.items():
        app = "stakeholders" if model == "organisation" else "recommendations"
        response = client.get(reverse(f"admin:{app}_{model}_add"))
        assert response.status_code == status, model


@pytest.mark.django_db
def test_it_offers_an_official_of_several_organisations_only_theirs(
    client, make_official, make_organisation, item_a, org_a, org_b
):
    third = make_organisation(name="Третья организация")
    official = make_official(org_a, third)
    client.force_login(official)

    form = (
        client.get(
            reverse("admin:recommendations_statusupdate_add"),
            {"recommendation": item_a.pk},
        )
        .context["adminform"]
        .form
    )

    assert set(form.fields["organisation"].queryset) == {org_a, third}
    assert form.initial["organisation"] == org_a.pk


@pytest.mark.django_db
def test_it_shows_the_history_link_only_to_those_who_may_read_it(client, scene):
    url = reverse(
        "admin:recommendations_recommendation_change",
        args=[scene["recommendation"].pk],
    )
    login(client, scene["users"]["official_a"])
    assert 'class="historylink"' not in client.get(url).content.decode()
    login(client, scene["users"]["coordinator"])
    assert 'class="historylink"' in client.get(url).content.decode()


@pytest.mark.django_db
def test_it_shows_a_co_executor_published_reports_but_not_anothers_drafts(
    client, make_recommendation, make_update, org_a, org_b, official_b
):
    from recommendations.models import ReviewState

    shared = make_recommendation(lead=org_a, others=[org_b])
    published = make_update(shared, organisation=org_a)
    draft = make_update(shared, organisation=org_a, state=ReviewState.SUBMITTED)
    own = make_update(shared, organisation=org_b, state=ReviewState.RETURNED)
    client.force_login(official_b)

    page = client.get(
        reverse("admin:recommendations_recommendation_change", args=[shared.pk])
    ).content.decode()

    def link(update) -> str:
        return reverse("admin:recommendations_statusupdate_change", args=[update.pk])

    assert page.count("pr-state-published") == 1
    assert "pr-state-submitted" not in page
    assert link(own) in page
    assert link(published) not in page and link(draft) not in page
