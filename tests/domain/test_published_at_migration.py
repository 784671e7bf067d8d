"""Reports published before the publication time was recorded get one."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = ("recommendations", "0006_feed_index")
AFTER = ("recommendations", "0009_published_at")


@pytest.mark.django_db(transaction=True)
def test_it_takes_the_review_time_or_else_the_creation_time():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    apps = executor.loader.project_state([BEFORE]).apps
    reviewed = timezone.make_aware(datetime.datetime(2019, 3, 4, 15))
    created = timezone.make_aware(datetime.datetime(2019, 3, 2, 10))
    ids = _make_updates(apps, reviewed=reviewed, created=created)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from recommendations.models import StatusUpdate

    times = dict(StatusUpdate.objects.values_list("pk", "published_at"))
    assert times[ids["reviewed"]] == reviewed
    assert times[ids["loaded"]] == created
    assert times[ids["submitted"]] is None


def _make_updates(apps, *, reviewed, created) -> dict[str, int]:
    User = apps.get_model("auth", "User")
    Group = apps.get_model("stakeholders", "AddresseeGroup")
    Organisation = apps.get_model("stakeholders", "Organisation")
    Resolution = apps.get_model("recommendations", "Resolution")
    Recommendation = apps.get_model("recommendations", "Recommendation")
    StatusUpdate = apps.get_model("recommendations", "StatusUpdate")
    author = User.objects.create(username="old-author")
    organisation = Organisation.objects.create(name="Орг", slug="org")
    resolution = Resolution.objects.create(
        title="Р", event="Ф", adopted_on=datetime.date(2018, 8, 22), slug="r"
    )
    item = Recommendation.objects.create(
        resolution=resolution,
        group=Group.objects.create(name="Г", slug="g"),
        number="1.1",
        text="Текст",
    )
    common = {
        "recommendation": item,
        "organisation": organisation,
        "author": author,
        "status": "in_progress",
        "progress": 10,
        "reported_on": datetime.date(2019, 3, 1),
        "created_at": created,
    }
    return {
        "reviewed": StatusUpdate.objects.create(
            state="published", reviewed_at=reviewed, **common
        ).pk,
        "loaded": StatusUpdate.objects.create(state="published", **common).pk,
        "submitted": StatusUpdate.objects.create(state="submitted", **common).pk,
    }
