"""Back up the portal's database: `manage.py backup_database [--output PATH]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from resolution_portal.backup import BackupError, backup_suffix, database_backup


class Command(BaseCommand):
    help = "Back up the database: pg_dump for PostgreSQL, a copy for SQLite."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="file to write (default: backups/portal-<date>-<time>.dump or "
            ".sqlite3)",
        )

    def handle(self, *args, output: Path | None, **options) -> None:
        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            suffix = backup_suffix(connection.settings_dict)
            output = Path("backups") / f"portal-{stamp}{suffix}"
        try:
            database_backup(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(output))
