"""An unpublished update's evidence file cannot be fetched by its address."""

import pytest
from django.core.files.base import ContentFile

from recommendations.models import ReviewState

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture
def unpublished(make_recommendation, make_organisation, make_update):
    recommendation = make_recommendation(lead=make_organisation())
    update = make_update(recommendation, state=ReviewState.SUBMITTED)
    update.evidence_file.save("prikaz.pdf", ContentFile(PDF))
    return update


@pytest.mark.django_db
def test_it_stores_the_file_under_a_name_nobody_can_guess(unpublished):
    name = unpublished.evidence_file.name

    assert "prikaz" not in name
    assert name.startswith("evidence/") and name.endswith(".pdf")
    assert len(name.rsplit("/", 1)[1]) == len("0123456789abcdef" * 2 + ".pdf")


@pytest.mark.django_db
def test_it_does_not_serve_the_file_by_its_media_address(client, unpublished):
    response = client.get(unpublished.evidence_file.url)

    assert response.status_code == 404
    assert PDF not in response.content


@pytest.mark.django_db
def test_it_does_not_serve_the_file_even_to_a_guess_of_the_folder(client, unpublished):
    folder = unpublished.evidence_file.url.rsplit("/", 1)[0] + "/"

    assert client.get(folder).status_code == 404
    assert client.get("/media/").status_code == 404


@pytest.mark.django_db
def test_the_public_page_does_not_mention_the_unpublished_file(client, unpublished):
    page = client.get(unpublished.recommendation.get_absolute_url())

    assert page.status_code == 200
    assert unpublished.evidence_file.name.encode() not in page.content
