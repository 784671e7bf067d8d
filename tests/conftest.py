"""Fixtures of the whole suite's scenes.

- `crowded`: a resolution large enough that a query per row would show;
- two organisations A and B, their officials and items: the scene of the
  access tests (who sees what).
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from recommendations.management.demo.samples import SAMPLE_STATES
from recommendations.models import (
    Assignment,
    Recommendation,
    Resolution,
    ReviewState,
    Status,
    StatusUpdate,
)
from stakeholders.models import AddresseeGroup, Organisation

from .samples import DAY, PDF

RECOMMENDATIONS = 300
UPDATES_EACH = 10


@pytest.fixture(autouse=True)
def _russian_by_default():
    """A request under /en/ leaves English active in the thread; the next test
    builds its addresses in Russian, as a visitor's first request does."""
    translation.activate("ru")
    yield
    translation.activate("ru")


@pytest.fixture
def crowded(db, coordinator) -> Resolution:
    """300 recommendations, 30 organisations, 3,000 updates (some unpublished)."""
    resolution = Resolution.objects.create(
        title="Резолюция большого форума",
        event="Большой форум",
        adopted_on=datetime.date(2020, 6, 1),
        slug="crowded",
        is_published=True,
    )
    groups = AddresseeGroup.objects.bulk_create(
        AddresseeGroup(name=f"Большая группа {n}", slug=f"big-group-{n}", order=n)
        for n in range(4)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Большая организация {n}", slug=f"big-org-{n}", group=groups[n % 4]
        )
        for n in range(30)
    )
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(
            resolution=resolution,
            group=groups[n % 4],
            number=f"{n % 4 + 1}.{n}",
            order=n,
            text=f"Обеспечить мероприятие номер {n}",
            status=SAMPLE_STATES[n % 5][0],
            progress=SAMPLE_STATES[n % 5][1],
            status_reported_on=(
                None if n % 5 == 2 else datetime.date(2021, 1, 1 + n % 28)
            ),
            due_on=datetime.date(2021, 12, 31) if n % 3 == 0 else None,
        )
        for n in range(RECOMMENDATIONS)
    )
    Assignment.objects.bulk_create(
        Assignment(
            recommendation=item, organisation=organisations[n % 30], is_lead=True
        )
        for n, item in enumerate(recommendations)
    )
    Assignment.objects.bulk_create(
        Assignment(recommendation=item, organisation=organisations[(n + 1) % 30])
        for n, item in enumerate(recommendations)
    )
    now = timezone.now()
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            recommendation=item,
            organisation=organisations[n % 30],
            author=coordinator,
            status=Status.IN_PROGRESS,
            progress=10 + k,
            comment=f"Отчёт {k} о мероприятии {n}",
            reported_on=datetime.date(2020, 7, 1) + datetime.timedelta(days=30 * k),
            state=ReviewState.SUBMITTED if k == 9 else ReviewState.PUBLISHED,
            created_at=now,
            published_at=None if k == 9 else now,
        )
        for n, item in enumerate(recommendations)
        for k in range(UPDATES_EACH)
    )
    return resolution


# --- two organisations: who sees what -------------------------------------------


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
