"""When PostgreSQL drops the connections (a restart, a failover, an administrator
ending sessions), the next request is served and the probe stays truthful.

A gunicorn worker serves one request after another in one thread and keeps its
connection between them (CONN_MAX_AGE); the server here does the same.
"""

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL drops connections; SQLite has none to drop",
    ),
]


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


class Worker:
    """One thread serving requests one at a time, like a sync gunicorn worker."""

    def __init__(self) -> None:
        self.server: WSGIServer = make_server(
            "127.0.0.1", 0, WSGIHandler(), handler_class=_Quiet
        )
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            self.server.serve_forever()
        finally:
            connections.close_all()  # this thread's own connection

    def get(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.server_close()


@pytest.fixture
def worker(settings) -> Iterator[Worker]:
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    worker = Worker()
    yield worker
    worker.stop()


def drop_other_connections() -> int:
    """What `pg_terminate_backend` does to every session of the database but ours,
    said from a connection of its own."""
    params = connection.get_connection_params()
    with psycopg2.connect(**params) as admin, admin.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND pid <> %s",
            [connection.cursor().connection.get_backend_pid()],
        )
        (dropped,) = cursor.fetchone()
    admin.close()
    return dropped


def test_it_serves_the_first_page_after_the_connection_was_dropped(
    worker, make_recommendation
):
    make_recommendation()
    assert worker.get("/") == 200  # the worker now holds a connection

    # The worker's, and any an earlier test's thread left open.
    assert drop_other_connections() >= 1

    assert worker.get("/") == 200
    assert worker.get("/healthz") == 200


def test_its_probe_tries_a_fresh_connection_before_it_says_503(worker, monkeypatch):
    # Without the health checks the dropped connection is still in place
    # when the probe runs its query.
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    assert worker.get("/healthz") == 200

    assert drop_other_connections() >= 1

    assert worker.get("/healthz") == 200
