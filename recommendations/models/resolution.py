import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..schedules import (
    DEFAULT_DUE_DAY,
    FIRST_DUE_DAY,
    LAST_DUE_DAY,
    ReportingFrequency,
)
from .queries import _today, progress_aggregates

# A due day outside the month is refused with words an official understands.
DUE_DAY_VALIDATORS = [
    MinValueValidator(
        FIRST_DUE_DAY, _("The due day is a day of the month, from 1 to 31.")
    ),
    MaxValueValidator(
        LAST_DUE_DAY, _("The due day is a day of the month, from 1 to 31.")
    ),
]
DUE_DAY_HELP = _(
    "Day of the month after the period by which the report is due; in a shorter "
    "month, its last day. A non-working day moves it to the working day before."
)


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
    report_frequency = models.CharField(
        _("reporting schedule"),
        max_length=20,
        choices=ReportingFrequency.choices,
        default=ReportingFrequency.NONE,
        help_text=_("How often every recommendation of the resolution reports."),
    )
    report_due_day = models.PositiveSmallIntegerField(
        _("report due day"),
        default=DEFAULT_DUE_DAY,
        validators=DUE_DAY_VALIDATORS,
        help_text=DUE_DAY_HELP,
    )

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["-adopted_on", "-id"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    report_due_day__gte=FIRST_DUE_DAY, report_due_day__lte=LAST_DUE_DAY
                ),
                name="resolution_report_due_day_1_31",
            ),
            models.CheckConstraint(
                condition=models.Q(report_frequency__in=ReportingFrequency.values),
                name="resolution_report_frequency_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.adopted_on:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:resolution", args=[self.slug])
