import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..permissions import can_review
from .queries import _today, progress_aggregates


class ResolutionQuerySet(models.QuerySet):
    def published(self) -> "ResolutionQuerySet":
        return self.filter(is_published=True)

    def for_user(self, user) -> "ResolutionQuerySet":
        """What a user may see in the admin: a draft only for a reviewer."""
        if can_review(user):
            return self
        return self.published()

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
