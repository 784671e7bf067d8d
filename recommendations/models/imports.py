"""Spreadsheet imports that were confirmed: a file is imported once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportClaim(models.Model):
    """The stored file of a previewed import, claimed by the confirm that
    imports it. The unique name lets one of two confirms at once through."""

    file_name = models.CharField(_("stored file"), max_length=100, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_claims",
        verbose_name=_("user"),
    )
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("confirmed import")
        verbose_name_plural = _("confirmed imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.user})"
