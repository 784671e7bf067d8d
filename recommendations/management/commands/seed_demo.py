"""Demo organisations, accounts and reports for the 2018 resolution.

Idempotent: organisations, assignments and accounts are brought to the state
below on every run; reports are added only once. Refuses to run with DEBUG off
unless given --force, so that production never gets demo passwords by accident.
"""

import datetime

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from recommendations.management.demo.seed_data import (
    ACCOUNTS,
    ASSIGNMENTS,
    DEADLINE_REQUESTS,
    DEMO_PASSWORD,
    ORGANISATIONS,
    PUBLISHED_REPORTS,
    RESOLUTION_SLUG,
    WITHDRAWALS,
)
from recommendations.management.guards import (
    add_force_argument,
    refuse_without_debug,
)
from recommendations.models import (
    Assignment,
    DeadlineChange,
    Recommendation,
    Resolution,
    StatusUpdate,
)
from recommendations.services import (
    deadline_decide,
    deadline_request,
    recommendation_refresh_state,
    status_update_return,
    status_update_submit,
)
from stakeholders.models import AddresseeGroup, Membership, Organisation


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _moment(day: datetime.date, hours: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hours)))


class Command(BaseCommand):
    help = "Create demo organisations, accounts and reports for the 2018 resolution."

    def add_arguments(self, parser: CommandParser) -> None:
        add_force_argument(parser)

    def handle(self, *args, force: bool = False, **options) -> None:
        refuse_without_debug(
            force=force,
            what_it_does="seed_demo creates accounts with a known password",
        )
        try:
            resolution = Resolution.objects.get(slug=RESOLUTION_SLUG)
        except Resolution.DoesNotExist as missing:
            raise CommandError(
                "Load the resolution first: manage.py loaddata "
                "fixtures/resolution_2018.json"
            ) from missing
        with transaction.atomic():
            organisations = self._organisations()
            self._assignments(resolution, organisations)
            users = self._accounts(organisations)
            created = self._reports(resolution, organisations, users)
            for recommendation in resolution.recommendations.all():
                recommendation_refresh_state(recommendation=recommendation)
            self._withdrawals(resolution)
            self._deadline_changes(resolution, users)
        self.stdout.write(
            f"Demo data ready: {len(organisations)} organisations, {len(users)} "
            f"accounts (password {DEMO_PASSWORD}), {created} new reports."
        )

    def _organisations(self) -> dict[str, Organisation]:
        groups = {group.order: group for group in AddresseeGroup.objects.all()}
        organisations = {}
        for slug, (name, short, group, website, email) in ORGANISATIONS.items():
            organisations[slug], _ = Organisation.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "short_name": short,
                    "group": groups.get(group),
                    "website": website,
                    "email": email,
                    "is_active": True,
                },
            )
        return organisations

    def _assignments(
        self, resolution: Resolution, organisations: dict[str, Organisation]
    ) -> None:
        for number, (lead, others, due_on) in ASSIGNMENTS.items():
            recommendation = resolution.recommendations.get(number=number)
            # The first deadline; a deadline moved since stays where it moved.
            moved = (
                recommendation.deadline_changes.approved()
                .order_by("-decided_at", "-id")
                .first()
            )
            Recommendation.objects.filter(pk=recommendation.pk).update(
                original_due_on=_date(due_on),
                due_on=moved.new_due_on if moved else _date(due_on),
            )
            Assignment.objects.filter(recommendation=recommendation).exclude(
                organisation__slug__in=[lead, *others]
            ).delete()
            # Demote before promoting: one lead per recommendation at any moment.
            Assignment.objects.filter(recommendation=recommendation).exclude(
                organisation__slug=lead
            ).update(is_lead=False)
            for slug in [lead, *others]:
                Assignment.objects.update_or_create(
                    recommendation=recommendation,
                    organisation=organisations[slug],
                    defaults={"is_lead": slug == lead},
                )

    def _accounts(self, organisations: dict[str, Organisation]) -> dict[str, User]:
        users = {}
        for username, (first, last, role, slugs) in ACCOUNTS.items():
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@example.ru"
            user.is_staff = True
            user.is_active = True
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            Membership.objects.filter(user=user).exclude(
                organisation__slug__in=slugs
            ).delete()
            for slug in slugs:
                Membership.objects.get_or_create(
                    user=user, organisation=organisations[slug]
                )
            users[username] = User.objects.get(pk=user.pk)  # fresh permission cache
        return users

    def _reports(
        self,
        resolution: Resolution,
        organisations: dict[str, Organisation],
        users: dict[str, User],
    ) -> int:
        if StatusUpdate.objects.filter(recommendation__resolution=resolution).exists():
            return 0
        coordinator = users["coordinator"]
        items = {r.number: r for r in resolution.recommendations.all()}
        for number, slug, day, status, progress, comment, link in PUBLISHED_REPORTS:
            reported_on = _date(day)
            update = status_update_submit(
                recommendation=items[number],
                organisation=organisations[slug],
                author=coordinator,
                status=status,
                progress=progress,
                comment=comment,
                evidence_url=link,
                reported_on=reported_on,
                publish=True,
            )
            StatusUpdate.objects.filter(pk=update.pk).update(
                created_at=_moment(reported_on + datetime.timedelta(days=2), 10),
                reviewed_at=_moment(reported_on + datetime.timedelta(days=3), 15),
            )
        self._unpublished_reports(items, organisations, users)
        return len(PUBLISHED_REPORTS) + 2

    def _unpublished_reports(
        self,
        items: dict[str, Recommendation],
        organisations: dict[str, Organisation],
        users: dict[str, User],
    ) -> None:
        """One report awaiting review and one returned for revision."""
        coordinator = users["coordinator"]
        status_update_submit(
            recommendation=items["4.2"],
            organisation=organisations["smolensk-sat"],
            author=users["college"],
            status="in_progress",
            progress=20,
            comment="Закуплено оборудование для двух мастерских по компетенциям "
            "«Веб-дизайн и разработка» и «Сетевое и системное администрирование».",
            reported_on=datetime.date(2021, 3, 1),
        )
        returned = status_update_submit(
            recommendation=items["3.5"],
            organisation=organisations["gau-dpo-soiro"],
            author=users["soiro"],
            status="ongoing",
            progress=40,
            comment="Проведены мероприятия по трансляции опыта.",
            reported_on=datetime.date(2021, 2, 15),
        )
        status_update_return(
            update=returned,
            reviewer=coordinator,
            note="Уточните, какие мероприятия проведены и где опубликованы "
            "материалы; приложите ссылку.",
        )

    def _withdrawals(self, resolution: Resolution) -> None:
        for number, (reason, basis) in WITHDRAWALS.items():
            resolution.recommendations.filter(number=number).update(
                withdrawal_reason=reason, withdrawal_basis=basis
            )

    def _deadline_changes(self, resolution: Resolution, users: dict[str, User]) -> None:
        """One deadline moved on request, one request refused, one pending."""
        changes = DeadlineChange.objects.filter(recommendation__resolution=resolution)
        if changes.exists():
            return
        items = {r.number: r for r in resolution.recommendations.all()}
        for (
            number,
            asker,
            proposed,
            why,
            basis,
            asked,
            approve,
            note,
        ) in DEADLINE_REQUESTS:
            change = deadline_request(
                recommendation=items[number],
                user=users[asker],
                proposed_due_on=_date(proposed),
                justification=why,
                basis=basis,
            )
            if asked is None:
                continue  # still awaiting the coordinator's decision
            deadline_decide(
                change=change, user=users["coordinator"], approve=approve, note=note
            )
            asked_on = _date(asked)
            DeadlineChange.objects.filter(pk=change.pk).update(
                requested_at=_moment(asked_on, 11),
                decided_at=_moment(asked_on + datetime.timedelta(days=15), 16),
            )
