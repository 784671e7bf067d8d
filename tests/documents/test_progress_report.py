"""The formatted Excel report: /reports/progress.xlsx and the page that chooses it."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from recommendations.models import ReviewState

URL = reverse("progress_xlsx")
DAY = datetime.date(2019, 6, 1)


@pytest.fixture
def org(make_organisation):
    return make_organisation(name="Департамент образования", short_name="ДОиН")


@pytest.fixture
def partner(make_organisation):
    return make_organisation(name="Торгово-промышленная палата", short_name="ТПП")


@pytest.fixture
def setting(make_resolution, make_group, make_recommendation, org, partner):
    """Two groups: one item done, one delayed (overdue), one never reported."""
    resolution = make_resolution(slug="forum-2018", title="Резолюция форума")
    first = make_group(name="Органы власти", order=1)
    second = make_group(name="Партнёры", order=2)
    items = [
        make_recommendation(
            resolution=resolution,
            group=first,
            number="1.1",
            order=1,
            lead=org,
            others=[partner],
            due_on=datetime.date(2020, 1, 1),
            text='=HYPERLINK("http://evil") обеспечить условия',
        ),
        make_recommendation(
            resolution=resolution,
            group=first,
            number="1.2",
            order=2,
            lead=partner,
            due_on=datetime.date(2019, 3, 1),
        ),
        make_recommendation(
            resolution=resolution, group=second, number="2.1", order=3, lead=partner
        ),
    ]
    return resolution, items


@pytest.fixture
def history(setting, make_update):
    resolution, (done, delayed, _) = setting
    make_update(done, status="in_progress", progress=40, reported_on=DAY)
    make_update(
        done,
        status="done",
        progress=100,
        comment="+7 приказ № 12",
        evidence_url="https://example.org/act",
        reported_on=datetime.date(2020, 2, 1),
    )
    make_update(delayed, status="delayed", progress=20, reported_on=DAY)
    # Neither awaiting review nor returned updates count.
    make_update(
        delayed,
        status="in_progress",
        progress=90,
        reported_on=DAY,
        state=ReviewState.SUBMITTED,
    )
    return resolution


def workbook(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def rows(sheet, first: int = 1) -> list[tuple]:
    return list(sheet.iter_rows(min_row=first, values_only=True))


def test_it_gives_a_coordinator_the_four_sheets(client, coordinator, history):
    client.force_login(coordinator)

    book = workbook(
        client.get(URL, {"resolution": "forum-2018", "as_of": "2020-06-01"})
    )

    assert book.sheetnames == ["Сводка", "Рекомендации", "История", "Дисциплина"]


def test_it_shows_the_state_of_a_past_date_from_the_history(
    client, coordinator, history
):
    client.force_login(coordinator)

    book = workbook(
        client.get(URL, {"resolution": "forum-2018", "as_of": "2019-06-01"})
    )

    sheet = book["Рекомендации"]
    assert rows(sheet)[0] == (
        "№",
        "Группа адресатов",
        "Рекомендация",
        "Ответственные организации (головная первой)",
        "Срок",
        "Первоначальный срок",
        "Переносов срока",
        "Статус",
        "Прогресс",
        "Просрочено",
        "Дата последнего отчёта",
        "Последний комментарий",
        "Ссылка на подтверждение",
    )
    first, second, third = rows(sheet, 2)
    assert first[0] == "1.1"
    assert first[3] == "ДОиН\nТПП"
    assert first[4:9] == (datetime.datetime(2020, 1, 1),) * 2 + (0, "Выполняется", 0.4)
    assert first[10] == datetime.datetime(2019, 6, 1)
    assert second[7:10] == ("Отстаёт от срока", 0.2, "да")
    assert third[4:9] == (None, None, 0, "Не начато", 0)
    assert [row[0] for row in rows(book["История"], 2)] == ["1.1", "1.2"]


def test_it_shows_todays_state_with_the_last_comment_and_evidence(
    client, coordinator, history
):
    client.force_login(coordinator)

    book = workbook(client.get(URL, {"resolution": "forum-2018"}))

    first = rows(book["Рекомендации"], 2)[0]
    assert first[7:9] == ("Выполнено", 1)
    assert first[11:13] == ("+7 приказ № 12", "https://example.org/act")
    history_rows = rows(book["История"], 2)
    assert len(history_rows) == 3
    assert history_rows[1][:6] == (
        "1.1",
        datetime.datetime(2020, 2, 1),
        "Выполнено",
        1,
        "ДОиН",
        "+7 приказ № 12",
    )


def test_it_counts_per_group_with_a_total(client, coordinator, history):
    client.force_login(coordinator)

    book = workbook(
        client.get(URL, {"resolution": "forum-2018", "as_of": "2019-06-01"})
    )

    sheet = book["Сводка"]
    assert sheet["B2"].value == "Резолюция форума"
    assert sheet["B5"].value == datetime.datetime(2019, 6, 1)
    assert sheet["B5"].is_date
    header, first, second, total = rows(sheet, 8)[:4]
    assert header[:4] == (
        "Группа адресатов",
        "Рекомендаций",
        "Не начато",
        "Выполняется",
    )
    assert header[-2:] == ("Просрочено", "Средний прогресс")
    # total, not started, in progress, ongoing, delayed, done, cancelled, overdue
    assert first[:9] == ("Органы власти", 2, 0, 1, 0, 1, 0, 0, 1)
    assert first[9] == pytest.approx(0.3)
    assert second[:3] == ("Партнёры", 1, 1)
    assert total[:2] == ("Итого", 3)
    assert total[9] == pytest.approx(0.2)


def test_it_looks_finished(client, coordinator, history):
    client.force_login(coordinator)

    book = workbook(client.get(URL, {"resolution": "forum-2018"}))

    for name, header_row in (("Сводка", 8), ("Рекомендации", 1), ("История", 1)):
        sheet = book[name]
        assert sheet.freeze_panes == f"A{header_row + 1}"
        assert sheet.auto_filter.ref.startswith(f"A{header_row}:")
        assert sheet.cell(header_row, 1).font.b
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.column_dimensions["C"].width > 10
    items = book["Рекомендации"]
    assert items["C2"].alignment.wrap_text
    # Two organisations, one a line: the row is two lines high.
    assert items.row_dimensions[2].height == 30
    assert items["E2"].is_date and items["E2"].number_format == "DD.MM.YYYY"
    assert items["F2"].is_date and items["F2"].number_format == "DD.MM.YYYY"
    assert items["I2"].number_format == "0%"
    assert isinstance(items["I2"].value, (int, float))
    assert book["Сводка"]["J9"].number_format == "0%"


def test_it_never_writes_text_as_a_formula(client, coordinator, history):
    client.force_login(coordinator)

    book = workbook(client.get(URL, {"resolution": "forum-2018"}))

    cell = book["Рекомендации"]["C2"]
    assert cell.value == '=HYPERLINK("http://evil") обеспечить условия'
    assert cell.data_type == "s"


def test_it_defaults_to_the_current_resolution_and_today(
    client, coordinator, history, make_resolution
):
    make_resolution(adopted_on=datetime.date(2010, 1, 1), slug="old")
    client.force_login(coordinator)

    response = client.get(URL)

    assert "forum-2018" in response["Content-Disposition"]
    assert workbook(response)["Сводка"]["B2"].value == "Резолюция форума"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"as_of": "01.06.2019"}, "ГГГГ-ММ-ДД"),
        ({"as_of": "2019-02-30"}, "ГГГГ-ММ-ДД"),
        ({"as_of": "2999-01-01"}, "в будущем"),
        ({"resolution": "no-such-thing"}, "Нет резолюции с таким кодом"),
    ],
)
def test_it_refuses_bad_parameters_with_a_400(
    client, coordinator, history, params, message
):
    client.force_login(coordinator)

    response = client.get(URL, params)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_it_forbids_officials(client, make_official, org, history):
    client.force_login(make_official(org))

    assert client.get(URL).status_code == 403
    assert client.get(reverse("reports")).status_code == 403


def test_it_sends_the_anonymous_visitor_to_the_admin_login(client, history):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_offers_coordinators_a_page_to_choose(client, coordinator, history):
    client.force_login(coordinator)

    response = client.get(reverse("reports"))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'action="/reports/progress.xlsx"' in page
    assert 'value="forum-2018" selected' in page
    assert 'type="date"' in page


def test_it_links_the_chooser_from_the_admin(client, coordinator, history):
    client.force_login(coordinator)

    response = client.get(reverse("admin:recommendations_recommendation_changelist"))

    assert reverse("reports") in response.content.decode()


def test_it_runs_a_fixed_number_of_queries(
    client,
    coordinator,
    make_resolution,
    make_group,
    make_recommendation,
    make_organisation,
    make_update,
    django_assert_max_num_queries,
):
    resolution = make_resolution(slug="big")
    groups = [make_group() for _ in range(3)]
    for n in range(30):
        item = make_recommendation(
            resolution=resolution,
            group=groups[n % 3],
            lead=make_organisation(),
            others=[make_organisation()],
        )
        for day in range(1, 4):
            make_update(item, reported_on=datetime.date(2019, 1, day))
    client.force_login(coordinator)

    # Two of them read the reports for the «Дисциплина» sheet.
    with django_assert_max_num_queries(14):
        book = workbook(client.get(URL, {"resolution": "big"}))

    assert len(rows(book["Рекомендации"], 2)) == 30
    assert len(rows(book["История"], 2)) == 90


def test_it_shows_the_original_deadline_and_the_changes_decided_by_the_date(
    client, coordinator, history, setting
):
    from recommendations.services import deadline_change

    _, (done, *_) = setting
    done.original_due_on = done.due_on
    done.save()
    deadline_change(
        recommendation=done,
        user=coordinator,
        due_on=datetime.date(2020, 6, 30),
        justification="Решение совета",
    )
    client.force_login(coordinator)

    today = rows(
        workbook(client.get(URL, {"resolution": "forum-2018"}))["Рекомендации"], 2
    )
    before = rows(
        workbook(client.get(URL, {"resolution": "forum-2018", "as_of": "2020-06-01"}))[
            "Рекомендации"
        ],
        2,
    )

    assert today[0][4:7] == (
        datetime.datetime(2020, 6, 30),
        datetime.datetime(2020, 1, 1),
        1,
    )
    assert before[0][6] == 0
