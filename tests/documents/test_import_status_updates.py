"""Bulk import of status updates from a spreadsheet: preview, confirm, all or none."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from recommendations.documents.import_resource import (
    COLUMN_COMMENT,
    COLUMN_EVIDENCE_URL,
    COLUMN_ORGANISATION,
    COLUMN_PROGRESS,
    COLUMN_RECOMMENDATION,
    COLUMN_REPORTED_ON,
    COLUMN_STATUS,
)
from recommendations.models import ReviewState, Status, StatusUpdate

IMPORT_URL = reverse("admin:recommendations_statusupdate_import")
CONFIRM_URL = reverse("admin:recommendations_statusupdate_process_import")
TEMPLATE_URL = reverse("admin:recommendations_statusupdate_import_template")
HEADERS = [
    COLUMN_RECOMMENDATION,
    COLUMN_ORGANISATION,
    COLUMN_STATUS,
    COLUMN_PROGRESS,
    COLUMN_COMMENT,
    COLUMN_EVIDENCE_URL,
    COLUMN_REPORTED_ON,
]
DAY = datetime.date(2019, 3, 1)


@pytest.fixture
def org(make_organisation):
    return make_organisation(name="Департамент образования", slug="edu")


@pytest.fixture
def other_org(make_organisation):
    return make_organisation(name="Колледж", slug="college")


@pytest.fixture
def items(make_recommendation, make_resolution, org):
    resolution = make_resolution()
    return [
        make_recommendation(resolution=resolution, lead=org, number=f"1.{n}")
        for n in (1, 2, 3)
    ]


@pytest.fixture
def foreign_item(make_recommendation, other_org):
    return make_recommendation(lead=other_org, number="4.1")


@pytest.fixture
def official(make_official, org):
    return make_official(org)


def xlsx(rows, headers=HEADERS) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("reports.xlsx", out.getvalue())


def csv_file(text: str, name: str = "reports.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8-sig"))


def preview(client, upload):
    response = client.post(
        IMPORT_URL, {"import_file": upload, "resource": "0", "format": ""}
    )
    return response


def confirm(client, response):
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(CONFIRM_URL, data)


def errors_of(response) -> list[tuple[int, str, str]]:
    result = response.context["result"]
    return [
        (row.number + 1, column, message)
        for row in result.invalid_rows
        for column, messages in row.field_specific_errors.items()
        for message in messages
    ]


def test_it_imports_a_good_file_after_a_preview(client, official, items, org):
    client.force_login(official)
    upload = xlsx(
        [
            [items[0].pk, None, "in_progress", 40, "Начато", None, DAY],
            [items[1].pk, "edu", "Выполнено", 100, "", "https://example.org/", DAY],
            [items[2].pk, None, None, None, None, None, None],  # left for later
        ]
    )

    response = preview(client, upload)

    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert StatusUpdate.objects.count() == 0
    page = response.content.decode()
    assert "Выполнено" in page

    response = confirm(client, response)

    assert response.status_code == 302
    updates = list(StatusUpdate.objects.order_by("recommendation__number"))
    assert [
        (u.recommendation, u.organisation, u.author, u.status, u.progress, u.state)
        for u in updates
    ] == [
        (items[0], org, official, Status.IN_PROGRESS, 40, ReviewState.SUBMITTED),
        (items[1], org, official, Status.DONE, 100, ReviewState.SUBMITTED),
    ]
    assert updates[0].reported_on == DAY
    items[0].refresh_from_db()
    assert items[0].status == Status.NOT_STARTED  # not published until reviewed


def test_it_accepts_the_field_names_of_the_design_as_headers(client, official, items):
    client.force_login(official)
    upload = csv_file(
        "recommendation,organisation,status,progress,comment,evidence_url,"
        f"reported_on\n{items[0].pk},edu,delayed,30,Задержка,,01.03.2019\n"
    )

    response = confirm(client, preview(client, upload))

    assert response.status_code == 302
    update = StatusUpdate.objects.get()
    assert (update.status, update.progress, update.reported_on) == (
        Status.DELAYED,
        30,
        DAY,
    )


def test_it_reads_a_csv_saved_by_a_russian_excel(client, official, items):
    client.force_login(official)
    upload = csv_file(
        ";".join(HEADERS)
        + f"\n{items[0].pk};;Отстаёт от срока;30;Задержка, ждём данные;;01.03.2019\n"
    )

    response = confirm(client, preview(client, upload))

    assert response.status_code == 302
    update = StatusUpdate.objects.get()
    assert (update.status, update.comment) == (
        Status.DELAYED,
        "Задержка, ждём данные",
    )


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            [999999, None, "in_progress", 40, "", None, DAY],
            COLUMN_RECOMMENDATION,
            "Нет рекомендации с id 999999.",
        ),
        (
            [None, None, "unknown", 40, "", None, DAY],
            COLUMN_STATUS,
            "Неизвестный статус «unknown»",
        ),
        (
            [None, None, "in_progress", 140, "", None, DAY],
            COLUMN_PROGRESS,
            "от 0 до 100",
        ),
        (
            [None, None, "done", 100, "Сделано", None, DAY],
            COLUMN_EVIDENCE_URL,
            "нужно подтверждение",
        ),
        (
            [None, None, "in_progress", 40, "", None, datetime.date(2099, 1, 1)],
            COLUMN_REPORTED_ON,
            "ещё не наступила",
        ),
        (
            [None, None, "in_progress", 40, "", None, datetime.date(2017, 1, 1)],
            COLUMN_REPORTED_ON,
            "до принятия резолюции",
        ),
        (
            [None, "nowhere", "in_progress", 40, "", None, DAY],
            COLUMN_ORGANISATION,
            "Нет организации с кодом «nowhere».",
        ),
        (
            [None, None, "in_progress", "сорок", "", None, DAY],
            COLUMN_PROGRESS,
            "целым числом",
        ),
        (
            [None, None, "in_progress", 40, "", None, "вчера"],
            COLUMN_REPORTED_ON,
            "не дата",
        ),
        (
            [None, None, "in_progress", 40, "", "not a link", DAY],
            COLUMN_EVIDENCE_URL,
            "не веб-адрес",
        ),
    ],
)
def test_it_reports_every_bad_row_and_imports_nothing(
    client, official, items, row, column, message
):
    client.force_login(official)
    if row[0] is None:
        row[0] = items[1].pk
    good = [items[0].pk, None, "in_progress", 40, "", None, DAY]
    response = preview(client, xlsx([good, row]))

    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    [(number, bad_column, text)] = errors_of(response)
    assert (number, bad_column) == (3, column)
    assert message in text
    assert "<td>3</td>" in response.content.decode()
    assert StatusUpdate.objects.count() == 0


def test_it_refuses_another_organisations_recommendation_given_its_id(
    client, official, items, foreign_item
):
    client.force_login(official)
    rows = [
        [items[0].pk, None, "in_progress", 40, "", None, DAY],
        [foreign_item.pk, None, "in_progress", 40, "", None, DAY],
        [foreign_item.pk, "college", "in_progress", 40, "", None, DAY],
    ]

    response = preview(client, xlsx(rows))

    # Told as of an id that does not exist: nothing of the other item shows.
    unknown = f"Нет рекомендации с id {foreign_item.pk}."
    assert errors_of(response) == [
        (3, COLUMN_RECOMMENDATION, unknown),
        (4, COLUMN_RECOMMENDATION, unknown),
    ]
    assert "4.1" not in response.content.decode()
    assert StatusUpdate.objects.count() == 0


def test_it_lists_every_bad_row_with_its_spreadsheet_row_number(
    client, official, items
):
    client.force_login(official)
    rows = [
        [items[0].pk, None, "in_progress", 40, "", None, DAY],
        [items[1].pk, None, "in_progress", 400, "", None, DAY],
        [items[2].pk, None, "куда-то", 40, "", None, DAY],
    ]

    response = preview(client, xlsx(rows))

    assert [(number, column) for number, column, _ in errors_of(response)] == [
        (3, COLUMN_PROGRESS),
        (4, COLUMN_STATUS),
    ]
    page = response.content.decode()
    assert "Ничего не импортировано" in page
    assert StatusUpdate.objects.count() == 0


def test_it_imports_nothing_when_a_row_goes_bad_between_preview_and_confirm(
    client, official, items, org, settings
):
    client.force_login(official)
    rows = [
        [items[0].pk, None, "in_progress", 40, "", None, DAY],
        [items[1].pk, None, "in_progress", 50, "", None, DAY],
    ]
    response = preview(client, xlsx(rows))
    # The official leaves the organisation before confirming.
    official.memberships.all().delete()

    response = confirm(client, response)

    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL
    assert StatusUpdate.objects.count() == 0


def test_it_refuses_a_file_that_is_not_a_spreadsheet(client, official, items):
    client.force_login(official)
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 not a spreadsheet")

    response = preview(client, upload)

    assert response.status_code == 200
    assert "не таблица" in str(response.context["form"].errors["import_file"])
    assert StatusUpdate.objects.count() == 0


def test_it_refuses_a_broken_xlsx(client, official, items):
    client.force_login(official)
    upload = SimpleUploadedFile("report.xlsx", b"PK\x03\x04 broken zip")

    response = preview(client, upload)

    assert "не удалось прочитать" in str(response.context["form"].errors)
    assert StatusUpdate.objects.count() == 0


def test_it_refuses_a_file_over_the_size_limit(client, official, items, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    client.force_login(official)
    upload = csv_file("recommendation\n" + "1\n" * 600_000)

    response = preview(client, upload)

    assert "больше 1 МБ" in str(response.context["form"].errors["import_file"])
    assert StatusUpdate.objects.count() == 0


def test_it_refuses_a_file_without_the_required_columns(client, official, items):
    client.force_login(official)
    upload = xlsx([[items[0].pk, "in_progress"]], headers=["id", "статус"])

    response = preview(client, upload)

    assert response.context.get("confirm_form") is None
    page = response.content.decode()
    assert "«Прогресс, %»" in page
    assert "Ничего не импортировано" in page
    assert StatusUpdate.objects.count() == 0


def test_it_refuses_a_template_with_nothing_filled_in(client, official, items):
    client.force_login(official)

    response = preview(client, xlsx([[item.pk] for item in items]))

    assert response.context.get("confirm_form") is None
    assert "нет ни одного отчёта" in response.content.decode()


def test_it_lets_no_view_only_user_import(client, items, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_statusupdate"))
    client.force_login(viewer)

    assert client.get(IMPORT_URL).status_code == 403
    assert client.get(TEMPLATE_URL).status_code == 403
    row = [items[0].pk, "edu", "in_progress", 40, "", None, DAY]
    assert preview(client, xlsx([row])).status_code == 403
    assert StatusUpdate.objects.count() == 0


def test_it_sends_the_anonymous_visitor_to_the_login(client):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_it_keeps_the_file_between_preview_and_confirm_with_the_media(
    client, official, items, settings
):
    client.force_login(official)
    rows = [[items[0].pk, None, "in_progress", 40, "", None, DAY]]
    response = preview(client, xlsx(rows))
    name = response.context["confirm_form"].initial["import_file_name"]
    kept = settings.MEDIA_ROOT / "django-import-export" / name

    assert kept.exists()

    kept.unlink()
    response = confirm(client, response)

    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL
    assert StatusUpdate.objects.count() == 0


def test_it_offers_a_template_prefilled_with_the_users_recommendations(
    client, official, items, foreign_item
):
    client.force_login(official)

    response = client.get(TEMPLATE_URL)

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == (COLUMN_RECOMMENDATION, "№", "Текст рекомендации")
    assert [row[:3] for row in rows[1:]] == [
        (item.pk, item.number, item.text) for item in items
    ]
    assert all(value is None for row in rows[1:] for value in row[3:])
    assert sheet.freeze_panes == "D2"


def test_it_imports_the_template_once_filled_in(client, official, items):
    client.force_login(official)
    book = load_workbook(io.BytesIO(client.get(TEMPLATE_URL).content))
    sheet = book.worksheets[0]
    sheet["E2"], sheet["F2"], sheet["I2"] = "Выполняется", 25, DAY
    out = io.BytesIO()
    book.save(out)

    response = preview(client, SimpleUploadedFile("filled.xlsx", out.getvalue()))
    response = confirm(client, response)

    assert response.status_code == 302
    update = StatusUpdate.objects.get()
    assert (update.recommendation, update.progress) == (items[0], 25)
