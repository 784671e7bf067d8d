"""With the cache's Redis stopped or hanging, the portal works on without it.

A hanging Redis (it accepts connections and never answers) is the worse case:
each call would wait for its timeout. After one failure the cache is skipped
for CACHE_RETRY_SECONDS, so only one request in that time pays the timeout.
"""

import datetime
import io
import logging
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from recommendations.models import ReviewState, StatusUpdate
from resolution_portal import cache as resilient

ROOT = Path(__file__).resolve().parents[2]
IMPORT_URL = reverse("admin:recommendations_statusupdate_import")
CONFIRM_URL = reverse("admin:recommendations_statusupdate_process_import")


class HangingRedis:
    """Accepts connections, reads what it is sent, never answers."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                accepted, _address = self.listener.accept()
            except OSError:
                return
            self.connections.append(accepted)

    def close(self) -> None:
        self.listener.close()
        for accepted in self.connections:
            accepted.close()


def redis_cache(location: str) -> dict:
    """The cache as settings.py builds it from a redis:// CACHE_URL."""
    return {
        "default": {
            "BACKEND": "resolution_portal.cache.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {
                "socket_connect_timeout": 0.25,
                "socket_timeout": 0.25,
                "retry_seconds": 30,
            },
        }
    }


@pytest.fixture(autouse=True)
def _fresh_breakers(monkeypatch) -> None:
    monkeypatch.setattr(resilient, "_breakers", {})


@pytest.fixture
def hanging(settings) -> Iterator[HangingRedis]:
    redis = HangingRedis()
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{redis.port}/9")
    settings.PAGE_CACHE_SECONDS = 600
    yield redis
    redis.close()


@pytest.fixture
def stopped(settings) -> None:
    settings.CACHES = redis_cache("redis://127.0.0.1:1/9")  # nothing listens there
    settings.PAGE_CACHE_SECONDS = 600


def test_it_builds_the_breaking_cache_with_a_short_timeout_from_a_redis_url():
    code = (
        "from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c['OPTIONS']['socket_timeout'], "
        "c['OPTIONS']['retry_seconds'])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env={"DEBUG": "1", "CACHE_URL": "redis://127.0.0.1:6379/9", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.split() == [
        "resolution_portal.cache.ResilientRedisCache",
        "0.25",
        "30",
    ], result.stderr


@pytest.mark.django_db
def test_it_skips_a_hanging_cache_after_the_first_timeout_and_says_so_once(
    client, hanging, make_recommendation, caplog
):
    recommendation = make_recommendation()
    pages = ["/", recommendation.get_absolute_url(), "/opendata/recommendations.json"]

    with caplog.at_level(logging.WARNING, logger="resolution_portal.cache"):
        statuses = [client.get(page).status_code for page in pages * 5]

    assert statuses == [200] * 15
    assert len(hanging.connections) == 1  # one try, then left alone
    warnings = [r for r in caplog.records if r.name == "resolution_portal.cache"]
    assert [r.getMessage() for r in warnings] == [
        "Cache unavailable, skipped for 30 s at a time until it answers: "
        "Timeout reading from socket"
    ]


@pytest.mark.django_db
def test_it_tries_the_cache_again_after_thirty_seconds(
    client, hanging, make_recommendation, monkeypatch
):
    make_recommendation()
    client.get("/")
    later = resilient.time.monotonic() + 31
    monkeypatch.setattr(resilient.time, "monotonic", lambda: later)

    assert client.get("/").status_code == 200
    assert len(hanging.connections) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("redis", ["stopped", "hanging"])
def test_it_imports_a_spreadsheet_without_the_cache(
    request, client, redis, make_recommendation, make_organisation, make_official
):
    request.getfixturevalue(redis)
    organisation = make_organisation()
    recommendation = make_recommendation(lead=organisation)
    client.force_login(make_official(organisation))
    book = Workbook()
    book.active.append(["recommendation", "status", "progress", "reported_on"])
    book.active.append(
        [recommendation.pk, "in_progress", 40, datetime.date(2019, 3, 1)]
    )
    content = io.BytesIO()
    book.save(content)

    preview = client.post(
        IMPORT_URL,
        {
            "import_file": SimpleUploadedFile("reports.xlsx", content.getvalue()),
            "resource": "0",
        },
    )
    assert preview.status_code == 200
    form = preview.context["confirm_form"]
    confirmed = client.post(
        CONFIRM_URL, {name: form.initial.get(name, "") for name in form.fields}
    )

    assert confirmed.status_code == 302
    assert StatusUpdate.objects.get().state == ReviewState.SUBMITTED


@pytest.mark.django_db
def test_it_signs_officials_in_with_the_cache_stopped(client, stopped, admin_user):
    admin_user.set_password("Верный-пароль-2018")
    admin_user.save()

    response = client.post(
        "/admin/login/",
        {"username": admin_user.username, "password": "Верный-пароль-2018"},
    )

    assert response.status_code == 302
