"""Evidence files open for those who may see the report, and for nobody else."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from recommendations.models import ReviewState
from tests.samples import PDF

DOCX = b"PK\x03\x04" + b"\x00" * 60


@pytest.mark.django_db
def test_it_shows_a_published_pdf_in_the_browser_to_anyone(client, published_a):
    response = client.get(reverse("evidence", args=[published_a.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.django_db
def test_it_downloads_an_office_document_under_a_neutral_name(client, published_a):
    published_a.evidence_file.save("Приказ.docx", ContentFile(DOCX))

    response = client.get(reverse("evidence", args=[published_a.pk]))

    assert response["Content-Disposition"].startswith("attachment")
    assert (
        f"evidence-{published_a.recommendation_id}-{published_a.pk}.docx"
        in (response["Content-Disposition"])
    )


@pytest.mark.django_db
def test_it_hides_an_unpublished_file_from_the_anonymous_and_other_organisations(
    client, pending_a, official_b
):
    assert client.get(reverse("evidence", args=[pending_a.pk])).status_code == 404
    client.force_login(official_b)
    assert client.get(reverse("evidence", args=[pending_a.pk])).status_code == 404


@pytest.mark.django_db
def test_it_hides_a_returned_reports_file_until_it_is_published(
    client, pending_a, official_a
):
    type(pending_a).objects.filter(pk=pending_a.pk).update(state=ReviewState.RETURNED)

    assert client.get(reverse("evidence", args=[pending_a.pk])).status_code == 404
    client.force_login(official_a)
    assert client.get(reverse("evidence", args=[pending_a.pk])).status_code == 200


@pytest.mark.django_db
def test_it_answers_404_for_a_report_without_a_file_or_a_missing_one(
    client, make_update, item_a, org_a, published_a
):
    bare = make_update(item_a, organisation=org_a)
    published_a.evidence_file.storage.delete(published_a.evidence_file.name)

    assert client.get(reverse("evidence", args=[bare.pk])).status_code == 404
    assert client.get(reverse("evidence", args=[published_a.pk])).status_code == 404
    assert client.get("/evidence/999999/").status_code == 404
