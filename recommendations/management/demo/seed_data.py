"""The demo scene of the 2018 resolution: real Smolensk organisations, who answers
for which recommendation, the demo accounts and a history of reports.

A data module: long because it is the demo's text, with no logic in it.
"""

DEMO_PASSWORD = "demo12345"
RESOLUTION_SLUG = "novye-kadry-2018"
# Reports on the 2018 resolution are due quarterly, by the 10th of the month
# after the quarter.
REPORT_FREQUENCY = "quarterly"
REPORT_DUE_DAY = 10

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
        "Исключено из мониторинга решением координационного совета (протокол № 4 "
        "от 10.03.2020): аккредитация проводится в рамках федеральной программы.",
        "",
    ),
]

# Deadline changes: number, account asking, proposed date, justification, basis,
# asked on, decision (True approve, False refuse, None pending), decision note.
DEADLINE_REQUESTS = [
    (
        "1.3",
        "edu",
        "2020-06-30",
        "Прогноз потребности в кадрах не сформирован: часть работодателей не "
        "представила данные. Сбор сведений продлён до мая 2020 года.",
        "письмо Департамента по образованию и науке от 20.11.2019 № 01-12/3456",
        "2019-11-20",
        True,
        "Перенос согласован координационным советом (протокол № 7 от 05.12.2019).",
    ),
    (
        "1.2",
        "edu",
        "2022-06-30",
        "Не завершено оснащение третьего ресурсного центра.",
        "письмо от 15.11.2021 № 01-12/5120",
        "2021-11-15",
        False,
        "Оснащение предусмотрено планом 2021 года и финансируется; оснований для "
        "переноса нет.",
    ),
    (
        "4.3",
        "college",
        "2027-06-30",
        "Перенесены сроки поставки оборудования для мастерских.",
        "письмо колледжа от 25.11.2026 № 214",
        None,
        None,
        "",
    ),
]

# Exclusions from monitoring: number -> (the public reason, the basis).
WITHDRAWALS = {
    "4.6": (
        "Аккредитация проводится в рамках федеральной программы; региональная "
        "мера утратила самостоятельное значение.",
        "протокол координационного совета № 4 от 10.03.2020",
    ),
}
