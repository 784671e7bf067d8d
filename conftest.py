"""Shared test data: small factories, the real resolution, and the browser."""

import datetime
import itertools
import os
import shutil
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule

from recommendations.models import (
    Assignment,
    Recommendation,
    Resolution,
    ReviewState,
    StatusUpdate,
)
from stakeholders.models import AddresseeGroup, Membership, Organisation

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
_sequence = itertools.count(1)


@pytest.fixture(scope="session")
def _role_grants(django_db_setup, django_db_blocker) -> dict[str, list[tuple]]:
    """The roles as the data migrations left them, read once per test run."""
    with django_db_blocker.unblock():
        return {
            group.name: list(
                group.permissions.values_list("content_type__app_label", "codename")
            )
            for group in Group.objects.all()
        }


@pytest.fixture(scope="session")
def _schedules(django_db_setup, django_db_blocker) -> list[dict]:
    """The job engine's schedules as the data migrations left them."""
    with django_db_blocker.unblock():
        return list(Schedule.objects.values())


@pytest.fixture(autouse=True)
def _roles_survive_flushes(request) -> None:
    """Bring back the roles and schedules after an earlier test emptied the tables.

    A test with `transaction=True` (every live-server test) truncates all tables
    when it ends; Django brings back content types and permissions, not the
    groups and schedules that the data migrations made.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or "live_server" in (
        request.fixturenames
    )
    if transactional or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif marker or "db" in request.fixturenames:
        # A test in a transaction that runs after a flushing one (pytest-django
        # runs the tests that reach the database only through fixtures last).
        request.getfixturevalue("db")
        if Group.objects.exists():
            return
    else:
        return
    # Asked for only here: a run of tests that need no database sets none up.
    for name, grants in request.getfixturevalue("_role_grants").items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in grants:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
    for schedule in request.getfixturevalue("_schedules"):
        Schedule.objects.get_or_create(pk=schedule["id"], defaults=schedule)


@pytest.fixture(autouse=True)
def _mail_delivered_at_commit(request, monkeypatch) -> None:
    """Queued e-mail is delivered (to `mail.outbox`) as its transaction commits.

    Tests of the job engine itself are marked `job_engine`: their mail is
    handed to the engine, as in production.
    """
    if request.node.get_closest_marker("job_engine"):
        return
    from outbox import services

    monkeypatch.setattr(
        services,
        "hand_off",
        lambda message_id: services.message_deliver(message_id=message_id),
    )


@pytest.fixture
def roles(transactional_db, _roles_survive_flushes) -> None:
    """The Officials and Coordinators groups, with their permissions, for a test
    that empties the tables (the autouse fixture above brings them back)."""


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: sign-in failures counted per account
    live there, and one test's failures must not slow the next one down."""
    caches["default"].clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    """Uploaded evidence goes to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_resolution(db) -> Callable[..., Resolution]:
    def make(**fields) -> Resolution:
        n = next(_sequence)
        defaults = {
            "title": f"Резолюция {n}",
            "event": f"Форум {n}",
            "adopted_on": datetime.date(2018, 8, 22),
            "place": "Смоленск",
            "slug": f"resolution-{n}",
            "is_published": True,
        }
        return Resolution.objects.create(**(defaults | fields))

    return make


@pytest.fixture
def make_group(db) -> Callable[..., AddresseeGroup]:
    def make(**fields) -> AddresseeGroup:
        n = next(_sequence)
        defaults = {"name": f"Группа {n}", "slug": f"group-{n}", "order": n}
        return AddresseeGroup.objects.create(**(defaults | fields))

    return make


@pytest.fixture
def make_organisation(db) -> Callable[..., Organisation]:
    def make(**fields) -> Organisation:
        n = next(_sequence)
        defaults = {"name": f"Организация {n}", "slug": f"org-{n}"}
        return Organisation.objects.create(**(defaults | fields))

    return make


@pytest.fixture
def make_recommendation(
    db, make_resolution, make_group
) -> Callable[..., Recommendation]:
    def make(
        *, lead: Organisation | None = None, others=(), **fields
    ) -> Recommendation:
        n = next(_sequence)
        if "resolution" not in fields:
            fields["resolution"] = make_resolution()
        if "group" not in fields:
            fields["group"] = make_group()
        defaults = {"number": f"1.{n}", "order": n, "text": f"Обеспечить меру {n}"}
        recommendation = Recommendation.objects.create(**(defaults | fields))
        if lead is not None:
            Assignment.objects.create(
                recommendation=recommendation, organisation=lead, is_lead=True
            )
        for other in others:
            Assignment.objects.create(recommendation=recommendation, organisation=other)
        return recommendation

    return make


@pytest.fixture
def make_official(db) -> Callable[..., User]:
    def make(*organisations: Organisation, username: str | None = None) -> User:
        user = User.objects.create_user(
            username or f"official{next(_sequence)}", password="pw", is_staff=True
        )
        user.groups.add(Group.objects.get(name="Officials"))
        for organisation in organisations:
            Membership.objects.create(user=user, organisation=organisation)
        return User.objects.get(pk=user.pk)

    return make


@pytest.fixture
def coordinator(db) -> User:
    user = User.objects.create_user("coord", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Coordinators"))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def make_update(db, coordinator) -> Callable[..., StatusUpdate]:
    """A report written straight to the table, bypassing the workflow's checks."""

    def make(recommendation: Recommendation, **fields) -> StatusUpdate:
        if "organisation" not in fields:
            fields["organisation"] = recommendation.responsible.first()
        defaults = {
            "author": coordinator,
            "status": "in_progress",
            "progress": 50,
            "reported_on": datetime.date(2019, 1, 1),
            "state": ReviewState.PUBLISHED,
        }
        fields = defaults | fields
        if fields["state"] == ReviewState.PUBLISHED and "published_at" not in fields:
            # Published on the day of its facts, unless a test says otherwise.
            fields["published_at"] = timezone.make_aware(
                datetime.datetime.combine(fields["reported_on"], datetime.time(12))
            )
        return StatusUpdate.objects.create(recommendation=recommendation, **fields)

    return make


@pytest.fixture
def resolution_2018(db) -> Resolution:
    call_command("loaddata", "fixtures/resolution_2018.json", verbosity=0)
    return Resolution.objects.get(slug="novye-kadry-2018")


@pytest.fixture
def demo(resolution_2018, settings) -> Resolution:
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    return resolution_2018


# --- the browser -----------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """The system Chromium, never a downloaded one."""
    if not shutil.which(CHROMIUM):
        reason = f"Chromium is not installed at {CHROMIUM} (Debian package chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: browser tests must run in CI.")
        pytest.skip(reason)
    # Playwright drives the browser from an event loop in this thread; the
    # tests' own database calls are synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "locale": "ru-RU", "timezone_id": "Europe/Moscow"}
