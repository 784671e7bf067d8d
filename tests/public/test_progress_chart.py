"""The SVG chart of a resolution's progress over time, drawn from history."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from recommendations.models import ReviewState
from recommendations.public.charts import progress_series, spread
from recommendations.services import status_update_submit

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def resolution(make_resolution):
    return make_resolution(
        title="Резолюция <о кадрах>", adopted_on=datetime.date(2018, 8, 22)
    )


def chart(client, resolution, query: str = "") -> ET.Element:
    response = client.get(f"/resolutions/{resolution.slug}/progress.svg{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    return ET.fromstring(response.content)


def test_it_draws_progress_as_of_each_date_from_published_reports(
    client, resolution, make_recommendation, make_organisation, make_update
):
    org = make_organisation()
    first = make_recommendation(resolution=resolution, lead=org)
    make_recommendation(resolution=resolution, lead=org)
    make_update(first, progress=40, reported_on=datetime.date(2019, 3, 1))
    make_update(first, progress=80, reported_on=datetime.date(2021, 3, 1))
    make_update(
        first,
        progress=100,
        status="done",
        reported_on=datetime.date(2021, 4, 1),
        state=ReviewState.SUBMITTED,
    )

    svg = chart(client, resolution)

    description = svg.find(f"{SVG}desc").text
    assert description.startswith("22 августа 2018 — 0%;")
    assert description.endswith(" — 40%")  # the unpublished 100% counts nowhere
    assert svg.find(f"{SVG}polyline") is not None
    assert svg.findall(f"{SVG}circle")
    series = progress_series(resolution, today=datetime.date(2022, 6, 1))
    assert series == [
        (datetime.date(2018, 8, 22), 0),
        (datetime.date(2019, 3, 1), 20),
        (datetime.date(2021, 3, 1), 40),
        (datetime.date(2022, 6, 1), 40),
    ]


def test_it_puts_a_point_on_every_day_the_record_changed(
    client, resolution, make_recommendation, make_organisation, make_update
):
    org = make_organisation()
    item = make_recommendation(resolution=resolution, lead=org)
    for n, day in enumerate(range(2, 30, 3), 1):
        make_update(item, progress=n * 5, reported_on=datetime.date(2019, 6, day))

    series = progress_series(resolution, today=datetime.date(2020, 1, 1))

    days = [day for day, _ in series]
    assert days[1:-1] == [datetime.date(2019, 6, day) for day in range(2, 30, 3)]
    assert [value for _, value in series[1:-1]] == [n * 5 for n in range(1, 11)]


def test_it_keeps_a_past_point_when_a_backdated_report_is_published(
    resolution, make_recommendation, make_organisation, make_update, coordinator
):
    org = make_organisation()
    item = make_recommendation(resolution=resolution, lead=org)
    make_recommendation(resolution=resolution, lead=org)
    make_update(item, progress=40, reported_on=datetime.date(2019, 3, 1))
    before = progress_series(resolution, today=datetime.date(2022, 6, 1))

    status_update_submit(
        recommendation=item,
        organisation=org,
        author=coordinator,
        status="in_progress",
        progress=90,
        comment="Сведения за 2020 год, поданные позже.",
        reported_on=datetime.date(2020, 1, 1),
        publish=True,
    )

    assert progress_series(resolution, today=datetime.date(2022, 6, 1)) == before
    today = timezone.localdate()
    assert progress_series(resolution, today=today)[-1] == (today, 45)


def test_it_draws_a_level_line_and_a_step_at_each_change(
    client, resolution, make_recommendation, make_organisation, make_update
):
    org = make_organisation()
    item = make_recommendation(resolution=resolution, lead=org)
    make_update(item, progress=40, reported_on=datetime.date(2019, 3, 1))

    line = chart(client, resolution).find(f"{SVG}polyline").get("points").split()

    # adoption, then level to the change, the step up, level to today
    assert len(line) == 5
    assert line[0].split(",")[1] == line[1].split(",")[1]
    assert line[1].split(",")[0] == line[2].split(",")[0]


def test_it_escapes_the_title(client, resolution):
    svg = chart(client, resolution)

    assert svg.find(f"{SVG}title").text.endswith("Резолюция <о кадрах>")


def test_it_draws_a_narrow_chart_for_phones_and_ignores_an_unknown_size(
    client, resolution
):
    assert chart(client, resolution, "?size=narrow").get("width") == "360"
    assert chart(client, resolution, "?size=%3Cx%3E").get("width") == "560"


def test_it_labels_years_in_english_under_en(client, resolution):
    response = client.get(f"/en/resolutions/{resolution.slug}/progress.svg")

    text = response.content.decode()
    assert "Progress over time" in text and "22 August 2018" in text
    assert re.search(r">2019<", text)


def test_it_answers_404_for_an_unpublished_resolution(client, make_resolution):
    draft = make_resolution(is_published=False)

    assert client.get(f"/resolutions/{draft.slug}/progress.svg").status_code == 404


def test_it_runs_at_most_ten_queries_on_a_large_resolution(
    client, crowded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = client.get(f"/resolutions/{crowded.slug}/progress.svg")

    assert response.status_code == 200


def test_it_spreads_a_long_history_over_a_fixed_number_of_points():
    days = [datetime.date(2019, 1, 1) + datetime.timedelta(n) for n in range(1000)]

    chosen = spread(days, 240)

    assert len(chosen) == 240
    assert chosen[0] == days[0] and chosen[-1] == days[-1]
    assert chosen == sorted(set(chosen))
    assert spread(days[:10], 240) == days[:10]
