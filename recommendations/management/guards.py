"""The guard of the commands that fill a database with demo data."""

from django.conf import settings
from django.core.management.base import CommandError, CommandParser


def add_force_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help="Run even with DEBUG off (never on a production database).",
    )


def refuse_without_debug(*, force: bool, what_it_does: str) -> None:
    """Demo data must never reach production by a slip of the keyboard."""
    if not settings.DEBUG and not force:
        raise CommandError(
            f"{what_it_does} and refuses to run with DEBUG off. "
            "Use --force if this really is a demo or test database."
        )
