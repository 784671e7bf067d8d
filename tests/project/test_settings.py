"""Production refuses to start half-configured, naming what is missing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def start(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "portal.example.ru"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
    ],
)
def test_it_refuses_to_start_without_a_required_variable(env, missing):
    result = start(DEBUG="0", **env)

    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_it_starts_in_production_when_configured():
    result = start(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="portal.example.ru")

    assert result.returncode == 0, result.stderr


def test_it_starts_in_development_with_nothing_set():
    assert start(DEBUG="1").returncode == 0
