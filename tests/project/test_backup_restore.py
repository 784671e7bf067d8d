"""A backup restored into an empty database holds every recommendation and update."""

import datetime
import io
import os
import sqlite3
from pathlib import Path

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from recommendations.models import (
    Recommendation,
    Resolution,
    ReviewState,
    StatusUpdate,
)

# The backup is taken by another program (pg_dump), which sees only committed rows.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("roles"),
]

RECOMMENDATIONS = "SELECT id, number, text, status, progress FROM {} ORDER BY id"
UPDATES = (
    "SELECT id, recommendation_id, status, progress, comment, state, reported_on "
    "FROM {} ORDER BY id"
)


def from_portal() -> tuple[list[tuple], list[tuple]]:
    recommendations = list(
        Recommendation.objects.order_by("id").values_list(
            "id", "number", "text", "status", "progress"
        )
    )
    updates = [
        (*row[:-1], row[-1].isoformat())
        for row in StatusUpdate.objects.order_by("id").values_list(
            "id",
            "recommendation_id",
            "status",
            "progress",
            "comment",
            "state",
            "reported_on",
        )
    ]
    return recommendations, updates


def query(cursor) -> tuple[list[tuple], list[tuple]]:
    cursor.execute(RECOMMENDATIONS.format(Recommendation._meta.db_table))
    recommendations = [tuple(row) for row in cursor.fetchall()]
    cursor.execute(UPDATES.format(StatusUpdate._meta.db_table))
    updates = [(*row[:-1], str(row[-1])) for row in cursor.fetchall()]
    return recommendations, updates


@pytest.fixture
def throwaway_database(tmp_path):
    """An empty database beside the portal's, dropped afterwards."""
    settings_dict = connection.settings_dict
    if connection.vendor != "postgresql":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path)
        return
    # The test database is "test_<name>"; restore beside it as "<name>_restore_<pid>".
    name = f"{settings_dict['NAME'].removeprefix('test_')}_restore_{os.getpid()}"
    credentials = {
        "host": settings_dict["HOST"] or "localhost",
        "port": settings_dict["PORT"] or 5432,
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"],
    }
    admin = psycopg2.connect(dbname="postgres", **credentials)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    opened = []

    def open_restored():
        opened.append(psycopg2.connect(dbname=name, **credentials))
        return opened[-1]

    user = credentials["user"] or ""
    password = f":{credentials['password']}" if credentials["password"] else ""
    url = f"postgres://{user}{password}@{credentials['host']}:{credentials['port']}/{name}"
    try:
        yield url, open_restored
    finally:
        for restored in opened:
            restored.close()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


@pytest.fixture
def history(demo, make_update):
    """The demo data and updates whose text is hard to carry over intact."""
    recommendation = demo.recommendations.order_by("id").first()
    for n, comment in enumerate(
        [
            "Приказ № 12 от 01.09.2019; «кавычки», 'апострофы', \\ и \t табуляция",
            "Строка 1\nСтрока 2\r\n<script>alert(1)</script> %s %(x)s",
            "",
        ]
    ):
        make_update(
            recommendation,
            comment=comment,
            progress=10 + n,
            reported_on=datetime.date(2019, 5, 1 + n),
            state=[ReviewState.PUBLISHED, ReviewState.SUBMITTED][n % 2],
        )
    return demo


def test_it_restores_every_recommendation_and_update(
    history, throwaway_database, tmp_path
):
    url, open_restored = throwaway_database
    expected = from_portal()
    assert len(expected[0]) == 18 and len(expected[1]) >= 5

    backup = tmp_path / "backups" / "portal.backup"
    call_command("backup_database", output=backup, stdout=io.StringIO())
    call_command("restore_database", str(backup), into=url, stdout=io.StringIO())

    restored = open_restored()
    assert query(restored.cursor()) == expected


def test_it_names_a_backup_after_the_moment_it_was_taken(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    call_command("backup_database", stdout=(out := io.StringIO()))

    path = Path(out.getvalue().strip())
    assert path.parent == Path("backups") and path.is_file()
    assert path.name.startswith("portal-20")
    suffix = ".dump" if connection.vendor == "postgresql" else ".sqlite3"
    assert path.suffix == suffix


def test_it_refuses_a_file_that_is_not_there(db, tmp_path):
    with pytest.raises(CommandError, match="There is no backup file"):
        call_command(
            "restore_database",
            str(tmp_path / "missing.dump"),
            into=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        )


def test_it_asks_before_replacing_the_portals_own_database(
    db, tmp_path, monkeypatch, make_resolution
):
    make_resolution(slug="kept")
    backup = tmp_path / "b"
    backup.write_bytes(b"whatever")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Restore cancelled"):
        call_command("restore_database", str(backup))

    assert Resolution.objects.filter(slug="kept").exists()
