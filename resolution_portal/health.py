"""The load balancer's probe: is this app server able to serve pages?"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database_answers() -> DatabaseError | None:
    """None when the database answers, else the error of the last try.

    A worker's connection that PostgreSQL dropped (a restart, a failover, an
    administrator ending sessions) fails once; the server itself may be fine.
    So a failure is tried again on a fresh connection before it counts:
    otherwise the probe would pull a healthy server out of rotation.
    """
    error = None
    for _try in range(2):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            return None
        except DatabaseError as failure:
            error = failure
            if connection.in_atomic_block:
                break  # a transaction's connection cannot be swapped mid-way
            connection.close()
    return error


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """`ok`, or 503 when the database cannot be reached, so traffic moves on."""
    error = _database_answers()
    if error is not None:
        logger.error("Health check: the database is unreachable: %s", error)
        return HttpResponse(
            "database unavailable", status=503, content_type="text/plain"
        )
    return HttpResponse("ok", content_type="text/plain")
