import datetime
import hashlib
import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stakeholders.models import Organisation

from ..permissions import can_review
from .recommendation import Recommendation
from .status import ReviewState, Status

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

    def as_it_stood(
        self, day: "datetime.date | OuterRef", *, known_today: bool = False
    ) -> "StatusUpdateQuerySet":
        """The record as it stood at the end of `day`: the one definition.

        Updates published by the end of that day in the portal's time zone,
        about facts of that day or before. A later publication never changes
        it, so a report of a past date is the same whenever it is made. With
        `known_today`, the facts of `day` as known today: every update
        published since about facts of that day or before. `day` may be a
        date or an expression (the day of an outer query).
        """
        updates = self.published().filter(reported_on__lte=day)
        if known_today:
            return updates
        return updates.alias(
            published_on=TruncDate(
                "published_at", tzinfo=timezone.get_current_timezone()
            )
        ).filter(published_on__lte=day)

    def awaiting_review(self) -> "StatusUpdateQuerySet":
        return self.filter(state=ReviewState.SUBMITTED)

    def timeline(self) -> "StatusUpdateQuerySet":
        """Newest fact first; of two reports on the same day, the later one first."""
        return self.order_by("-reported_on", "-created_at", "-id")

    def for_user(self, user) -> "StatusUpdateQuerySet":
        """Updates a user may see in the admin: all for a reviewer, else their own
        organisations' ones."""
        if can_review(user):
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
    # When the update entered the public record: what a report "as it stood"
    # on a past date reads. Empty until published.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
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
            # The «data as of» stamp of the public pages: the last publication.
            models.Index(
                F("published_at").desc(),
                condition=Q(state=ReviewState.PUBLISHED),
                name="update_last_published",
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

    @property
    def version_key(self) -> str:
        """What a reviewer saw of this report, in short: it changes with any edit.

        A reviewer's page carries it; publishing and returning refuse when the
        report has changed since (`services.status_update_publish`).
        """
        seen = [
            self.status,
            self.progress,
            self.comment,
            self.evidence_url,
            str(self.evidence_file or ""),
            self.reported_on.isoformat() if self.reported_on else "",
            self.organisation_id,
            self.state,
        ]
        text = "\x1f".join(str(value) for value in seen)
        return hashlib.sha256(text.encode()).hexdigest()[:20]
