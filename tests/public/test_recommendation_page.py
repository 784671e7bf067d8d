"""/recommendations/<id>/: the text, who is responsible, and every report."""

import datetime

import pytest
from django.core.files.base import ContentFile

from recommendations.models import ReviewState


@pytest.fixture
def item(make_recommendation, make_organisation):
    lead = make_organisation(name="Ведущая организация")
    other = make_organisation(name="Аа соисполнитель")
    return make_recommendation(
        lead=lead,
        others=[other],
        text="Обеспечить подготовку кадров <b>для</b> экономики",
        due_on=datetime.date(2019, 9, 1),
        status="in_progress",
        progress=40,
        status_reported_on=datetime.date(2019, 1, 1),
    )


def test_it_shows_the_text_group_lead_first_and_due_date(client, item):
    page = client.get(item.get_absolute_url()).content.decode()

    assert "Обеспечить подготовку кадров &lt;b&gt;для&lt;/b&gt; экономики" in page
    assert item.group.name in page
    assert page.index("Ведущая организация") < page.index("Аа соисполнитель")
    assert "головной исполнитель" in page
    assert "1 сентября 2019" in page
    assert "задача с конечным результатом" in page


def test_it_flags_an_overdue_recommendation_with_no_recent_data(client, item):
    page = client.get(item.get_absolute_url()).content.decode()

    assert "Просрочено" in page
    assert "Нет свежих данных" in page
    assert "Выполняется" in page and "40%" in page


def test_it_shows_a_standing_duty_without_a_due_date(client, make_recommendation):
    duty = make_recommendation(is_continuous=True)

    page = client.get(duty.get_absolute_url()).content.decode()

    assert "без срока" in page
    assert "постоянная, выполняется на постоянной основе" in page
    assert "Просрочено" not in page


def test_it_shows_the_published_timeline_with_evidence(client, item, make_update):
    make_update(
        item,
        reported_on=datetime.date(2018, 12, 1),
        progress=10,
        comment="Начата работа",
        evidence_url="https://example.org/order-1",
    )
    update = make_update(
        item, reported_on=datetime.date(2019, 1, 1), progress=40, comment="Приказ"
    )
    update.evidence_file.save("act.pdf", ContentFile(b"%PDF-1.4"))

    page = client.get(item.get_absolute_url()).content.decode()

    assert page.index("1 января 2019") < page.index("1 декабря 2018")
    assert "https://example.org/order-1" in page
    # The file goes out through the access-checked view, never from storage.
    assert update.evidence_file.url not in page
    assert f'href="/evidence/{update.pk}/"' in page
    assert client.get(f"/evidence/{update.pk}/").status_code == 200
    assert f'id="update-{update.pk}"' in page
    assert "2 отчёта, сначала новые." in page


@pytest.mark.parametrize(
    "state", [ReviewState.SUBMITTED, ReviewState.RETURNED], ids=str
)
def test_it_never_shows_an_unpublished_report(client, item, make_update, state):
    make_update(item, comment="Черновик отчёта", progress=93, state=state)

    page = client.get(item.get_absolute_url()).content.decode()

    assert "Черновик отчёта" not in page and "93%" not in page
    assert "Опубликованных отчётов пока нет." in page


def test_it_shows_the_same_to_an_official_of_another_organisation(
    client, item, make_update, make_organisation, make_official
):
    make_update(item, comment="Черновик отчёта", state=ReviewState.SUBMITTED)
    client.force_login(make_official(make_organisation()))

    response = client.get(item.get_absolute_url())

    assert response.status_code == 200
    assert "Черновик отчёта" not in response.content.decode()


def test_it_escapes_a_comment(client, item, make_update):
    make_update(item, comment='<img src=x onerror="alert(1)">')

    page = client.get(item.get_absolute_url()).content.decode()

    assert "<img src=x" not in page
    assert "&lt;img src=x" in page


@pytest.mark.parametrize("url", ["/recommendations/999999/", "/en/recommendations/0/"])
def test_it_answers_404_for_an_unknown_recommendation(client, db, url):
    assert client.get(url).status_code == 404


def test_it_answers_404_for_a_recommendation_of_an_unpublished_resolution(
    client, make_recommendation, make_resolution
):
    draft = make_recommendation(resolution=make_resolution(is_published=False))

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_it_speaks_english_under_en(client, item, make_update):
    make_update(item, reported_on=datetime.date(2019, 1, 1))

    page = client.get(f"/en/recommendations/{item.pk}/").content.decode()

    assert "Recommendation" in page and "Published reports" in page
    assert "1 September 2019" in page and "lead executor" in page
    assert "1 report, newest first." in page


@pytest.mark.parametrize("number", ["2", "x", "-5"])
def test_it_pages_a_long_timeline_and_survives_a_bad_page(
    client, crowded, django_assert_max_num_queries, make_update, number
):
    item = crowded.recommendations.first()
    for day in range(60):
        make_update(
            item, reported_on=datetime.date(2022, 1, 1) + datetime.timedelta(day)
        )

    with django_assert_max_num_queries(10):
        response = client.get(f"{item.get_absolute_url()}?page={number}")

    assert response.status_code == 200
    assert "69 отчётов, сначала новые." in response.content.decode()
