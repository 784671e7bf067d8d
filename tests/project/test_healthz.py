"""The load balancer's probe says `ok`, or 503 when the database is gone."""

import json
import logging

import pytest
from django.db import OperationalError, connection


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError(
            'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
        )

    monkeypatch.setattr(connection, "cursor", refuse)


@pytest.mark.django_db
def test_it_answers_ok_when_the_database_answers(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_answers_503_without_a_traceback_when_the_database_is_unreachable(
    client, database_down, caplog
):
    with caplog.at_level(logging.ERROR, logger="resolution_portal.health"):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unavailable"
    assert response["Content-Type"].startswith("text/plain")
    assert [
        r.getMessage() for r in caplog.records if r.name == "resolution_portal.health"
    ] == [
        "Health check: the database is unreachable: connection to server at "
        '"127.0.0.1", port 5432 failed: Connection refused'
    ]


@pytest.mark.django_db
def test_it_is_reachable_over_plain_http_while_pages_redirect_to_https(
    client, settings
):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


@pytest.mark.django_db
def test_it_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405


def test_its_log_line_is_json(database_down, capsys, rf):
    from resolution_portal.health import healthz
    from resolution_portal.logging import JsonFormatter

    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("resolution_portal.health")
    logger.addHandler(handler)
    try:
        healthz(rf.get("/healthz"))
    finally:
        logger.removeHandler(handler)

    entry = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "resolution_portal.health"
    assert entry["message"].startswith("Health check: the database is unreachable")
