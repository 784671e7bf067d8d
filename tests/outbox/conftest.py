"""A real worker (`manage.py qcluster`) against the test database, and mail servers."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_q.brokers import get_broker

from .mail_servers import RecordingServer, SilentServer, free_port

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database (pytest-django's test_<name>, or the SQLite test file)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def wait_until(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Waited {seconds} s for {what}")
        time.sleep(0.2)


class Worker:
    """`manage.py qcluster` in its own process group, seeing what the test commits."""

    def __init__(self, *, log: Path, email_port: int, email_timeout: int) -> None:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTEST", "DJANGO_SETTINGS"))
        }
        env |= {
            "DEBUG": "0",
            "SECRET_KEY": settings.SECRET_KEY,  # tasks are signed with it
            "ALLOWED_HOSTS": "localhost",
            "DATABASE_URL": database_url(),
            "JOBS_BROKER_URL": os.environ.get("JOBS_BROKER_URL", ""),
            "JOBS_NAME": settings.Q_CLUSTER["name"],  # this run's own queue
            "JOBS_WORKERS": "1",
            "EMAIL_URL": f"smtp://127.0.0.1:{email_port}",
            "EMAIL_TIMEOUT": str(email_timeout),
            "PYTHONUNBUFFERED": "1",
        }
        self.log = log
        self._output = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=env,
            stdout=self._output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._output.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def start_worker(transactional_db, tmp_path) -> Iterator[Callable[..., Worker]]:
    """Starts a worker; stops it (and empties this run's queue) after the test."""
    workers: list[Worker] = []
    broker = get_broker()
    broker.purge_queue()  # tasks left by earlier tests name messages long gone

    def start(*, email_port: int, email_timeout: int = 10) -> Worker:
        worker = Worker(
            log=tmp_path / f"worker-{len(workers)}.log",
            email_port=email_port,
            email_timeout=email_timeout,
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
    broker.purge_queue()


@pytest.fixture
def mail_port() -> int:
    return free_port()


@pytest.fixture
def silent_server(mail_port) -> Iterator[SilentServer]:
    server = SilentServer(mail_port)
    yield server
    server.close()


@pytest.fixture
def recording_server() -> Iterator[Callable[[int], RecordingServer]]:
    servers: list[RecordingServer] = []

    def start(port: int) -> RecordingServer:
        servers.append(RecordingServer(port))
        return servers[-1]

    yield start
    for server in servers:
        server.close()
