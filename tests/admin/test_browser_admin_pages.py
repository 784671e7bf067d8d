"""The admin's main pages in Chromium, on a phone and a desktop: each fits the
screen, and the official's start page lists each item once."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.accessibility import axe_page, serious_violations

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
SIZES = {
    "phone": {"width": 375, "height": 812},
    "desktop": {"width": 1280, "height": 900},
}


@pytest.fixture
def portal(live_server, settings) -> str:
    settings.DEBUG = True
    call_command("loaddata", "fixtures/resolution_2018.json", verbosity=0)
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    SHOTS.mkdir(exist_ok=True)
    return live_server.url


def log_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo12345")
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")


def fits(page, size: str) -> bool:
    return (
        page.evaluate("document.documentElement.scrollWidth") <= (SIZES[size]["width"])
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", list(SIZES))
def test_it_shows_the_official_each_item_once_on_a_screen_that_fits(page, portal, size):
    page.set_viewport_size(SIZES[size])
    log_in(page, portal, "college")

    numbers = page.locator(".pr-attention > li > .pr-number").all_inner_texts()
    page.screenshot(path=SHOTS / f"admin-start-college-{size}.png", full_page=True)

    assert numbers and len(numbers) == len(set(numbers))
    assert fits(page, size)
    assert page.get_by_text("Последние действия").count() == 0
    for button in page.locator(".pr-attention .pr-button").all():
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= SIZES[size]["width"]


@pytest.mark.django_db(transaction=True)
def test_it_fits_the_reports_list_in_its_box_on_a_desktop(page, portal):
    page.set_viewport_size(SIZES["desktop"])
    log_in(page, portal, "coordinator")
    page.goto(portal + "/admin/recommendations/statusupdate/")

    table = page.evaluate("document.querySelector('#result_list').scrollWidth")
    box = page.evaluate("document.querySelector('#changelist .results').clientWidth")
    page.screenshot(path=SHOTS / "admin-queue-desktop.png", full_page=True)

    assert table <= box
    assert fits(page, "desktop")
    assert page.locator(".pr-sign").count() > 0  # evidence in sight


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", list(SIZES))
def test_it_shows_what_will_be_published_before_publishing(page, portal, size):
    from recommendations.models import StatusUpdate

    waiting = StatusUpdate.objects.filter(state="submitted").first()
    page.set_viewport_size(SIZES[size])
    log_in(page, portal, "coordinator")
    page.goto(portal + f"/admin/recommendations/statusupdate/{waiting.pk}/change/")
    page.click("a.pr-tool-publish")
    page.wait_for_url("**/publish/**")

    page.screenshot(path=SHOTS / f"admin-publish-confirm-{size}.png", full_page=True)
    assert waiting.comment[:30] in page.content()
    assert fits(page, size)
    waiting.refresh_from_db()
    assert waiting.state == "submitted"


ADMIN_PAGES = {
    "college": [
        "/admin/",
        "/admin/recommendations/statusupdate/",
        "/admin/recommendations/statusupdate/add/?recommendation={item}",
        "/admin/recommendations/statusupdate/{report}/change/",
        "/admin/recommendations/recommendation/",
        "/admin/recommendations/statusupdate/import/",
    ],
    "coordinator": [
        "/admin/",
        "/admin/recommendations/statusupdate/?state__exact=submitted",
        "/admin/recommendations/statusupdate/{waiting}/publish/",
        "/admin/recommendations/statusupdate/{waiting}/return/",
        "/admin/recommendations/statusupdate/add/",
        "/admin/recommendations/recommendation/",
        "/admin/recommendations/recommendation/{item}/change/",
        "/reports/",
    ],
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", list(SIZES))
def test_it_passes_axe_on_the_main_admin_pages(
    browser, browser_context_args, portal, size
):
    from recommendations.models import Recommendation, StatusUpdate

    item = Recommendation.objects.get(number="4.3")
    ids = {
        "item": item.pk,
        "report": StatusUpdate.objects.filter(organisation__slug__contains="college")
        .exclude(state="published")
        .values_list("pk", flat=True)
        .first()
        or StatusUpdate.objects.filter(recommendation=item).first().pk,
        "waiting": StatusUpdate.objects.filter(state="submitted").first().pk,
    }
    found = {}
    with axe_page(browser, browser_context_args) as page:
        page.set_viewport_size(SIZES[size])
        for username, paths in ADMIN_PAGES.items():
            log_in(page, portal, username)
            for path in paths:
                path = path.format(**ids)
                page.goto(portal + path)
                found[f"{username} {path}"] = serious_violations(page)
                if path == "/admin/":
                    assert fits(page, size), username
                name = path.strip("/").split("?")[0].replace("/", "-")
                page.screenshot(path=SHOTS / f"a11y-{username}-{name}-{size}.png")

    assert {page: v for page, v in found.items() if v} == {}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", list(SIZES))
def test_it_keeps_the_chosen_file_when_the_form_comes_back_with_an_error(
    page, portal, size, tmp_path
):
    from recommendations.models import Recommendation, StatusUpdate
    from tests.samples import PDF

    item = Recommendation.objects.get(number="4.4")
    evidence = tmp_path / "prikaz.pdf"
    evidence.write_bytes(PDF)
    page.set_viewport_size(SIZES[size])
    log_in(page, portal, "college")
    page.goto(
        portal + f"/admin/recommendations/statusupdate/add/?recommendation={item.pk}"
    )
    page.select_option("#id_status", "in_progress")
    page.fill("#id_progress", "150")
    page.set_input_files("#id_evidence_file", str(evidence))
    page.click("input[name=_save]")

    page.get_by_text("Файл «prikaz.pdf» получен").wait_for()
    page.screenshot(path=SHOTS / f"admin-report-kept-file-{size}.png", full_page=True)
    assert fits(page, size)
    page.fill("#id_progress", "60")
    page.click("input[value='Отправить на проверку']")

    page.wait_for_url("**/statusupdate/")
    update = StatusUpdate.objects.filter(recommendation=item).latest("created_at")
    assert update.progress == 60 and update.evidence_file
