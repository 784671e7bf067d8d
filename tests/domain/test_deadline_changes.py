"""Moving a deadline: who may ask, who decides, which dates, one open request,
and the record that stays."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from recommendations.models import DeadlineChange, Recommendation
from recommendations.services import deadline_change, deadline_decide, deadline_request

DUE = datetime.date(2026, 12, 31)
LATER = datetime.date(2027, 3, 31)


@pytest.fixture
def item(make_recommendation, org_a, org_b):
    return make_recommendation(
        lead=org_a, others=[org_b], due_on=DUE, original_due_on=DUE
    )


@pytest.fixture
def reviewer(coordinator):
    coordinator.email = "coordinator@example.ru"
    coordinator.save()
    return coordinator


def ask(item, user, **fields):
    request = {
        "proposed_due_on": LATER,
        "justification": "Подрядчик сорвал поставку оборудования.",
        "basis": "письмо от 01.11.2026 № 12-34",
    } | fields
    return deadline_request(recommendation=item, user=user, **request)


def refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.mark.django_db
def test_it_lets_the_lead_executor_ask_and_keeps_the_deadline_until_decided(
    item, official_a
):
    change = ask(item, official_a)

    item.refresh_from_db()
    assert change.state == "pending"
    assert change.previous_due_on == DUE
    assert change.proposed_due_on == LATER
    assert change.requested_by == official_a
    assert item.due_on == DUE


@pytest.mark.django_db
def test_it_refuses_a_co_executor_and_an_outsider(
    item, official_b, make_official, make_organisation
):
    outsider = make_official(make_organisation())
    for user in (official_b, outsider):
        with pytest.raises(ValidationError) as error:
            ask(item, user)
        assert "головной организации" in refusal(error.value)
    assert not DeadlineChange.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_request_without_justification_or_with_an_earlier_date(
    item, official_a
):
    with pytest.raises(ValidationError) as error:
        ask(item, official_a, justification="  ")
    assert "обязательно" in refusal(error.value)
    for day in (DUE, DUE - datetime.timedelta(days=1), None):
        with pytest.raises(ValidationError) as error:
            ask(item, official_a, proposed_due_on=day)
        assert "31.12.2026" in refusal(error.value)
    assert not DeadlineChange.objects.exists()


@pytest.mark.django_db
def test_it_keeps_one_open_request_per_recommendation(item, official_a):
    ask(item, official_a)

    with pytest.raises(ValidationError) as error:
        ask(item, official_a, proposed_due_on=LATER + datetime.timedelta(days=1))
    assert "уже ожидает решения" in refusal(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlineChange.objects.create(
            recommendation=item, justification="в обход", state="pending"
        )
    assert DeadlineChange.objects.count() == 1


@pytest.mark.django_db
def test_it_moves_the_deadline_on_approval_and_tells_the_official(
    item, official_a, reviewer, django_capture_on_commit_callbacks
):
    change = ask(item, official_a)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        deadline_decide(change=change, user=reviewer, approve=True, note="Согласовано")

    item.refresh_from_db()
    change.refresh_from_db()
    assert (item.original_due_on, item.due_on) == (DUE, LATER)
    assert (change.state, change.new_due_on, change.decided_by) == (
        "approved",
        LATER,
        reviewer,
    )
    assert [m.to for m in mail.outbox] == [["a@example.ru"]]
    assert "Срок перенесён" in mail.outbox[0].subject
    assert "31.03.2027" in mail.outbox[0].body


@pytest.mark.django_db
def test_it_approves_with_another_date(item, official_a, reviewer):
    change = ask(item, official_a)
    other = datetime.date(2027, 2, 28)

    deadline_decide(change=change, user=reviewer, approve=True, due_on=other)

    item.refresh_from_db()
    assert item.due_on == other
    assert DeadlineChange.objects.get().proposed_due_on == LATER


@pytest.mark.django_db
def test_it_refuses_only_with_a_note_and_leaves_the_deadline(
    item, official_a, reviewer, django_capture_on_commit_callbacks
):
    change = ask(item, official_a)
    with pytest.raises(ValidationError) as error:
        deadline_decide(change=change, user=reviewer, approve=False, note="")
    assert "обязательно" in refusal(error.value)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        deadline_decide(
            change=change, user=reviewer, approve=False, note="Оснований нет"
        )

    item.refresh_from_db()
    assert item.due_on == DUE
    assert DeadlineChange.objects.get().state == "refused"
    assert "отклонён" in mail.outbox[0].subject
    assert "Оснований нет" in mail.outbox[0].body


@pytest.mark.django_db
def test_it_lets_only_coordinators_decide_and_decide_once(item, official_a, reviewer):
    change = ask(item, official_a)
    with pytest.raises(ValidationError) as error:
        deadline_decide(change=change, user=official_a, approve=True)
    assert "координатор" in refusal(error.value)

    deadline_decide(change=change, user=reviewer, approve=True)
    with pytest.raises(ValidationError) as error:
        deadline_decide(change=change, user=reviewer, approve=False, note="Нет")
    assert "уже принято решение" in refusal(error.value)
    item.refresh_from_db()
    assert item.due_on == LATER


@pytest.mark.django_db
def test_it_records_a_coordinators_direct_change_as_approved(
    item, official_a, reviewer
):
    with pytest.raises(ValidationError):
        deadline_change(
            recommendation=item, user=official_a, due_on=LATER, justification="x"
        )
    with pytest.raises(ValidationError) as error:
        deadline_change(
            recommendation=item, user=reviewer, due_on=LATER, justification=""
        )
    assert "обязательно" in refusal(error.value)

    change = deadline_change(
        recommendation=item,
        user=reviewer,
        due_on=LATER,
        justification="Решение совета",
        basis="протокол № 5",
    )

    item.refresh_from_db()
    assert item.due_on == LATER
    assert (change.kind, change.state, change.requested_by) == (
        "direct",
        "approved",
        None,
    )


@pytest.mark.django_db
def test_it_keeps_the_first_deadline_of_an_item_set_before_changes_were_kept(
    make_recommendation, org_a, reviewer
):
    item = make_recommendation(lead=org_a, due_on=DUE)  # no original on record

    deadline_change(recommendation=item, user=reviewer, due_on=LATER, justification="x")
    deadline_change(
        recommendation=item,
        user=reviewer,
        due_on=LATER + datetime.timedelta(days=30),
        justification="y",
    )

    item = Recommendation.objects.get(pk=item.pk)
    assert item.original_due_on == DUE
    assert item.deadline_changes.approved().count() == 2
