"""Generated data at national scale, for load tests and capacity planning.

    manage.py generate_demo_data --resolutions 100 --recommendations 5000 \
        --organisations 500 --updates 500000

The numbers are totals. Everything is written with `bulk_create` in one
transaction, and the denormalised current state of each recommendation is
computed while its history is generated, by the same rule as
`recommendation_refresh_state` (the latest published update by `reported_on`,
then `created_at`), so no per-row refresh is needed afterwards.

Generated rows are recognisable by their slugs and user names (prefix `gen-`);
the command refuses to run twice on the same database and, like `seed_demo`,
refuses to run with DEBUG off unless given --force.
"""

import dataclasses
import datetime
import random
import time

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from recommendations.management.guards import (
    add_force_argument,
    refuse_without_debug,
)
from recommendations.models import (
    Assignment,
    Recommendation,
    Resolution,
    ReviewState,
    Status,
    StatusUpdate,
)
from resolution_portal.page_cache import bump_data_version
from stakeholders.models import AddresseeGroup, Membership, Organisation

PREFIX = "gen-"
BATCH_SIZE = 5000

# slug suffix: (name, order); names differ from the 2018 resolution's groups.
GROUPS = [
    ("authorities", "Органы исполнительной власти субъектов Российской Федерации"),
    ("partners", "Работодатели, их объединения и социальные партнёры"),
    ("institutes", "Региональные институты развития образования"),
    ("colleges", "Профессиональные образовательные организации"),
]

# Organisation kinds per group, in the genitive of a region's name below.
KINDS = {
    "authorities": [
        "Министерство образования {region}",
        "Министерство экономического развития {region}",
        "Министерство труда и занятости населения {region}",
        "Министерство цифрового развития {region}",
    ],
    "partners": [
        "Торгово-промышленная палата {region}",
        "Региональное объединение работодателей {region}",
        "Региональный центр «Молодые профессионалы» {region}",
    ],
    "institutes": [
        "Институт развития образования {region}",
        "Центр опережающей профессиональной подготовки {region}",
    ],
    "colleges": [
        "Политехнический колледж {region}",
        "Колледж сервиса и технологий {region}",
        "Аграрный техникум {region}",
        "Медицинский колледж {region}",
        "Строительный колледж {region}",
    ],
}
KIND_LIST = [(group, kind) for group, kinds in KINDS.items() for kind in kinds]

REGIONS = [
    "Смоленской области",
    "Брянской области",
    "Калужской области",
    "Тверской области",
    "Псковской области",
    "Новгородской области",
    "Ярославской области",
    "Владимирской области",
    "Рязанской области",
    "Тульской области",
    "Орловской области",
    "Курской области",
    "Белгородской области",
    "Воронежской области",
    "Липецкой области",
    "Тамбовской области",
    "Пензенской области",
    "Саратовской области",
    "Самарской области",
    "Ульяновской области",
    "Нижегородской области",
    "Кировской области",
    "Пермского края",
    "Свердловской области",
    "Челябинской области",
    "Омской области",
    "Новосибирской области",
    "Томской области",
    "Красноярского края",
    "Иркутской области",
    "Хабаровского края",
    "Приморского края",
    "Республики Татарстан",
    "Республики Башкортостан",
    "Удмуртской Республики",
    "Чувашской Республики",
    "Республики Карелия",
    "Республики Коми",
    "Краснодарского края",
    "Ставропольского края",
]

THEMES = [
    "Новые кадры для цифровой экономики",
    "Профессиональное образование и рынок труда",
    "Региональная инфраструктура подготовки кадров",
    "Наставничество и практико-ориентированное обучение",
    "Колледж будущего: партнёрство с работодателями",
    "Непрерывное образование взрослых",
]

VERBS = [
    "Обеспечить",
    "Разработать и утвердить",
    "Организовать",
    "Провести",
    "Внедрить",
    "Рассмотреть возможность",
]
CONTINUOUS_VERB = "Продолжать обеспечивать"
OBJECTS = [
    "подготовку кадров по наиболее востребованным и перспективным профессиям",
    "сетевое взаимодействие профессиональных образовательных организаций",
    "участие работодателей в разработке образовательных программ",
    "повышение квалификации педагогических работников",
    "создание мастерских с современной материально-технической базой",
    "проведение демонстрационного экзамена по программам СПО",
    "мониторинг трудоустройства выпускников",
    "развитие системы наставничества на предприятиях",
    "профессиональную ориентацию обучающихся общеобразовательных организаций",
    "обучение граждан предпенсионного возраста новым профессиям",
    "цифровизацию образовательного процесса",
    "региональный чемпионат профессионального мастерства",
]
QUALIFIERS = [
    "с учётом прогноза потребности экономики региона в кадрах",
    "в соответствии с профессиональными стандартами",
    "совместно с объединениями работодателей",
    "на базе ресурсных центров",
    "в рамках региональной программы развития образования",
    "с привлечением средств внебюджетных источников",
]
COMMENTS = [
    "Проведено совещание с участием работодателей, определён план работ.",
    "Подготовлен проект документа, идёт согласование с ведомствами.",
    "Мероприятия выполнены в запланированном объёме за отчётный период.",
    "Курсы повышения квалификации прошли педагогические работники: {n} чел.",
    "Заключены соглашения о сотрудничестве с предприятиями региона: {n}.",
    "Работы приостановлены до поступления финансирования.",
    "Сроки смещены из-за задержки поставки оборудования.",
    "Итоги рассмотрены на заседании координационного совета.",
]
DONE_COMMENT = "Работа завершена, приказ № {n} от {day:%d.%m.%Y}."
CANCELLED_COMMENT = (
    "Снято с контроля решением координационного совета (протокол № {n})."
)
RETURN_NOTE = "Уточните, какие мероприятия проведены, и приложите ссылку на документ."

# The final state of a recommendation with an end result, and how often it
# occurs; a standing duty is mostly reported as ongoing.
OUTCOMES = [
    (Status.DONE, 35),
    (Status.IN_PROGRESS, 30),
    (Status.DELAYED, 12),
    (Status.NOT_STARTED, 15),
    (Status.CANCELLED, 8),
]
CONTINUOUS_OUTCOMES = [
    (Status.ONGOING, 85),
    (Status.NOT_STARTED, 10),
    (Status.CANCELLED, 5),
]


@dataclasses.dataclass
class Plan:
    """One recommendation's history, before it is written."""

    recommendation: Recommendation
    lead: Organisation
    others: list[Organisation]
    updates: list[StatusUpdate]


class Command(BaseCommand):
    help = (
        "Generate resolutions, organisations, recommendations and their history "
        "at scale (totals), for load tests."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--resolutions", type=int, default=100)
        parser.add_argument("--recommendations", type=int, default=5000)
        parser.add_argument("--organisations", type=int, default=500)
        parser.add_argument("--updates", type=int, default=500_000)
        parser.add_argument("--seed", type=int, default=2018, help="Random seed.")
        add_force_argument(parser)

    def handle(self, *args, force: bool = False, **options) -> None:
        refuse_without_debug(
            force=force,
            what_it_does="generate_demo_data fills the database with invented data",
        )
        counts = {
            name: options[name]
            for name in ("resolutions", "recommendations", "organisations", "updates")
        }
        for name, value in counts.items():
            if value < 0:
                raise CommandError(f"--{name} must be 0 or more, not {value}.")
        if counts["recommendations"] and not (
            counts["resolutions"] and counts["organisations"]
        ):
            raise CommandError(
                "Recommendations need at least one resolution and one organisation."
            )
        if Resolution.objects.filter(slug__startswith=PREFIX).exists():
            raise CommandError(
                "Generated data is already in this database; "
                "use a fresh database to generate it again."
            )
        self.random = random.Random(options["seed"])
        self.verbosity = options["verbosity"]
        self.today = timezone.localdate()
        self.now = timezone.now()
        started = time.monotonic()
        with transaction.atomic():
            groups = self._groups()
            organisations = self._organisations(counts["organisations"], groups)
            coordinator, officials = self._accounts(organisations)
            resolutions = self._resolutions(counts["resolutions"])
            written = self._recommendations(
                resolutions,
                groups,
                organisations,
                officials,
                coordinator,
                total=counts["recommendations"],
                updates=counts["updates"],
            )
        bump_data_version()  # bulk inserts send no signals
        if connection.vendor == "postgresql":
            # Fresh statistics, so that the planner sees the new sizes at once,
            # and a visibility map, so that index-only scans need no heap.
            # VACUUM cannot run inside a transaction (a caller's, or a test's).
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                for model in (
                    Resolution,
                    Recommendation,
                    Assignment,
                    StatusUpdate,
                    Organisation,
                ):
                    cursor.execute(f"{command} {model._meta.db_table}")
        self.stdout.write(
            f"Generated {len(resolutions)} resolutions, {written[0]} recommendations, "
            f"{len(organisations)} organisations, {written[1]} status updates "
            f"in {time.monotonic() - started:.0f} s."
        )

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
        group_list = list(groups.values())
        # Each recommendation's final state decides how much history it has.
        outcomes = [self._outcome(i) for i in range(total)]
        budget = self._spread(updates, [weight for _, _, weight in outcomes])
        written_recommendations = written_updates = 0
        index = 0
        for r, resolution in enumerate(resolutions):
            size = total // len(resolutions) + (r < total % len(resolutions))
            plans = []
            in_group: dict[int, int] = {}
            for k in range(size):
                g = k * len(group_list) // size
                group = group_list[g]
                in_group[g] = in_group.get(g, 0) + 1
                continuous, outcome, _ = outcomes[index]
                plans.append(
                    self._plan(
                        resolution,
                        group,
                        number=f"{g + 1}.{in_group[g]}",
                        order=k + 1,
                        continuous=continuous,
                        outcome=outcome,
                        count=budget[index],
                        candidates=by_group.get(group.pk) or organisations,
                        organisations=organisations,
                        officials=officials,
                        coordinator=coordinator,
                    )
                )
                index += 1
            written_updates += self._write(plans)
            written_recommendations += len(plans)
            if self.verbosity > 1 and (r + 1) % 10 == 0:
                self.stdout.write(
                    f"  {r + 1} resolutions, {written_updates} updates written"
                )
        return written_recommendations, written_updates

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

    def _plan(
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
        adopted = resolution.adopted_on
        if continuous:
            text = f"{CONTINUOUS_VERB} {rnd.choice(OBJECTS)} {rnd.choice(QUALIFIERS)}."
            due_on = None
        else:
            text = (
                f"{rnd.choice(VERBS)} {rnd.choice(OBJECTS)} {rnd.choice(QUALIFIERS)}."
            )
            due_on = adopted + datetime.timedelta(days=rnd.randint(180, 4 * 365))
        lead = rnd.choice(candidates)
        others = {rnd.choice(organisations) for _ in range(rnd.choice((0, 1, 1, 2, 3)))}
        others.discard(lead)
        recommendation = Recommendation(
            resolution=resolution,
            group=group,
            number=number,
            order=order,
            text=text,
            due_on=due_on,
            is_continuous=continuous,
        )
        others = sorted(others, key=lambda o: o.pk)
        reporters = [lead, lead, lead, *others]

        # Report dates over several years after adoption, never in the future.
        last_day = min(
            self.today, adopted + datetime.timedelta(days=rnd.randint(365, 6 * 365))
        )
        first_day = min(adopted + datetime.timedelta(days=14), last_day)
        span = (last_day - first_day).days
        days = sorted(
            first_day + datetime.timedelta(days=rnd.randint(0, span))
            for _ in range(count)
        )
        # The newest reports may still await review; a few were sent back.
        if outcome == Status.NOT_STARTED:
            states = [
                rnd.choice((ReviewState.SUBMITTED, ReviewState.RETURNED)) for _ in days
            ]
        else:
            pending = min(count - 1, rnd.choice((0, 0, 0, 1, 1, 2))) if count else 0
            states = [
                ReviewState.RETURNED if rnd.random() < 0.04 else ReviewState.PUBLISHED
                for _ in range(count - pending)
            ] + [ReviewState.SUBMITTED] * pending
            if count and ReviewState.PUBLISHED not in states[: count - pending]:
                states[count - pending - 1] = ReviewState.PUBLISHED
        published_total = states.count(ReviewState.PUBLISHED)
        target = rnd.randint(15, 95)

        updates = []
        published_seen = 0
        for j, (day, state) in enumerate(zip(days, states, strict=True)):
            is_last_published = (
                state == ReviewState.PUBLISHED and published_seen + 1 == published_total
            )
            share = (published_seen + 1) / max(published_total, 1)
            status, progress, comment, link = self._report(
                continuous, outcome, share, target, is_last_published, day, j
            )
            if state == ReviewState.PUBLISHED:
                published_seen += 1
            organisation = rnd.choice(reporters)
            created = timezone.make_aware(
                datetime.datetime.combine(
                    day + datetime.timedelta(days=rnd.randint(0, 5)), datetime.time(9)
                )
            ) + datetime.timedelta(minutes=j)
            if created > self.now:  # a report of the last days, sent today
                created = self.now - datetime.timedelta(
                    seconds=rnd.randint(60, 8 * 3600), minutes=count - j
                )
            reviewed = state != ReviewState.SUBMITTED
            updates.append(
                StatusUpdate(
                    organisation=organisation,
                    author=officials[organisation.pk],
                    status=status,
                    progress=progress,
                    comment=comment,
                    evidence_url=link,
                    reported_on=day,
                    state=state,
                    reviewed_by=coordinator if reviewed else None,
                    reviewed_at=(
                        min(created + datetime.timedelta(days=2), self.now)
                        if reviewed
                        else None
                    ),
                    review_note=RETURN_NOTE if state == ReviewState.RETURNED else "",
                    created_at=created,
                )
            )
        # The stored current state, by the rule of recommendation_refresh_state.
        published = [u for u in updates if u.state == ReviewState.PUBLISHED]
        if published:
            # Ties go to the later row, as `-id` orders them in the timeline.
            latest = max(
                reversed(published), key=lambda u: (u.reported_on, u.created_at)
            )
            recommendation.status = latest.status
            recommendation.progress = latest.progress
            recommendation.status_reported_on = latest.reported_on
        return Plan(recommendation, lead, others, updates)

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

    def _write(self, plans: list[Plan]) -> int:
        recommendations = Recommendation.objects.bulk_create(
            [plan.recommendation for plan in plans], batch_size=BATCH_SIZE
        )
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
