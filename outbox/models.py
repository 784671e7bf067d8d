"""E-mail waiting to be sent, being sent, sent, or given up on.

A message is written in the same transaction as the change it reports, so it
exists exactly when that change does; the worker delivers it later
(`services.py`). Rows are kept as the record of what was sent to whom.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MessageState(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("not delivered")


class OutboxMessageQuerySet(models.QuerySet):
    def claimable(self, now: datetime.datetime) -> "OutboxMessageQuerySet":
        """Messages a deliverer may take now.

        Waiting ones whose next attempt is due (a message never tried is due at
        once, whatever the clocks say), and ones whose sender's lease ran out:
        that worker died or hung mid-send.
        """
        return self.filter(
            Q(state=MessageState.PENDING, attempts=0)
            | Q(state=MessageState.PENDING, next_attempt_at__lte=now)
            | Q(state=MessageState.SENDING, claimed_until__lt=now)
        )


class OutboxMessage(models.Model):
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("copy"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML version"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=MessageState.choices,
        default=MessageState.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_until = models.DateTimeField(
        _("being sent until"),
        null=True,
        blank=True,
        help_text=_("A worker's lease on the message; after it, another may try."),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    dedupe_key = models.CharField(
        _("key"),
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The same logical message is never queued twice."),
    )

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail message")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        permissions = [("retry_outboxmessage", _("Can send undelivered e-mail again"))]
        indexes = [
            # The sweep's question: what is waiting, and since when.
            models.Index(
                fields=["state", "next_attempt_at"], name="outbox_state_due_idx"
            ),
            models.Index(fields=["-created_at"], name="outbox_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
