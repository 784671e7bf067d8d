"""Every public page says what it is: its own title and description."""

import re

import pytest


def head(client, url: str) -> tuple[str, str]:
    page = client.get(url).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    description = re.search(r'<meta name="description" content="([^"]*)"', page)
    return title, description.group(1)


def test_it_names_the_resolution_and_its_figures(client, demo):
    title, description = head(client, "/")

    assert title == f"{demo.title} — Портал резолюций"
    assert description.startswith(f"{demo.title}: 18 рекомендаций, среднее выполнение")


def test_it_names_a_recommendation_by_number_and_text(client, demo):
    item = demo.recommendations.get(number="2.2")

    title, description = head(client, item.get_absolute_url())

    assert title.startswith("Рекомендация 2.2: инициировать реализацию")
    assert description == item.text


def test_it_names_an_organisation_and_its_load(client, demo):
    title, description = head(client, "/organisations/gau-dpo-soiro/")

    assert title == "ГАУ ДПО СОИРО — Портал резолюций"
    assert description.startswith("ГАУ ДПО СОИРО: отвечает за 5 рекомендаций")


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/resolutions/", "Все резолюции — Портал резолюций"),
        ("/organisations/", "Организации — Портал резолюций"),
        ("/en/resolutions/", "All resolutions — Resolution Portal"),
        ("/en/organisations/", "Organisations — Resolution Portal"),
    ],
)
def test_it_names_the_lists(client, demo, url, title):
    assert head(client, url)[0] == title


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/nowhere/", "Страница не найдена"),
        ("/en/nowhere/", "Page not found"),
    ],
)
def test_it_answers_an_unknown_address_with_a_helpful_404(client, db, url, text):
    response = client.get(url)

    assert response.status_code == 404
    assert text in response.content.decode()
    assert 'href="/resolutions/"' in response.content.decode() or "/en/" in url
