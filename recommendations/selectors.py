"""Reads that need a user, or several models, and serve more than one place.

The admin, the spreadsheet import, the evidence view and the start page all
ask these questions; each is answered once, here.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stakeholders.models import Membership, Organisation

from .models import Recommendation, ReviewState, StatusUpdate, stale_before
from .permissions import can_review


def reporting_organisations(*, user, recommendation: Recommendation) -> QuerySet:
    """The organisations on whose behalf `user` may report on `recommendation`."""
    responsible = Organisation.objects.filter(
        assignments__recommendation=recommendation
    )
    if can_review(user):
        return responsible
    return responsible.filter(memberships__user=user.pk)


def sole_organisation(user) -> Organisation | None:
    """An official's only organisation: they report for it without choosing."""
    if can_review(user):
        return None
    own = list(Organisation.objects.of_user(user)[:2])
    return own[0] if len(own) == 1 else None


def default_reporting_organisation(
    *, user, recommendation: Recommendation
) -> Organisation | None:
    """The organisation a new report by `user` is made for, when it is clear.

    See `choose_reporting_organisation` for the rule.
    """
    responsible = list(
        Organisation.objects.filter(assignments__recommendation=recommendation)
        .annotate(
            is_mine=Exists(
                Membership.objects.filter(organisation=OuterRef("pk"), user=user.pk)
            )
        )
        .order_by("-assignments__is_lead", "name")
    )
    return choose_reporting_organisation(
        responsible=responsible,
        mine=[organisation for organisation in responsible if organisation.is_mine],
        user=user,
    )


def choose_reporting_organisation(
    *, responsible: list[Organisation], mine: list[Organisation], user
) -> Organisation | None:
    """The rule of `default_reporting_organisation`, on data already read.

    `responsible` are the item's organisations, lead first; `mine` those of
    them the user belongs to. The one of the user's organisations responsible
    for the item; else an official's only organisation (the check of the
    report then says that it is not responsible); for a coordinator, the lead.
    None when an official of several responsible organisations has to choose.
    """
    if len(mine) == 1:
        return mine[0]
    if not can_review(user):
        return None if mine else sole_organisation(user)
    return responsible[0] if responsible else None


def visible_status_updates(user) -> QuerySet:
    """The reports a person may read, with their evidence files.

    Everyone: the published reports of published resolutions. Staff who may
    view reports in the admin: also every report of their organisations (all
    reports for a coordinator) and the published reports on the items they
    are responsible for, whether or not the resolution is public yet.
    """
    public = StatusUpdate.objects.public()
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return public
    if not user.has_perm("recommendations.view_statusupdate"):
        return public
    own = StatusUpdate.objects.for_user(user)
    responsible = StatusUpdate.objects.published().filter(
        recommendation__in=Recommendation.objects.for_user(user).values("pk")
    )
    return StatusUpdate.objects.filter(
        Q(pk__in=own.values("pk"))
        | Q(pk__in=responsible.values("pk"))
        | Q(pk__in=public.values("pk"))
    )


def public_organisations() -> QuerySet:
    """Organisations responsible for something in a published resolution.

    Not made distinct: figures annotated over `recommendations__` on this
    queryset count only the published resolutions' items.
    """
    return Organisation.objects.filter(recommendations__resolution__is_published=True)


def attention_for(user) -> dict:
    """What the admin's start page tells a person: their work, not the menu."""
    if not user.is_authenticated or not user.is_staff:
        return {}
    today = timezone.localdate()
    if can_review(user):
        return _reviewer_attention(today)
    return _official_attention(user, today)


def _reviewer_attention(today: datetime.date) -> dict:
    queue = StatusUpdate.objects.awaiting_review()
    published = Recommendation.objects.published()
    return {
        "is_reviewer": True,
        "overdue_count": published.overdue(today).count(),
        "stale_count": published.stale(today).count(),
        "period_days": (today - stale_before(today)).days,
        "queue_count": queue.count(),
        "oldest_waiting": queue.order_by("created_at").first(),
        "queue_url": reverse("admin:recommendations_statusupdate_changelist")
        + f"?state__exact={ReviewState.SUBMITTED}",
    }


def _official_attention(user, today: datetime.date) -> dict:
    mine = Recommendation.objects.for_user(user).select_related("resolution")
    stale = list(mine.stale(today).order_by("resolution", "order", "id")[:50])
    overdue = list(mine.overdue(today).order_by("due_on", "order")[:50])
    reports = StatusUpdate.objects.for_user(user)
    returned = list(
        reports.filter(state=ReviewState.RETURNED)
        .select_related("recommendation", "reviewed_by")
        .order_by("-reviewed_at")[:50]
    )
    pending = list(
        reports.filter(state=ReviewState.SUBMITTED)
        .filter(recommendation__in=[item.pk for item in stale + overdue])
        .order_by("-created_at")
    )
    return {
        "is_reviewer": False,
        "items": attention_items(
            returned=returned,
            overdue=overdue,
            stale=stale,
            pending=pending,
            period_days=(today - stale_before(today)).days,
        ),
        "stale": stale,
        "overdue": overdue,
        "returned": returned,
        "pending_count": reports.filter(state=ReviewState.SUBMITTED).count(),
        "period_start": stale_before(today),
        "period_days": (today - stale_before(today)).days,
        "add_url": reverse("admin:recommendations_statusupdate_add"),
        "today": today,
    }


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
                ngettext(
                    "No report in the last %(days)s day",
                    "No report in the last %(days)s days",
                    period_days,
                )
                % {"days": period_days},
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
