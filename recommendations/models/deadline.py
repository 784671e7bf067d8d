"""Changes of a recommendation's deadline: the requests of the lead executor,
the coordinators' decisions on them, and the coordinators' direct changes.

Append-only: a decided change is the record of why the deadline moved (or did
not), and is never edited or deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..permissions import DECIDE_DEADLINE_CODENAME, can_decide_deadlines
from .recommendation import Recommendation


class DeadlineChangeKind(models.TextChoices):
    REQUEST = "request", _("Request of the lead executor")
    DIRECT = "direct", _("Change by a coordinator")


class DeadlineChangeState(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class DeadlineChangeQuerySet(models.QuerySet):
    def pending(self) -> "DeadlineChangeQuerySet":
        return self.filter(state=DeadlineChangeState.PENDING)

    def approved(self) -> "DeadlineChangeQuerySet":
        return self.filter(state=DeadlineChangeState.APPROVED)

    def for_user(self, user) -> "DeadlineChangeQuerySet":
        """Every change for a coordinator; an official's own organisations' ones."""
        if can_decide_deadlines(user):
            return self
        return self.filter(
            recommendation__assignments__organisation__memberships__user=user.pk
        ).distinct()


class DeadlineChange(models.Model):
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.PROTECT,
        related_name="deadline_changes",
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=DeadlineChangeKind.choices,
        default=DeadlineChangeKind.REQUEST,
    )
    state = models.CharField(
        _("decision"),
        max_length=10,
        choices=DeadlineChangeState.choices,
        default=DeadlineChangeState.PENDING,
    )
    previous_due_on = models.DateField(_("deadline before"), null=True, blank=True)
    proposed_due_on = models.DateField(_("proposed deadline"), null=True, blank=True)
    new_due_on = models.DateField(_("new deadline"), null=True, blank=True)
    justification = models.TextField(_("justification"))
    basis = models.CharField(
        _("basis document"),
        max_length=255,
        blank=True,
        help_text=_(
            "The document asking for or deciding the change, e.g. «letter "
            "of 01.10.2026 No. 12-34»."
        ),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="deadline_requests",
        null=True,
        blank=True,
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="deadline_decisions",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    objects = DeadlineChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("deadline change")
        verbose_name_plural = _("deadline changes")
        permissions = [(DECIDE_DEADLINE_CODENAME, _("Can decide on deadline changes"))]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation"],
                condition=Q(state="pending"),
                name="one_pending_deadline_request",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "requested_at"], name="deadline_state"),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation.number}: {self.get_state_display()}"
