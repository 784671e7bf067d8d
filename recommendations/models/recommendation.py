import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stakeholders.models import AddresseeGroup, Organisation

from ..permissions import can_review
from ..schedules import (
    FIRST_DUE_DAY,
    LAST_DUE_DAY,
    ReportingFrequency,
    Schedule,
    effective_schedule,
)
from .queries import (
    _today,
    overdue_q,
    progress_aggregates,
    schedule_expressions,
    set_due_day_expression,
    stale_q,
)
from .resolution import DUE_DAY_HELP, DUE_DAY_VALIDATORS, Resolution
from .status import Status

# A date, or a reference to the day of an outer query.
Day = datetime.date | OuterRef

# What `as_it_stood(details=True)` copies from the update the state comes from.
DETAILS = {
    "comment": "comment",
    "evidence_url": "evidence_url",
    "evidence_file": "evidence_file",
    "published_at": "published_at",
    "organisation_id": "organisation_id",
    "update_id": "id",
}


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
        return self.alias(**set_due_day_expression()).annotate(
            is_overdue=Case(When(overdue_q(today), then=True), default=False),
            is_stale=Case(When(stale_q(today), then=True), default=False),
        )

    def with_deadlines(
        self, decided_by: datetime.date | None = None
    ) -> "RecommendationQuerySet":
        """Annotate `first_due_on` (the original deadline, or the current one
        when it never moved) and `deadline_change_count` (approved changes,
        with `decided_by` those decided on or before that day)."""
        from .deadline import DeadlineChange, DeadlineChangeState

        approved = DeadlineChange.objects.filter(
            recommendation=OuterRef("pk"), state=DeadlineChangeState.APPROVED
        )
        if decided_by is not None:
            approved = approved.filter(decided_at__date__lte=decided_by)
        approved = (
            approved.order_by()
            .values("recommendation")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            first_due_on=Coalesce("original_due_on", "due_on"),
            deadline_change_count=Coalesce(
                Subquery(approved[:1]),
                Value(0),
                output_field=models.IntegerField(),
            ),
        )

    def with_schedule(self) -> "RecommendationQuerySet":
        """Annotate `schedule_frequency` and `schedule_due_day`: the schedule the
        recommendation reports on, its own or its resolution's."""
        return self.alias(**set_due_day_expression()).annotate(**schedule_expressions())

    def overdue(self, today: datetime.date | None = None) -> "RecommendationQuerySet":
        return self.filter(overdue_q(today or _today()))

    def stale(self, today: datetime.date | None = None) -> "RecommendationQuerySet":
        return self.alias(**set_due_day_expression()).filter(stale_q(today or _today()))

    def as_it_stood(
        self, day: Day, *, known_today: bool = False, details: bool = False
    ) -> "RecommendationQuerySet":
        """Each recommendation's state in the record as it stood at the end of `day`.

        Annotates `as_of_status`, `as_of_progress` and `as_of_reported_on` from
        the latest update of `StatusUpdate.objects.as_it_stood(day)`; with
        `details`, also that update's `as_of_comment`, `as_of_evidence_url`,
        `as_of_evidence_file`, `as_of_published_at`, `as_of_organisation_id`
        and `as_of_update_id`. `day` may be a date or a reference to the outer
        query's day (a chart's points); `known_today` reads the facts of `day`
        as known today, later publications included.
        """
        from .status_update import StatusUpdate  # the reports refer back here

        if isinstance(day, OuterRef):
            day = OuterRef(day)
        latest = (
            StatusUpdate.objects.as_it_stood(day, known_today=known_today)
            .filter(recommendation=OuterRef("pk"))
            .timeline()
        )

        def field(name: str) -> Subquery:
            return Subquery(latest.values(name)[:1])

        annotations = {
            "as_of_status": Coalesce(
                field("status"),
                Value(Status.NOT_STARTED.value),
                output_field=models.CharField(),
            ),
            "as_of_progress": Coalesce(
                field("progress"),
                Value(0),
                output_field=models.PositiveSmallIntegerField(),
            ),
            "as_of_reported_on": field("reported_on"),
        }
        if details:
            for name in DETAILS:
                annotations[f"as_of_{name}"] = field(DETAILS[name])
        return self.annotate(**annotations)

    def summary(
        self,
        *,
        today: datetime.date | None = None,
        as_of: datetime.date | None = None,
        known_today: bool = False,
    ) -> dict:
        """Counts by status, overdue count and mean progress of this set.

        With `as_of`, the figures of the record as it stood at the end of that
        day (`as_it_stood`).
        """
        if as_of is not None:
            aggregates = progress_aggregates(
                as_of, status="as_of_status", progress="as_of_progress"
            )
            return self.as_it_stood(as_of, known_today=known_today).aggregate(
                **aggregates
            )
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
    # The first deadline set; `due_on` moves only through a `DeadlineChange`.
    original_due_on = models.DateField(
        _("original deadline"), null=True, blank=True, editable=False
    )
    is_continuous = models.BooleanField(
        _("standing duty"),
        default=False,
        help_text=_("A duty with no end date, such as «continue to provide…»."),
    )
    # A coordinator's decision to exclude the item, shown to the public.
    withdrawal_reason = models.TextField(
        _("reason for exclusion from monitoring"), blank=True, editable=False
    )
    withdrawal_basis = models.CharField(
        _("basis of the exclusion"), max_length=255, blank=True, editable=False
    )
    # Blank and None: the resolution's schedule applies.
    report_frequency = models.CharField(
        _("reporting schedule"),
        max_length=20,
        choices=ReportingFrequency.choices,
        blank=True,
        help_text=_("Leave empty to follow the resolution's schedule."),
    )
    report_due_day = models.PositiveSmallIntegerField(
        _("report due day"),
        null=True,
        blank=True,
        validators=DUE_DAY_VALIDATORS,
        help_text=DUE_DAY_HELP,
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
            models.CheckConstraint(
                condition=Q(report_due_day__isnull=True)
                | Q(
                    report_due_day__gte=FIRST_DUE_DAY, report_due_day__lte=LAST_DUE_DAY
                ),
                name="recommendation_report_due_day_1_31",
            ),
            models.CheckConstraint(
                condition=Q(report_frequency__in=["", *ReportingFrequency.values]),
                name="recommendation_report_frequency_valid",
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

    def clean(self) -> None:
        super().clean()
        if self.report_due_day is None or self.report_frequency:
            return
        inherited = self.resolution.report_frequency if self.resolution_id else None
        if inherited in (None, ReportingFrequency.NONE):
            raise ValidationError(
                {
                    "report_due_day": _(
                        "A due day needs a reporting schedule: choose one here "
                        "or in the resolution, or leave the day empty."
                    )
                }
            )

    @property
    def schedule(self) -> Schedule:
        """The schedule this recommendation reports on: its own or its resolution's."""
        return effective_schedule(
            frequency=self.report_frequency,
            due_day=self.report_due_day,
            default_frequency=self.resolution.report_frequency,
            default_due_day=self.resolution.report_due_day,
            standing=self.is_continuous,
        )

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
