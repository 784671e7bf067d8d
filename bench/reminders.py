"""Benchmark of one reminder pass at national scale.

    .venv/bin/python bench/reminders.py [--recommendations 5000]
        [--organisations 500] [--resolutions 100] [--updates 100000]

Builds, in a throw-away test database (in-memory SQLite by default, or a
`test_` copy of the PostgreSQL database named by DATABASE_URL), the national
data set: resolutions, recommendations with deadlines spread around today
(some due soon, some today, many overdue, a fifth standing duties on a yearly
schedule), a lead and a co-executor for each, an official with an address per
organisation, coordinators, published and returned reports. Then times one
pass of `reminders_send` (recording and queueing, not delivering: the workers
deliver) and a second pass of the same day, which must send nothing. Target:
the first pass under 60 s. Prints the time and the number of messages.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resolution_portal.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

from outbox import services as outbox_services  # noqa: E402
from recommendations.models import (  # noqa: E402
    Assignment,
    Recommendation,
    Resolution,
    ReviewState,
    Status,
    StatusUpdate,
)
from reminders.services import reminders_send  # noqa: E402
from stakeholders.models import AddresseeGroup, Membership, Organisation  # noqa: E402

TODAY = datetime.date(2026, 12, 2)
TARGET_SECONDS = 60


def build(options: argparse.Namespace) -> None:
    rng = random.Random(12)
    group = AddresseeGroup.objects.create(name="Группа", slug="group")
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Организация {n}", slug=f"org-{n}", email=f"org{n}@example.ru"
        )
        for n in range(options.organisations)
    )
    officials = User.objects.bulk_create(
        User(username=f"official{n}", email=f"official{n}@example.ru", is_staff=True)
        for n in range(options.organisations)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation)
        for user, organisation in zip(officials, organisations, strict=True)
    )
    coordinators = Group.objects.get(name="Coordinators")
    for n in range(5):
        User.objects.create_user(
            f"coordinator{n}", f"coordinator{n}@example.ru", is_staff=True
        ).groups.add(coordinators)
    build_items(options, rng, group, organisations, officials)


def build_items(options, rng, group, organisations, officials) -> None:
    """Recommendations with deadlines around today, two organisations each, and
    their reports (one in fifty returned for revision)."""
    resolutions = Resolution.objects.bulk_create(
        Resolution(
            title=f"Резолюция {n}",
            event=f"Форум {n}",
            adopted_on=datetime.date(2016 + n % 10, 6, 1),
            slug=f"bench-{n}",
            is_published=True,
        )
        for n in range(options.resolutions)
    )
    statuses = [Status.NOT_STARTED, Status.IN_PROGRESS, Status.DELAYED, Status.DONE]
    items = Recommendation.objects.bulk_create(
        Recommendation(
            resolution=resolutions[n % len(resolutions)],
            group=group,
            number=f"{n // len(resolutions) + 1}.{n % len(resolutions)}",
            order=n,
            text=f"Обеспечить мероприятие номер {n}",
            status=rng.choice(statuses),
            is_continuous=n % 5 == 0,
            due_on=None
            if n % 5 == 0
            else TODAY + datetime.timedelta(days=rng.randint(-700, 60)),
        )
        for n in range(options.recommendations)
    )
    build_reports(options, rng, items, organisations, officials)


def build_reports(options, rng, items, organisations, officials) -> None:
    """Two organisations for each item, the lead first, and their reports."""
    count = len(organisations)
    Assignment.objects.bulk_create(
        Assignment(
            recommendation=item, organisation=organisations[n % count], is_lead=True
        )
        for n, item in enumerate(items)
    )
    Assignment.objects.bulk_create(
        Assignment(recommendation=item, organisation=organisations[(n + 7) % count])
        for n, item in enumerate(items)
    )
    now = timezone.now()
    StatusUpdate.objects.bulk_create(
        (
            StatusUpdate(
                recommendation=item,
                organisation=organisations[n % count],
                author=officials[n % count],
                status=Status.IN_PROGRESS,
                progress=50,
                reported_on=TODAY - datetime.timedelta(days=rng.randint(0, 1500)),
                state=ReviewState.RETURNED if k % 50 == 0 else ReviewState.PUBLISHED,
                reviewed_at=now - datetime.timedelta(days=rng.randint(0, 30)),
                created_at=now,
            )
            for k in range(options.updates)
            for n, item in [(k % len(items), items[k % len(items)])]
        ),
        batch_size=5000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recommendations", type=int, default=5000)
    parser.add_argument("--organisations", type=int, default=500)
    parser.add_argument("--resolutions", type=int, default=100)
    parser.add_argument("--updates", type=int, default=100_000)
    options = parser.parse_args()
    # The pass queues; the workers deliver. Here nobody is asked to.
    outbox_services.hand_off = lambda message_id: None

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.monotonic()
        build(options)
        print(
            f"Reminder pass on {connection.vendor}: {options.recommendations} "
            f"recommendations, {options.organisations} organisations, "
            f"{options.updates} reports (built in {time.monotonic() - started:.0f} s)"
        )
        started = time.monotonic()
        first = reminders_send(today=TODAY)
        seconds = time.monotonic() - started
        verdict = "met" if seconds < TARGET_SECONDS else "MISSED"
        print(
            f"first pass: {seconds:.1f} s, {first.reminders} reminders in "
            f"{len(first.message_ids)} messages (target < {TARGET_SECONDS} s: "
            f"{verdict})"
        )
        started = time.monotonic()
        second = reminders_send(today=TODAY)
        print(
            f"second pass of the same day: {time.monotonic() - started:.1f} s, "
            f"{len(second.message_ids)} messages"
        )
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
