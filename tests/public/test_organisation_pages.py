"""/organisations/ and /organisations/<slug>/: who answers for what."""

import pytest

from recommendations.models import ReviewState


@pytest.fixture
def responsible(make_organisation, make_group):
    return make_organisation(
        name="Департамент образования", slug="edu", group=make_group(name="Власти")
    )


def test_it_lists_organisations_by_group_with_their_progress(
    client, responsible, make_organisation, make_recommendation
):
    make_recommendation(lead=responsible, status="done", progress=100)
    make_recommendation(others=[responsible], status="in_progress", progress=50)
    idle = make_organisation(name="Организация без поручений")

    page = client.get("/organisations/").content.decode()

    assert "Власти" in page and "Департамент образования" in page
    assert "<strong>75%</strong>" in page
    assert "выполнено 1 из 2 рекомендаций" in page
    assert idle.name not in page


def test_it_leaves_out_responsibilities_in_unpublished_resolutions(
    client, make_organisation, make_recommendation, make_resolution
):
    hidden = make_organisation(name="Скрытая организация", slug="hidden")
    make_recommendation(lead=hidden, resolution=make_resolution(is_published=False))

    assert "Скрытая организация" not in client.get("/organisations/").content.decode()
    assert client.get("/organisations/hidden/").status_code == 404


def test_it_counts_only_published_resolutions_in_an_organisations_figures(
    client, responsible, make_recommendation, make_resolution
):
    make_recommendation(lead=responsible, status="done", progress=100)
    make_recommendation(
        lead=responsible, resolution=make_resolution(is_published=False)
    )

    listing = client.get("/organisations/").content.decode()
    detail = client.get("/organisations/edu/").content.decode()

    assert "выполнено 1 из 1 рекомендации" in listing
    assert "<strong>100%</strong>" in listing
    assert "Департамент образования: отвечает за 1 рекомендацию" in detail


def test_it_shows_an_organisations_responsibilities_and_role(
    client, responsible, make_recommendation, make_resolution
):
    lead = make_recommendation(lead=responsible, text="Вести главное дело")
    co = make_recommendation(others=[responsible], text="Помогать соседям")
    draft = make_recommendation(
        lead=responsible,
        text="Дело черновой резолюции",
        resolution=make_resolution(is_published=False),
    )

    page = client.get("/organisations/edu/").content.decode()

    assert lead.text in page and co.text in page and draft.text not in page
    assert "головной исполнитель" in page and "соисполнитель" in page
    assert "Департамент образования: отвечает за 2 рекомендации" in page


def test_it_never_shows_an_unpublished_report(
    client, responsible, make_recommendation, make_update, make_official
):
    item = make_recommendation(lead=responsible)
    make_update(
        item, organisation=responsible, progress=81, state=ReviewState.SUBMITTED
    )
    client.force_login(make_official(responsible))

    page = client.get("/organisations/edu/").content.decode()

    assert "81%" not in page


@pytest.mark.parametrize("slug", ["nowhere", "%3Cscript%3E"])
def test_it_answers_404_for_an_unknown_organisation(client, db, slug):
    assert client.get(f"/organisations/{slug}/").status_code == 404


def test_it_survives_a_bad_page_number(client, responsible, make_recommendation):
    make_recommendation(lead=responsible)

    assert client.get("/organisations/edu/?page=zzz").status_code == 200
    assert client.get("/organisations/?page=-1").status_code == 200


def test_it_speaks_english_under_en(client, responsible, make_recommendation):
    make_recommendation(lead=responsible)

    listing = client.get("/en/organisations/").content.decode()
    detail = client.get("/en/organisations/edu/").content.decode()

    assert "Responsible organisations" in listing
    assert "0 of 1 recommendation done" in listing
    assert "Responsibilities" in detail and "lead executor" in detail


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_it_runs_at_most_ten_queries_with_many_organisations(
    client, crowded, django_assert_max_num_queries, prefix
):
    with django_assert_max_num_queries(10):
        listing = client.get(f"{prefix}/organisations/")
    with django_assert_max_num_queries(10):
        detail = client.get(f"{prefix}/organisations/big-org-1/?page=1")

    assert listing.status_code == detail.status_code == 200
    assert "Большая организация 29" in listing.content.decode()
