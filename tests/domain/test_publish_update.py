import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import Recommendation, ReviewState, Status, StatusUpdate
from recommendations.services import (
    status_update_publish,
    status_update_return,
    status_update_revise,
    status_update_submit,
)
from tests.samples import PDF

DAY = datetime.date(2019, 3, 1)


@pytest.fixture
def org(make_organisation):
    return make_organisation(name="Департамент образования")


@pytest.fixture
def item(make_recommendation, org):
    return make_recommendation(lead=org)


@pytest.fixture
def official(make_official, org):
    return make_official(org)


def submit(item, org, author, **fields):
    report = {"status": "in_progress", "progress": 40, "reported_on": DAY} | fields
    return status_update_submit(
        recommendation=item, organisation=org, author=author, **report
    )


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_it_records_an_officials_report_for_review(item, org, official):
    update = submit(item, org, official, comment="Начато")

    assert update.state == ReviewState.SUBMITTED
    item.refresh_from_db()
    assert (item.status, item.progress, item.status_reported_on) == (
        Status.NOT_STARTED,
        0,
        None,
    )


def test_it_refreshes_the_current_state_when_a_coordinator_publishes(
    item, org, official, coordinator
):
    update = submit(item, org, official)

    status_update_publish(update=update, reviewer=coordinator)

    update.refresh_from_db()
    item.refresh_from_db()
    assert update.state == ReviewState.PUBLISHED
    assert update.reviewed_by == coordinator and update.reviewed_at is not None
    assert (item.status, item.progress, item.status_reported_on) == (
        "in_progress",
        40,
        DAY,
    )


def test_it_records_when_an_update_was_published_and_only_then(
    item, org, official, coordinator
):
    update = submit(item, org, official)
    assert update.published_at is None

    status_update_publish(update=update, reviewer=coordinator)

    update.refresh_from_db()
    assert update.published_at is not None
    assert update.published_at == update.reviewed_at


def test_it_keeps_the_newest_fact_when_an_older_report_is_published_later(
    item, org, official, coordinator
):
    newer = submit(
        item, org, official, progress=70, reported_on=datetime.date(2020, 5, 1)
    )
    older = submit(
        item, org, official, progress=20, reported_on=datetime.date(2019, 5, 1)
    )

    status_update_publish(update=newer, reviewer=coordinator)
    status_update_publish(update=older, reviewer=coordinator)

    item.refresh_from_db()
    assert item.progress == 70
    assert item.status_reported_on == datetime.date(2020, 5, 1)


def test_it_takes_the_later_report_of_the_same_day(item, org, official, coordinator):
    first = submit(item, org, official, progress=30)
    second = submit(item, org, official, progress=35)

    status_update_publish(update=second, reviewer=coordinator)
    status_update_publish(update=first, reviewer=coordinator)

    item.refresh_from_db()
    assert item.progress == 35


def test_it_publishes_a_coordinators_own_report_at_once(item, org, coordinator):
    update = submit(item, org, coordinator, publish=True)

    assert update.state == ReviewState.PUBLISHED
    assert Recommendation.objects.get(pk=item.pk).progress == 40


def test_it_refuses_to_let_an_official_publish(item, org, official):
    update = submit(item, org, official)

    with pytest.raises(ValidationError, match="координатор"):
        status_update_publish(update=update, reviewer=official)
    with pytest.raises(ValidationError, match="координатор"):
        submit(item, org, official, publish=True)
    assert StatusUpdate.objects.published().count() == 0


def test_it_returns_a_report_with_a_note_and_lets_the_official_resubmit(
    item, org, official, coordinator
):
    update = submit(item, org, official)

    status_update_return(update=update, reviewer=coordinator, note="Уточните цифры")
    update.refresh_from_db()
    assert update.state == ReviewState.RETURNED
    assert update.review_note == "Уточните цифры"

    status_update_revise(update=update, author=official, progress=45)
    update.refresh_from_db()
    assert (update.state, update.progress) == (ReviewState.SUBMITTED, 45)


def test_it_requires_a_note_to_return_a_report(item, org, official, coordinator):
    update = submit(item, org, official)

    with pytest.raises(ValidationError) as refusal:
        status_update_return(update=update, reviewer=coordinator, note="  ")

    assert "замечание" in messages(refusal.value)
    update.refresh_from_db()
    assert update.state == ReviewState.SUBMITTED


def test_it_never_changes_a_published_report(item, org, official, coordinator):
    update = submit(item, org, official)
    status_update_publish(update=update, reviewer=coordinator)

    with pytest.raises(ValidationError, match="нельзя изменить"):
        status_update_revise(update=update, author=official, progress=90)
    with pytest.raises(ValidationError):
        status_update_publish(update=update, reviewer=coordinator)
    with pytest.raises(ValidationError):
        status_update_return(update=update, reviewer=coordinator, note="нет")
    update.refresh_from_db()
    assert (update.state, update.progress) == (ReviewState.PUBLISHED, 40)


def test_it_refuses_a_report_for_another_organisations_recommendation(
    make_recommendation, make_organisation, official, org
):
    other = make_organisation(name="Чужая организация")
    foreign = make_recommendation(lead=other)

    with pytest.raises(ValidationError) as refusal:
        submit(foreign, other, official)
    assert "не состоите" in messages(refusal.value)

    with pytest.raises(ValidationError) as refusal:
        submit(foreign, org, official)
    assert "не отвечает" in messages(refusal.value)
    assert StatusUpdate.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"status": "done", "progress": 100}, "подтверждение"),
        ({"status": "done", "progress": 80, "evidence_url": "https://x.ru"}, "100%"),
        ({"status": "not_started", "progress": 10}, "0%"),
        ({"status": "in_progress", "progress": 0}, "от 1 до 99"),
        ({"status": "in_progress", "progress": 101}, "от 0 до 100"),
        ({"status": "ongoing", "progress": 50}, "постоянн"),
        ({"status": "finished", "progress": 50}, "Неизвестный статус"),
        ({"reported_on": datetime.date(2100, 1, 1)}, "к будущему"),
        ({"reported_on": datetime.date(2018, 8, 21)}, "до принятия резолюции"),
    ],
)
def test_it_refuses_a_report_that_breaks_a_rule(item, org, official, fields, expected):
    with pytest.raises(ValidationError) as refusal:
        submit(item, org, official, **fields)

    assert expected in messages(refusal.value)
    assert StatusUpdate.objects.count() == 0


@pytest.mark.parametrize(
    "evidence",
    [
        {"evidence_url": "https://edu.admin-smolensk.ru/doc/1"},
        {"comment": "Утверждено приказом № 123 от 01.09.2019"},
        {"evidence_file": SimpleUploadedFile("act.pdf", PDF)},
    ],
)
def test_it_accepts_done_with_evidence(item, org, official, evidence):
    update = submit(item, org, official, status="done", progress=100, **evidence)

    assert update.status == Status.DONE


def test_it_accepts_ongoing_for_a_standing_duty(make_recommendation, org, official):
    duty = make_recommendation(lead=org, is_continuous=True)

    update = submit(duty, org, official, status="ongoing", progress=60)

    assert update.status == Status.ONGOING


def test_it_stores_evidence_under_a_name_nobody_can_guess(item, org, official):
    upload = SimpleUploadedFile("Приказ директора.pdf", PDF)

    update = submit(item, org, official, evidence_file=upload)

    assert update.evidence_file.name.startswith("evidence/")
    assert update.evidence_file.name.endswith(".pdf")
    assert "Приказ" not in update.evidence_file.name


def test_it_refuses_a_disguised_evidence_file_whatever_the_entry_point(
    item, org, official
):
    program = SimpleUploadedFile("act.pdf", b"MZ\x90\x00 a Windows program")

    with pytest.raises(ValidationError) as refusal:
        submit(item, org, official, evidence_file=program)

    assert "не соответствует" in messages(refusal.value)
    assert StatusUpdate.objects.count() == 0
