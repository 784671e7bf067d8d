"""The job engine and mail settings come from the environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django_q.models import Schedule

ROOT = Path(__file__).resolve().parents[2]
PRINT = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({"q": {k: str(v) for k, v in s.Q_CLUSTER.items()},
                  "portal_url": s.PORTAL_URL, "email_timeout": s.EMAIL_TIMEOUT}))
"""


def read_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"JOBS_BROKER_URL", "PORT", "PORTAL_URL", "EMAIL_TIMEOUT"}
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT],
        cwd=ROOT,
        env=clean
        | {"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "resolution_portal.settings"}
        | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_queues_jobs_in_the_database_when_no_broker_is_named():
    result = read_settings()

    q = json.loads(result.stdout)["q"]
    assert (q["orm"], "redis" in q) == ("default", False)
    assert (q["catch_up"], q["name"]) == ("False", "portal")
    assert int(q["timeout"]) < int(q["retry"])


def test_it_queues_jobs_in_redis_and_gives_up_on_a_silent_one():
    result = read_settings(JOBS_BROKER_URL="redis://127.0.0.1:6379/8")

    q = json.loads(result.stdout)["q"]
    assert "orm" not in q
    assert q["redis"] == (
        "redis://127.0.0.1:6379/8?socket_connect_timeout=1&socket_timeout=5"
    )


def test_it_refuses_a_broker_it_does_not_know():
    result = read_settings(JOBS_BROKER_URL="amqp://127.0.0.1")

    assert result.returncode != 0
    assert "JOBS_BROKER_URL must be empty" in result.stderr


def test_it_links_to_the_dev_server_on_its_port_and_times_out_mail():
    result = read_settings(PORT="8102")

    values = json.loads(result.stdout)
    assert values["portal_url"] == "http://127.0.0.1:8102"
    assert values["email_timeout"] == 10
    assert json.loads(read_settings(EMAIL_TIMEOUT="3").stdout)["email_timeout"] == 3


@pytest.mark.django_db
def test_it_sweeps_the_outbox_every_minute():
    sweep = Schedule.objects.get(name="outbox-deliver-due")

    assert (sweep.func, sweep.schedule_type, sweep.minutes, sweep.repeats) == (
        "outbox.tasks.deliver_due",
        Schedule.MINUTES,
        1,
        -1,
    )
    assert settings.Q_CLUSTER["timeout"] < settings.OUTBOX_LEASE_SECONDS
