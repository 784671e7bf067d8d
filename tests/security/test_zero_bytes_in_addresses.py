"""A zero byte in an address's parameters is a bad request, answered in
Russian, never a server error with PostgreSQL's words."""

import pytest
from django.contrib import admin
from django.urls import reverse

FILTERS = {
    "recommendations.recommendation": ["status__exact", "group__id__exact"],
    "recommendations.statusupdate": ["state__exact", "status__exact"],
    "outbox.outboxmessage": ["state__exact"],
}


def changelists():
    for model in admin.site._registry:
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        )
        yield label, url


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["\x00", "done\x00"])
def test_every_admin_list_answers_a_zero_byte_in_a_filter_with_400(
    admin_client, item_a, published_a, value
):
    for label, url in changelists():
        for name in FILTERS.get(label, ["status__exact"]):
            response = admin_client.get(url, {name: value})
            assert response.status_code == 400, (url, name)
            assert "Неверный запрос" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["/", "/resolutions/", "/organisations/"])
def test_the_public_pages_answer_a_zero_byte_with_400(client, item_a, page):
    response = client.get(page, {"status": "done\x00"})

    assert response.status_code == 400
    assert "Неверный запрос" in response.content.decode()


@pytest.mark.django_db
def test_ordinary_filters_still_work(admin_client, item_a):
    url = reverse("admin:recommendations_recommendation_changelist")

    assert admin_client.get(url, {"status__exact": "done"}).status_code == 200
