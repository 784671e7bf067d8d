"""Every number on the portal stands with the Russian form it needs:
«1 отстаёт от срока», «2 отчёта о выполнении», «5 рекомендаций исключено».

Each count-bearing string is rendered at 1, 2, 5, 11, 21 and 112 — the numbers
where the three Russian forms (one, few, many) trip over each other.
"""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext, npgettext

from recommendations.admin.review import authors_told
from recommendations.models import Status

NUMBERS = [1, 2, 5, 11, 21, 112]
FORM = {1: 0, 2: 1, 5: 2, 11: 2, 21: 0, 112: 2}


def figure(label: str):
    return lambda n: npgettext("headline figure", label, label, n)


def counted(model_label: str):
    from recommendations.templatetags.counts import COUNTED_NAMES

    return lambda n: COUNTED_NAMES[model_label] % {"count": n}


def template(source: str, **context):
    def render(n):
        text = "{% load i18n %}" + source
        return Template(text).render(Context({"n": n, **context})).strip()

    return render


STRINGS = {
    "headline: done": (figure("done"), ["выполнена", "выполнены", "выполнено"]),
    "headline: in progress": (
        figure("in progress"),
        ["выполняется", "выполняются", "выполняется"],
    ),
    "headline: not started": (
        figure("not started"),
        ["не начата", "не начаты", "не начато"],
    ),
    "headline: overdue": (
        figure("overdue"),
        ["просрочена", "просрочены", "просрочено"],
    ),
    "headline: behind schedule": (
        figure("behind schedule"),
        ["отстаёт от срока", "отстают от срока", "отстают от срока"],
    ),
    "headline: withdrawn": (
        figure("excluded from monitoring"),
        [
            "исключена из мониторинга",
            "исключены из мониторинга",
            "исключено из мониторинга",
        ],
    ),
    "headline: recommendations": (
        figure("recommendation"),
        ["рекомендация", "рекомендации", "рекомендаций"],
    ),
    "list footer: status updates": (
        counted("recommendations.statusupdate"),
        [
            "{n} отчёт о выполнении",
            "{n} отчёта о выполнении",
            "{n} отчётов о выполнении",
        ],
    ),
    "list footer: recommendations": (
        counted("recommendations.recommendation"),
        ["{n} рекомендация", "{n} рекомендации", "{n} рекомендаций"],
    ),
    "list footer: organisations": (
        counted("stakeholders.organisation"),
        ["{n} организация", "{n} организации", "{n} организаций"],
    ),
    "withdrawn, not counted": (
        template(
            "{% blocktranslate count withdrawn=n %}({{ withdrawn }} withdrawn, "
            "not counted){% plural %}({{ withdrawn }} withdrawn, not counted)"
            "{% endblocktranslate %}"
        ),
        [
            "({n} исключена из мониторинга и не учитывается)",
            "({n} исключены из мониторинга и не учитываются)",
            "({n} исключено из мониторинга и не учитывается)",
        ],
    ),
    "done of counted": (
        template(
            "{% blocktranslate with done=1 count total=n %}{{ done }} of {{ total }} "
            "recommendation done{% plural %}{{ done }} of {{ total }} recommendations"
            " done{% endblocktranslate %}"
        ),
        [
            "выполнено 1 из {n} рекомендации",
            "выполнено 1 из {n} рекомендаций",
            "выполнено 1 из {n} рекомендаций",
        ],
    ),
    "reports published": (
        lambda n: (
            ngettext("%(count)d report published.", "%(count)d reports published.", n)
            % {"count": n}
        ),
        [
            "Опубликован {n} отчёт.",
            "Опубликовано {n} отчёта.",
            "Опубликовано {n} отчётов.",
        ],
    ),
    "resolutions published": (
        template(
            "{% blocktranslate count total=n %}{{ total }} resolution has been "
            "published.{% plural %}{{ total }} resolutions have been published."
            "{% endblocktranslate %}"
        ),
        [
            "Опубликована {n} резолюция.",
            "Опубликованы {n} резолюции.",
            "Опубликовано {n} резолюций.",
        ],
    ),
    "overdue flag": (
        template(
            "{% blocktranslate count overdue=n %}{{ overdue }} overdue{% plural %}"
            "{{ overdue }} overdue{% endblocktranslate %}"
        ),
        ["{n} просрочена", "{n} просрочены", "{n} просрочено"],
    ),
    "reports awaiting review": (
        template(
            "{% blocktranslate count counter=n %}{{ counter }} report awaits your "
            "review{% plural %}{{ counter }} reports await your review"
            "{% endblocktranslate %}"
        ),
        [
            "{n} отчёт ожидает вашей проверки",
            "{n} отчёта ожидают вашей проверки",
            "{n} отчётов ожидают вашей проверки",
        ],
    ),
    "recommendations found": (
        template(
            "{% blocktranslate count found=n %}{{ found }} recommendation found"
            "{% plural %}{{ found }} recommendations found{% endblocktranslate %}"
        ),
        [
            "Найдена {n} рекомендация",
            "Найдены {n} рекомендации",
            "Найдено {n} рекомендаций",
        ],
    ),
    "no report for days": (
        lambda n: (
            ngettext(
                "No report in the last %(days)s day",
                "No report in the last %(days)s days",
                n,
            )
            % {"days": n}
        ),
        [
            "Нет отчёта за последний {n} день",
            "Нет отчёта за последние {n} дня",
            "Нет отчёта за последние {n} дней",
        ],
    ),
}


@pytest.mark.parametrize("n", NUMBERS)
@pytest.mark.parametrize("name", list(STRINGS))
def test_it_chooses_the_russian_form_for_the_number(name, n):
    render, forms = STRINGS[name]
    with translation.override("ru"):
        assert render(n) == forms[FORM[n]].format(n=n)


@pytest.mark.parametrize("n", NUMBERS)
def test_it_tells_how_many_authors_got_the_note(n):
    with translation.override("ru"):
        told = authors_told(n)
    expected = {
        1: "Автору отправлено письмо.",
        21: "Письма отправлены 21 автору.",
    }.get(n, f"Письма отправлены {n} авторам.")
    assert told == expected


@pytest.mark.django_db
def test_it_shows_headline_figures_in_the_form_of_their_number(
    client, make_recommendation, make_update, make_organisation, resolution_2018
):
    page = client.get("/").content.decode()
    # The 2018 resolution, nothing published: 18 not started.
    assert "не начато" in page

    org = make_organisation(name="Орг", slug="org")
    for number, status in [("9.1", Status.DELAYED), ("9.2", Status.CANCELLED)]:
        item = make_recommendation(lead=org, resolution=resolution_2018, number=number)
        item.status = status
        item.save()

    page = client.get("/").content.decode()
    assert "отстаёт от срока" in page and "отстают от срока" not in page
    assert "исключена из мониторинга" in page and "исключены из мониторинга" not in page

    page = client.get(reverse("recommendations:organisation", args=["org"]))
    assert "отстаёт от срока" in page.content.decode()


@pytest.mark.django_db
def test_it_counts_done_of_the_recommendations_the_mean_is_taken_over(
    client, make_recommendation, make_organisation, resolution_2018
):
    org = make_organisation(name="Орг", slug="org")
    item = make_recommendation(lead=org, resolution=resolution_2018, number="9.1")
    item.status = Status.CANCELLED
    item.save()

    page = client.get("/resolutions/").content.decode()

    # 18 recommendations of the resolution and the withdrawn one beside them.
    assert "выполнено 0 из 18 рекомендаций" in page
    assert "(1 исключена из мониторинга и не учитывается)" in page


@pytest.mark.django_db
def test_it_ends_an_admin_list_with_the_count_in_its_form(client, coordinator, crowded):
    client.force_login(coordinator)

    page = client.get(reverse("admin:recommendations_recommendation_changelist"))

    assert "300 рекомендаций" in page.content.decode()
    assert "300 рекомендации" not in page.content.decode()


@pytest.mark.django_db
def test_it_names_changed_fields_in_russian_in_the_history():
    entry = LogEntry(
        action_flag=2,
        change_message=json.dumps(
            [{"changed": {"fields": ["Progress, %", "Evidence file", "Reviewed by"]}}]
        ),
    )
    with translation.override("ru"):
        message = entry.get_change_message()

    assert message == "Изменено Выполнение, %, Файл подтверждения и Кем проверено."
