"""A request naming another port in its Host header cannot change the links
that the next visitors get from the page cache.

ALLOWED_HOSTS checks the host name and ignores the port, so
`Host: 127.0.0.1:6666` is let through; the cache keeps pages whole for
everyone, so every absolute link is built from PORTAL_URL instead.
"""

import pytest

PORTAL = "https://portal.example.ru"
POISON = "127.0.0.1:6666"
PAGES = [
    "/opendata/recommendations.json",
    "/opendata/recommendations.csv",
    "/feed/",
    "/sitemap.xml",
    "/sitemap-recommendations.xml",
    "/sitemap-pages.xml",
    "/robots.txt",
    "/",
    "/en/",
    "/resolutions/",
    "/organisations/",
]


@pytest.fixture
def cached_site(settings, make_recommendation, make_organisation, make_update):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "portal.example.ru"]
    settings.PORTAL_URL = PORTAL
    settings.PAGE_CACHE_SECONDS = 600
    recommendation = make_recommendation(lead=make_organisation(slug="college"))
    make_update(recommendation, comment="Открыта мастерская")
    return recommendation


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_it_serves_the_next_visitor_the_portals_links_not_the_poisoners(
    client, cached_site, path
):
    poisoned = client.get(path, HTTP_HOST=POISON)
    assert poisoned.status_code == 200
    assert POISON not in body(poisoned)

    visitor = client.get(path, HTTP_HOST="portal.example.ru")

    assert visitor.status_code == 200
    assert visitor["X-Page-Cache"] == "hit"  # one entry serves every host
    assert POISON not in body(visitor)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "link"),
    [
        ("/opendata/recommendations.json", f"{PORTAL}/recommendations/"),
        ("/opendata/recommendations.csv", f"{PORTAL}/recommendations/"),
        ("/feed/", f'href="{PORTAL}/recommendations/'),
        ("/feed/", f'href="{PORTAL}/feed/"'),
        ("/sitemap.xml", f"<loc>{PORTAL}/sitemap-pages.xml</loc>"),
        ("/sitemap-recommendations.xml", f"<loc>{PORTAL}/en/recommendations/"),
        ("/robots.txt", f"Sitemap: {PORTAL}/sitemap.xml"),
        ("/", f"{PORTAL}/</p>"),
    ],
)
def test_it_builds_absolute_links_from_the_portal_url(client, cached_site, path, link):
    assert link in body(client.get(path, HTTP_HOST=POISON))
