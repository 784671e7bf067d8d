"""An official fills in the template in a spreadsheet and imports it in the admin."""

import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo12345")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


@pytest.mark.django_db(transaction=True)
def test_it_imports_a_filled_in_template(page, live_server, settings, tmp_path):
    from django.core.management import call_command

    from recommendations.models import ReviewState, StatusUpdate

    settings.DEBUG = True
    call_command("loaddata", "fixtures/resolution_2018.json", verbosity=0)
    call_command("seed_demo", verbosity=0)
    before = StatusUpdate.objects.count()
    SHOTS.mkdir(exist_ok=True)
    log_in(page, live_server, "soiro")

    page.goto(live_server.url + "/admin/recommendations/statusupdate/")
    page.get_by_role("link", name="Импорт").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать шаблон (.xlsx)").click()
    book = load_workbook(download.value.path().open("rb"))
    sheet = book.worksheets[0]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "3.1",
        "3.2",
        "3.3",
        "3.4",
        "3.5",
    ]
    sheet["E4"], sheet["F4"], sheet["I4"] = "Выполняется", 30, datetime.date(2019, 5, 1)
    sheet["E5"], sheet["F5"], sheet["I5"] = "Выполнено", 90, datetime.date(2019, 5, 1)
    bad = tmp_path / "bad.xlsx"
    book.save(bad)

    page.set_input_files("#id_import_file", bad)
    page.get_by_role("button", name="Отправить").click()

    expect(page.get_by_text("Ошибки в 1 строке")).to_be_visible()
    expect(page.locator("tr.import-error td").first).to_have_text("5")
    page.screenshot(path=SHOTS / "import-errors.png", full_page=True)
    assert StatusUpdate.objects.count() == before

    sheet["E5"], sheet["F5"] = "Выполняется", 90
    good = tmp_path / "good.xlsx"
    book.save(good)
    page.set_input_files("#id_import_file", good)
    page.get_by_role("button", name="Отправить").click()
    expect(page.get_by_role("button", name="Подтвердить импорт")).to_be_visible()
    page.screenshot(path=SHOTS / "import-preview.png", full_page=True)
    page.get_by_role("button", name="Подтвердить импорт").click()

    page.wait_for_url("**/admin/recommendations/statusupdate/")
    expect(page.get_by_text("Импортировано 2 отчёта")).to_be_visible()
    page.screenshot(path=SHOTS / "import-done.png", full_page=True)
    imported = StatusUpdate.objects.order_by("-id")[:2]
    assert StatusUpdate.objects.count() == before + 2
    assert [(u.recommendation.number, u.progress, u.state) for u in imported] == [
        ("3.4", 90, ReviewState.SUBMITTED),
        ("3.3", 30, ReviewState.SUBMITTED),
    ]


@pytest.mark.django_db(transaction=True)
def test_it_lets_a_coordinator_choose_and_download_the_report(
    page, live_server, settings
):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("loaddata", "fixtures/resolution_2018.json", verbosity=0)
    call_command("seed_demo", verbosity=0)
    SHOTS.mkdir(exist_ok=True)
    log_in(page, live_server, "coordinator")

    page.goto(live_server.url + "/admin/recommendations/recommendation/")
    page.get_by_role("link", name="Отчёт о ходе выполнения в Excel").click()
    page.fill("#id_as_of", "2019-12-31")
    page.screenshot(path=SHOTS / "report-chooser.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Скачать отчёт (.xlsx)").click()

    assert download.value.suggested_filename == (
        "progress-novye-kadry-2018-2019-12-31.xlsx"
    )
    book = load_workbook(download.value.path().open("rb"))
    assert book.sheetnames == ["Сводка", "Рекомендации", "История", "Дисциплина"]
    assert book["Сводка"]["B5"].value == datetime.datetime(2019, 12, 31)
