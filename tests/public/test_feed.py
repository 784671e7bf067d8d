"""/feed/: an Atom feed of published reports, newest first."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from recommendations.models import ReviewState
from recommendations.public.feeds import FEED_SIZE

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _portal_url(settings) -> None:
    settings.PORTAL_URL = "https://portal.example.ru"


def entries(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


@pytest.fixture
def item(make_recommendation, make_organisation):
    return make_recommendation(
        lead=make_organisation(name="Колледж связи"), number="4.2"
    )


def test_it_lists_reports_newest_publication_first(client, item, make_update):
    now = timezone.now()
    # Written first but published last: a subscriber must still see it on top.
    newer = make_update(
        item,
        progress=60,
        comment="Второй шаг",
        created_at=now - datetime.timedelta(days=9),
        reviewed_at=now,
    )
    make_update(
        item,
        progress=30,
        comment="Первый шаг",
        created_at=now - datetime.timedelta(days=5),
        reviewed_at=now - datetime.timedelta(days=4),
    )

    found = entries(client.get("/feed/"))

    assert [e.find(f"{ATOM}title").text for e in found] == [
        "4.2: Выполняется, 60%",
        "4.2: Выполняется, 30%",
    ]
    link = found[0].find(f"{ATOM}link").get("href")
    assert (
        link == f"https://portal.example.ru{item.get_absolute_url()}#update-{newer.pk}"
    )
    assert found[0].find(f"{ATOM}author/{ATOM}name").text == "Колледж связи"
    assert "Второй шаг" in found[0].find(f"{ATOM}summary").text


@pytest.mark.parametrize(
    "state", [ReviewState.SUBMITTED, ReviewState.RETURNED], ids=str
)
def test_it_leaves_out_unpublished_reports(client, item, make_update, state):
    make_update(item, comment="Черновик", state=state)

    assert entries(client.get("/feed/")) == []


def test_it_leaves_out_reports_on_unpublished_resolutions(
    client, make_recommendation, make_resolution, make_organisation, make_update
):
    draft = make_recommendation(
        resolution=make_resolution(is_published=False), lead=make_organisation()
    )
    make_update(draft)

    assert entries(client.get("/feed/")) == []


def test_it_escapes_markup_in_a_comment(client, item, make_update):
    make_update(item, comment="<script>alert(1)</script>")

    response = client.get("/feed/")

    summary = entries(response)[0].find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "<script>" not in summary.text
    assert "&lt;script&gt;" in summary.text


def test_it_speaks_english_under_en(client, item, make_update):
    make_update(item, progress=60)

    response = client.get("/en/feed/")

    feed = ET.fromstring(response.content)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert feed.find(f"{ATOM}title").text.startswith("Reports on the recommendations")
    assert feed.find(f"{ATOM}entry/{ATOM}title").text == "4.2: In progress, 60%"


def test_it_shows_the_latest_reports_in_one_query(
    client, crowded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        response = client.get("/feed/")

    assert len(entries(response)) == FEED_SIZE
