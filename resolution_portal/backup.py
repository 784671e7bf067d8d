"""Backing up and restoring the whole database, PostgreSQL or SQLite.

PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore`; the client
programs of the server's major version must be installed. SQLite: SQLite's own
online backup, a consistent copy even while the portal writes.
"""

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection


class BackupError(Exception):
    pass


def is_postgresql(database: dict[str, Any]) -> bool:
    return "postgresql" in database["ENGINE"]


def backup_suffix(database: dict[str, Any]) -> str:
    return ".dump" if is_postgresql(database) else ".sqlite3"


def _pg_environment(database: dict[str, Any]) -> dict[str, str]:
    """libpq's variables, so a password never shows in the process list."""
    variables = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGDATABASE": database["NAME"],
    }
    return os.environ | {key: value for key, value in variables.items() if value}


def _run(command: list[str], database: dict[str, Any]) -> None:
    try:
        result = subprocess.run(
            command, env=_pg_environment(database), capture_output=True, text=True
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed (Debian package postgresql-client)."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def database_backup(*, output: Path) -> Path:
    """Write a backup of the portal's database to `output`."""
    database = connection.settings_dict
    output.parent.mkdir(parents=True, exist_ok=True)
    if is_postgresql(database):
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={output}",
            ],
            database,
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(output) as target:
            connection.connection.backup(target)
        target.close()
    return output


def database_restore(*, backup: Path, into: dict[str, Any]) -> None:
    """Replace the contents of the database `into` with those of `backup`."""
    if not backup.is_file():
        raise BackupError(f"There is no backup file {backup}.")
    if is_postgresql(into):
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={into['NAME']}",
                str(backup),
            ],
            into,
        )
        return
    with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as source:
        try:
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{backup} is not an SQLite backup: {error}") from error
        with sqlite3.connect(into["NAME"]) as target:
            source.backup(target)
        target.close()
    source.close()
