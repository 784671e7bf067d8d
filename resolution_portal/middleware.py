"""Response headers Django does not send itself, the admin's idle timeout, and
requests no page can mean."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext
from django.views.defaults import bad_request


def content_security_policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response.

    A view that sets its own policy (a stricter one for a downloaded file, say)
    keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = content_security_policy(settings.CONTENT_SECURITY_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# The session is written at most once a minute, not on every page, to record
# activity: the inactivity limit is counted in minutes anyway.
ACTIVITY_RESOLUTION_SECONDS = 60
LAST_ACTIVITY_KEY = "_last_activity"


def start_activity_clock(sender, request: HttpRequest, user, **kwargs) -> None:
    """Count inactivity from the moment of signing in."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_KEY] = int(time.time())


class IdleSessionMiddleware:
    """Log a signed-in user out after SESSION_IDLE_MINUTES without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self.check_activity(request)
        return self.get_response(request)

    def check_activity(self, request: HttpRequest) -> None:
        now = int(time.time())
        last = request.session.get(LAST_ACTIVITY_KEY)
        if last is not None and now - last > settings.SESSION_IDLE_MINUTES * 60:
            logout(request)
            minutes = settings.SESSION_IDLE_MINUTES
            messages.info(
                request,
                ngettext(
                    "You were signed out after %(minutes)s minute without "
                    "activity. Please sign in again.",
                    "You were signed out after %(minutes)s minutes without "
                    "activity. Please sign in again.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            return
        if last is None or now - last >= ACTIVITY_RESOLUTION_SECONDS:
            request.session[LAST_ACTIVITY_KEY] = now


class ZeroByteMiddleware:
    """A zero byte in the address or its parameters is a bad request.

    No page means one, and PostgreSQL refuses it in any query, in English: a
    filter of an admin list given `?status=%00` would end in a server error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        parameters = request.GET.lists()
        if "\x00" in request.path or any(
            "\x00" in name or any("\x00" in value for value in values)
            for name, values in parameters
        ):
            return bad_request(request, SuspiciousOperation("zero byte"))
        return self.get_response(request)
