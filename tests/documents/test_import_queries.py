"""The import reads what a file refers to once, whatever its length: a preview
and a confirm take a fixed number of queries, not a score per row."""

import datetime

import pytest
from django.contrib.auth.models import Group, User

from outbox.models import OutboxMessage
from recommendations.models import ReviewState, StatusUpdate
from tests.documents.test_import_status_updates import CONFIRM_URL, preview, xlsx

DAY = datetime.date(2019, 3, 1)


@pytest.fixture
def many(make_recommendation, make_resolution, org_a):
    resolution = make_resolution()
    return [make_recommendation(resolution=resolution, lead=org_a) for _ in range(120)]


def rows(items, organisation: str | None) -> list[list]:
    return [
        [i.pk, organisation, "in_progress", 40, "Совещание", None, DAY] for i in items
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("organisation", [None, "dept-a"])
def test_it_previews_and_confirms_in_a_fixed_number_of_queries(
    client, official_a, many, organisation, django_assert_max_num_queries
):
    client.force_login(official_a)

    with django_assert_max_num_queries(25):
        response = preview(client, xlsx(rows(many, organisation)))
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    # No coordinator has an address here: no e-mail is queued per report.
    with django_assert_max_num_queries(35):
        confirmed = client.post(CONFIRM_URL, data)

    assert confirmed.status_code == 302
    updates = StatusUpdate.objects.filter(author=official_a)
    assert updates.count() == len(many)
    assert set(updates.values_list("state", flat=True)) == {ReviewState.SUBMITTED}
    assert set(updates.values_list("organisation__slug", flat=True)) == {"dept-a"}


@pytest.mark.django_db
def test_a_file_that_no_longer_passes_at_confirm_imports_nothing(
    client, official_a, many, org_a
):
    client.force_login(official_a)
    response = preview(client, xlsx(rows(many[:3], None)))
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    # Between preview and confirm the official leaves the organisation.
    official_a.memberships.all().delete()

    confirmed = client.post(CONFIRM_URL, data, follow=True)

    assert "Ничего не импортировано" in confirmed.content.decode()
    assert not StatusUpdate.objects.exists()


@pytest.fixture
def reviewer_with_address(db):
    user = User.objects.create_user(
        "reviewer", email="review@example.ru", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Coordinators"))
    return user


@pytest.mark.django_db
def test_a_file_of_reports_makes_one_e_mail_for_the_coordinators(
    client, official_a, many, reviewer_with_address, django_assert_max_num_queries
):
    client.force_login(official_a)
    response = preview(client, xlsx(rows(many, None)))
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}

    with django_assert_max_num_queries(45):
        assert client.post(CONFIRM_URL, data).status_code == 302

    (message,) = OutboxMessage.objects.all()
    assert message.to == ["review@example.ru"]
    assert message.subject == "120 отчётов ожидают проверки"
    assert "отправил(а) на проверку 120 отчётов" in message.text
    assert many[0].number in message.text
    assert "и ещё 70 отчётов" in message.text
    assert "state__exact=submitted" in message.text


@pytest.mark.django_db
def test_a_file_of_one_report_makes_the_usual_e_mail(
    client, official_a, many, reviewer_with_address
):
    client.force_login(official_a)
    response = preview(client, xlsx(rows(many[:1], None)))
    form = response.context["confirm_form"]
    client.post(CONFIRM_URL, {name: form.initial.get(name, "") for name in form.fields})

    (message,) = OutboxMessage.objects.all()
    assert message.subject == f"Отчёт ожидает проверки: рекомендация {many[0].number}"
