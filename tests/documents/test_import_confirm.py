"""Confirming a previewed import: once only, and only as the preview set it up."""

import datetime

import pytest
from django.test import Client

from recommendations.admin.status_update import StatusUpdateAdmin
from recommendations.models import StatusUpdate

from .test_import_status_updates import CONFIRM_URL, csv_file, preview, xlsx

DAY = datetime.date(2019, 3, 1)
REFUSAL = "Подтверждение не соответствует файлу"


@pytest.fixture
def previewed(client, official_a, item_a):
    client.force_login(official_a)
    response = preview(
        client, xlsx([[item_a.pk, None, "in_progress", 40, "", None, DAY]])
    )
    form = response.context["confirm_form"]
    assert form is not None
    return {name: form.initial.get(name, "") for name in form.fields}


@pytest.mark.django_db
def test_it_imports_a_file_confirmed_twice_at_once_only_once(
    client, official_a, previewed, monkeypatch
):
    # The second confirm arrives while the first is importing.
    other = Client()
    other.force_login(official_a)
    answers = []
    process_dataset = StatusUpdateAdmin.process_dataset

    def meanwhile(self, *args, **kwargs):
        if not answers:
            answers.append(other.post(CONFIRM_URL, previewed, follow=True))
        return process_dataset(self, *args, **kwargs)

    monkeypatch.setattr(StatusUpdateAdmin, "process_dataset", meanwhile)

    first = client.post(CONFIRM_URL, previewed)

    assert first.status_code == 302
    assert StatusUpdate.objects.count() == 1
    (second,) = answers
    assert second.status_code == 200
    assert "Этот файл уже импортирован" in second.content.decode()


@pytest.mark.django_db
def test_it_tells_a_second_confirm_the_file_was_imported(client, previewed):
    assert client.post(CONFIRM_URL, previewed).status_code == 302

    again = client.post(CONFIRM_URL, previewed, follow=True)

    assert "Этот файл уже импортирован" in again.content.decode()
    assert StatusUpdate.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tampered",
    [
        {"format": "99"},
        {"format": "abc"},
        {"format": "-1"},
        {"format": ""},
        {"format": "1"},  # CSV, for an .xlsx file
        {"resource": "7"},
        {"resource": "abc"},
        {"import_file_name": "../../settings.py"},
        {"original_file_name": "reports.csv"},
    ],
)
def test_it_answers_tampered_confirm_fields_with_a_bad_request(
    client, previewed, tampered
):
    response = client.post(CONFIRM_URL, previewed | tampered)

    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    assert not StatusUpdate.objects.exists()
    # The preview's own confirm still works afterwards.
    assert client.post(CONFIRM_URL, previewed).status_code == 302
    assert StatusUpdate.objects.count() == 1


@pytest.mark.django_db
def test_it_confirms_a_csv_file_with_its_own_format(client, official_a, item_a):
    client.force_login(official_a)
    response = preview(
        client,
        csv_file(
            "recommendation,status,progress,reported_on\n"
            f"{item_a.pk},in_progress,40,01.03.2019\n"
        ),
    )
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}

    assert client.post(CONFIRM_URL, data).status_code == 302
    assert StatusUpdate.objects.count() == 1
