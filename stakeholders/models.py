from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AddresseeGroup(models.Model):
    """One of the groups a resolution addresses, e.g. the regional executive."""

    name = models.CharField(_("name"), max_length=300, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("addressee group")
        verbose_name_plural = _("addressee groups")

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def active(self) -> "OrganisationQuerySet":
        return self.filter(is_active=True)

    def of_user(self, user) -> "OrganisationQuerySet":
        """The organisations a user reports for (none for the anonymous)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=300, unique=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    group = models.ForeignKey(
        AddresseeGroup,
        verbose_name=_("addressee group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


def by_shown_name(organisations) -> list["Organisation"]:
    """Organisations in the order of the names lists show, quotes aside."""
    return sorted(
        organisations, key=lambda org: org.display_name.strip("«»\"' ").casefold()
    )


class Membership(models.Model):
    """A user who reports on behalf of an organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="unique_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"
