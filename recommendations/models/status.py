"""The statuses of a recommendation, the review states of a report, and the
rules that tie a status to its progress.

`STATUS_RULES` is the one statement of those rules: the workflow's check
(`services.validate_report`), the report form's help text and the import
template's guide sheet are all read from it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ONGOING = "ongoing", _("Ongoing")
    DELAYED = "delayed", _("Behind schedule")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Excluded from monitoring")


class ReviewState(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    PUBLISHED = "published", _("Published")
    RETURNED = "returned", _("Returned for revision")


# Statuses that close a recommendation: it can be neither overdue nor stale.
CLOSED_STATUSES = (Status.DONE, Status.CANCELLED)


@dataclass(frozen=True)
class StatusRule:
    """What a report with this status must satisfy."""

    lowest: int = 0  # progress, per cent
    highest: int = 100
    # Shown when the progress is outside [lowest, highest].
    progress_refusal: str = ""
    needs_evidence: bool = False
    standing_duty_only: bool = False
    coordinators_only: bool = False

    def allows(self, progress: int) -> bool:
        return self.lowest <= progress <= self.highest

    def describe(self) -> str:
        """The rule in words, for people filling in a report."""
        parts = []
        if self.lowest == self.highest:
            parts.append(gettext("progress %(value)s") % {"value": self.lowest})
        elif self.lowest == 0 and self.highest < 100:
            parts.append(
                gettext("progress below %(limit)s") % {"limit": self.highest + 1}
            )
        elif (self.lowest, self.highest) != (0, 100):
            parts.append(
                gettext("progress from %(low)s to %(high)s")
                % {"low": self.lowest, "high": self.highest}
            )
        if self.needs_evidence:
            parts.append(gettext("with evidence"))
        if self.standing_duty_only:
            parts.append(gettext("standing duties only"))
        if self.coordinators_only:
            parts.append(gettext("set by the coordinators"))
        return ", ".join(parts) or "—"


STATUS_RULES: dict[str, StatusRule] = {
    Status.NOT_STARTED: StatusRule(
        highest=0,
        progress_refusal=_("A recommendation that is not started has 0% progress."),
    ),
    Status.IN_PROGRESS: StatusRule(
        lowest=1,
        highest=99,
        progress_refusal=_("Progress of work in progress is from 1 to 99%."),
    ),
    Status.ONGOING: StatusRule(standing_duty_only=True),
    Status.DELAYED: StatusRule(
        highest=99,
        progress_refusal=_("Work behind schedule cannot be at 100%: choose «Done»."),
    ),
    Status.DONE: StatusRule(
        lowest=100,
        progress_refusal=_("A recommendation that is done has 100% progress."),
        needs_evidence=True,
    ),
    Status.CANCELLED: StatusRule(coordinators_only=True),
}


def _progress_help_text() -> str:
    return gettext("Progress by status: %(rules)s.") % {
        "rules": "; ".join(
            f"«{Status(status).label}» — {rule.describe()}"
            for status, rule in STATUS_RULES.items()
        )
    }


# The report form's help text, in the language of the request.
progress_help_text = lazy(_progress_help_text, str)()
