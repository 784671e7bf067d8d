"""A visitor reads the portal in Chromium: on a phone and a desktop, with the
filters, in both languages, from the keyboard and on paper."""

from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def portal(live_server, settings) -> str:
    settings.DEBUG = True
    call_command("loaddata", "fixtures/resolution_2018.json", verbosity=0)
    call_command("seed_demo", verbosity=0)
    SHOTS.mkdir(exist_ok=True)
    return live_server.url


def shoot(page, name: str) -> None:
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_it_shows_progress_and_opens_a_recommendation(page, portal):
    page.set_viewport_size(DESKTOP)
    page.goto(portal + "/")

    assert "Новые кадры для цифровой экономики" in page.content()
    assert page.locator("li.recommendation").count() == 18
    assert page.get_by_role("heading", name="Выполнение по группам адресатов")
    assert page.locator(".chart img").evaluate("img => img.naturalWidth") > 0
    shoot(page, "progress-desktop")

    page.get_by_role(
        "link", name="обеспечить условия для внедрения регионального"
    ).click()

    page.wait_for_url("**/recommendations/*/")
    assert page.get_by_role("heading", name="Рекомендация 1.1").is_visible()
    assert "Департамент Смоленской области по образованию и науке" in page.content()
    shoot(page, "recommendation-desktop")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize(
    "path",
    ["/", "/resolutions/", "/organisations/", "/organisations/gau-dpo-soiro/"],
)
def test_it_fits_the_screen_without_sideways_scrolling(page, portal, path, size):
    viewport = PHONE if size == "phone" else DESKTOP
    page.set_viewport_size(viewport)
    page.goto(portal + path)

    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert page.locator("h1").first.is_visible()
    name = path.strip("/").replace("/", "-") or "progress"
    shoot(page, f"{name}-{size}")


@pytest.mark.django_db(transaction=True)
def test_it_fits_a_recommendation_page_on_a_phone(page, portal):
    page.set_viewport_size(PHONE)
    page.goto(portal + "/")
    page.get_by_role("link", name="инициировать реализацию дуальной системы").click()

    page.wait_for_url("**/recommendations/*/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.get_by_text("Просрочено").first.is_visible()
    shoot(page, "recommendation-phone")


@pytest.mark.django_db(transaction=True)
def test_it_filters_with_the_form_even_without_javascript(browser, portal):
    context = browser.new_context(
        java_script_enabled=False, locale="ru-RU", viewport=DESKTOP
    )
    page = context.new_page()
    page.goto(portal + "/")

    page.get_by_label("Ответственная организация").select_option(label="ГАУ ДПО СОИРО")
    page.get_by_label("Статус").select_option("ongoing")
    page.get_by_role("button", name="Показать").click()

    page.wait_for_url("**/?*organisation=gau-dpo-soiro*")
    assert page.locator("li.recommendation").count() == 3
    assert page.get_by_text("Найдены 3 рекомендации").is_visible()
    shoot(page, "progress-filtered")

    page.get_by_label("Слова из текста").fill("курсовую подготовку")
    page.get_by_role("button", name="Показать").click()
    assert page.locator("li.recommendation").count() == 1

    page.get_by_role("link", name="Сбросить фильтры").click()
    assert page.locator("li.recommendation").count() == 18
    context.close()


@pytest.mark.django_db(transaction=True)
def test_it_switches_language_and_keeps_the_filters(page, portal):
    page.set_viewport_size(DESKTOP)
    page.goto(portal + "/?status=done")

    page.get_by_role("link", name="English").click()

    page.wait_for_url("**/en/?status=done")
    assert page.get_by_role("heading", name="Progress by addressee group").is_visible()
    assert page.locator("li.recommendation").count() == 3
    assert page.locator("html").get_attribute("lang") == "en"
    shoot(page, "progress-english")

    page.get_by_role("link", name="Русский").click()
    page.wait_for_url("**/?status=done")
    assert page.locator("html").get_attribute("lang") == "ru"


@pytest.mark.django_db(transaction=True)
def test_it_can_be_used_from_the_keyboard(page, portal):
    page.set_viewport_size(DESKTOP)
    page.goto(portal + "/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Перейти к содержанию")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    shoot(page, "skip-link")

    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


@pytest.mark.django_db(transaction=True)
def test_it_prints_a_clean_report(page, portal):
    page.set_viewport_size({"width": 800, "height": 1100})
    page.goto(portal + "/")
    page.emulate_media(media="print")

    assert not page.locator("form.filters").is_visible()
    assert not page.locator("nav.site-nav").is_visible()
    assert page.locator("li.recommendation").first.is_visible()
    shoot(page, "progress-print")
