"""A spreadsheet built to keep a worker busy is refused within seconds, and a
real file past the row limit is told so."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from recommendations.models import StatusUpdate

IMPORT_URL = reverse("admin:recommendations_statusupdate_import")
HEADERS = ["recommendation", "status", "progress", "reported_on"]
SHEET = "xl/worksheets/sheet1.xml"


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewritten(content: bytes, change) -> bytes:
    """The workbook with its first sheet's XML changed by `change`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = source.read(member)
            if member.filename == SHEET:
                data = change(data.decode()).encode()
            target.writestr(member.filename, data)
    return out.getvalue()


def claims_every_cell(xml: str) -> str:
    start = xml.index("<dimension ")
    end = xml.index("/>", start) + 2
    return xml[:start] + '<dimension ref="A1:XFD1048576"/>' + xml[end:]


def with_last_row(xml: str) -> str:
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return xml.replace("</sheetData>", far + "</sheetData>")


def with_far_column(xml: str) -> str:
    far = '<row r="3"><c r="AZ3" t="inlineStr"><is><t>x</t></is></c></row>'
    return xml.replace("</sheetData>", far + "</sheetData>")


def upload(client, content: bytes, name: str = "reports.xlsx"):
    started = time.monotonic()
    response = client.post(
        IMPORT_URL,
        {"import_file": SimpleUploadedFile(name, content), "resource": "0"},
    )
    return response, time.monotonic() - started


def refused_with(response, words: str) -> bool:
    page = response.content.decode()
    return (
        response.status_code == 200
        and words in page
        and response.context.get("confirm_form") is None
    )


@pytest.fixture
def official(client, official_a):
    client.force_login(official_a)
    return official_a


@pytest.fixture
def good_row(item_a):
    return [item_a.pk, "in_progress", 40, "01.03.2019"]


@pytest.mark.django_db
def test_it_refuses_a_sheet_claiming_every_cell_with_one_in_the_last_row(
    client, official, good_row
):
    bomb = rewritten(
        workbook([good_row]), lambda xml: with_last_row(claims_every_cell(xml))
    )
    assert len(bomb) < 10_000

    response, seconds = upload(client, bomb)

    assert seconds < 5
    assert refused_with(response, "больше 50 столбцов")
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_sheet_whose_rows_go_past_the_limit(
    client, official, good_row, settings
):
    def far_row(xml: str) -> str:
        row = '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
        return claims_every_cell(xml).replace("</sheetData>", row + "</sheetData>")

    response, seconds = upload(client, rewritten(workbook([good_row]), far_row))

    assert seconds < 5
    assert refused_with(response, "больше 10000 строк")
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
def test_it_reads_the_cells_there_are_not_the_dimension_claimed(
    client, official, good_row
):
    content = rewritten(workbook([good_row]), claims_every_cell)

    response, seconds = upload(client, content)

    assert seconds < 5
    assert response.status_code == 200
    assert response.context["confirm_form"] is not None


@pytest.mark.django_db
def test_it_refuses_a_column_far_to_the_right(client, official, good_row):
    response, _ = upload(client, rewritten(workbook([good_row]), with_far_column))

    assert refused_with(response, "больше 50 столбцов")


@pytest.mark.django_db
def test_it_refuses_a_sheet_that_unpacks_huge(client, official, good_row, settings):
    settings.IMPORT_MAX_UNPACKED_MB = 2

    def padded(xml: str) -> str:
        # Compresses to a few kilobytes, unpacks to 3 MB.
        return xml.replace("<sheetData>", "<!--" + " " * 3_000_000 + "--><sheetData>")

    bomb = rewritten(workbook([good_row]), padded)
    assert len(bomb) < 50_000

    response, seconds = upload(client, bomb)

    assert seconds < 5
    assert refused_with(response, "распаковывается в объём больше 2 МБ")
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["reports.xlsx", "reports.csv"])
def test_it_refuses_more_rows_than_the_limit(
    client, official, good_row, settings, name
):
    settings.IMPORT_MAX_ROWS = 3
    rows = [good_row] * 4
    if name.endswith(".csv"):
        lines = [",".join(HEADERS)] + [",".join(map(str, row)) for row in rows]
        content = ("\n".join(lines) + "\n").encode("utf-8-sig")
    else:
        content = workbook(rows)

    response, _ = upload(client, content, name)

    assert refused_with(response, "больше 3 строк")


@pytest.mark.django_db
def test_it_previews_a_file_at_the_row_limit(client, official, item_a, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [[item_a.pk, "in_progress", 40 + n, "01.03.2019"] for n in range(3)]

    response, _ = upload(client, workbook(rows))

    assert response.context["confirm_form"] is not None
