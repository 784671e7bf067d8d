import datetime

import pytest
from django.urls import reverse

from recommendations.models import ReviewState


def test_it_shows_the_resolution_with_every_recommendation(client, demo):
    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Новые кадры для цифровой экономики" in page
    assert "22 августа 2018" in page
    for item in demo.recommendations.all():
        assert item.text in page
        assert reverse("recommendations:recommendation", args=[item.pk]) in page
    assert "Выполнено" in page and "Не начато" in page
    assert "Органы исполнительной власти Смоленской области" in page


def test_it_never_shows_an_unpublished_report(
    client, make_recommendation, make_organisation, make_update
):
    org = make_organisation()
    item = make_recommendation(lead=org)
    make_update(
        item, progress=77, comment="Секретный черновик", state=ReviewState.SUBMITTED
    )

    front = client.get("/").content.decode()
    detail = client.get(item.get_absolute_url()).content.decode()

    assert "77%" not in front and "77%" not in detail
    assert "Секретный черновик" not in detail


def test_it_hides_unpublished_resolutions(client, make_recommendation, make_resolution):
    draft = make_recommendation(resolution=make_resolution(is_published=False))

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.resolution.get_absolute_url()).status_code == 404
    assert "Резолюция" not in client.get("/").content.decode()


def test_it_shows_a_recommendation_with_its_published_timeline(client, demo):
    item = demo.recommendations.get(number="1.1")

    page = client.get(item.get_absolute_url()).content.decode()

    assert item.text in page
    assert "Департамент Смоленской области по образованию и науке" in page
    assert "25.12.2020" in page and "Региональный стандарт" in page


def test_it_answers_404_for_an_unknown_recommendation(client, db):
    assert client.get("/recommendations/999999/").status_code == 404


def test_it_speaks_english_under_en(client, demo):
    page = client.get("/en/").content.decode()

    assert "Done" in page and "Not started" in page


@pytest.mark.parametrize("extra", [0, 200])
def test_it_runs_a_constant_number_of_queries(
    client, demo, make_recommendation, make_update, django_assert_max_num_queries, extra
):
    org = demo.recommendations.first().responsible.first()
    group = demo.recommendations.first().group
    for n in range(extra):
        item = make_recommendation(
            resolution=demo, group=group, lead=org, number=f"9.{n}", order=100 + n
        )
        make_update(item, reported_on=datetime.date(2019, 1, 1))

    with django_assert_max_num_queries(4):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(5):
        assert (
            client.get(demo.recommendations.first().get_absolute_url()).status_code
            == 200
        )


def test_it_reports_health(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
