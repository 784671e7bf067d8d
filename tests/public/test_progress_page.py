"""The front page and /resolutions/<slug>/: a resolution's progress."""

import datetime
import re

import pytest
from django.urls import reverse

from recommendations.models import ReviewState


def listed_numbers(page: str) -> list[str]:
    return re.findall(r'<span class="number">([^<]+)</span>', page)


def test_it_shows_the_resolution_with_every_recommendation(client, demo):
    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Новые кадры для цифровой экономики" in page
    assert "22 августа 2018" in page
    for item in demo.recommendations.all():
        assert item.text in page
        assert reverse("recommendations:recommendation", args=[item.pk]) in page
    assert "Выполнено" in page and "Не начато" in page
    assert "Органы исполнительной власти Смоленской области" in page


def test_it_shows_headline_figures_group_bars_and_the_formula(client, demo):
    summary = demo.recommendations.summary()

    page = client.get("/").content.decode()

    assert f"<dd>{summary['total']}</dd>" in page
    assert f"<dd>{summary['done']}</dd>" in page
    assert f"<dd>{summary['overdue']}</dd>" in page
    assert f"{round(summary['mean_progress'])}<span>%</span>" in page
    assert 'href="?status=ongoing#list">на постоянной основе</a>' in page
    assert f"<dd>{summary['ongoing']}</dd>" in page
    assert "Выполнение по группам адресатов" in page
    for row in demo.recommendations.summary_by_group():
        assert f"<strong>{round(row['mean_progress'] or 0)}%</strong>" in page
    assert "исключённые из мониторинга не учитываются" in page
    assert "считаются выполненными на 0%" in page


def test_it_never_shows_an_unpublished_report(
    client, make_recommendation, make_organisation, make_update
):
    org = make_organisation()
    item = make_recommendation(lead=org)
    make_update(
        item, progress=77, comment="Секретный черновик", state=ReviewState.SUBMITTED
    )

    front = client.get("/").content.decode()
    detail = client.get(item.get_absolute_url()).content.decode()

    assert "77%" not in front and "77%" not in detail
    assert "Секретный черновик" not in detail


def test_it_shows_a_logged_in_official_no_other_organisations_draft(
    client, make_recommendation, make_organisation, make_official, make_update
):
    mine, theirs = make_organisation(), make_organisation()
    item = make_recommendation(lead=theirs, others=[mine])
    make_update(item, organisation=theirs, progress=64, state=ReviewState.SUBMITTED)
    client.force_login(make_official(mine))

    page = client.get("/").content.decode()

    assert "64%" not in page
    assert "Не начато" in page


def test_it_hides_unpublished_resolutions(client, make_recommendation, make_resolution):
    draft = make_recommendation(resolution=make_resolution(is_published=False))

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.resolution.get_absolute_url()).status_code == 404
    assert "Резолюция" not in client.get("/").content.decode()


def test_it_shows_the_same_page_at_the_resolution_address(client, demo):
    page = client.get(demo.get_absolute_url()).content.decode()

    assert len(listed_numbers(page)) == 18
    assert f'<link rel="canonical" href="{demo.get_absolute_url()}">' in page


def test_it_says_so_when_nothing_is_published(client, db):
    page = client.get("/").content.decode()

    assert "Резолюции ещё не опубликованы" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=done", ["1.1", "1.4", "2.3"]),
        ("organisation=gau-dpo-soiro", ["3.1", "3.2", "3.3", "3.4", "3.5"]),
        ("status=ongoing&organisation=gau-dpo-soiro", ["3.1", "3.2", "3.4"]),
    ],
)
def test_it_filters_by_status_and_organisation(client, demo, query, expected):
    page = client.get(f"/?{query}").content.decode()

    assert listed_numbers(page) == expected


def test_it_filters_by_group(client, demo):
    group = demo.recommendations.get(number="2.1").group

    page = client.get(f"/?group={group.slug}").content.decode()

    assert listed_numbers(page) == ["2.1", "2.2", "2.3"]
    assert "Найдены 3 рекомендации" in page


def test_it_shows_only_overdue_recommendations(client, demo):
    overdue = sorted(demo.recommendations.overdue().values_list("number", flat=True))

    page = client.get("/?overdue=1").content.decode()

    assert overdue
    assert sorted(listed_numbers(page)) == overdue


def test_it_finds_recommendations_by_words_of_the_text(client, demo):
    page = client.get("/?q=дуальной системы").content.decode()

    assert listed_numbers(page) == ["2.2"]


def test_it_finds_other_forms_of_words_on_either_database(client, demo):
    found = listed_numbers(client.get("/?q=кадры подготовка").content.decode())

    # Russian stemming: «кадры» finds «кадров», «подготовка» «подготовку».
    assert found == ["1.3", "3.2"]


@pytest.mark.parametrize("word", ["стандарт", "стандарты", "Стандартов"])
def test_it_finds_the_same_for_every_form_of_a_word(client, demo, word):
    found = listed_numbers(client.get("/", {"q": word}).content.decode())

    assert len(found) == 2
    assert found == listed_numbers(client.get("/?q=стандарт").content.decode())


def test_it_finds_a_recommendation_by_its_number(client, demo):
    assert listed_numbers(client.get("/?q=4.3").content.decode()) == ["4.3"]


def test_it_finds_a_capitalised_word_in_lower_case_text(client, demo):
    page = client.get("/?q=Обеспечить").content.decode()

    assert "1.1" in listed_numbers(page)


def test_it_says_when_nothing_matches(client, demo):
    page = client.get("/?q=квантовая телепортация").content.decode()

    assert listed_numbers(page) == []
    assert "Ни одна рекомендация не подходит" in page


def test_it_escapes_markup_in_the_search_box(client, demo):
    response = client.get("/", {"q": '<script>alert("x")</script>'})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=bogus", "Неизвестный статус «bogus»: фильтр не применён."),
        ("group=nowhere", "Неизвестная группа «nowhere»: фильтр не применён."),
        (
            "organisation=%3Cb%3E",
            "Неизвестная организация «&lt;b&gt;»: фильтр не применён.",
        ),
        ("q=" + "а" * 201, "Слишком длинный текст поиска: не больше 200 символов."),
    ],
)
def test_it_explains_a_bad_filter_and_shows_everything(client, demo, query, message):
    response = client.get(f"/?{query}")

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert len(listed_numbers(page)) == 18


@pytest.mark.parametrize(
    "query", ["q=%00", "status=done%00", "organisation=%00", "group=%00"]
)
def test_it_answers_a_null_character_in_any_filter_with_400(client, demo, query):
    response = client.get(f"/?{query}")

    assert response.status_code == 400
    assert "Недопустимый символ" in response.content.decode() or (
        '<html lang="ru">' in response.content.decode()
    )


@pytest.mark.parametrize("number", ["999", "0", "-1", "abc", "1e9"])
def test_it_answers_a_bad_page_number_with_a_normal_page(client, demo, number):
    response = client.get(f"/?page={number}")

    assert response.status_code == 200
    assert len(listed_numbers(response.content.decode())) == 18


def test_it_shows_fifty_to_a_page_and_keeps_filters_in_page_links(client, crowded):
    first = client.get("/").content.decode()
    filtered = client.get("/?status=in_progress").content.decode()
    second = client.get("/?status=in_progress&page=2").content.decode()

    assert len(listed_numbers(first)) == 50
    assert 'href="?page=2"' in first
    assert "Страница 1 из 6" in first
    assert len(listed_numbers(filtered)) == 50
    assert 'href="?status=in_progress&amp;page=2"' in filtered
    assert len(listed_numbers(second)) == 10
    assert 'href="?status=in_progress&amp;page=1"' in second
    assert '<span aria-current="page">' in second


@pytest.mark.parametrize(
    ("count", "phrase"),
    [
        (1, "1 рекомендация"),
        (2, "2 рекомендации"),
        (5, "5 рекомендаций"),
        (21, "21 рекомендация"),
    ],
)
def test_it_writes_russian_plural_forms(
    client, make_resolution, make_group, make_recommendation, count, phrase
):
    resolution, group = make_resolution(), make_group()
    for _ in range(count):
        make_recommendation(resolution=resolution, group=group)

    page = client.get(resolution.get_absolute_url()).content.decode()

    assert f'<p class="results" aria-live="polite">{phrase}</p>' in page


def test_it_speaks_english_under_en(client, demo):
    page = client.get("/en/").content.decode()

    assert "Done" in page and "Not started" in page
    assert "22 August 2018" in page
    assert "18 recommendations" in page
    assert "Progress by addressee group" in page
    assert '<html lang="en">' in page


def test_it_filters_in_english_too(client, demo):
    page = client.get("/en/?status=bogus&organisation=gau-dpo-soiro").content.decode()

    assert "Unknown status «bogus»: the filter is not used." in page
    assert listed_numbers(page) == ["3.1", "3.2", "3.3", "3.4", "3.5"]


def test_it_links_the_same_page_in_the_other_language(client, demo):
    russian = client.get("/?status=done").content.decode()
    english = client.get("/en/?status=done").content.decode()

    assert 'href="/en/?status=done" hreflang="en"' in russian
    assert 'href="/?status=done" hreflang="ru"' in english


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize(
    "query", ["", "?status=in_progress&q=мероприятие&overdue=1&page=3"]
)
def test_it_runs_at_most_ten_queries_on_a_large_resolution(
    client, crowded, django_assert_max_num_queries, prefix, query
):
    with django_assert_max_num_queries(10):
        response = client.get(f"{prefix}/{query}")
    with django_assert_max_num_queries(10):
        client.get(f"{prefix}{crowded.get_absolute_url()}{query}")

    assert response.status_code == 200


@pytest.mark.parametrize("extra", [0, 200])
def test_it_runs_a_constant_number_of_queries(
    client, demo, make_recommendation, make_update, django_assert_max_num_queries, extra
):
    org = demo.recommendations.first().responsible.first()
    group = demo.recommendations.first().group
    for n in range(extra):
        item = make_recommendation(
            resolution=demo, group=group, lead=org, number=f"9.{n}", order=100 + n
        )
        make_update(item, reported_on=datetime.date(2019, 1, 1))

    # One of them reads the «data as of» stamp: the last publication.
    with django_assert_max_num_queries(9):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(6):
        assert (
            client.get(demo.recommendations.first().get_absolute_url()).status_code
            == 200
        )


def test_it_reports_health(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
