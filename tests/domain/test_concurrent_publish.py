"""Two coordinators publishing updates of one recommendation at once.

Each publication refreshes the recommendation's current state from its
published history. Without a lock, both read the history before either has
committed, and the one that commits last writes a state that ignores the
other's update. The row lock in `status_update_publish` makes them take turns.
"""

import contextlib
import datetime
import threading

import pytest
from django.db import connection, connections

from recommendations.models import Recommendation, ReviewState, StatusUpdate

# The module that publishes: the test holds its refresh at a meeting point.
from recommendations.services import status_updates as services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("roles"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite locks the whole database for every write, so there is no "
        "row lock to prove; run with DATABASE_URL=postgres://… to test it",
    ),
]

OLDER = datetime.date(2019, 3, 1)
NEWER = datetime.date(2019, 9, 1)


@pytest.fixture
def recommendation(make_recommendation, make_organisation):
    return make_recommendation(lead=make_organisation())


def submitted(make_update, recommendation, **fields) -> StatusUpdate:
    return make_update(recommendation, state=ReviewState.SUBMITTED, **fields)


def in_parallel(*jobs) -> list[BaseException]:
    """Run each job in its own thread and database connection, all at once."""
    start = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job) -> None:
        try:
            start.wait(timeout=10)
            job()
        except BaseException as error:  # reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a publication hung"
    return errors


def publish(update: StatusUpdate, reviewer):
    return lambda: services.status_update_publish(update=update, reviewer=reviewer)


def test_it_lets_only_one_publication_at_a_time_refresh_the_state(
    recommendation, make_update, coordinator, monkeypatch
):
    """Both threads are held at a meeting point inside the refresh: with the
    lock the second cannot get there while the first is inside, so the first
    gives up waiting and they pass one after the other."""
    older = submitted(make_update, recommendation, reported_on=OLDER, progress=30)
    newer = submitted(make_update, recommendation, reported_on=NEWER, progress=60)
    refresh = services.recommendation_refresh_state
    meeting = threading.Barrier(2)
    events: list[str] = []

    def refresh_at_the_meeting_point(**kwargs):
        events.append("enter")
        with contextlib.suppress(threading.BrokenBarrierError):
            meeting.wait(timeout=2)
        result = refresh(**kwargs)
        events.append("leave")
        return result

    monkeypatch.setattr(
        services, "recommendation_refresh_state", refresh_at_the_meeting_point
    )

    errors = in_parallel(publish(older, coordinator), publish(newer, coordinator))

    assert errors == []
    assert events == ["enter", "leave", "enter", "leave"]
    recommendation.refresh_from_db()
    assert (recommendation.progress, recommendation.status_reported_on) == (60, NEWER)


@pytest.mark.parametrize("rounds", [10])
def test_it_leaves_the_latest_update_as_the_current_state(
    recommendation, make_update, coordinator, rounds
):
    for round_ in range(rounds):
        day = NEWER + datetime.timedelta(days=10 * round_)
        first = submitted(
            make_update, recommendation, reported_on=day, progress=40 + round_
        )
        second = submitted(
            make_update,
            recommendation,
            reported_on=day + datetime.timedelta(days=1),
            progress=41 + round_,
        )

        errors = in_parallel(publish(second, coordinator), publish(first, coordinator))

        assert errors == []
        latest = (
            StatusUpdate.objects.published()
            .filter(recommendation=recommendation)
            .timeline()[0]
        )
        assert latest == second
        current = Recommendation.objects.get(pk=recommendation.pk)
        assert (current.status, current.progress, current.status_reported_on) == (
            latest.status,
            latest.progress,
            latest.reported_on,
        ), f"round {round_}"


def test_it_publishes_one_update_once_when_two_coordinators_press_publish(
    recommendation, make_update, coordinator
):
    update = submitted(make_update, recommendation, reported_on=NEWER, progress=70)

    errors = in_parallel(publish(update, coordinator), publish(update, coordinator))

    assert len(errors) == 1
    assert "Опубликовать можно только отчёт на проверке" in errors[0].messages[0]
    update.refresh_from_db()
    assert update.state == ReviewState.PUBLISHED
    recommendation.refresh_from_db()
    assert recommendation.progress == 70
