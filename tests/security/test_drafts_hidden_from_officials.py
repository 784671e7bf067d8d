"""An official learns nothing of a draft resolution, nor of another
organisation's items through the import's error messages."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.documents.test_import_status_updates import errors_of, preview, xlsx

DRAFT_TITLE = "Проект резолюции форума 2027"


@pytest.fixture
def draft(make_resolution):
    return make_resolution(
        title=DRAFT_TITLE, slug="draft-forum-2027", is_published=False
    )


def shortcut_url(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return f"/admin/r/{content_type.pk}/{obj.pk}/"


@pytest.mark.django_db
def test_an_official_does_not_see_a_draft_resolution_in_its_list(
    client, official_a, draft, item_a
):
    client.force_login(official_a)

    response = client.get(reverse("admin:recommendations_resolution_changelist"))

    assert response.status_code == 200
    assert DRAFT_TITLE not in response.content.decode()
    assert item_a.resolution.title in response.content.decode()


@pytest.mark.django_db
def test_an_official_cannot_open_a_draft_resolution(client, official_a, draft):
    client.force_login(official_a)
    url = reverse("admin:recommendations_resolution_change", args=[draft.pk])

    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_coordinator_sees_and_opens_a_draft(client, coordinator, draft):
    client.force_login(coordinator)

    page = client.get(reverse("admin:recommendations_resolution_changelist"))
    opened = client.get(
        reverse("admin:recommendations_resolution_change", args=[draft.pk])
    )

    assert DRAFT_TITLE in page.content.decode()
    assert opened.status_code == 200
    jump = client.get(shortcut_url(draft))
    assert jump.status_code == 302
    assert draft.slug in jump["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changelist",
    [
        "admin:recommendations_recommendation_changelist",
        "admin:recommendations_statusupdate_changelist",
    ],
)
def test_the_resolution_filters_hide_a_draft_from_an_official(
    client, official_a, draft, item_a, changelist
):
    client.force_login(official_a)

    response = client.get(reverse(changelist))

    assert response.status_code == 200
    assert DRAFT_TITLE not in response.content.decode()


@pytest.mark.django_db
def test_the_view_on_site_jump_names_no_draft_to_an_official(
    client, official_a, draft, item_b
):
    client.force_login(official_a)

    for obj in (draft, item_b):
        response = client.get(shortcut_url(obj))
        assert response.status_code == 404
        assert "draft-forum-2027" not in response.get("Location", "")
    assert client.get("/admin/r/99999/1/").status_code == 404


@pytest.mark.django_db
def test_the_view_on_site_jump_works_for_what_the_official_may_see(
    client, official_a, item_a
):
    client.force_login(official_a)

    response = client.get(shortcut_url(item_a))

    assert response.status_code == 302
    assert response["Location"].endswith(f"/recommendations/{item_a.pk}/")


@pytest.mark.django_db
def test_the_import_says_the_same_of_another_organisations_item_and_of_none(
    client, official_a, item_a, item_b
):
    client.force_login(official_a)
    day = datetime.date(2019, 3, 1)
    missing = item_b.pk + 1000
    rows = [
        [item_b.pk, None, "in_progress", 40, "", None, day],
        [item_b.pk, "college-b", "in_progress", 40, "", None, day],
        [missing, None, "in_progress", 40, "", None, day],
    ]

    response = preview(client, xlsx(rows))

    texts = [text for _row, _column, text in errors_of(response)]
    assert texts == [
        f"Нет рекомендации с id {item_b.pk}.",
        f"Нет рекомендации с id {item_b.pk}.",
        f"Нет рекомендации с id {missing}.",
    ]
    assert "Колледж Б" not in response.content.decode()
