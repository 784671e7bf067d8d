"""The whole story in Chromium: an official reports, a coordinator returns the
report with a note, the official fixes it, the coordinator publishes it, and
the public page shows it."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
# The admin keeps the list's filters in the query string of the next page.
CHANGE_PAGE = re.compile(r"/statusupdate/\d+/change/")
CHANGELIST = re.compile(r"/statusupdate/(\?.*)?$")


def log_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo12345")
    page.click("input[type=submit]")
    page.wait_for_url(base + "/admin/")


@pytest.mark.django_db(transaction=True)
def test_it_takes_a_report_from_an_official_to_the_public(page, live_server, settings):
    from django.core.management import call_command

    from recommendations.models import Recommendation

    settings.DEBUG = True
    call_command("loaddata", "fixtures/resolution_2018.json", verbosity=0)
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    item = Recommendation.objects.get(number="3.3")
    base = live_server.url
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    # The official sees what needs a report and reports on it.
    log_in(page, base, "soiro")
    assert page.get_by_role("heading", name="Что требует вашего внимания").is_visible()
    page.screenshot(path=SHOTS / "admin-official-start.png", full_page=True)
    page.locator(f"a[href$='?recommendation={item.pk}']").first.click()
    page.wait_for_url("**/statusupdate/add/**")
    assert "расширять региональную и межрегиональную практику" in page.content()
    page.select_option("#id_status", "in_progress")
    page.fill("#id_progress", "30")
    page.fill("#id_comment", "Проведён межрегиональный семинар.")
    page.screenshot(path=SHOTS / "admin-add-report.png", full_page=True)
    page.click("input[name=_save]")
    page.wait_for_url(CHANGELIST)
    assert page.locator(".messagelist .success").is_visible()
    row = page.locator("#result_list tbody tr", has_text="расширять региональную")
    assert "На проверке" in row.inner_text()

    # The coordinator returns it with a note.
    log_in(page, base, "coordinator")
    assert "ожидают вашей проверки" in page.content()
    page.click("text=Открыть очередь на проверку")
    page.wait_for_url("**/statusupdate/?state__exact=submitted")
    page.goto(base + "/admin/recommendations/statusupdate/")
    page.screenshot(path=SHOTS / "admin-review-queue.png", full_page=True)
    page.locator("#result_list tbody tr", has_text="расширять региональную").locator(
        "th a, td a"
    ).first.click()
    page.wait_for_url(CHANGE_PAGE)
    page.click("text=Вернуть на доработку")
    page.wait_for_url(re.compile(r"/return/"))
    page.fill("#id_review_note", "Укажите дату семинара и число участников.")
    page.screenshot(path=SHOTS / "admin-return-for-revision.png", full_page=True)
    page.click("input[type=submit][value='Вернуть на доработку']")
    page.wait_for_url(CHANGELIST)
    assert "возвращён на доработку" in page.content()

    # The official sees the note, fixes the report and resubmits it.
    log_in(page, base, "soiro")
    assert "Укажите дату семинара и число участников." in page.content()
    page.screenshot(path=SHOTS / "admin-official-returned.png", full_page=True)
    page.locator(".pr-attention > li", has_text="расширять региональную").get_by_role(
        "link", name="Исправить", exact=True
    ).click()
    page.wait_for_url(CHANGE_PAGE)
    page.fill(
        "#id_comment",
        "Проведён межрегиональный семинар 12 марта, 48 участников из 5 регионов.",
    )
    page.click("input[name=_save]")
    page.wait_for_url(CHANGELIST)
    row = page.locator("#result_list tbody tr", has_text="расширять региональную")
    assert "На проверке" in row.inner_text()

    # The coordinator publishes it from its page.
    log_in(page, base, "coordinator")
    page.goto(base + "/admin/recommendations/statusupdate/?state__exact=submitted")
    page.locator("#result_list tbody tr", has_text="расширять региональную").locator(
        "th a, td a"
    ).first.click()
    page.wait_for_url(CHANGE_PAGE)
    page.screenshot(path=SHOTS / "admin-review-report.png", full_page=True)
    page.click("a.pr-tool-publish")
    page.wait_for_url("**/publish/**")
    assert "48 участников из 5 регионов" in page.content()  # what goes public
    page.click("input[type=submit][value='Опубликовать']")
    page.wait_for_url(CHANGELIST)
    assert "Опубликован 1 отчёт." in page.content()

    # The public sees it.
    page.context.clear_cookies()
    page.goto(f"{base}/recommendations/{item.pk}/")
    assert "48 участников из 5 регионов" in page.content()
