import datetime

from django.db import models
from django.db.models import Case, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stakeholders.models import AddresseeGroup, Organisation

from ..permissions import can_review
from .queries import _today, overdue_q, progress_aggregates, stale_q
from .resolution import Resolution
from .status import Status


class RecommendationQuerySet(models.QuerySet):
    def published(self) -> "RecommendationQuerySet":
        """Recommendations of published resolutions: what the public may see."""
        return self.filter(resolution__is_published=True)

    def for_user(self, user) -> "RecommendationQuerySet":
        """What a user may report on: everything for a reviewer, else their own."""
        if can_review(user):
            return self
        return self.filter(
            assignments__organisation__memberships__user=user.pk
        ).distinct()

    def with_current_state(
        self, today: datetime.date | None = None
    ) -> "RecommendationQuerySet":
        """Annotate `is_overdue` and `is_stale` next to the stored current state."""
        today = today or _today()
        return self.annotate(
            is_overdue=Case(When(overdue_q(today), then=True), default=False),
            is_stale=Case(When(stale_q(today), then=True), default=False),
        )

    def overdue(self, today: datetime.date | None = None) -> "RecommendationQuerySet":
        return self.filter(overdue_q(today or _today()))

    def stale(self, today: datetime.date | None = None) -> "RecommendationQuerySet":
        return self.filter(stale_q(today or _today()))

    def as_of(self, day: datetime.date) -> "RecommendationQuerySet":
        """Each recommendation's state on `day`, computed from the history.

        Annotates `as_of_status`, `as_of_progress` and `as_of_reported_on` from
        the latest update published with `reported_on` on or before `day`.
        """
        from .status_update import StatusUpdate  # the reports refer back here

        latest = (
            StatusUpdate.objects.published()
            .filter(recommendation=OuterRef("pk"), reported_on__lte=day)
            .order_by("-reported_on", "-created_at", "-id")
        )
        return self.annotate(
            as_of_status=Coalesce(
                Subquery(latest.values("status")[:1]),
                Value(Status.NOT_STARTED.value),
                output_field=models.CharField(),
            ),
            as_of_progress=Coalesce(
                Subquery(latest.values("progress")[:1]),
                Value(0),
                output_field=models.PositiveSmallIntegerField(),
            ),
            as_of_reported_on=Subquery(latest.values("reported_on")[:1]),
        )

    def summary(
        self,
        *,
        today: datetime.date | None = None,
        as_of: datetime.date | None = None,
    ) -> dict:
        """Counts by status, overdue count and mean progress of this set.

        With `as_of`, the figures are those of that date, from the history.
        """
        if as_of is not None:
            aggregates = progress_aggregates(
                as_of, status="as_of_status", progress="as_of_progress"
            )
            return self.as_of(as_of).aggregate(**aggregates)
        return self.aggregate(**progress_aggregates(today or _today()))

    def summary_by_group(self, *, today: datetime.date | None = None) -> list[dict]:
        """`summary` per addressee group, in the groups' order."""
        return list(
            self.order_by()
            .values("group")
            .annotate(**progress_aggregates(today or _today()))
            .order_by("group__order", "group")
        )


class Recommendation(models.Model):
    resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("resolution"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    group = models.ForeignKey(
        AddresseeGroup,
        verbose_name=_("addressee group"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    number = models.CharField(_("number"), max_length=20)
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))
    responsible = models.ManyToManyField(
        Organisation,
        verbose_name=_("responsible organisations"),
        through="Assignment",
        related_name="recommendations",
        blank=True,
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    is_continuous = models.BooleanField(
        _("standing duty"),
        default=False,
        help_text=_("A duty with no end date, such as «continue to provide…»."),
    )
    # The current state, refreshed only when an update is published.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    status_reported_on = models.DateField(_("last report"), null=True, blank=True)
    # Bumped on every edit in the admin: a save based on an older one is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = RecommendationQuerySet.as_manager()
    # The current state is refreshed by publishing, which has its own history;
    # the version only guards against simultaneous edits.
    history = HistoricalRecords(
        excluded_fields=["status", "progress", "status_reported_on", "version"]
    )

    class Meta:
        ordering = ["resolution", "order", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        permissions = [("export_report", _("Can export progress reports"))]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "number"], name="unique_recommendation_number"
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="recommendation_progress_0_100",
            ),
        ]
        indexes = [
            models.Index(fields=["resolution", "order"], name="rec_resolution_order"),
            models.Index(fields=["status"], name="rec_status"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_text}"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:recommendation", args=[self.pk])

    @property
    def short_text(self) -> str:
        return cut_at_word(self.text)


def cut_at_word(text: str, limit: int = 80) -> str:
    """The text shortened to `limit` characters at a word's end, with «…»."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:—–-") + "…"


class Assignment(models.Model):
    """An organisation responsible for a recommendation, the lead or a co-executor."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    is_lead = models.BooleanField(_("lead executor"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_lead", "organisation__name"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "organisation"], name="unique_assignment"
            ),
            models.UniqueConstraint(
                fields=["recommendation"],
                condition=Q(is_lead=True),
                name="one_lead_per_recommendation",
            ),
        ]

    def __str__(self) -> str:
        role = _("lead") if self.is_lead else _("co-executor")
        return f"{self.organisation} ({role})"
