"""/sitemap.xml: every public page, in both languages."""

import xml.etree.ElementTree as ET

import pytest

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def _portal_url(settings) -> None:
    settings.PORTAL_URL = "https://portal.example.ru"


def locations(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_it_indexes_every_section(client, db):
    found = locations(client, "/sitemap.xml")

    assert found == [
        f"https://portal.example.ru/sitemap-{section}.xml"
        for section in ("pages", "resolutions", "recommendations", "organisations")
    ]


def test_it_lists_public_pages_in_russian_and_english(
    client, make_recommendation, make_resolution, make_organisation
):
    org = make_organisation(slug="visible-org")
    shown = make_recommendation(lead=org)
    draft = make_recommendation(resolution=make_resolution(is_published=False))

    recommendations = locations(client, "/sitemap-recommendations.xml")
    resolutions = locations(client, "/sitemap-resolutions.xml")
    organisations = locations(client, "/sitemap-organisations.xml")
    pages = locations(client, "/sitemap-pages.xml")

    assert f"https://portal.example.ru/recommendations/{shown.pk}/" in recommendations
    assert (
        f"https://portal.example.ru/en/recommendations/{shown.pk}/" in recommendations
    )
    assert not any(f"/recommendations/{draft.pk}/" in url for url in recommendations)
    assert (
        f"https://portal.example.ru/resolutions/{shown.resolution.slug}/" in resolutions
    )
    assert not any(draft.resolution.slug in url for url in resolutions)
    assert "https://portal.example.ru/organisations/visible-org/" in organisations
    assert "https://portal.example.ru/en/organisations/" in pages


@pytest.mark.parametrize("section", ["recommendations", "organisations"])
def test_it_runs_a_few_queries_on_a_large_set(
    client, crowded, django_assert_max_num_queries, section
):
    with django_assert_max_num_queries(4):
        assert len(locations(client, f"/sitemap-{section}.xml")) > 30


def test_it_answers_404_for_an_unknown_section_or_page(client, db):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-recommendations.xml?p=99").status_code == 404


def test_it_points_robots_to_the_sitemap_and_away_from_the_admin(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: https://portal.example.ru/sitemap.xml" in text
