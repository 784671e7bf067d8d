"""The official's start page: each item once, with every reason it is there."""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Recommendation, StatusUpdate


@dataclass
class AttentionReason:
    """Why an item is on the start page: `kind` for its look, `label`, `detail`."""

    kind: str
    label: str
    detail: str = ""


@dataclass
class AttentionItem:
    """One recommendation on an official's start page, with all its reasons.

    The action it offers follows from them: a returned report is fixed, an item
    whose report awaits review waits, any other is reported on.
    """

    recommendation: Recommendation
    reasons: list[AttentionReason] = field(default_factory=list)
    returned: StatusUpdate | None = None
    pending: StatusUpdate | None = None


def _date(value: datetime.date) -> str:
    return date_format(value, "d.m.Y")


def _stale_label(recommendation: Recommendation, period_days: int) -> str:
    """The missing report: the period's, on a schedule; else the days without."""
    status = getattr(recommendation, "schedule_status", None)
    if status is not None and status.last_due is not None:
        return _("No report for %(period)s") % {"period": status.last_due.label}
    return ngettext(
        "No report in the last %(days)s day",
        "No report in the last %(days)s days",
        period_days,
    ) % {"days": period_days}


def attention_items(
    *, returned, overdue, stale, pending, period_days: int
) -> list[AttentionItem]:
    """The official's items, each once: returned ones first, then the late."""
    items: dict[int, AttentionItem] = {}

    def item_for(recommendation) -> AttentionItem:
        return items.setdefault(
            recommendation.pk, AttentionItem(recommendation=recommendation)
        )

    for update in returned:
        entry = item_for(update.recommendation)
        if entry.returned is None:
            entry.returned = update
            entry.reasons.append(
                AttentionReason(
                    "returned", _("Returned for revision"), update.review_note
                )
            )
    for recommendation in overdue:
        item_for(recommendation).reasons.append(
            AttentionReason(
                "overdue",
                _("Overdue"),
                _("Due on %(date)s") % {"date": _date(recommendation.due_on)},
            )
        )
    for recommendation in stale:
        reported = recommendation.status_reported_on
        item_for(recommendation).reasons.append(
            AttentionReason(
                "stale",
                _stale_label(recommendation, period_days),
                _("Last published report: %(date)s") % {"date": _date(reported)}
                if reported
                else _("No published report yet"),
            )
        )
    for update in pending:
        entry = items.get(update.recommendation_id)
        if entry is not None and entry.pending is None and entry.returned is None:
            entry.pending = update
    return list(items.values())
