"""Raw exports of recommendations and status updates from the admin."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

RECOMMENDATIONS = reverse("admin:recommendations_recommendation_export")
UPDATES = reverse("admin:recommendations_statusupdate_export")
XLSX, CSV = "0", "1"


@pytest.fixture
def org(make_organisation):
    return make_organisation(name="Департамент образования", slug="edu")


@pytest.fixture
def other_org(make_organisation):
    return make_organisation(name="Колледж", slug="college")


@pytest.fixture
def items(make_resolution, make_recommendation, make_update, org, other_org):
    resolution = make_resolution(title="Резолюция 2018")
    mine = make_recommendation(
        resolution=resolution,
        number="1.1",
        order=1,
        lead=org,
        due_on=datetime.date(2019, 1, 1),
        text="=1+2 обеспечить",
    )
    theirs = make_recommendation(
        resolution=resolution, number="4.1", order=2, lead=other_org
    )
    make_update(
        mine,
        status="in_progress",
        progress=40,
        comment="-Начато",
        reported_on=datetime.date(2019, 3, 1),
    )
    make_update(theirs, status="delayed", progress=10, comment="@чужое")
    return mine, theirs


def export(client, url: str, file_format: str):
    form = client.get(url).context["form"]
    data = {"format": file_format, "resource": "0"}
    skip = ("format", "resource", "export_items")
    data |= {name: "on" for name in form.fields if name not in skip}
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:300]
    return response


def xlsx_rows(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(response.content))
    return list(book.worksheets[0].iter_rows(values_only=True)), book.worksheets[0]


def csv_rows(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_it_exports_recommendations_with_their_state_in_xlsx(
    client, coordinator, items
):
    client.force_login(coordinator)

    rows, sheet = xlsx_rows(export(client, RECOMMENDATIONS, XLSX))

    header = rows[0]
    assert header[:6] == (
        "ID",
        "Резолюция",
        "Дата резолюции",
        "Группа адресатов",
        "№",
        "Текст рекомендации",
    )
    assert "Статус" in header and "Просрочено" in header
    by_number = {row[4]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_number) == {"1.1", "4.1"}
    first = by_number["1.1"]
    assert first["Срок"] == datetime.datetime(2019, 1, 1)
    assert first["Статус"] == "Не начато"  # nothing published yet through services
    assert first["Просрочено"] == "да"
    assert first["Текст рекомендации"] == "=1+2 обеспечить"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b


def test_it_never_writes_a_formula_into_the_xlsx(client, coordinator, items):
    client.force_login(coordinator)

    rows, sheet = xlsx_rows(export(client, RECOMMENDATIONS, XLSX))

    text_column = rows[0].index("Текст рекомендации") + 1
    cells = [sheet.cell(row, text_column) for row in range(2, sheet.max_row + 1)]
    formula = [cell for cell in cells if cell.value == "=1+2 обеспечить"]
    assert formula and formula[0].data_type == "s"


def test_it_escapes_formulas_in_the_csv(client, coordinator, items):
    client.force_login(coordinator)

    rows = csv_rows(export(client, UPDATES, CSV))

    header = rows[0]
    comments = {row[header.index("Комментарий")] for row in rows[1:]}
    assert comments == {"'-Начато", "'@чужое"}


def test_it_limits_an_officials_export_to_their_organisations(
    client, make_official, org, items
):
    client.force_login(make_official(org))

    recommendations = csv_rows(export(client, RECOMMENDATIONS, CSV))
    updates, _ = xlsx_rows(export(client, UPDATES, XLSX))

    assert [row[4] for row in recommendations[1:]] == ["1.1"]
    header = updates[0]
    assert [row[header.index("Организация (код)")] for row in updates[1:]] == ["edu"]
    assert updates[1][header.index("Статус")] == "Выполняется"
    assert updates[1][header.index("Дата сведений")] == (datetime.datetime(2019, 3, 1))


def test_it_exports_status_updates_with_russian_columns(client, coordinator, items):
    client.force_login(coordinator)

    rows = csv_rows(export(client, UPDATES, CSV))

    assert rows[0] == [
        "ID",
        "ID рекомендации",
        "№",
        "Резолюция",
        "Организация (код)",
        "Организация",
        "Статус",
        "Прогресс, %",
        "Комментарий",
        "Ссылка на подтверждение",
        "Дата сведений",
        "Состояние проверки",
        "Автор",
        "Создано",
    ]
    assert len(rows) == 3


def test_it_sends_the_anonymous_visitor_to_the_login(client, items):
    response = client.get(RECOMMENDATIONS)

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_it_refuses_a_user_without_the_view_permission(
    client, django_user_model, items
):
    client.force_login(django_user_model.objects.create_user("x", is_staff=True))

    assert client.get(RECOMMENDATIONS).status_code == 403


def test_it_exports_in_a_fixed_number_of_queries(
    client,
    coordinator,
    make_resolution,
    make_recommendation,
    make_organisation,
    make_update,
    django_assert_max_num_queries,
):
    resolution = make_resolution()
    for n in range(30):
        item = make_recommendation(
            resolution=resolution,
            number=f"9.{n}",
            lead=make_organisation(),
            others=[make_organisation()],
        )
        make_update(item)
    client.force_login(coordinator)
    form = client.get(RECOMMENDATIONS).context["form"]
    skip = ("format", "resource", "export_items")
    data = {"format": XLSX, "resource": "0"}
    data |= {name: "on" for name in form.fields if name not in skip}

    with django_assert_max_num_queries(10):
        response = client.post(RECOMMENDATIONS, data)
    # Two requests (the form, then the file), each building the admin's list
    # filters: a fixed count, whatever the number of rows.
    with django_assert_max_num_queries(16):
        updates = export(client, UPDATES, CSV)

    rows, _ = xlsx_rows(response)
    assert len(rows) == 31
    assert all(
        ";" in row[rows[0].index("Ответственные организации")] for row in rows[1:]
    )
    assert len(csv_rows(updates)) == 31
