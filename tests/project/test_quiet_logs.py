"""What the portal writes to its log is worth reading: an expected 403 or 404
is one line, and `make run` keeps e-mail off the console."""

import logging
import subprocess
import sys

import pytest
from django.conf import settings

from resolution_portal.logging import ClientErrorsWithoutTraceback, JsonFormatter


def record(status: int) -> logging.LogRecord:
    try:
        raise LookupError("no such page")
    except LookupError:
        exc_info = sys.exc_info()
    entry = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: /x", (), exc_info
    )
    entry.status_code = status
    return entry


@pytest.mark.parametrize("status", [403, 404])
def test_it_logs_an_expected_refusal_without_a_traceback(status):
    entry = record(status)

    ClientErrorsWithoutTraceback().filter(entry)

    line = JsonFormatter().format(entry)
    assert "Traceback" not in line and "exception" not in line
    assert str(status) in line


def test_it_keeps_the_traceback_of_a_server_error():
    entry = record(500)

    ClientErrorsWithoutTraceback().filter(entry)

    assert "Traceback" in JsonFormatter().format(entry)


def test_it_filters_every_line_the_portal_logs():
    assert "client_errors" in settings.LOGGING["handlers"]["stdout"]["filters"]


def test_it_writes_the_dev_servers_mail_to_files():
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8112"],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    ).stdout
    serving = [line for line in dry_run.splitlines() if "runserver" in line]

    assert (
        serving
        and "EMAIL_URL=${EMAIL_URL:-filemail:///media/outgoing-mail}" in (serving[0])
    )


def test_it_seeds_the_demo_with_links_to_the_port_it_serves():
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8112"],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    ).stdout

    assert any(
        "PORT=8112" in line and "seed_demo" in line for line in dry_run.splitlines()
    )
