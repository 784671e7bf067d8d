"""A control character is refused wherever text comes in, and one already in the
database cannot break the feed or a spreadsheet the portal writes."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from recommendations.models import Recommendation, Resolution, StatusUpdate
from stakeholders.models import Organisation

IMPORT_URL = reverse("admin:recommendations_statusupdate_import")
ADD_REPORT = reverse("admin:recommendations_statusupdate_add")
HEADERS = "recommendation,organisation,status,progress,comment,evidence_url,reported_on"
CONTROL = ["\x0b", "\x1b", "\x07"]
REFUSAL = "невидимый управляющий символ"


def refused(response) -> bool:
    return response.status_code == 200 and REFUSAL in response.content.decode()


def form_data(response) -> dict:
    """What the admin's change page would post back unchanged."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, datetime.date):
            value = f"{value:%d.%m.%Y}"
        data[form.add_prefix(name)] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for subform in formset.forms:
            for name in subform.fields:
                value = subform[name].value()
                if value not in (None, False):
                    data[subform.add_prefix(name)] = value
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("character", CONTROL)
@pytest.mark.parametrize("column", ["comment", "evidence_url"])
def test_it_refuses_a_control_character_in_an_imported_cell(
    client, item_a, official_a, character, column
):
    client.force_login(official_a)
    cells = {"comment": "Проведено совещание", "evidence_url": "https://a.ru/"}
    cells[column] = cells[column][:5] + character + cells[column][5:]
    row = f"{item_a.pk},,in_progress,40,{cells['comment']},{cells['evidence_url']},"
    text = f"{HEADERS}\n{row}01.03.2019\n"

    upload = SimpleUploadedFile("reports.csv", text.encode("utf-8-sig"))
    response = client.post(IMPORT_URL, {"import_file": upload, "resource": "0"})

    assert refused(response)
    assert response.context.get("confirm_form") is None
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["comment", "evidence_url"])
def test_it_refuses_a_control_character_in_the_report_form(
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
    report[field] += "\x1b"

    assert refused(client.post(ADD_REPORT, report))
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_control_character_in_a_resolution(client, coordinator):
    resolution = Resolution.objects.create(
        title="Резолюция",
        event="Форум",
        adopted_on=datetime.date(2018, 8, 22),
        place="Смоленск",
        slug="forum",
    )
    url = reverse("admin:recommendations_resolution_change", args=[resolution.pk])
    client.force_login(coordinator)
    data = form_data(client.get(url))
    data["title"] = "Резолюция\x0b форума"

    assert refused(client.post(url, data))
    resolution.refresh_from_db()
    assert resolution.title == "Резолюция"


@pytest.mark.django_db
def test_it_refuses_a_control_character_in_a_recommendation(
    client, coordinator, item_a
):
    url = reverse("admin:recommendations_recommendation_change", args=[item_a.pk])
    client.force_login(coordinator)
    data = form_data(client.get(url))
    data["text"] = "Обеспечить\x07 меру"

    assert refused(client.post(url, data))
    assert Recommendation.objects.get(pk=item_a.pk).text == item_a.text


@pytest.mark.django_db
def test_it_refuses_a_control_character_in_an_organisation(client, coordinator, org_a):
    url = reverse("admin:stakeholders_organisation_change", args=[org_a.pk])
    client.force_login(coordinator)
    data = form_data(client.get(url))
    data["name"] = "Департамент\x1b А"

    assert refused(client.post(url, data))
    assert Organisation.objects.get(pk=org_a.pk).name == org_a.name


@pytest.fixture
def stored_with_control_characters(make_update, item_a, org_a):
    """Text that came in before control characters were refused."""
    item_a.text = "Обеспечить\x0b меру"
    item_a.save()
    return make_update(
        item_a,
        organisation=org_a,
        comment="Совещание\x0b проведено\x1b",
        evidence_url="https://a.ru/\x07",
    )


@pytest.mark.django_db
def test_the_feed_drops_control_characters(client, stored_with_control_characters):
    response = client.get("/feed/")

    assert response.status_code == 200
    assert "Совещание проведено" in response.content.decode()


@pytest.mark.django_db
def test_the_progress_report_drops_control_characters(
    client, coordinator, stored_with_control_characters
):
    client.force_login(coordinator)
    resolution = stored_with_control_characters.recommendation.resolution

    response = client.get("/reports/progress.xlsx", {"resolution": resolution.slug})

    assert response.status_code == 200

    book = load_workbook(
        io.BytesIO(
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
    )
    values = [cell for row in book["История"].values for cell in row]
    assert "Совещание проведено" in values


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["0", "1"])
def test_the_admin_export_drops_control_characters(
    client, coordinator, stored_with_control_characters, file_format
):
    client.force_login(coordinator)
    url = reverse("admin:recommendations_statusupdate_export")

    response = client.post(url, {"format": file_format})

    assert response.status_code == 200
    assert b"\x0b" not in response.content
