"""The deadline story in Chromium: the lead executor asks to move a deadline,
a coordinator approves it from the queue on the start page, and the public page
shows both the original and the current deadline."""

import re
from pathlib import Path

import pytest

from tests.admin.test_browser_review_story import log_in

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
RECOMMENDATION_PAGE = re.compile(r"/recommendation/\d+/change/$")


@pytest.mark.django_db(transaction=True)
def test_it_moves_a_deadline_from_a_request_to_the_public_page(
    page, live_server, settings
):
    from django.core.management import call_command

    from recommendations.models import Recommendation

    settings.DEBUG = True
    call_command("loaddata", "fixtures/resolution_2018.json", verbosity=0)
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    item = Recommendation.objects.get(resolution__slug="novye-kadry-2018", number="1.4")
    base = live_server.url
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    # The lead executor's official asks from the recommendation's page.
    log_in(page, base, "edu")
    page.goto(f"{base}/admin/recommendations/recommendation/{item.pk}/change/")
    page.click("text=Запросить перенос срока")
    page.wait_for_url("**/deadline/request/")
    page.click("input[type=submit]")  # nothing filled in: refused, nothing sent
    assert "Укажите предлагаемый срок." in page.content()
    page.fill("#id_proposed_due_on", "2020-03-31")
    page.fill(
        "#id_justification", "Программа модернизации ждёт заключения Минпросвещения."
    )
    page.fill("#id_basis", "письмо от 15.08.2019 № 01-12/2001")
    page.screenshot(path=SHOTS / "admin-deadline-request.png", full_page=True)
    page.click("input[type=submit]")
    page.wait_for_url(RECOMMENDATION_PAGE)
    assert "Запрос отправлен координаторам." in page.content()

    # The coordinator finds it in the queue next to the reports and approves it.
    log_in(page, base, "coordinator")
    assert "2 запроса на перенос срока ожидают вашего решения" in page.content()
    page.click("text=2 запроса на перенос срока ожидают вашего решения")
    page.wait_for_url("**/deadlinechange/?state__exact=pending")
    page.locator("#result_list tbody tr", has_text="1.4").locator(
        "th a, td a"
    ).first.click()
    page.click("text=Принять решение по запросу")
    page.wait_for_url("**/decide/")
    assert "Программа модернизации ждёт заключения" in page.content()
    page.check("input[name=approve][value='1']")
    page.screenshot(path=SHOTS / "admin-deadline-decision.png", full_page=True)
    page.click("input[type=submit]")
    page.wait_for_url("**/deadlinechange/")
    assert "Решение записано" in page.content()

    # The official sees the decision on the start page.
    log_in(page, base, "edu")
    panel = page.locator(".pr-list li", has_text=item.short_text[:30])
    assert "Одобрено" in panel.first.inner_text()

    # The public sees both deadlines and why it moved.
    page.context.clear_cookies()
    page.goto(f"{base}/recommendations/{item.pk}/")
    content = page.content()
    assert "Первоначальный срок" in content
    assert "1 сентября 2019" in content and "31 марта 2020" in content
    assert "срок перенесён 1 раз" in content
    assert "Программа модернизации ждёт заключения Минпросвещения." in content
    page.screenshot(path=SHOTS / "public-moved-deadline.png", full_page=True)
