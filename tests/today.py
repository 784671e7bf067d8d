"""Pretend today is another day, for pages that read `timezone.localdate()`."""

import datetime
from collections.abc import Callable

from django.utils import timezone

_real_localdate = timezone.localdate


def frozen_localdate(today: datetime.date) -> Callable[..., datetime.date]:
    """`timezone.localdate` with today fixed; a given moment still converts."""

    def localdate(value: datetime.datetime | None = None, timezone=None):
        if value is None:
            return today
        return _real_localdate(value, timezone)

    return localdate
