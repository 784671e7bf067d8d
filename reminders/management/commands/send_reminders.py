"""One reminder pass for a day, and the delivery of its messages before exiting."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outbox.services import message_deliver_due
from reminders.services import reminders_send


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        with translation.override(settings.LANGUAGE_CODE):
            message = _(
                "«%(value)s» is not a date: give it as YYYY-MM-DD, say 2026-12-02."
            ) % {"value": value}
        raise CommandError(message) from error


class Command(BaseCommand):
    help = (
        "Run one reminder pass (the one the scheduler runs every morning) for a "
        "day, and hand every message of it to the mail backend before exiting. "
        "A second pass for the same day sends nothing again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="the day to run the pass for (default: today)",
        )

    def handle(self, *args, **options) -> None:
        today = _day(options["today"]) if options["today"] else timezone.localdate()
        report = reminders_send(today=today)
        delivery = message_deliver_due(ids=report.message_ids, wait=True)
        self.stdout.write(f"Reminders for {today}: {report}; e-mail: {delivery}.")
        if delivery.stopped:
            raise CommandError(
                "The mail server could not be reached (EMAIL_URL, EMAIL_TIMEOUT); "
                "the messages are queued and the worker tries them again."
            )
