"""An official reports in the admin; a coordinator reviews; each refusal is clear."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from recommendations.models import ReviewState, StatusUpdate
from tests.samples import PDF

ADD = "admin:recommendations_statusupdate_add"
CHANGELIST = "admin:recommendations_statusupdate_changelist"


def report(**fields) -> dict:
    return {
        "status": "in_progress",
        "progress": "40",
        "reported_on": "01.03.2019",
        "comment": "Проведено совещание",
        "evidence_url": "",
    } | fields


def errors_of(response) -> str:
    return " ".join(
        str(e) for e in response.context["adminform"].form.errors.values()
    ) + " ".join(str(e) for e in response.context.get("inline_admin_formsets", []))


@pytest.mark.django_db
def test_it_prefills_the_item_and_sets_the_officials_only_organisation(
    client, item_a, official_a
):
    client.force_login(official_a)

    response = client.get(reverse(ADD), {"recommendation": item_a.pk})

    form = response.context["adminform"].form
    assert form.initial["recommendation"] == str(item_a.pk)
    assert "organisation" not in form.fields  # never asked to choose
    assert "Тайная мера организации А" in response.content.decode()


@pytest.mark.django_db
def test_it_records_an_officials_report_as_awaiting_review_and_tells_coordinators(
    client, item_a, org_a, official_a, coordinator, django_capture_on_commit_callbacks
):
    coordinator.email = "coordinator@example.ru"
    coordinator.save()
    client.force_login(official_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(ADD), report(recommendation=item_a.pk, _save="1")
        )

    assert response.status_code == 302
    update = StatusUpdate.objects.get()
    assert (update.state, update.organisation, update.author) == (
        ReviewState.SUBMITTED,
        org_a,
        official_a,
    )
    item_a.refresh_from_db()
    assert item_a.status == "not_started"  # the public sees nothing yet
    assert [m.to for m in mail.outbox] == [["coordinator@example.ru"]]
    assert item_a.number in mail.outbox[0].subject
    assert f"/admin/recommendations/statusupdate/{update.pk}/" in mail.outbox[0].body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields,message",
    [
        (
            {"status": "done", "progress": "100", "comment": "Сделано"},
            "нужно подтверждение",
        ),
        (
            {"reported_on": (timezone.localdate() + datetime.timedelta(days=3))},
            "к будущему",
        ),
        ({"progress": "140"}, "100"),
    ],
)
def test_it_refuses_a_bad_report_with_a_clear_message(
    client, item_a, official_a, fields, message
):
    if "reported_on" in fields:
        fields["reported_on"] = fields["reported_on"].strftime("%d.%m.%Y")
    client.force_login(official_a)

    response = client.post(
        reverse(ADD), report(recommendation=item_a.pk, _save="1", **fields)
    )

    assert response.status_code == 200
    assert message in errors_of(response)
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_report_on_another_organisations_item(client, item_b, official_a):
    client.force_login(official_a)

    response = client.post(reverse(ADD), report(recommendation=item_b.pk, _save="1"))

    assert response.status_code == 200
    assert "recommendation" in response.context["adminform"].form.errors
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,content,message",
    [
        ("virus.exe", b"MZ\x90\x00", "нельзя прикрепить"),
        ("act.pdf", b"MZ\x90\x00 not a pdf", "не соответствует"),
        ("big.pdf", PDF + b"0" * (1024 * 1024 + 1), "до 1 МБ"),
    ],
)
def test_it_refuses_a_bad_evidence_file(
    client, item_a, official_a, settings, name, content, message
):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    client.force_login(official_a)

    response = client.post(
        reverse(ADD),
        report(
            recommendation=item_a.pk,
            _save="1",
            evidence_file=SimpleUploadedFile(name, content),
        ),
    )

    assert response.status_code == 200
    assert message in errors_of(response)
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
def test_it_accepts_a_pdf_as_evidence_for_done_under_an_unguessable_name(
    client, item_a, official_a
):
    client.force_login(official_a)

    client.post(
        reverse(ADD),
        report(
            recommendation=item_a.pk,
            status="done",
            progress="100",
            comment="Готово",
            _save="1",
            evidence_file=SimpleUploadedFile("Приказ 12.pdf", PDF),
        ),
    )

    update = StatusUpdate.objects.get()
    assert update.evidence_file.name.endswith(".pdf")
    assert "Приказ" not in update.evidence_file.name
    assert len(update.evidence_file.name.rsplit("/", 1)[1]) == len("x" * 32 + ".pdf")


@pytest.mark.django_db
def test_it_returns_a_report_with_a_note_and_lets_the_official_resubmit(
    client,
    item_a,
    pending_a,
    official_a,
    coordinator,
    django_capture_on_commit_callbacks,
):
    client.force_login(coordinator)
    return_url = reverse(
        "admin:recommendations_statusupdate_return", args=[pending_a.pk]
    )
    empty = client.post(return_url, {"review_note": "  "})
    assert "обязательно" in str(empty.context["form"].errors)
    pending_a.refresh_from_db()
    assert pending_a.state == ReviewState.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            return_url,
            {
                "review_note": "Приложите протокол",
                f"seen-{pending_a.pk}": pending_a.version_key,
            },
        )

    pending_a.refresh_from_db()
    assert pending_a.state == ReviewState.RETURNED
    assert mail.outbox[-1].to == ["a@example.ru"]
    assert "Приложите протокол" in mail.outbox[-1].body

    client.force_login(official_a)
    change = reverse("admin:recommendations_statusupdate_change", args=[pending_a.pk])
    page = client.get(change).content.decode()
    assert "Приложите протокол" in page
    response = client.post(
        change, report(progress="45", comment="Протокол № 5 приложен", _save="1")
    )
    assert response.status_code == 302
    pending_a.refresh_from_db()
    assert (pending_a.state, pending_a.progress) == (ReviewState.SUBMITTED, 45)


@pytest.mark.django_db
def test_it_publishes_from_the_queue_and_tells_the_author(
    client, item_a, pending_a, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    selection = {"action": "publish", "_selected_action": [pending_a.pk]}
    asked = client.post(reverse(CHANGELIST), selection)
    assert asked.status_code == 200  # what will be published, to confirm
    assert "Черновой отчёт организации А" in asked.content.decode()
    pending_a.refresh_from_db()
    assert pending_a.state == ReviewState.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(CHANGELIST),
            selection | {"confirm": "1", f"seen-{pending_a.pk}": pending_a.version_key},
        )

    assert response.status_code == 302
    pending_a.refresh_from_db()
    item_a.refresh_from_db()
    assert pending_a.state == ReviewState.PUBLISHED
    assert (item_a.status, item_a.progress) == ("in_progress", 50)
    assert mail.outbox[-1].to == ["a@example.ru"]
    assert f"/recommendations/{item_a.pk}/" in mail.outbox[-1].body


@pytest.mark.django_db
def test_it_asks_for_a_note_when_returning_selected_reports(
    client, pending_a, coordinator
):
    client.force_login(coordinator)
    selection = {"action": "return_for_revision", "_selected_action": [pending_a.pk]}

    page = client.post(reverse(CHANGELIST), selection)
    assert page.status_code == 200
    assert "Черновой отчёт организации А" in page.content.decode()
    pending_a.refresh_from_db()
    assert pending_a.state == ReviewState.SUBMITTED

    seen = {f"seen-{pending_a.pk}": pending_a.version_key}
    client.post(
        reverse(CHANGELIST), selection | seen | {"review_note": "Уточните сроки"}
    )
    pending_a.refresh_from_db()
    assert (pending_a.state, pending_a.review_note) == (
        ReviewState.RETURNED,
        "Уточните сроки",
    )


@pytest.mark.django_db
def test_it_publishes_a_coordinators_own_report_at_once(
    client, item_a, org_a, coordinator
):
    client.force_login(coordinator)

    client.post(
        reverse(ADD),
        report(recommendation=item_a.pk, organisation=org_a.pk, _publish="1"),
    )

    update = StatusUpdate.objects.get()
    assert update.state == ReviewState.PUBLISHED and update.reviewed_by == coordinator


@pytest.mark.django_db
def test_it_never_lets_a_published_report_be_edited(
    client, published_a, official_a, coordinator
):
    change = reverse("admin:recommendations_statusupdate_change", args=[published_a.pk])
    for user in (official_a, coordinator):
        client.force_login(user)
        response = client.post(change, report(progress="99", _save="1"))
        assert response.status_code == 403
    published_a.refresh_from_db()
    assert published_a.progress == 50
    client.force_login(official_a)
    assert "изменить его нельзя" in client.get(change).content.decode()


@pytest.mark.django_db
def test_it_names_the_officials_button_for_what_it_does(client, item_a, official_a):
    client.force_login(official_a)

    page = client.get(reverse(ADD), {"recommendation": item_a.pk}).content.decode()

    assert 'value="Отправить на проверку"' in page
    assert 'value="Сохранить"' not in page


@pytest.mark.django_db
def test_it_keeps_the_evidence_file_across_a_form_error(client, item_a, official_a):
    client.force_login(official_a)
    upload = SimpleUploadedFile("prikaz.pdf", PDF, content_type="application/pdf")

    response = client.post(
        reverse(ADD),
        report(recommendation=item_a.pk, progress="150", evidence_file=upload),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Файл «prikaz.pdf» получен и будет приложен при отправке" in page
    assert not StatusUpdate.objects.exists()
    kept = response.context["adminform"].form.fields["evidence_file"].widget.kept

    response = client.post(
        reverse(ADD),
        report(
            recommendation=item_a.pk, progress="60", **{kept["field"]: kept["token"]}
        ),
    )

    assert response.status_code == 302
    update = StatusUpdate.objects.get()
    assert update.evidence_file.name.startswith("evidence/")
    assert update.evidence_file.read() == PDF


@pytest.mark.django_db
def test_it_attaches_a_kept_file_only_for_the_one_who_sent_it(
    client, item_a, official_a, make_official, org_a
):
    client.force_login(official_a)
    upload = SimpleUploadedFile("prikaz.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse(ADD),
        report(recommendation=item_a.pk, progress="150", evidence_file=upload),
    )
    kept = response.context["adminform"].form.fields["evidence_file"].widget.kept
    client.force_login(make_official(org_a, username="colleague"))

    response = client.post(
        reverse(ADD),
        report(
            recommendation=item_a.pk, progress="60", **{kept["field"]: kept["token"]}
        ),
    )

    assert response.status_code == 200
    assert "больше не хранится: приложите его ещё раз" in errors_of(response)
    assert not StatusUpdate.objects.exists()
