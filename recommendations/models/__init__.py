import datetime
import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Avg, Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stakeholders.models import AddresseeGroup, Organisation


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ONGOING = "ongoing", _("Ongoing")
    DELAYED = "delayed", _("Behind schedule")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Withdrawn from monitoring")


class ReviewState(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    PUBLISHED = "published", _("Published")
    RETURNED = "returned", _("Returned for revision")


# Statuses that close a recommendation: it can be neither overdue nor stale.
CLOSED_STATUSES = (Status.DONE, Status.CANCELLED)


def _today() -> datetime.date:
    return timezone.localdate()


def stale_before(today: datetime.date | None = None) -> datetime.date:
    """Reports older than this date no longer count as fresh."""
    today = today or _today()
    return today - datetime.timedelta(days=settings.REPORTING_PERIOD_DAYS)


def overdue_q(today: datetime.date, prefix: str = "", status: str = "status") -> Q:
    """Due date passed and not closed. `prefix` reaches recommendations by a path."""
    return Q(**{f"{prefix}due_on__lt": today}) & ~Q(
        **{f"{prefix}{status}__in": CLOSED_STATUSES}
    )


def stale_q(today: datetime.date, prefix: str = "") -> Q:
    """Open and with no published report within the reporting period."""
    reported = f"{prefix}status_reported_on"
    return (
        Q(**{f"{reported}__isnull": True})
        | Q(**{f"{reported}__lt": stale_before(today)})
    ) & ~Q(**{f"{prefix}status__in": CLOSED_STATUSES})


def progress_aggregates(
    today: datetime.date,
    prefix: str = "",
    status: str = "status",
    progress: str = "progress",
) -> dict:
    """The one definition of a set of recommendations' progress.

    The mean progress of the recommendations, withdrawn ones excluded and
    unreported ones counted as 0 (their progress is 0 until a report is
    published). `prefix` reaches recommendations from another model, e.g.
    "recommendations__" from a resolution; `status` and `progress` name the
    fields to read (the as-of annotations for a past date).
    """
    status_field = f"{prefix}{status}"
    counted = ~Q(**{f"{status_field}": Status.CANCELLED})
    aggregates = {
        "total": Count(f"{prefix}id", distinct=bool(prefix)),
        "mean_progress": Avg(f"{prefix}{progress}", filter=counted),
        "overdue": Count(
            f"{prefix}id",
            filter=overdue_q(today, prefix, status),
            distinct=bool(prefix),
        ),
    }
    for value in Status.values:
        aggregates[value] = Count(
            f"{prefix}id",
            filter=Q(**{status_field: value}),
            distinct=bool(prefix),
        )
    return aggregates


class ResolutionQuerySet(models.QuerySet):
    def published(self) -> "ResolutionQuerySet":
        return self.filter(is_published=True)

    def current(self) -> "Resolution | None":
        """The latest published resolution: what the front page shows."""
        return self.published().order_by("-adopted_on", "-id").first()

    def with_progress(self, today: datetime.date | None = None) -> "ResolutionQuerySet":
        """Annotate each resolution with the counts of `progress_aggregates`."""
        aggregates = progress_aggregates(today or _today(), prefix="recommendations__")
        return self.annotate(**aggregates)


class Resolution(models.Model):
    title = models.CharField(_("title"), max_length=500)
    event = models.CharField(_("event"), max_length=500)
    adopted_on = models.DateField(_("adopted on"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    preamble = models.TextField(_("preamble"), blank=True)
    source_url = models.URLField(_("source"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["-adopted_on", "-id"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self) -> str:
        return f"{self.title} ({self.adopted_on:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:resolution", args=[self.slug])


class RecommendationQuerySet(models.QuerySet):
    def published(self) -> "RecommendationQuerySet":
        """Recommendations of published resolutions: what the public may see."""
        return self.filter(resolution__is_published=True)

    def for_user(self, user) -> "RecommendationQuerySet":
        """What a user may report on: everything for a reviewer, else their own."""
        if user.has_perm("recommendations.publish_statusupdate"):
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
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


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


# Newest publication first; an update published without a review (loaded
# from a file) counts from its creation.
FEED_ORDER = (
    Coalesce("reviewed_at", "created_at").desc(),
    models.F("id").desc(),
)


class StatusUpdateQuerySet(models.QuerySet):
    def published(self) -> "StatusUpdateQuerySet":
        return self.filter(state=ReviewState.PUBLISHED)

    def public(self) -> "StatusUpdateQuerySet":
        """Published updates of published resolutions."""
        return self.published().filter(recommendation__resolution__is_published=True)

    def awaiting_review(self) -> "StatusUpdateQuerySet":
        return self.filter(state=ReviewState.SUBMITTED)

    def timeline(self) -> "StatusUpdateQuerySet":
        """Newest fact first; of two reports on the same day, the later one first."""
        return self.order_by("-reported_on", "-created_at", "-id")

    def for_user(self, user) -> "StatusUpdateQuerySet":
        """Updates a user may see in the admin: all for a reviewer, else their own
        organisations' ones."""
        if user.has_perm("recommendations.publish_statusupdate"):
            return self
        return self.filter(organisation__memberships__user=user.pk)


def evidence_upload_to(instance: "StatusUpdate", filename: str) -> str:
    """A name nobody can guess; the original extension is kept for the browser."""
    extension = os.path.splitext(filename)[1].lower()
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class StatusUpdate(models.Model):
    """A report on a recommendation. Append-only once published."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.PROTECT,
        related_name="updates",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("reporting organisation"),
        on_delete=models.PROTECT,
        related_name="status_updates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="status_updates",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    progress = models.PositiveSmallIntegerField(_("progress, %"))
    comment = models.TextField(_("comment"), blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to=evidence_upload_to, max_length=200, blank=True
    )
    reported_on = models.DateField(_("facts as of"))
    state = models.CharField(
        _("review state"),
        max_length=20,
        choices=ReviewState.choices,
        default=ReviewState.SUBMITTED,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_status_updates",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-created_at", "-id"]
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        permissions = [("publish_statusupdate", _("Can review and publish updates"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="status_update_progress_0_100",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ReviewState.values),
                name="status_update_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="status_update_status_valid",
            ),
        ]
        indexes = [
            # The current state and the as-of state: latest published per item.
            models.Index(
                fields=["recommendation", "state", "reported_on", "created_at"],
                name="update_timeline",
            ),
            # The review queue and the public feed.
            models.Index(fields=["state", "created_at"], name="update_state_created"),
            models.Index(fields=["state", "reported_on"], name="update_state_reported"),
            # The published history newest first, as `as_of` and the timeline
            # read it, with the state's own fields: PostgreSQL answers the
            # as-of subqueries from this index alone, with no sort.
            models.Index(
                fields=[
                    "recommendation",
                    "-reported_on",
                    "-created_at",
                    "-id",
                    "status",
                    "progress",
                ],
                condition=Q(state=ReviewState.PUBLISHED),
                name="update_published_history",
            ),
            # The Atom feed: the latest publications first, read in index order
            # instead of sorting every published update.
            models.Index(
                *FEED_ORDER,
                condition=Q(state=ReviewState.PUBLISHED),
                name="update_feed",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.recommendation.number}: {self.get_status_display()}, "
            f"{self.progress}% ({self.reported_on:%d.%m.%Y})"
        )

    @property
    def is_published(self) -> bool:
        return self.state == ReviewState.PUBLISHED

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_url or self.evidence_file)
