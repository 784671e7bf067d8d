"""Restore a backup: `manage.py restore_database BACKUP [--into DATABASE_URL]`.

Without --into the portal's own database is replaced, after a confirmation.
"""

from pathlib import Path

import environ
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from resolution_portal.backup import BackupError, database_restore


class Command(BaseCommand):
    help = "Replace a database's contents with a backup made by backup_database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path)
        parser.add_argument(
            "--into",
            metavar="DATABASE_URL",
            help="restore into this database instead of the portal's own "
            "(to check a backup)",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(
        self, *args, backup: Path, into: str | None, interactive: bool, **options
    ) -> None:
        if into:
            target = environ.Env.db_url_config(into)
        else:
            target = connection.settings_dict
            if interactive and not self.confirmed(target["NAME"]):
                raise CommandError("Restore cancelled.")
            connection.close()
        try:
            database_restore(backup=backup, into=target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {backup} into {target['NAME']}.")

    def confirmed(self, name: str) -> bool:
        answer = input(
            f"Everything in the database {name} will be replaced by the backup. "
            "Type 'yes' to continue: "
        )
        return answer.strip().lower() == "yes"
