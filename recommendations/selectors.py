"""Reads that need a user, or several models, and serve more than one place.

The admin, the spreadsheet import, the evidence view and the start page all
ask these questions; each is answered once, here.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from stakeholders.models import Membership, Organisation

from .attention import attention_items
from .models import (
    CLOSED_STATUSES,
    Assignment,
    DeadlineChange,
    DeadlineChangeKind,
    Recommendation,
    ReviewState,
    StatusUpdate,
    stale_before,
)
from .permissions import can_review
from .schedules import (
    NEXT_REPORT_HORIZON,
    ScheduleStatus,
    period_of_report,
    schedule_status,
)


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


def attention_for(user, *, today: datetime.date | None = None) -> dict:
    """What the admin's start page tells a person: their work, not the menu."""
    if not user.is_authenticated or not user.is_staff:
        return {}
    today = today or timezone.localdate()
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
        **_deadline_queue(),
    }


def _deadline_queue() -> dict:
    pending = DeadlineChange.objects.pending()
    return {
        "deadline_queue_count": pending.count(),
        "deadline_queue_url": reverse("admin:recommendations_deadlinechange_changelist")
        + "?state__exact=pending",
    }


# An official sees the decisions on their requests for this long.
DECISIONS_SHOWN_DAYS = 30


def deadline_requests_of(user) -> list[DeadlineChange]:
    """The requests of the user's organisations awaiting a decision or decided
    lately, newest first."""
    since = timezone.now() - datetime.timedelta(days=DECISIONS_SHOWN_DAYS)
    return list(
        DeadlineChange.objects.for_user(user)
        .filter(kind=DeadlineChangeKind.REQUEST)
        .filter(Q(decided_at__isnull=True) | Q(decided_at__gte=since))
        .select_related("recommendation")
        .order_by("-requested_at", "-id")[:20]
    )


def _official_attention(user, today: datetime.date) -> dict:
    mine = Recommendation.objects.for_user(user).select_related("resolution")
    stale = list(mine.stale(today).order_by("resolution", "order", "id")[:50])
    due = reports_due(mine.exclude(status__in=CLOSED_STATUSES), today=today)
    statuses = {item.pk: item.schedule_status for item in due}
    for item in stale:
        item.schedule_status = statuses.get(item.pk)
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
        "reports_due": due,
        "overdue": overdue,
        "returned": returned,
        "pending_count": reports.filter(state=ReviewState.SUBMITTED).count(),
        "period_start": stale_before(today),
        "period_days": (today - stale_before(today)).days,
        "add_url": reverse("admin:recommendations_statusupdate_add"),
        "today": today,
        "deadline_requests": deadline_requests_of(user),
    }


def published_report_dates(
    recommendation_ids: Iterable[int],
    *,
    since: datetime.date | None = None,
    published_by: datetime.datetime | None = None,
) -> dict[int, list[tuple[datetime.date, datetime.datetime]]]:
    """Each recommendation's published reports as (facts date, submission time),
    in one query; with `since`, only those with facts after that day; with
    `published_by`, only those published by then."""
    updates = StatusUpdate.objects.published().filter(
        recommendation_id__in=list(recommendation_ids)
    )
    if since is not None:
        updates = updates.filter(reported_on__gt=since)
    if published_by is not None:
        updates = updates.filter(published_at__lte=published_by)
    dates = defaultdict(list)
    rows = updates.order_by().values_list(
        "recommendation_id", "reported_on", "created_at"
    )
    for recommendation_id, reported_on, created_at in rows.iterator(chunk_size=5000):
        dates[recommendation_id].append((reported_on, created_at))
    return dates


def schedule_statuses(
    recommendations: Iterable[Recommendation],
    *,
    today: datetime.date,
    next_only: bool = False,
) -> dict[int, ScheduleStatus]:
    """Where each recommendation's schedule stands on `today`, by its id.

    The recommendations come with their resolutions (`select_related`); their
    published reports are read in one query. `next_only` reads only the recent
    ones: the next report is then right, the missed periods are not.
    """
    items = list(recommendations)
    since = today - NEXT_REPORT_HORIZON if next_only else None
    reports = published_report_dates((item.pk for item in items), since=since)
    statuses = {}
    for item in items:
        schedule = item.schedule
        if not schedule.is_periodic:
            statuses[item.pk] = ScheduleStatus()
            continue
        keys = {
            period_of_report(
                reported_on=reported_on,
                frequency=schedule.frequency,
                due_day=schedule.due_day,
            ).key
            for reported_on, _created_at in reports.get(item.pk, ())
        }
        statuses[item.pk] = schedule_status(
            today=today,
            frequency=schedule.frequency,
            due_day=schedule.due_day,
            start=item.resolution.adopted_on,
            reported_keys=keys,
        )
    return statuses


def reports_due(
    recommendations: QuerySet, *, today: datetime.date, limit: int = 200
) -> list[Recommendation]:
    """The items of `recommendations` that report on a schedule, the next report
    due first, each with its `schedule_status`."""
    items = list(recommendations.select_related("resolution").order_by()[:limit])
    statuses = schedule_statuses(items, today=today)
    due = []
    for item in items:
        if statuses[item.pk].next_due_on is not None:
            item.schedule_status = statuses[item.pk]
            due.append(item)
    due.sort(key=lambda item: (item.schedule_status.next_due_on, item.order, item.pk))
    return due


def last_publication() -> datetime.datetime | None:
    """When the public record last changed: the newest publication of a report
    on a published resolution (the «data as of» stamp of the public pages)."""
    return (
        StatusUpdate.objects.public()
        .filter(published_at__isnull=False)
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )


@dataclass
class ReportingScope:
    """Who may report on what, read once for a whole file of reports.

    The answers of `reporting_organisations` and `default_reporting_organisation`
    for the file's recommendations, from three queries instead of several per
    row."""

    user: object
    recommendations: dict[int, Recommendation] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    # Each recommendation's responsible organisations, lead first.
    responsible: dict[int, list[Organisation]] = field(default_factory=dict)
    mine: set[int] = field(default_factory=set)
    reviewer: bool = False

    def allowed(self, recommendation: Recommendation) -> set[int]:
        """The ids of `reporting_organisations(user, recommendation)`."""
        ids = {o.pk for o in self.responsible.get(recommendation.pk, [])}
        return ids if self.reviewer else ids & self.mine

    def assigned(self, recommendation: Recommendation) -> set[int]:
        return {o.pk for o in self.responsible.get(recommendation.pk, [])}

    def default_organisation(self, recommendation: Recommendation):
        responsible = self.responsible.get(recommendation.pk, [])
        return choose_reporting_organisation(
            responsible=responsible,
            mine=[o for o in responsible if o.pk in self.mine],
            user=self.user,
        )


def reporting_scope(
    *, user, recommendation_ids: set[int], organisation_slugs: set[str]
) -> ReportingScope:
    """What a file of reports by `user` refers to, with who may report on it."""
    scope = ReportingScope(user=user, reviewer=can_review(user))
    scope.recommendations = Recommendation.objects.select_related("resolution").in_bulk(
        recommendation_ids
    )
    scope.organisations = {
        o.slug: o for o in Organisation.objects.filter(slug__in=organisation_slugs)
    }
    assignments = (
        Assignment.objects.filter(recommendation_id__in=scope.recommendations)
        .select_related("organisation")
        .order_by("-is_lead", "organisation__name")
    )
    for assignment in assignments:
        scope.responsible.setdefault(assignment.recommendation_id, []).append(
            assignment.organisation
        )
    scope.mine = set(
        Membership.objects.filter(user=user.pk).values_list("organisation", flat=True)
    )
    return scope


def open_schedule_status(
    recommendation: Recommendation, *, today: datetime.date
) -> ScheduleStatus | None:
    """Where an open item's schedule stands; None once it is closed, when it
    owes no more reports."""
    if recommendation.status in CLOSED_STATUSES:
        return None
    return schedule_statuses([recommendation], today=today)[recommendation.pk]
