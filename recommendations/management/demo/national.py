"""A national roll-out's worth of invented data, written in bulk.

The denormalised current state of each recommendation is computed while its
history is generated, by the same rule as `recommendation_refresh_state` (the
latest published update by `reported_on`, then `created_at`), so no per-row
refresh is needed afterwards.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management.base import OutputWrapper
from django.utils import timezone

from stakeholders.models import AddresseeGroup, Membership, Organisation

from ...models import (
    Assignment,
    DeadlineChange,
    DeadlineChangeKind,
    DeadlineChangeState,
    Recommendation,
    Resolution,
    Status,
    StatusUpdate,
)
from .histories import HistoryPlanner, Plan
from .vocabulary import (
    CONTINUOUS_OUTCOMES,
    DEADLINE_REASONS,
    GROUPS,
    KIND_LIST,
    OUTCOMES,
    PREFIX,
    REGIONS,
    THEMES,
)

BATCH_SIZE = 5000
# One recommendation with a deadline in this many has had it moved.
MOVED_EVERY = 25


class NationalScale:
    """Writes groups, organisations, accounts, resolutions and their history."""

    def __init__(self, *, seed: int, verbosity: int, stdout: OutputWrapper) -> None:
        self.random = random.Random(seed)
        self.verbosity = verbosity
        self.stdout = stdout
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.histories = HistoryPlanner(self.random, today=self.today, now=self.now)
        self.dated = 0  # recommendations with a deadline, so far

    def generate(
        self,
        *,
        resolutions: int,
        recommendations: int,
        organisations: int,
        updates: int,
    ) -> dict[str, int]:
        """Write it all (in the caller's transaction); the totals written."""
        groups = self._groups()
        written_organisations = self._organisations(organisations, groups)
        coordinator, officials = self._accounts(written_organisations)
        self.coordinator, self.officials = coordinator, officials
        written_resolutions = self._resolutions(resolutions)
        items, reports = self._recommendations(
            written_resolutions,
            groups,
            written_organisations,
            officials,
            coordinator,
            total=recommendations,
            updates=updates,
        )
        return {
            "resolutions": len(written_resolutions),
            "recommendations": items,
            "organisations": len(written_organisations),
            "updates": reports,
        }

    # --- who -------------------------------------------------------------------

    def _groups(self) -> dict[str, AddresseeGroup]:
        groups = {}
        for order, (key, name) in enumerate(GROUPS, start=1):
            groups[key], _ = AddresseeGroup.objects.get_or_create(
                slug=f"{PREFIX}{key}", defaults={"name": name, "order": 100 + order}
            )
        return groups

    def _organisations(
        self, total: int, groups: dict[str, AddresseeGroup]
    ) -> list[Organisation]:
        per_round = len(REGIONS) * len(KIND_LIST)
        rows = []
        for i in range(total):
            # Every kind early on, so that each group has organisations.
            group_key, kind = KIND_LIST[i % len(KIND_LIST)]
            name = kind.format(region=REGIONS[(i // len(KIND_LIST)) % len(REGIONS)])
            if i >= per_round:
                name = f"{name} № {i // per_round + 1}"
            rows.append(
                Organisation(
                    name=name,
                    slug=f"{PREFIX}org-{i + 1:04d}",
                    group=groups[group_key],
                    website=f"https://org{i + 1}.example.ru/",
                    email=f"info@org{i + 1}.example.ru",
                )
            )
        return Organisation.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    def _accounts(
        self, organisations: list[Organisation]
    ) -> tuple[User, dict[int, User]]:
        """A coordinator who reviews, and one official per organisation.

        The accounts cannot log in (no usable password): they exist to be the
        authors and reviewers of the generated history.
        """
        password = make_password(None)
        coordinator = User.objects.create(
            username=f"{PREFIX}coordinator", password=password, is_staff=True
        )
        coordinator.groups.add(Group.objects.get(name="Coordinators"))
        users = User.objects.bulk_create(
            [
                User(
                    username=f"{PREFIX}official-{i + 1:04d}",
                    password=password,
                    is_staff=True,
                )
                for i in range(len(organisations))
            ],
            batch_size=BATCH_SIZE,
        )
        officials_group = Group.objects.get(name="Officials")
        User.groups.through.objects.bulk_create(
            [User.groups.through(user=u, group=officials_group) for u in users],
            batch_size=BATCH_SIZE,
        )
        Membership.objects.bulk_create(
            [
                Membership(user=u, organisation=o)
                for u, o in zip(users, organisations, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )
        return coordinator, {o.pk: u for u, o in zip(users, organisations, strict=True)}

    # --- what ------------------------------------------------------------------

    def _resolutions(self, total: int) -> list[Resolution]:
        """One forum after another over the last ten years, most published."""
        first = self.today - datetime.timedelta(days=3650)
        span = (self.today - datetime.timedelta(days=60) - first).days
        rows = []
        for i in range(total):
            adopted_on = first + datetime.timedelta(
                days=span * i // max(total, 1) + self.random.randint(0, 20)
            )
            region = REGIONS[i % len(REGIONS)]
            theme = THEMES[i % len(THEMES)]
            rows.append(
                Resolution(
                    title=f"Резолюция форума «{theme}»",
                    event=f"Форум «{theme}», {adopted_on.year}",
                    adopted_on=adopted_on,
                    place=f"Администрация {region}",
                    slug=f"{PREFIX}{adopted_on.year}-{i + 1:03d}",
                    preamble="Участники форума рекомендуют:",
                    # A few drafts: adopted but not yet on the public site.
                    is_published=i % 25 != 24,
                )
            )
        return Resolution.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    def _recommendations(
        self,
        resolutions: list[Resolution],
        groups: dict[str, AddresseeGroup],
        organisations: list[Organisation],
        officials: dict[int, User],
        coordinator: User,
        *,
        total: int,
        updates: int,
    ) -> tuple[int, int]:
        by_group: dict[int, list[Organisation]] = {}
        for organisation in organisations:
            by_group.setdefault(organisation.group_id, []).append(organisation)
        cast = {
            "by_group": by_group,
            "organisations": organisations,
            "officials": officials,
            "coordinator": coordinator,
        }
        # Each recommendation's final state decides how much history it has.
        outcomes = [self._outcome(i) for i in range(total)]
        budget = self._spread(updates, [weight for _, _, weight in outcomes])
        written_recommendations = written_updates = 0
        index = 0
        for r, resolution in enumerate(resolutions):
            size = total // len(resolutions) + (r < total % len(resolutions))
            plans = [
                self._plan(resolution, list(groups.values()), k, size, cast, *facts)
                for k, facts in enumerate(
                    zip(
                        outcomes[index : index + size],
                        budget[index : index + size],
                        strict=True,
                    )
                )
            ]
            index += size
            written_updates += self._write(plans)
            written_recommendations += len(plans)
            if self.verbosity > 1 and (r + 1) % 10 == 0:
                self.stdout.write(
                    f"  {r + 1} resolutions, {written_updates} updates written"
                )
        return written_recommendations, written_updates

    def _plan(
        self,
        resolution: Resolution,
        groups: list[AddresseeGroup],
        k: int,
        size: int,
        cast: dict,
        outcome: tuple[bool, Status, float],
        count: int,
    ) -> Plan:
        """The k-th of `size` recommendations: groups fill in order, numbered
        within their group."""
        g = k * len(groups) // size
        group = groups[g]
        first_in_group = -(-g * size // len(groups))  # the least k of group g
        continuous, final, _ = outcome
        return self.histories.plan(
            resolution,
            group,
            number=f"{g + 1}.{k - first_in_group + 1}",
            order=k + 1,
            continuous=continuous,
            outcome=final,
            count=count,
            candidates=cast["by_group"].get(group.pk) or cast["organisations"],
            organisations=cast["organisations"],
            officials=cast["officials"],
            coordinator=cast["coordinator"],
        )

    def _outcome(self, i: int) -> tuple[bool, Status, float]:
        continuous = self.random.random() < 0.2
        choices = CONTINUOUS_OUTCOMES if continuous else OUTCOMES
        outcome = self.random.choices(
            [status for status, _ in choices], [weight for _, weight in choices]
        )[0]
        # Unstarted work has only a report or two awaiting review, if any.
        weight = (
            0.02 if outcome == Status.NOT_STARTED else self.random.uniform(0.3, 1.7)
        )
        return continuous, outcome, weight

    @staticmethod
    def _spread(total: int, weights: list[float]) -> list[int]:
        """Split `total` in proportion to `weights`, exactly (largest remainder)."""
        if not weights:
            return []
        whole = sum(weights)
        shares = [total * w / whole for w in weights]
        counts = [int(share) for share in shares]
        by_remainder = sorted(
            range(len(weights)), key=lambda i: shares[i] - counts[i], reverse=True
        )
        for i in by_remainder[: total - sum(counts)]:
            counts[i] += 1
        return counts

    def _decide(self, plan: Plan) -> DeadlineChange | None:
        """The recommendation's first deadline, and now and then a moved one."""
        item = plan.recommendation
        item.original_due_on = item.due_on
        if item.status == Status.CANCELLED:
            item.withdrawal_reason = next(
                (u.comment for u in reversed(plan.updates) if u.status == item.status),
                "",
            )
        if item.due_on is None:
            return None
        self.dated += 1
        if self.dated % MOVED_EVERY != 1:
            return None
        moved = item.due_on + datetime.timedelta(days=self.random.choice([90, 183]))
        asked = timezone.make_aware(
            datetime.datetime.combine(
                item.due_on - datetime.timedelta(days=20), datetime.time(11)
            )
        )
        change = DeadlineChange(
            kind=DeadlineChangeKind.REQUEST,
            state=DeadlineChangeState.APPROVED,
            previous_due_on=item.due_on,
            proposed_due_on=moved,
            new_due_on=moved,
            justification=self.random.choice(DEADLINE_REASONS),
            basis=f"письмо от {asked:%d.%m.%Y} № {self.dated}",
            requested_by=self.officials.get(plan.lead.pk),
            requested_at=asked,
            decided_by=self.coordinator,
            decided_at=asked + datetime.timedelta(days=10),
        )
        item.due_on = moved
        return change

    def _write(self, plans: list[Plan]) -> int:
        changes = [self._decide(plan) for plan in plans]
        recommendations = Recommendation.objects.bulk_create(
            [plan.recommendation for plan in plans], batch_size=BATCH_SIZE
        )
        moved = []
        for change, recommendation in zip(changes, recommendations, strict=True):
            if change is not None:
                change.recommendation = recommendation
                moved.append(change)
        DeadlineChange.objects.bulk_create(moved, batch_size=BATCH_SIZE)
        assignments = []
        updates = []
        for plan, recommendation in zip(plans, recommendations, strict=True):
            assignments.append(
                Assignment(
                    recommendation=recommendation,
                    organisation=plan.lead,
                    is_lead=True,
                )
            )
            assignments.extend(
                Assignment(recommendation=recommendation, organisation=other)
                for other in plan.others
            )
            for update in plan.updates:
                update.recommendation = recommendation
                updates.append(update)
        Assignment.objects.bulk_create(assignments, batch_size=BATCH_SIZE)
        StatusUpdate.objects.bulk_create(updates, batch_size=BATCH_SIZE)
        return len(updates)
