import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from recommendations.models import Recommendation, ReviewState, StatusUpdate
from stakeholders.models import Organisation


def test_it_creates_the_demo_accounts_with_their_organisations(demo):
    for username, role in [
        ("coordinator", "Coordinators"),
        ("edu", "Officials"),
        ("soiro", "Officials"),
        ("college", "Officials"),
    ]:
        user = authenticate(username=username, password="demo12345")
        assert user is not None and user.is_staff, username
        assert list(user.groups.values_list("name", flat=True)) == [role]

    edu = Organisation.objects.get(
        name="Департамент Смоленской области по образованию и науке"
    )
    assert set(
        Recommendation.objects.filter(responsible=edu).values_list("number", flat=True)
    ) >= {"1.1", "1.2", "1.3", "1.4"}
    soiro = Organisation.objects.get(memberships__user__username="soiro")
    assert "soiro" in soiro.slug
    assert set(
        Recommendation.objects.filter(responsible=soiro).values_list(
            "number", flat=True
        )
    ) == {"3.1", "3.2", "3.3", "3.4", "3.5"}
    college = Organisation.objects.get(memberships__user__username="college")
    assert college.group.order == 4


def test_it_fills_the_review_queue_and_the_history(demo):
    states = list(StatusUpdate.objects.values_list("state", flat=True))

    assert states.count(ReviewState.SUBMITTED) == 1
    assert states.count(ReviewState.RETURNED) == 1
    assert states.count(ReviewState.PUBLISHED) >= 15
    years = {d.year for d in StatusUpdate.objects.values_list("reported_on", flat=True)}
    assert years >= {2018, 2019, 2020, 2021}
    # Every assignment has exactly one lead.
    for item in demo.recommendations.all():
        assert item.assignments.filter(is_lead=True).count() == 1, item.number


def test_it_can_run_again_without_duplicating_anything(demo):
    counts = (Organisation.objects.count(), StatusUpdate.objects.count())
    states = list(demo.recommendations.values_list("status", "progress"))

    call_command("loaddata", "fixtures/resolution_2018.json", verbosity=0)
    call_command("seed_demo", verbosity=0)

    assert (Organisation.objects.count(), StatusUpdate.objects.count()) == counts
    assert list(demo.recommendations.values_list("status", "progress")) == states
    assert ("done", 100) in states


def test_it_refuses_to_run_with_debug_off(resolution_2018, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", verbosity=0)
    assert not Organisation.objects.exists()

    call_command("seed_demo", "--force", verbosity=0)
    assert Organisation.objects.exists()


def test_it_shows_a_moved_deadline_a_refused_and_a_pending_request(demo):
    from recommendations.models import DeadlineChange

    moved = demo.recommendations.get(number="1.3")
    assert (str(moved.original_due_on), str(moved.due_on)) == (
        "2019-12-31",
        "2020-06-30",
    )
    states = sorted(DeadlineChange.objects.values_list("state", flat=True))
    assert states == ["approved", "pending", "refused"]
    assert all(
        change.justification and change.basis for change in DeadlineChange.objects.all()
    )
    withdrawn = demo.recommendations.get(number="4.6")
    assert (withdrawn.status, bool(withdrawn.withdrawal_reason)) == ("cancelled", True)
    from django.contrib.auth.models import User

    accounts = User.objects.filter(username__in=["coordinator", "edu", "college"])
    assert all(user.email for user in accounts) and accounts.count() == 3


def test_it_keeps_the_deadline_changes_on_a_second_run(demo):
    from recommendations.models import DeadlineChange

    call_command("loaddata", "fixtures/resolution_2018.json", verbosity=0)
    call_command("seed_demo", verbosity=0)

    assert DeadlineChange.objects.count() == 3
    moved = demo.recommendations.get(number="1.3")
    assert (str(moved.original_due_on), str(moved.due_on)) == (
        "2019-12-31",
        "2020-06-30",
    )
    assert demo.recommendations.get(number="4.6").withdrawal_reason
