"""Each import widget alone: the cell in, the value or the Russian message out."""

import datetime

import pytest

from recommendations.documents.widgets import (
    OrganisationSlugWidget,
    ProgressWidget,
    RecommendationIdWidget,
    ReportDateWidget,
    StatusWidget,
    TextWidget,
    blank,
)
from recommendations.models import Status


@pytest.mark.parametrize("value", [None, "", "   ", "\t\n"])
def test_it_takes_empty_cells_for_blank(value):
    assert blank(value)


@pytest.mark.parametrize("value", [0, "0", "x", 0.0])
def test_it_takes_filled_cells_for_filled(value):
    assert not blank(value)


@pytest.mark.parametrize(
    "cell, expected",
    [
        (40, 40),
        (40.0, 40),
        ("40", 40),
        ("40%", 40),
        (" 40 % ", 40),
        ("40,0", 40),
        (0, 0),
        (100, 100),
        (None, None),
        ("", None),
    ],
)
def test_it_reads_progress_in_the_ways_people_type_it(cell, expected):
    assert ProgressWidget().clean(cell) == expected


@pytest.mark.parametrize("cell", ["сорок", "40.5", True, "4O"])
def test_it_refuses_progress_that_is_not_a_whole_number(cell):
    with pytest.raises(ValueError, match="целым числом от 0 до 100"):
        ProgressWidget().clean(cell)


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("in_progress", Status.IN_PROGRESS),
        ("Выполняется", Status.IN_PROGRESS),
        ("  выполняется  ", Status.IN_PROGRESS),
        ("ВЫПОЛНЕНО", Status.DONE),
        ("Done", Status.DONE),
        ("Выполняется   на постоянной основе", Status.ONGOING),
        (None, None),
    ],
)
def test_it_reads_a_status_by_its_value_or_either_label(cell, expected):
    assert StatusWidget().clean(cell) == expected


def test_it_names_every_status_when_one_is_unknown():
    with pytest.raises(ValueError) as refusal:
        StatusWidget().clean("куда-то")
    message = str(refusal.value)
    assert "«куда-то»" in message
    assert "«Выполнено»" in message and "«Не начато»" in message


def test_it_writes_a_status_by_its_label():
    assert StatusWidget().render(Status.DELAYED) == "Отстаёт от срока"
    assert StatusWidget().render(None) == ""


@pytest.mark.parametrize(
    "cell",
    [
        "2019-03-01",
        "01.03.2019",
        "01.03.19",
        "01/03/2019",
        datetime.date(2019, 3, 1),
        datetime.datetime(2019, 3, 1, 12, 30),
    ],
)
def test_it_reads_dates_as_spreadsheets_and_people_write_them(cell):
    assert ReportDateWidget().clean(cell) == datetime.date(2019, 3, 1)


@pytest.mark.parametrize("cell", ["31.02.2019", "март 2019", "2019-13-01"])
def test_it_refuses_what_is_not_a_date_with_an_example(cell):
    with pytest.raises(ValueError, match="01.03.2019"):
        ReportDateWidget().clean(cell)


def test_it_writes_a_date_as_text_or_as_a_date_for_spreadsheets():
    day = datetime.date(2019, 3, 1)
    assert ReportDateWidget().render(day) == "01.03.2019"
    assert ReportDateWidget().render(day, force_native_type=True) == day
    assert ReportDateWidget().render(None) is None


def test_it_trims_text_and_keeps_empty_text_empty():
    assert TextWidget().clean("  Проведено совещание \n") == "Проведено совещание"
    assert TextWidget().clean(None) == ""
    assert TextWidget().render(None) == ""


def test_it_finds_a_recommendation_by_its_id(make_recommendation):
    item = make_recommendation()
    assert RecommendationIdWidget().clean(str(item.pk)) == item
    assert RecommendationIdWidget().clean(float(item.pk)) == item
    assert RecommendationIdWidget().render(item) == item.pk


def test_it_says_when_a_recommendation_id_is_wrong(db):
    with pytest.raises(ValueError, match="числом"):
        RecommendationIdWidget().clean("первая")
    with pytest.raises(ValueError, match="999999"):
        RecommendationIdWidget().clean(999999)


def test_it_finds_an_organisation_by_its_code(make_organisation):
    organisation = make_organisation(slug="edu")
    assert OrganisationSlugWidget().clean(" edu ") == organisation
    assert OrganisationSlugWidget().render(organisation) == "edu"
    with pytest.raises(ValueError, match="«nowhere»"):
        OrganisationSlugWidget().clean("nowhere")
