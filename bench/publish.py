"""A publish a second while every page is served: how many requests still hit.

`Publisher` publishes a report (`status_update_publish`, as a coordinator does)
on a random recommendation of a random published resolution once a second, in
this process, on the benchmark database and cache the server uses. `serve_mix`
meanwhile requests every measured page in turn from a few client threads and
counts the `X-Page-Cache` header of each answer. The reports it publishes are
deleted afterwards and their recommendations' states put back (`clean_up`).
"""

import datetime
import random
import threading
import time
from collections import Counter

from config import say
from server import get

COMMENT = "Проверка под нагрузкой: публикация раз в секунду."


def _reviewer():
    from django.contrib.auth.models import User

    return (
        User.objects.filter(username="gen-coordinator").first()
        or User.objects.filter(groups__name="Coordinators").order_by("pk").first()
    )


class Publisher(threading.Thread):
    """Publishes one report every `interval` seconds until `stop()`."""

    def __init__(self, interval: float = 1.0, seed: int = 16) -> None:
        super().__init__(daemon=True)
        from recommendations.models import Assignment

        self.interval = interval
        self.random = random.Random(seed)
        self.reviewer = _reviewer()
        self.assignments = list(
            Assignment.objects.filter(
                recommendation__resolution__is_published=True
            ).values_list("recommendation_id", "organisation_id")
        )
        self.published: list[int] = []
        self.errors: list[str] = []
        self._stopping = threading.Event()

    def publish_one(self) -> None:
        from recommendations.models import ReviewState, Status, StatusUpdate
        from recommendations.services import status_update_publish

        recommendation_id, organisation_id = self.random.choice(self.assignments)
        update = StatusUpdate.objects.create(
            recommendation_id=recommendation_id,
            organisation_id=organisation_id,
            author=self.reviewer,
            status=Status.IN_PROGRESS,
            progress=self.random.randint(1, 99),
            comment=COMMENT,
            reported_on=datetime.date.today(),
            state=ReviewState.SUBMITTED,
        )
        status_update_publish(update=update, reviewer=self.reviewer)
        self.published.append(update.pk)

    def run(self) -> None:
        from django.db import connection

        try:
            while not self._stopping.wait(self.interval):
                try:
                    self.publish_one()
                except Exception as error:  # reported, not fatal to the bench
                    self.errors.append(repr(error))
        finally:
            connection.close()

    def stop(self) -> None:
        self._stopping.set()
        self.join(timeout=30)


def clean_up(published: list[int]) -> None:
    """Delete the reports published for the bench and refresh their items."""
    from recommendations.models import Recommendation, StatusUpdate
    from recommendations.services import recommendation_refresh_state
    from resolution_portal.page_cache import bump_data_version

    updates = StatusUpdate.objects.filter(pk__in=published)
    touched = set(updates.values_list("recommendation_id", flat=True))
    updates.delete()
    for recommendation in Recommendation.objects.filter(pk__in=touched):
        recommendation_refresh_state(recommendation=recommendation)
    bump_data_version()


def serve_mix(paths: list[str], seconds: float, clients: int) -> dict[str, Counter]:
    """Every path in turn from `clients` threads for `seconds`: the count of
    each `X-Page-Cache` value (`hit`, `miss`, `-`) per path."""
    counts = {path: Counter() for path in paths}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        n = offset
        while time.monotonic() < deadline:
            path = paths[n % len(paths)]
            status, headers = get(path)
            state = headers.get("X-Page-Cache", "-") if status == 200 else str(status)
            with lock:
                counts[path][state] += 1
            n += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts


def publish_under_load(paths: list[str], seconds: float, clients: int) -> dict:
    """The hit counts of `serve_mix` while a `Publisher` runs, and its figures."""
    for path in paths:
        get(path)  # every page cached before the first publish
    publisher = Publisher()
    publisher.start()
    started = time.monotonic()
    try:
        counts = serve_mix(paths, seconds, clients)
    finally:
        publisher.stop()
        elapsed = time.monotonic() - started
        clean_up(publisher.published)
    say(f"published {len(publisher.published)} reports in {elapsed:.0f} s")
    return {
        "counts": counts,
        "published": len(publisher.published),
        "seconds": elapsed,
        "errors": publisher.errors,
    }
