"""Odd input is answered in Russian, never with Python's or the database's words."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from recommendations.models import StatusUpdate

ADD = reverse("admin:recommendations_statusupdate_add")
IMPORT_URL = reverse("admin:recommendations_statusupdate_import")
HEADERS = [
    "recommendation",
    "organisation",
    "status",
    "progress",
    "comment",
    "evidence_url",
    "reported_on",
]
FOREIGN_WORDS = ("float()", "NUL", "0x00", "Traceback", "Error", "expected")
ZERO_BYTE = "В тексте есть нулевой байт"


def import_preview(client, name: str, content: bytes) -> str:
    response = client.post(
        IMPORT_URL,
        {"import_file": SimpleUploadedFile(name, content), "resource": "0"},
    )
    assert response.status_code == 200
    return response.content.decode()


def csv_row(*cells: str) -> bytes:
    return (",".join(HEADERS) + "\n" + ",".join(cells) + "\n").encode("utf-8-sig")


def assert_in_russian(page: str, expected: str) -> None:
    assert expected in page
    for word in FOREIGN_WORDS:
        assert word not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (("", "Сделано\x00", ""), ZERO_BYTE),
        (("", "", "https://a.ru/\x00"), ZERO_BYTE),
        (("dept\x00", "", ""), ZERO_BYTE),
    ],
)
def test_it_answers_a_zero_byte_in_an_imported_file_in_russian(
    client, item_a, official_a, cells, expected
):
    client.force_login(official_a)
    organisation, comment, link = cells
    row = [
        str(item_a.pk),
        organisation,
        "in_progress",
        "40",
        comment,
        link,
        "01.03.2019",
    ]

    page = import_preview(client, "reports.csv", csv_row(*row))

    assert_in_russian(page, expected)
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
def test_it_answers_a_date_where_a_number_belongs_in_russian(
    client, item_a, official_a
):
    client.force_login(official_a)
    book = Workbook()
    book.active.append(HEADERS)
    when = datetime.datetime(2019, 3, 1)
    book.active.append([when, None, "in_progress", 40, "", None, when])
    buffer = io.BytesIO()
    book.save(buffer)

    page = import_preview(client, "reports.xlsx", buffer.getvalue())

    assert_in_russian(page, "ID рекомендации должен быть числом")


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["comment", "evidence_url"])
def test_it_answers_a_zero_byte_in_the_report_form_in_russian(
    client, item_a, official_a, field
):
    client.force_login(official_a)
    report = {
        "recommendation": item_a.pk,
        "status": "in_progress",
        "progress": "40",
        "reported_on": "01.03.2019",
        "comment": "Проведено совещание",
        "evidence_url": "https://example.org/",
        "_save": "1",
    }
    report[field] += "\x00"

    response = client.post(ADD, report)

    assert response.status_code == 200
    assert_in_russian(response.content.decode(), "ноль-байт")
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["{id}\x00", "{id}abc", "-{id}", "{id}.0"])
def test_it_asks_again_for_a_tampered_recommendation_in_the_report_form(
    client, item_a, official_a, value
):
    client.force_login(official_a)

    response = client.post(
        ADD,
        {
            "recommendation": value.format(id=item_a.pk),
            "status": "in_progress",
            "progress": "40",
            "reported_on": "01.03.2019",
            "_save": "1",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["recommendation"] == ["Обязательное поле."]
    assert not StatusUpdate.objects.exists()
