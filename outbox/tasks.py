"""Tasks of the job engine: thin wrappers around the outbox services."""

from django.conf import settings

from .services import message_deliver, message_deliver_due

SWEEP = "outbox.tasks.deliver_due"


def deliver(message_id: int) -> bool:
    """Handed one message right after the commit that queued it."""
    return message_deliver(message_id=message_id)


def deliver_due() -> str:
    """The sweep, every minute: whatever is due, retries included.

    Stops taking new messages well before the engine's timeout would stop it;
    the next sweep goes on where it left off.
    """
    seconds = min(50, settings.Q_CLUSTER["timeout"] / 2)
    return str(message_deliver_due(seconds=seconds))
