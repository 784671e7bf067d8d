"""Reporting discipline: the share of reports due that came in on time.

Ko = n / N × 100 %. N counts the reports owed by the lead executors for periods
whose due date has passed (see `schedules`: a period is owed from the one the
resolution was adopted in; a closed item owes nothing after the period of the
report that closed it). n counts those of them with a published report counted
for the period (by its facts date) that was submitted — `StatusUpdate.created_at`
— on or before the due date. A recommendation without a schedule owes no
periodic reports and is not counted.
"""

import datetime
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from stakeholders.models import Organisation

from .models import CLOSED_STATUSES, Assignment, Recommendation, Resolution
from .schedules import (
    Period,
    following_period,
    period_containing,
    period_of_report,
    report_due_on,
)
from .selectors import published_report_dates


@dataclass(frozen=True)
class Discipline:
    """n of N reports on time."""

    on_time: int = 0
    due: int = 0

    def __add__(self, other: "Discipline") -> "Discipline":
        return Discipline(self.on_time + other.on_time, self.due + other.due)

    @property
    def percent(self) -> int | None:
        """n / N × 100, rounded; None while no report has been due."""
        return round(100 * self.on_time / self.due) if self.due else None

    @property
    def in_words(self) -> str:
        """«3 из 4 отчётов представлены в срок»."""
        return ngettext(
            "%(on_time)s of %(due)s report submitted on time",
            "%(on_time)s of %(due)s reports submitted on time",
            self.due,
        ) % {"on_time": self.on_time, "due": self.due}


def owed_periods(
    recommendation: Recommendation, *, today: datetime.date
) -> list[tuple[Period, datetime.date]]:
    """The periods a recommendation owed a report for, due before `today`,
    each with its due date. Needs the recommendation's resolution."""
    schedule = recommendation.schedule
    period = period_containing(recommendation.resolution.adopted_on, schedule.frequency)
    closed_on = recommendation.status_reported_on
    if recommendation.status not in CLOSED_STATUSES:
        closed_on = None
    owed = []
    while (
        period is not None and (due := report_due_on(period, schedule.due_day)) < today
    ):
        if closed_on is not None and period.start > closed_on:
            break
        owed.append((period, due))
        period = following_period(period)
    return owed


def recommendation_discipline(
    recommendation: Recommendation,
    reports: Iterable[tuple[datetime.date, datetime.datetime]],
    *,
    today: datetime.date,
) -> Discipline:
    """The discipline of one recommendation, from its published reports as
    (facts date, submission time)."""
    schedule = recommendation.schedule
    if not schedule.is_periodic:
        return Discipline()
    first_submitted: dict[str, datetime.date] = {}
    for reported_on, created_at in reports:
        key = period_of_report(
            reported_on=reported_on,
            frequency=schedule.frequency,
            due_day=schedule.due_day,
        ).key
        submitted = timezone.localdate(created_at)
        if key not in first_submitted or submitted < first_submitted[key]:
            first_submitted[key] = submitted
    owed = owed_periods(recommendation, today=today)
    on_time = sum(
        1
        for period, due in owed
        if period.key in first_submitted and first_submitted[period.key] <= due
    )
    return Discipline(on_time, len(owed))


def lead_discipline(
    recommendations: QuerySet,
    *,
    today: datetime.date,
    by: str = "organisation",
    published_by: datetime.datetime | None = None,
) -> dict[Hashable, Discipline]:
    """The discipline of the lead executors of `recommendations`, in two queries.

    `by`: "organisation" (by Organisation), "resolution" (by Resolution) or
    "both" (by (Organisation, Resolution)). `published_by`: count only the
    reports published by then (the record as it stood).
    """
    leads = list(
        Assignment.objects.filter(
            is_lead=True, recommendation__in=recommendations.values("pk")
        ).select_related("organisation", "recommendation__resolution")
    )
    reports = published_report_dates(
        (lead.recommendation_id for lead in leads), published_by=published_by
    )
    figures: dict[Hashable, Discipline] = defaultdict(Discipline)
    for lead in leads:
        item = lead.recommendation
        key = {
            "organisation": lead.organisation,
            "resolution": item.resolution,
            "both": (lead.organisation, item.resolution),
        }[by]
        figures[key] += recommendation_discipline(
            item, reports.get(item.pk, ()), today=today
        )
    return dict(figures)


def worst_first(figures: dict[Hashable, Discipline]) -> list[tuple]:
    """The figures with reports due, the lowest share first."""
    due = [(key, figure) for key, figure in figures.items() if figure.due]
    return sorted(due, key=lambda pair: (pair[1].on_time / pair[1].due, str(pair[0])))


def organisations_discipline(
    organisations: Iterable[Organisation], *, today: datetime.date
) -> dict[Organisation, Discipline]:
    """Each organisation's discipline over the published items it leads."""
    led = Recommendation.objects.published().filter(
        assignments__organisation__in=[
            organisation.pk for organisation in organisations
        ],
        assignments__is_lead=True,
    )
    return lead_discipline(led, today=today)


def organisation_discipline(
    organisation: Organisation, recommendations: QuerySet, *, today: datetime.date
) -> list[tuple[Resolution, Discipline]]:
    """An organisation's discipline in each resolution where reports were due
    from it as the lead, the latest resolution first."""
    figures = lead_discipline(recommendations, today=today, by="both")
    by_resolution = [
        (resolution, figure)
        for (lead, resolution), figure in figures.items()
        if lead == organisation and figure.due
    ]
    return sorted(by_resolution, key=lambda pair: pair[0].adopted_on, reverse=True)


def total(figures: Iterable[Discipline]) -> Discipline:
    return sum(figures, Discipline())


def resolution_discipline(
    resolution: Resolution | None, *, today: datetime.date, limit: int = 20
) -> dict:
    """A resolution's discipline overall and its lead executors', lowest first."""
    if resolution is None:
        return {}
    figures = lead_discipline(resolution.recommendations.all(), today=today)
    return {
        "resolution": resolution,
        "total": total(figures.values()),
        "worst": worst_first(figures)[:limit],
        "organisations": sum(1 for figure in figures.values() if figure.due),
    }
