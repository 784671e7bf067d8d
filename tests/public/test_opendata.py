"""/opendata/recommendations.json and .csv: the published state as open data."""

import csv
import io
import json

import pytest

from recommendations.models import Assignment, ReviewState

FIELDS = {
    "id",
    "resolution",
    "group",
    "number",
    "text",
    "organisations",
    "status",
    "progress",
    "status_reported_on",
    "url",
}


@pytest.fixture(autouse=True)
def _portal_url(settings) -> None:
    settings.PORTAL_URL = "https://portal.example.ru"


def read_json(client) -> list[dict]:
    response = client.get("/opendata/recommendations.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(b"".join(response.streaming_content))


def read_csv(client) -> tuple[bytes, list[dict]]:
    response = client.get("/opendata/recommendations.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content)
    return raw, list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_it_gives_every_published_recommendation_as_json(client, demo):
    rows = read_json(client)

    assert len(rows) == 18
    first = next(row for row in rows if row["number"] == "1.1")
    assert set(first) >= FIELDS
    item = demo.recommendations.get(number="1.1")
    assert first["id"] == item.pk
    assert first["resolution"] == "novye-kadry-2018"
    assert first["group"] == "Органы исполнительной власти Смоленской области"
    assert first["text"] == item.text
    assert first["status"] == "done"
    assert first["progress"] == 100
    assert first["status_reported_on"] == "2020-12-25"
    assert first["url"] == f"https://portal.example.ru/recommendations/{item.pk}/"
    assert first["organisations"] == [
        "Департамент Смоленской области по образованию и науке",
        "Департамент экономического развития Смоленской области",
    ]


def test_it_gives_the_same_as_csv_with_a_bom_for_excel(client, demo):
    raw, rows = read_csv(client)

    assert raw.startswith(b"\xef\xbb\xbfid,resolution,")
    assert len(rows) == 18
    assert set(rows[0]) >= FIELDS
    first = next(row for row in rows if row["number"] == "1.1")
    assert first["status"] == "done"
    assert first["organisations"] == (
        "Департамент Смоленской области по образованию и науке; "
        "Департамент экономического развития Смоленской области"
    )
    assert {row["id"] for row in rows} == {str(row["id"]) for row in read_json(client)}


def test_it_leaves_out_unpublished_resolutions_and_reports(
    client, make_recommendation, make_resolution, make_organisation, make_update
):
    org = make_organisation()
    shown = make_recommendation(lead=org)
    make_recommendation(resolution=make_resolution(is_published=False), lead=org)
    make_update(shown, progress=64, status="in_progress", state=ReviewState.SUBMITTED)

    rows = read_json(client)
    _raw, csv_rows = read_csv(client)

    assert [row["id"] for row in rows] == [shown.pk]
    assert rows[0]["status"] == "not_started" and rows[0]["progress"] == 0
    assert [row["id"] for row in csv_rows] == [str(shown.pk)]


def test_it_never_writes_a_spreadsheet_formula(client, make_recommendation):
    make_recommendation(text='=HYPERLINK("http://evil","click")')

    _raw, rows = read_csv(client)
    data = read_json(client)

    assert rows[0]["text"] == '\'=HYPERLINK("http://evil","click")'
    assert data[0]["text"] == '=HYPERLINK("http://evil","click")'


def test_it_lists_a_recommendation_with_nobody_responsible(client, make_recommendation):
    make_recommendation()

    assert read_json(client)[0]["organisations"] == []


def test_it_speaks_no_language_prefix(client, db):
    assert client.get("/en/opendata/recommendations.json").status_code == 404


@pytest.mark.parametrize("reader", [read_json, read_csv], ids=["json", "csv"])
def test_it_streams_a_large_set_in_two_queries(
    client, crowded, django_assert_max_num_queries, reader
):
    with django_assert_max_num_queries(2):
        result = reader(client)

    rows = result if reader is read_json else result[1]
    assert len(rows) == 300
    expected = {}
    for recommendation_id, name in Assignment.objects.order_by(
        "recommendation_id", "-is_lead", "organisation__name"
    ).values_list("recommendation_id", "organisation__name"):
        expected.setdefault(recommendation_id, []).append(name)
    for row in rows:
        names = row["organisations"]
        if isinstance(names, str):
            names = names.split("; ")
        assert names == expected[int(row["id"])]
