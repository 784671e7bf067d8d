"""The record of every reminder: who was reminded of what, for which period, when.

A reminder is recorded under a unique key (recipient, recommendation, kind,
period) before its message is queued, in the same transaction: the database
itself lets one of two racing passes record it, and only that one sends it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outbox.models import OutboxMessage
from recommendations.models import Recommendation


class ReminderKind(models.TextChoices):
    DEADLINE_SOON = "deadline_soon", _("deadline approaching")
    DEADLINE_TODAY = "deadline_today", _("deadline today")
    OVERDUE = "overdue", _("overdue")
    RETURNED = "returned", _("returned report not resubmitted")
    REPORT_SOON = "report_soon", _("report due soon")
    REPORT_MISSED = "report_missed", _("report missed")
    DIGEST = "digest", _("weekly digest for coordinators")


class ReminderQuerySet(models.QuerySet):
    def for_user(self, user) -> "ReminderQuerySet":
        """Everything for those who may read every reminder, else one's own."""
        if user.has_perm("reminders.view_all_reminders"):
            return self
        return self.filter(recipient=user.pk)


class Reminder(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    # Empty for the coordinators' digest, which is about no one item.
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="reminders",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    period = models.CharField(
        _("period"),
        max_length=20,
        help_text=_(
            "The date or reporting period the reminder is for; each is sent once."
        ),
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    message = models.ForeignKey(
        OutboxMessage,
        verbose_name=_("e-mail message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        permissions = [("view_all_reminders", _("Can see everyone's reminders"))]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "recommendation", "kind", "period"],
                name="reminder_once",
            ),
            # NULL never equals NULL in a unique index: the digest needs its own.
            models.UniqueConstraint(
                fields=["recipient", "kind", "period"],
                condition=Q(recommendation__isnull=True),
                name="reminder_digest_once",
            ),
        ]
        indexes = [
            models.Index(fields=["-sent_at"], name="reminder_sent_idx"),
            models.Index(
                fields=["recommendation", "kind", "recipient"],
                name="reminder_item_kind_idx",
            ),
        ]

    def __str__(self) -> str:
        item = self.recommendation.number if self.recommendation_id else "—"
        return f"{self.get_kind_display()} {item} ({self.period}) → {self.recipient}"
