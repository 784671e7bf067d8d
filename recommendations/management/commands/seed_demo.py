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

from recommendations.management.guards import (
    add_force_argument,
    refuse_without_debug,
)
from recommendations.models import (
    Assignment,
    Recommendation,
    Resolution,
    StatusUpdate,
)
from recommendations.services import (
    recommendation_refresh_state,
    status_update_return,
    status_update_submit,
)
from stakeholders.models import AddresseeGroup, Membership, Organisation

DEMO_PASSWORD = "demo12345"
RESOLUTION_SLUG = "novye-kadry-2018"

# slug: (name, short name, addressee group order, website, e-mail)
ORGANISATIONS = {
    "edu-smolensk": (
        "Департамент Смоленской области по образованию и науке",
        "Департамент по образованию и науке",
        1,
        "https://edu.admin-smolensk.ru/",
        "edu@admin-smolensk.ru",
    ),
    "econ-smolensk": (
        "Департамент экономического развития Смоленской области",
        "Департамент экономического развития",
        1,
        "https://econ.admin-smolensk.ru/",
        "econ@admin-smolensk.ru",
    ),
    "smolensk-tpp": (
        "Союз «Смоленская торгово-промышленная палата»",
        "Смоленская ТПП",
        2,
        "https://smolensk.tpprf.ru/",
        "",
    ),
    "worldskills-smolensk": (
        "Региональный координационный центр движения «Молодые профессионалы» "
        "(WorldSkills Russia) Смоленской области",
        "РКЦ WorldSkills Смоленской области",
        2,
        "",
        "",
    ),
    "gau-dpo-soiro": (
        "ГАУ ДПО СОИРО",
        "",
        3,
        "https://dpo-smolensk.ru/",
        "",
    ),
    "smolensk-sapo": (
        "ОГБПОУ «Смоленская академия профессионального образования»",
        "Смоленская академия профессионального образования",
        4,
        "",
        "",
    ),
    "smolensk-sat": (
        "ОГБПОУ «Смоленский автотранспортный колледж имени Е.Г. Трубицына»",
        "Смоленский автотранспортный колледж",
        4,
        "",
        "",
    ),
    "smolensk-stroy": (
        "ОГБПОУ «Смоленский строительный колледж»",
        "Смоленский строительный колледж",
        4,
        "",
        "",
    ),
    "roslavl-college": (
        "ОГБПОУ «Рославльский многопрофильный колледж»",
        "Рославльский многопрофильный колледж",
        4,
        "",
        "",
    ),
}

# number: (lead, co-executors, due date)
ASSIGNMENTS = {
    "1.1": ("edu-smolensk", ["econ-smolensk"], "2020-12-31"),
    "1.2": ("edu-smolensk", [], "2021-12-31"),
    "1.3": ("edu-smolensk", ["econ-smolensk"], "2019-12-31"),
    "1.4": ("edu-smolensk", [], "2019-09-01"),
    "2.1": ("smolensk-tpp", ["econ-smolensk"], None),
    "2.2": ("smolensk-tpp", ["smolensk-sat", "smolensk-stroy"], "2020-09-01"),
    "2.3": ("worldskills-smolensk", ["smolensk-tpp"], "2019-12-31"),
    "3.1": ("gau-dpo-soiro", [], None),
    "3.2": ("gau-dpo-soiro", [], None),
    "3.3": ("gau-dpo-soiro", [], None),
    "3.4": ("gau-dpo-soiro", [], None),
    "3.5": ("gau-dpo-soiro", [], None),
    "4.1": ("smolensk-sat", ["smolensk-sapo", "smolensk-stroy"], "2019-09-01"),
    "4.2": ("smolensk-sapo", ["smolensk-sat", "roslavl-college"], None),
    "4.3": ("smolensk-sat", ["smolensk-sapo", "roslavl-college"], "2021-09-01"),
    "4.4": ("smolensk-sat", ["smolensk-stroy"], "2020-06-30"),
    "4.5": ("smolensk-sapo", ["smolensk-sat"], "2021-06-30"),
    "4.6": ("smolensk-stroy", ["smolensk-sat"], "2020-12-31"),
}

# username: (first name, last name, role, organisation slugs)
ACCOUNTS = {
    "coordinator": ("Ирина", "Соколова", "Coordinators", []),
    "edu": ("Сергей", "Ковалёв", "Officials", ["edu-smolensk"]),
    "soiro": ("Елена", "Морозова", "Officials", ["gau-dpo-soiro"]),
    "college": ("Андрей", "Петров", "Officials", ["smolensk-sat"]),
}

# number, organisation, reported on, status, progress, comment, evidence link
PUBLISHED_REPORTS = [
    (
        "1.1",
        "edu-smolensk",
        "2018-12-20",
        "in_progress",
        30,
        "Разработан проект регионального стандарта кадрового обеспечения "
        "промышленного роста, проведено его обсуждение с работодателями.",
        "",
    ),
    (
        "1.1",
        "edu-smolensk",
        "2019-09-30",
        "in_progress",
        70,
        "Проект стандарта согласован с отраслевыми департаментами.",
        "",
    ),
    (
        "1.1",
        "edu-smolensk",
        "2020-12-25",
        "done",
        100,
        "Региональный стандарт кадрового обеспечения утверждён, мероприятия "
        "включены в план работы департамента на 2021 год.",
        "https://edu.admin-smolensk.ru/",
    ),
    (
        "1.2",
        "edu-smolensk",
        "2019-03-15",
        "in_progress",
        25,
        "Определены базовые организации инфраструктуры: ресурсные центры и "
        "центр опережающей профессиональной подготовки.",
        "",
    ),
    (
        "1.2",
        "edu-smolensk",
        "2020-06-30",
        "in_progress",
        55,
        "Открыты два ресурсных центра на базе колледжей.",
        "",
    ),
    (
        "1.3",
        "econ-smolensk",
        "2019-05-20",
        "delayed",
        20,
        "Прогноз потребности в кадрах не сформирован в срок: не получены данные "
        "от части работодателей.",
        "",
    ),
    (
        "1.4",
        "edu-smolensk",
        "2018-11-30",
        "in_progress",
        40,
        "Проект программы модернизации направлен на согласование.",
        "",
    ),
    (
        "1.4",
        "edu-smolensk",
        "2019-06-28",
        "done",
        100,
        "Программа развития образовательных организаций СПО утверждена "
        "распоряжением Администрации Смоленской области.",
        "",
    ),
    (
        "2.1",
        "smolensk-tpp",
        "2019-04-10",
        "in_progress",
        50,
        "Палата провела опрос 64 предприятий региона о потребности в кадрах.",
        "",
    ),
    (
        "2.3",
        "worldskills-smolensk",
        "2018-12-05",
        "in_progress",
        60,
        "Утверждён состав экспертов регионального чемпионата.",
        "",
    ),
    (
        "2.3",
        "worldskills-smolensk",
        "2019-12-10",
        "done",
        100,
        "Региональный чемпионат проведён по 28 компетенциям, итоги подведены.",
        "https://worldskills.ru/",
    ),
    (
        "3.1",
        "gau-dpo-soiro",
        "2018-10-15",
        "ongoing",
        50,
        "Проведены 12 методических семинаров для руководителей органов образования.",
        "",
    ),
    (
        "3.1",
        "gau-dpo-soiro",
        "2019-10-15",
        "ongoing",
        75,
        "Сопровождение продолжается по плану на 2019/2020 учебный год.",
        "",
    ),
    (
        "3.2",
        "gau-dpo-soiro",
        "2019-01-30",
        "ongoing",
        60,
        "Курсы повышения квалификации прошли 420 педагогов.",
        "",
    ),
    (
        "3.2",
        "gau-dpo-soiro",
        "2021-02-01",
        "ongoing",
        80,
        "Курсовая подготовка переведена в смешанный формат.",
        "",
    ),
    (
        "3.4",
        "gau-dpo-soiro",
        "2019-11-20",
        "ongoing",
        50,
        "Проведены региональная научно-практическая конференция и два круглых стола.",
        "",
    ),
    (
        "4.1",
        "smolensk-sat",
        "2019-02-28",
        "in_progress",
        35,
        "Актуализированы 6 программ из перечня ТОП-Регион.",
        "",
    ),
    (
        "4.1",
        "smolensk-sat",
        "2020-09-01",
        "in_progress",
        80,
        "Актуализированы 14 из 18 программ с учётом профессиональных стандартов.",
        "",
    ),
    (
        "4.3",
        "smolensk-sat",
        "2018-09-01",
        "in_progress",
        10,
        "Педагогический совет рассмотрел региональную программу, реализация "
        "начата 1 сентября 2018 года.",
        "",
    ),
    (
        "4.3",
        "smolensk-sat",
        "2019-09-01",
        "in_progress",
        45,
        "Выполнены мероприятия первого года программы.",
        "",
    ),
    (
        "4.6",
        "smolensk-stroy",
        "2020-03-10",
        "cancelled",
        0,
        "Снято с контроля решением координационного совета (протокол № 4 от "
        "10.03.2020): аккредитация проводится в рамках федеральной программы.",
        "",
    ),
]


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
            Recommendation.objects.filter(pk=recommendation.pk).update(
                due_on=_date(due_on)
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
        return len(PUBLISHED_REPORTS) + 2
