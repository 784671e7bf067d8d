"""A visitor opens the front page in Chromium and follows a recommendation."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.mark.django_db(transaction=True)
def test_it_shows_progress_and_opens_a_recommendation(page, live_server, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("loaddata", "fixtures/resolution_2018.json", verbosity=0)
    call_command("seed_demo", verbosity=0)

    page.goto(live_server.url + "/")

    assert "Новые кадры для цифровой экономики" in page.content()
    assert page.locator("li.recommendation").count() == 18
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "progress-desktop.png", full_page=True)

    page.get_by_role(
        "link", name="обеспечить условия для внедрения регионального"
    ).click()

    page.wait_for_url("**/recommendations/*/")
    assert page.get_by_role("heading", name="Рекомендация 1.1").is_visible()
    assert "Департамент Смоленской области по образованию и науке" in page.content()
