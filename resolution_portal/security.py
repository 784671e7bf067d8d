"""Login protection: where a request comes from, and limits on repeated failures.

Two limits stand side by side. django-axes locks one account out of one
address after LOGIN_FAILURE_LIMIT failures. Guessing from many addresses (a
botnet, or a rotated X-Forwarded-For where PROXY_COUNT is wrong) walks past
that, so failures are also counted per account across all addresses: past
LOGIN_ACCOUNT_FAILURE_LIMIT within LOGIN_ACCOUNT_WINDOW_MINUTES, each further
attempt must wait twice as long as the last, up to
LOGIN_ACCOUNT_MAX_DELAY_SECONDS. That slows guessing to a crawl without ever
locking the account: the browser an official last signed in with carries a
signed cookie that exempts it, so a stranger cannot keep them out.
"""

import hashlib
import logging
import math
import time

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_username
from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

TRUSTED_COOKIE = "portal_signed_in_before"
TRUSTED_SALT = "resolution_portal.security.trusted_browser"
# Failures older than the window drop out; the list is capped beyond the limit.
KEPT_BEYOND_LIMIT = 32


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


def _failures_key(username: str) -> str:
    return "login-failures:" + hashlib.sha256(username.encode()).hexdigest()


def _recent_failures(username: str, now: float) -> list[float]:
    times = caches["default"].get(_failures_key(username)) or []
    window = settings.LOGIN_ACCOUNT_WINDOW_MINUTES * 60
    return [moment for moment in times if moment > now - window]


def login_wait_seconds(*, username: str, now: float | None = None) -> int:
    """How long the account must wait before its next attempt; 0: not at all."""
    now = time.time() if now is None else now
    failures = _recent_failures(username, now)
    beyond = len(failures) - settings.LOGIN_ACCOUNT_FAILURE_LIMIT
    if beyond < 0:
        return 0
    delay = min(2 ** (beyond + 1), settings.LOGIN_ACCOUNT_MAX_DELAY_SECONDS)
    return max(0, math.ceil(failures[-1] + delay - now))


def login_failure_record(*, username: str, now: float | None = None) -> None:
    """Count a failed password check against the account, whatever the address."""
    now = time.time() if now is None else now
    kept = settings.LOGIN_ACCOUNT_FAILURE_LIMIT + KEPT_BEYOND_LIMIT
    failures = [*_recent_failures(username, now), now][-kept:]
    timeout = (
        settings.LOGIN_ACCOUNT_WINDOW_MINUTES * 60
        + settings.LOGIN_ACCOUNT_MAX_DELAY_SECONDS
    )
    caches["default"].set(_failures_key(username), failures, timeout=timeout)


def _signed_in_here_before(request: HttpRequest, username: str) -> bool:
    known = request.get_signed_cookie(
        TRUSTED_COOKIE,
        default=None,
        salt=TRUSTED_SALT,
        max_age=settings.LOGIN_TRUSTED_BROWSER_DAYS * 24 * 60 * 60,
    )
    return known == username


class LoginLockoutBackend(AxesStandaloneBackend):
    """Refuse a locked-out or slowed-down login; leave request-less calls alone.

    Every login through a page passes its request. Only code calls
    `authenticate()` without one (the test client, a shell), and there is no
    address to count failures against.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs) -> None:
        if request is None:
            return None
        username = kwargs.get("username") or ""
        wait = 0
        if username and not _signed_in_here_before(request, username):
            wait = login_wait_seconds(username=username)
        if wait:
            # Marked so that neither count grows while the account waits: a
            # refused attempt checks no password.
            request.login_refused = True
            request.login_wait_seconds = wait
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("Too many failures for this account")
        try:
            return super().authenticate(request, *args, **kwargs)
        except AxesBackendPermissionDenied:
            request.login_refused = True
            raise


def count_failure(sender, credentials: dict, request=None, **kwargs) -> None:
    """Receiver of `user_login_failed`: a password check that failed."""
    if request is None or getattr(request, "login_refused", False):
        return
    username = get_client_username(request, credentials)
    if username:
        login_failure_record(username=username)


def remember_browser(sender, request, user, **kwargs) -> None:
    """Receiver of `user_logged_in`: this browser may skip the slow-down later."""
    if request is not None:
        request.trusted_login = user.get_username()


class TrustedBrowserMiddleware:
    """Sets the cookie of a browser that has just signed an account in."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        username = getattr(request, "trusted_login", None)
        if username:
            response.set_signed_cookie(
                TRUSTED_COOKIE,
                username,
                salt=TRUSTED_SALT,
                max_age=settings.LOGIN_TRUSTED_BROWSER_DAYS * 24 * 60 * 60,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The page a locked-out login gets: how long, and whom to ask."""
    username = get_client_username(request, credentials) or ""
    wait = getattr(request, "login_wait_seconds", 0)
    if wait:
        logger.warning(
            "Login slowed down after repeated failures from several addresses",
            extra={"username": username, "wait_seconds": wait},
        )
        response = render(
            request, "login_slowed.html", {"wait_seconds": wait}, status=429
        )
        response["Retry-After"] = str(wait)
        return response
    logger.warning(
        "Login locked out after repeated failures", extra={"username": username}
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
