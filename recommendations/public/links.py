"""Absolute links to the portal, from PORTAL_URL and never from the request.

The Host header is the client's to choose, port included (ALLOWED_HOSTS checks
the name only), and public pages are cached whole for every visitor: a link
built from one request's host would be served to the next visitors too.
"""

from urllib.parse import urlsplit

from django.conf import settings


def portal_url(path: str = "/") -> str:
    """`path` on the portal as people reach it, e.g. https://portal.example.ru/feed/."""
    return settings.PORTAL_URL.rstrip("/") + path


def portal_scheme() -> str:
    return urlsplit(settings.PORTAL_URL).scheme or "https"


def portal_domain() -> str:
    """The host, with its port if PORTAL_URL names one, and any path prefix."""
    parts = urlsplit(settings.PORTAL_URL)
    return parts.netloc + parts.path.rstrip("/")
