"""Tasks of the job engine: thin wrappers around the reminder services."""

from django.utils import timezone

from .services import reminders_send


def send_reminders() -> str:
    """The daily pass (schedule `reminders-daily`); its messages go through the
    outbox, which hands each to the workers as the pass commits."""
    return str(reminders_send(today=timezone.localdate()))
