"""Login protection: where a request comes from, and lockout of repeated failures."""

import logging

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, as the last of PROXY_COUNT trusted proxies saw it.

    Each proxy appends the address it received the request from to
    X-Forwarded-For, so the trustworthy entry is counted from the right; what a
    client writes into the header itself lies further left and is ignored.
    """
    count = settings.PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if count and len(hops) >= count:
        return hops[-count]
    return request.META.get("REMOTE_ADDR")


class LoginLockoutBackend(AxesStandaloneBackend):
    """Refuse a locked-out login; leave request-less calls to the next backend.

    Every login through a page passes its request. Only code calls
    `authenticate()` without one (the test client, a shell), and there is no
    address to count failures against.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The page a locked-out login gets: how long, and whom to ask."""
    logger.warning(
        "Login locked out after repeated failures",
        extra={"username": get_client_username(request, credentials) or ""},
    )
    return render(
        request,
        "lockout.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "lockout_minutes": round(settings.AXES_COOLOFF_TIME * 60),
        },
        status=429,
    )
