"""Every public page, on a phone and a desktop, passes axe-core with no
serious or critical violation, fits the screen, and has its icon."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.accessibility import SIZES, axe_page, serious_violations

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
PAGES = [
    "/",
    "/?q=стандарты",
    "/resolutions/",
    "/organisations/",
    "/organisations/gau-dpo-soiro/",
    "/recommendations/{item}/",
    "/en/",
    "/no-such-page/",
]


@pytest.fixture
def portal(live_server, settings) -> str:
    settings.DEBUG = True
    call_command("loaddata", "fixtures/resolution_2018.json", verbosity=0)
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    SHOTS.mkdir(exist_ok=True)
    return live_server.url


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", list(SIZES))
def test_it_passes_axe_on_every_public_page(
    browser, browser_context_args, portal, size
):
    from recommendations.models import Recommendation

    item = Recommendation.objects.get(number="2.2")
    found = {}
    with axe_page(browser, browser_context_args) as page:
        page.set_viewport_size(SIZES[size])
        for path in PAGES:
            path = path.format(item=item.pk)
            page.goto(portal + path)
            if path == "/":
                page.screenshot(path=SHOTS / f"a11y-progress-{size}.png")
            found[path] = serious_violations(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= SIZES[size]["width"], path

    assert {path: v for path, v in found.items() if v} == {}


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_header_on_one_tidy_bar_on_a_phone(page, portal):
    page.set_viewport_size(SIZES["phone"])
    page.goto(portal + "/")

    title = page.locator(".site-title").bounding_box()
    bar = page.locator(".site-header-inner").bounding_box()
    links = [link.bounding_box()["y"] for link in page.locator(".site-nav a").all()]
    page.locator(".site-header").screenshot(path=SHOTS / "header-phone.png")

    assert (
        title["y"] >= bar["y"]
        and title["y"] + title["height"] <= bar["y"] + bar["height"]
    )
    assert len(set(links)) == 1  # the navigation on one row
    nav = page.locator(".site-nav ul")
    widths = nav.evaluate("ul => [ul.scrollWidth, ul.clientWidth]")
    assert widths[0] <= widths[1], widths  # all in sight
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(portal + icon).ok
