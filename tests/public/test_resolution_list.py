"""/resolutions/: every published resolution with its progress."""

import datetime

import pytest


def test_it_lists_published_resolutions_newest_first_with_progress(
    client, make_resolution, make_recommendation
):
    old = make_resolution(
        title="Старая резолюция", adopted_on=datetime.date(2018, 8, 22)
    )
    new = make_resolution(
        title="Новая резолюция", adopted_on=datetime.date(2019, 8, 22)
    )
    make_resolution(title="Черновик резолюции", is_published=False)
    make_recommendation(resolution=new, status="done", progress=100)
    make_recommendation(resolution=new)

    page = client.get("/resolutions/").content.decode()

    assert page.index("Новая резолюция") < page.index("Старая резолюция")
    assert "Черновик резолюции" not in page
    assert new.get_absolute_url() in page and old.get_absolute_url() in page
    assert "<strong>50%</strong>" in page
    assert "выполнено 1 из 2 рекомендаций" in page
    assert "Опубликованы 2 резолюции." in page


def test_it_shows_an_official_the_same_public_list(
    client, make_resolution, make_organisation, make_official
):
    make_resolution(title="Черновик резолюции", is_published=False)
    client.force_login(make_official(make_organisation()))

    assert "Черновик резолюции" not in client.get("/resolutions/").content.decode()


@pytest.mark.parametrize("number", ["2", "abc", "-3", "99999"])
def test_it_survives_a_bad_page_number(client, make_resolution, number):
    make_resolution(title="Единственная резолюция")

    response = client.get(f"/resolutions/?page={number}")

    assert response.status_code == 200
    assert "Единственная резолюция" in response.content.decode()


def test_it_speaks_english_under_en(client, make_resolution, make_recommendation):
    resolution = make_resolution(adopted_on=datetime.date(2018, 8, 22))
    make_recommendation(resolution=resolution)

    page = client.get("/en/resolutions/").content.decode()

    assert "All resolutions" in page and "22 August 2018" in page
    assert "0 of 1 recommendation done" in page
    assert f'href="/en/resolutions/{resolution.slug}/"' in page


def test_it_runs_a_few_queries_for_many_resolutions(
    client, crowded, make_resolution, make_recommendation, django_assert_max_num_queries
):
    for _ in range(60):
        make_recommendation(resolution=make_resolution())

    with django_assert_max_num_queries(10):
        page = client.get("/resolutions/").content.decode()

    assert "Страница 1 из 2" in page
