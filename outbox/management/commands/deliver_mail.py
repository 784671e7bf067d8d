"""Deliver every e-mail that is due now, without waiting for the worker."""

from django.core.management.base import BaseCommand, CommandError

from outbox.services import message_deliver_due


class Command(BaseCommand):
    help = (
        "Deliver every queued e-mail that is due now (the worker's sweep does the "
        "same every minute). Fails when the mail server cannot be reached."
    )

    def handle(self, *args, **options) -> None:
        report = message_deliver_due()
        self.stdout.write(f"E-mail: {report}.")
        if report.stopped:
            raise CommandError(
                "The mail server could not be reached (EMAIL_URL, EMAIL_TIMEOUT); "
                "the messages wait and are tried again."
            )
