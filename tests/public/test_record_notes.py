"""What the public sees of each report and of the record: dates, who reported,
the review, the «data as of» stamp, the original text, what the flags mean."""

import datetime

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from recommendations.models import ReviewState
from recommendations.services import status_update_submit

FACTS = datetime.date(2019, 3, 1)


@pytest.fixture
def org(make_organisation):
    return make_organisation(name="Департамент образования", short_name="ДОиН")


@pytest.fixture
def resolution(make_resolution):
    # The day the 2018 resolution was adopted: its original text ships with the portal.
    return make_resolution(slug="forum-2018", adopted_on=datetime.date(2018, 8, 22))


@pytest.fixture
def item(make_recommendation, resolution, org):
    return make_recommendation(resolution=resolution, lead=org, number="1.1")


def publish(item, org, coordinator, **fields):
    values = {
        "status": "in_progress",
        "progress": 30,
        "comment": "Проведено совещание.",
        "reported_on": FACTS,
    } | fields
    return status_update_submit(
        recommendation=item,
        organisation=org,
        author=coordinator,
        publish=True,
        **values,
    )


def test_it_shows_each_reports_facts_date_publication_organisation_and_review(
    client, item, org, coordinator
):
    update = publish(item, org, coordinator)

    page = client.get(item.get_absolute_url()).content.decode()

    assert 'Дата сведений <time datetime="2019-03-01">1 марта 2019</time>' in page
    published = timezone.localtime(update.published_at)
    assert f'Опубликовано <time datetime="{published.isoformat()}">' in page
    assert "Отчиталась организация: ДОиН" in page
    assert "проверено координатором" in page


def test_it_stamps_every_public_page_with_the_last_publication(
    client, item, org, coordinator, make_update, make_resolution, make_recommendation
):
    publish(item, org, coordinator)
    moment = timezone.localtime(item.updates.get().published_at)
    # Neither a draft resolution's reports nor unpublished ones move the stamp.
    draft = make_recommendation(
        resolution=make_resolution(is_published=False), lead=org
    )
    make_update(draft, published_at=timezone.now() + datetime.timedelta(hours=1))
    make_update(item, state=ReviewState.SUBMITTED)
    stamp = f'Данные на <time datetime="{moment.isoformat()}">'

    for url in ("/", "/resolutions/", "/organisations/", item.get_absolute_url()):
        page = client.get(url).content.decode()
        assert stamp in page, url
        assert "последняя публикация отчёта" in page


def test_it_says_so_when_nothing_is_published_yet(client, item):
    assert "Отчёты ещё не публиковались." in client.get("/").content.decode()


def test_it_prints_the_stamp():
    with open(finders.find("css/portal.css"), encoding="utf-8") as css:
        text = css.read()

    printed = text[text.index("@media print") :]
    assert ".data-stamp { display: block !important" in printed


def test_it_links_and_serves_the_original_text_of_the_resolution(
    client, item, resolution
):
    page = client.get(f"/resolutions/{resolution.slug}/").content.decode()
    url = f"/resolutions/{resolution.slug}/original.txt"
    assert f'href="{url}"' in page
    assert f'href="{url}"' in client.get(item.get_absolute_url()).content.decode()

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Новые кадры для цифровой экономики" in text


def test_it_has_no_original_text_for_a_resolution_without_one(client, make_resolution):
    other = make_resolution(slug="other", adopted_on=datetime.date(2020, 5, 5))

    assert "original.txt" not in client.get("/resolutions/other/").content.decode()
    assert client.get(f"/resolutions/{other.slug}/original.txt").status_code == 404
    draft = make_resolution(is_published=False, adopted_on=datetime.date(2018, 8, 22))
    assert client.get(f"/resolutions/{draft.slug}/original.txt").status_code == 404


def test_it_explains_no_recent_data_on_the_page(client, item, resolution, org):
    page = client.get(f"/resolutions/{resolution.slug}/").content.decode()

    assert "Нет свежих данных</span> означает, что за последние 90 дней" in page
    assert (
        "Нет свежих данных</span> означает"
        in client.get(item.get_absolute_url()).content.decode()
    )
    assert (
        "означает, что за последние 90 дней"
        in client.get(f"/organisations/{org.slug}/").content.decode()
    )


def test_it_says_in_english_that_only_the_russian_texts_are_official(
    client, item, resolution
):
    notice = "official in Russian only"

    assert notice in client.get(f"/en/resolutions/{resolution.slug}/").content.decode()
    assert notice in client.get(f"/en{item.get_absolute_url()}").content.decode()
    assert notice not in client.get(f"/resolutions/{resolution.slug}/").content.decode()


def test_it_says_how_the_chart_is_drawn(client, item, resolution):
    page = client.get(f"/resolutions/{resolution.slug}/").content.decode()

    assert "Точка отмечает каждый день, когда публиковались отчёты" in page
    assert "240 таких дней, взятых равномерно" in page
    assert "не меняют прежних точек" in page
