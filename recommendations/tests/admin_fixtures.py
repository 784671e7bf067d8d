"""Two organisations, their officials and items: the scene of the admin tests.

Imported by the admin test modules (pytest finds fixtures in a module's names).
"""

import datetime

import pytest
from django.core.files.base import ContentFile

from recommendations.models import ReviewState

DAY = datetime.date(2019, 3, 1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def org_a(make_organisation):
    return make_organisation(name="Департамент А", slug="dept-a")


@pytest.fixture
def org_b(make_organisation):
    return make_organisation(name="Колледж Б", slug="college-b")


@pytest.fixture
def item_a(make_recommendation, org_a):
    return make_recommendation(lead=org_a, text="Тайная мера организации А")


@pytest.fixture
def item_b(make_recommendation, org_b):
    return make_recommendation(lead=org_b, text="Тайная мера организации Б")


@pytest.fixture
def official_a(make_official, org_a):
    user = make_official(org_a, username="official_a")
    user.email = "a@example.ru"
    user.save()
    return user


@pytest.fixture
def official_b(make_official, org_b):
    user = make_official(org_b, username="official_b")
    user.email = "b@example.ru"
    user.save()
    return user


@pytest.fixture
def pending_a(make_update, item_a, org_a, official_a):
    """An unpublished report of organisation A with an evidence file."""
    update = make_update(
        item_a,
        organisation=org_a,
        author=official_a,
        state=ReviewState.SUBMITTED,
        comment="Черновой отчёт организации А",
        reported_on=DAY,
    )
    update.evidence_file.save("act.pdf", ContentFile(PDF))
    return update


@pytest.fixture
def published_a(make_update, item_a, org_a, official_a):
    update = make_update(
        item_a,
        organisation=org_a,
        author=official_a,
        comment="Опубликованный отчёт организации А",
        reported_on=DAY,
    )
    update.evidence_file.save("published.pdf", ContentFile(PDF))
    return update
