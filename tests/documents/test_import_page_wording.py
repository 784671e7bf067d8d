"""The import page and its template speak plainly: a file named for what it is,
the columns one by one in «quotes», no withdrawn items, no «Вас»."""

import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from recommendations.documents.import_resource import (
    COLUMN_PROGRESS,
    COLUMN_RECOMMENDATION,
    COLUMN_REPORTED_ON,
    COLUMN_STATUS,
)
from recommendations.models import Status

IMPORT_URL = reverse("admin:recommendations_statusupdate_import")
TEMPLATE_URL = reverse("admin:recommendations_statusupdate_import_template")


@pytest.fixture
def org(make_organisation):
    return make_organisation(name="Департамент образования", slug="edu")


@pytest.fixture
def official(make_official, org):
    return make_official(org)


@pytest.mark.django_db
def test_it_names_the_template_file_for_what_it_is(client, official):
    client.force_login(official)

    disposition = client.get(TEMPLATE_URL)["Content-Disposition"]

    assert 'filename="shablon-otchetov-' in disposition
    assert "шаблон-отчётов-" in unquote(disposition.split("filename*=UTF-8''")[1])
    assert disposition.endswith(".xlsx")


@pytest.mark.django_db
def test_it_leaves_withdrawn_items_out_of_the_template(
    client, official, org, make_recommendation, make_resolution
):
    resolution = make_resolution()
    kept = make_recommendation(resolution=resolution, lead=org, number="1.1")
    withdrawn = make_recommendation(
        resolution=resolution, lead=org, number="1.2", status=Status.CANCELLED
    )
    client.force_login(official)

    book = load_workbook(io.BytesIO(client.get(TEMPLATE_URL).content))

    ids = [row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert kept.pk in ids and withdrawn.pk not in ids


@pytest.mark.django_db
def test_it_lists_the_columns_one_by_one_in_quotes(client, official):
    client.force_login(official)

    page = client.get(IMPORT_URL).content.decode()

    assert f"<li>«{COLUMN_PROGRESS}»</li>" in page
    assert f"<li>«{COLUMN_RECOMMENDATION}»</li>" in page


@pytest.mark.django_db
def test_it_asks_to_confirm_in_plain_russian(
    client, official, org, make_recommendation
):
    item = make_recommendation(lead=org)
    book = Workbook()
    book.active.append(
        [COLUMN_RECOMMENDATION, COLUMN_STATUS, COLUMN_PROGRESS, COLUMN_REPORTED_ON]
    )
    book.active.append([item.pk, "Выполняется", 20, "01.03.2019"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "reports.xlsx"
    client.force_login(official)

    page = client.post(
        IMPORT_URL, {"import_file": out, "resource": "0", "format": ""}
    ).content.decode()

    assert "нажмите «Подтвердить импорт»" in page
    assert "Вас" not in page and "'Подтвердить импорт'" not in page
