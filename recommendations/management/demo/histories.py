"""One recommendation's invented history on the way to its final state."""

import dataclasses
import datetime
import random

from django.contrib.auth.models import User
from django.utils import timezone

from stakeholders.models import AddresseeGroup, Organisation

from ...models import Recommendation, Resolution, ReviewState, Status, StatusUpdate
from .vocabulary import (
    CANCELLED_COMMENT,
    COMMENTS,
    CONTINUOUS_VERB,
    DONE_COMMENT,
    OBJECTS,
    QUALIFIERS,
    RETURN_NOTE,
    VERBS,
)


@dataclasses.dataclass
class Plan:
    """One recommendation's history, before it is written."""

    recommendation: Recommendation
    lead: Organisation
    others: list[Organisation]
    updates: list[StatusUpdate]


class HistoryPlanner:
    """Plans recommendations and their reports; nothing is written here."""

    def __init__(
        self, rnd: random.Random, *, today: datetime.date, now: datetime.datetime
    ) -> None:
        self.random = rnd
        self.today = today
        self.now = now

    def plan(
        self,
        resolution: Resolution,
        group: AddresseeGroup,
        *,
        number: str,
        order: int,
        continuous: bool,
        outcome: Status,
        count: int,
        candidates: list[Organisation],
        organisations: list[Organisation],
        officials: dict[int, User],
        coordinator: User,
    ) -> Plan:
        rnd = self.random
        recommendation = self._recommendation(
            resolution, group, number=number, order=order, continuous=continuous
        )
        lead = rnd.choice(candidates)
        others = {rnd.choice(organisations) for _ in range(rnd.choice((0, 1, 1, 2, 3)))}
        others.discard(lead)
        others = sorted(others, key=lambda o: o.pk)
        days = self._report_days(resolution.adopted_on, count)
        states = self._review_states(outcome, count)
        target = rnd.randint(15, 95)
        updates = self._updates(
            days,
            states,
            reporters=[lead, lead, lead, *others],
            continuous=continuous,
            outcome=outcome,
            target=target,
            officials=officials,
            coordinator=coordinator,
        )
        _take_latest_published(recommendation, updates)
        return Plan(recommendation, lead, others, updates)

    def _updates(
        self,
        days: list[datetime.date],
        states: list[str],
        *,
        reporters: list[Organisation],
        continuous: bool,
        outcome: Status,
        target: int,
        officials: dict[int, User],
        coordinator: User,
    ) -> list[StatusUpdate]:
        rnd = self.random
        published_total = states.count(ReviewState.PUBLISHED)
        count = len(days)
        updates = []
        published_seen = 0
        for j, (day, state) in enumerate(zip(days, states, strict=True)):
            is_published = state == ReviewState.PUBLISHED
            status, progress, comment, link = self._report(
                continuous,
                outcome,
                (published_seen + 1) / max(published_total, 1),
                target,
                is_published and published_seen + 1 == published_total,
                day,
                j,
            )
            published_seen += is_published
            organisation = rnd.choice(reporters)
            update = StatusUpdate(
                organisation=organisation,
                author=officials[organisation.pk],
                status=status,
                progress=progress,
                comment=comment,
                evidence_url=link,
                reported_on=day,
                state=state,
                review_note=RETURN_NOTE if state == ReviewState.RETURNED else "",
                created_at=self._created_at(day, j, count),
            )
            self._review(update, coordinator)
            updates.append(update)
        return updates

    def _review(self, update: StatusUpdate, coordinator: User) -> None:
        """A reviewed update was looked at two days after it came in."""
        if update.state != ReviewState.SUBMITTED:
            update.reviewed_by = coordinator
            update.reviewed_at = min(
                update.created_at + datetime.timedelta(days=2), self.now
            )
        if update.state == ReviewState.PUBLISHED:
            update.published_at = update.reviewed_at

    def _recommendation(
        self,
        resolution: Resolution,
        group: AddresseeGroup,
        *,
        number: str,
        order: int,
        continuous: bool,
    ) -> Recommendation:
        rnd = self.random
        if continuous:
            text = f"{CONTINUOUS_VERB} {rnd.choice(OBJECTS)} {rnd.choice(QUALIFIERS)}."
            due_on = None
        else:
            text = (
                f"{rnd.choice(VERBS)} {rnd.choice(OBJECTS)} {rnd.choice(QUALIFIERS)}."
            )
            due_on = resolution.adopted_on + datetime.timedelta(
                days=rnd.randint(180, 4 * 365)
            )
        return Recommendation(
            resolution=resolution,
            group=group,
            number=number,
            order=order,
            text=text,
            due_on=due_on,
            is_continuous=continuous,
        )

    def _report_days(self, adopted: datetime.date, count: int) -> list[datetime.date]:
        """Report dates over several years after adoption, never in the future."""
        rnd = self.random
        last_day = min(
            self.today, adopted + datetime.timedelta(days=rnd.randint(365, 6 * 365))
        )
        first_day = min(adopted + datetime.timedelta(days=14), last_day)
        span = (last_day - first_day).days
        return sorted(
            first_day + datetime.timedelta(days=rnd.randint(0, span))
            for _ in range(count)
        )

    def _review_states(self, outcome: Status, count: int) -> list[str]:
        """The newest reports may still await review; a few were sent back."""
        rnd = self.random
        if outcome == Status.NOT_STARTED:
            return [
                rnd.choice((ReviewState.SUBMITTED, ReviewState.RETURNED))
                for _ in range(count)
            ]
        pending = min(count - 1, rnd.choice((0, 0, 0, 1, 1, 2))) if count else 0
        states = [
            ReviewState.RETURNED if rnd.random() < 0.04 else ReviewState.PUBLISHED
            for _ in range(count - pending)
        ] + [ReviewState.SUBMITTED] * pending
        if count and ReviewState.PUBLISHED not in states[: count - pending]:
            states[count - pending - 1] = ReviewState.PUBLISHED
        return states

    def _created_at(self, day: datetime.date, j: int, count: int) -> datetime.datetime:
        """A few days after the facts; a report of the last days was sent today."""
        rnd = self.random
        created = timezone.make_aware(
            datetime.datetime.combine(
                day + datetime.timedelta(days=rnd.randint(0, 5)), datetime.time(9)
            )
        ) + datetime.timedelta(minutes=j)
        if created > self.now:
            created = self.now - datetime.timedelta(
                seconds=rnd.randint(60, 8 * 3600), minutes=count - j
            )
        return created

    def _report(
        self,
        continuous: bool,
        outcome: Status,
        share: float,
        target: int,
        is_last: bool,
        day: datetime.date,
        j: int,
    ) -> tuple[str, int, str, str]:
        """Status, progress, comment and link of one report on the way to `outcome`."""
        rnd = self.random
        comment = rnd.choice(COMMENTS).format(n=rnd.randint(2, 60))
        link = f"https://docs.example.ru/reports/{j + 1}" if rnd.random() < 0.2 else ""
        if is_last and outcome == Status.DONE:
            n = rnd.randint(10, 999)
            link = f"https://docs.example.ru/orders/{n}"
            return Status.DONE, 100, DONE_COMMENT.format(n=n, day=day), link
        if is_last and outcome == Status.CANCELLED:
            return Status.CANCELLED, 0, CANCELLED_COMMENT.format(n=j + 1), ""
        if continuous:
            return Status.ONGOING, max(5, min(95, round(target * share))), comment, link
        goal = 95 if outcome in (Status.DONE, Status.CANCELLED) else target
        progress = max(1, min(99, round(goal * share)))
        behind = outcome == Status.DELAYED and (is_last or rnd.random() < 0.3)
        return (
            (Status.DELAYED if behind else Status.IN_PROGRESS),
            progress,
            comment,
            link,
        )


def _take_latest_published(
    recommendation: Recommendation, updates: list[StatusUpdate]
) -> None:
    """The stored current state, by the rule of `recommendation_refresh_state`."""
    published = [u for u in updates if u.state == ReviewState.PUBLISHED]
    if not published:
        return
    # Ties go to the later row, as `-id` orders them in the timeline.
    latest = max(reversed(published), key=lambda u: (u.reported_on, u.created_at))
    recommendation.status = latest.status
    recommendation.progress = latest.progress
    recommendation.status_reported_on = latest.reported_on
