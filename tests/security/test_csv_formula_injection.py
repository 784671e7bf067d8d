"""No CSV the portal writes holds a formula, read with «,» or with «;» as Excel
in a Russian locale reads it."""

import csv
import io

import pytest
from django.urls import reverse

from tests.documents.test_admin_exports import CSV, export

PAYLOAD = "done;=cmd|' /C calc'!A0;"
ESCAPED = "done;'=cmd|' /C calc'!A0;"
SECOND_LINE = 'Итог:\n=HYPERLINK("http://evil")'
FORMULA_START = ("=", "+", "-", "@")


def cells(content: bytes, delimiter: str) -> list[list[str]]:
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def assert_no_formula(content: bytes) -> None:
    for delimiter in (",", ";"):
        for row in cells(content, delimiter):
            for cell in row:
                assert not cell.startswith(FORMULA_START), (delimiter, cell)
    # Excel splitting by «;» also starts a record at every line break.
    for line in content.decode("utf-8-sig").splitlines():
        for cell in line.split(";"):
            assert not cell.startswith(FORMULA_START), cell


@pytest.fixture
def hostile(make_recommendation, make_update, org_a):
    item = make_recommendation(lead=org_a, text=f"Обеспечить {PAYLOAD}")
    make_update(item, organisation=org_a, comment=PAYLOAD)
    make_update(item, organisation=org_a, comment=SECOND_LINE)
    return item


@pytest.mark.django_db
def test_the_open_data_csv_holds_no_formula(client, hostile):
    response = client.get("/opendata/recommendations.csv")
    content = b"".join(response.streaming_content)

    assert_no_formula(content)
    (row,) = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    assert row["text"] == f"Обеспечить {ESCAPED}"


@pytest.mark.django_db
def test_the_admin_csv_export_holds_no_formula(client, coordinator, hostile):
    client.force_login(coordinator)
    url = reverse("admin:recommendations_statusupdate_export")

    content = export(client, url, CSV).content

    assert_no_formula(content)
    assert any(ESCAPED in row for row in cells(content, ","))


@pytest.mark.django_db
def test_the_recommendation_export_holds_no_formula(client, coordinator, hostile):
    client.force_login(coordinator)
    url = reverse("admin:recommendations_recommendation_export")

    assert_no_formula(export(client, url, CSV).content)
