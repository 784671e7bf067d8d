"""A cache of the public pages that anonymous visitors see.

Pages are cached whole in the configured cache (`CACHE_URL`: Redis in
production) under a key made of the date, the language and the full path with
its query string, together with the versions of the data they were rendered
from. A page depends on two versions, both named by its URL alone: the global
one, and its scope's (`page_scope`): `front` for the front page with any query
string, `res:<slug>` for a resolution's pages, `rec:<id>` for a
recommendation's, `org:<slug>` for an organisation's, and `lists` for the rest
(the lists, the feed, open data, the sitemap). A change bumps the versions of
the pages it shows on (`bump`; recommendations/page_scopes.py maps each change
to its scopes), so the next request for those pages renders afresh while the
other pages stay cached: nothing has to be deleted, and a change is visible at
once on every app server sharing the cache. A hit costs one round trip to the
cache (the page and its two versions are read together). Pages are kept
gzip-compressed and served so to clients that accept it; with no secret in an
anonymous page, compression gives nothing away (BREACH needs one).

The host is not part of the key, on purpose: ALLOWED_HOSTS ignores the port,
so a key with the Host header in it would let anyone fill the cache with a copy
of every page per port. Pages do not depend on the host instead: every absolute
link in them is built from PORTAL_URL (recommendations/public/links.py).

Only an anonymous GET without a session, CSRF or messages cookie is served
from the cache, and only a 200 response that sets no cookie and is not marked
private is stored: a page that could differ from one visitor to another never is.

When the cache cannot be reached, pages are rendered as if it were empty and
publishing goes on; the error is logged. A bump lost that way leaves pages at
most PAGE_CACHE_SECONDS old once the cache is back.
"""

import gzip
import hashlib
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:data-version"
# Marks each response so a load test (and a curious admin) can tell a hit.
STATUS_HEADER = "X-Page-Cache"
# django.contrib.messages keeps a visitor's pending messages in this cookie.
MESSAGES_COOKIE = "messages"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Bytes above which a page is compressed fast rather than small.
LARGE_BODY = 1024 * 1024


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


GLOBAL = "global"
FRONT = "front"
LISTS = "lists"
# The pages of one resolution, recommendation or organisation: URL -> scope.
_SCOPED_PAGE = re.compile(r"^/(resolutions|recommendations|organisations)/([^/]+)/")
_SCOPE_PREFIX = {"resolutions": "res", "recommendations": "rec", "organisations": "org"}


def page_scope(path: str) -> str:
    """The scope of a page's data besides the global one, from its path
    (without the language prefix)."""
    if path == "/":
        return FRONT
    found = _SCOPED_PAGE.match(path)
    if found:
        return f"{_SCOPE_PREFIX[found[1]]}:{found[2]}"
    return LISTS


def _version_key(scope: str) -> str:
    return VERSION_KEY if scope == GLOBAL else f"page-cache:version:{scope}"


def data_version(scope: str = GLOBAL) -> int:
    """The current version of a scope's data, created on first use."""
    cache = _cache()
    key = _version_key(scope)
    version = cache.get(key)
    if version is None:
        # A time-based start: a version lost from the cache is never reused,
        # so pages stored under an older one cannot come back.
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    return version


def _bump(scopes: tuple[str, ...]) -> None:
    cache = _cache()
    for scope in scopes:
        key = _version_key(scope)
        try:
            cache.incr(key)
        except ValueError:  # not there (evicted or never used): any new value will do
            cache.add(key, time.time_ns(), timeout=None)


def bump(*scopes: str) -> None:
    """Make stale the cached pages of `scopes`: call after a change the public
    can see on them.

    Bumped at once, so that the same request or test sees the change, and again
    when the transaction commits, so that a page rendered by another request
    from the data before the commit is not kept under the new version.
    """
    scopes = tuple(dict.fromkeys(scopes))
    _bump_or_log(scopes)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump_or_log(scopes))


def bump_data_version() -> None:
    """Make every cached page stale."""
    bump(GLOBAL)


def _bump_or_log(scopes: tuple[str, ...]) -> None:
    # A change must not fail because the cache is away.
    try:
        _bump(scopes)
    except Exception:
        logger.exception("Could not bump the page cache's data version")


def data_changed(sender, **kwargs) -> None:
    """Signal receiver for `post_save`, `post_delete` and `m2m_changed` of what
    shows on every page (names of organisations, groups, resolutions)."""
    if kwargs.get("action", "post_").startswith("post_"):
        bump_data_version()


def _unprefixed(path: str) -> tuple[str, str]:
    """The language of a path and the path without its language prefix."""
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if code != settings.LANGUAGE_CODE and path.startswith(prefix):
            return code, path[len(prefix) - 1 :]
    # Unprefixed URLs are in the default language (prefix_default_language=False).
    return settings.LANGUAGE_CODE, path


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # may be logged in: the page may be theirs alone
    if settings.CSRF_COOKIE_NAME in request.COOKIES:
        return False  # a form on the page would carry a token from their secret
    if MESSAGES_COOKIE in request.COOKIES:
        return False  # messages waiting for this visitor alone
    _language, path = _unprefixed(request.path)
    return not path.startswith(settings.PAGE_CACHE_EXCLUDED_PATHS)


def _cacheable_response(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(
        word in cache_control for word in ("private", "no-store", "no-cache")
    )


def _key(request: HttpRequest, language: str) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    # The date is part of the key: overdue and stale change at midnight.
    return f"page-cache:page:{timezone.localdate():%Y%m%d}:{language}:{path}"


def _from_cache(
    request: HttpRequest, body: bytes, headers: list[tuple[str, str]]
) -> HttpResponse:
    """The stored page, gzip-encoded for the clients that accept it."""
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(body)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(body))
    for name, value in headers:
        response[name] = value
    patch_vary_headers(response, ("Accept-Encoding",))
    response["Content-Length"] = str(len(response.content))
    response[STATUS_HEADER] = "hit"
    return response


class PageCacheMiddleware:
    """Serve and store anonymous public pages; see the module's docstring.

    It sits near the top of MIDDLEWARE so that a hit costs no session, CSRF or
    database work, and so that it stores the response as the visitor gets it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _cacheable_request(request):
            return self.get_response(request)
        language, path = _unprefixed(request.path)
        key, scope = _key(request, language), page_scope(path)
        try:
            found, versions = _lookup(key, scope)
        except Exception:
            logger.exception("Page cache unavailable: rendering without it")
            return self.get_response(request)
        if found is not None and found[0] == versions:
            return _from_cache(request, *found[1:])
        response = self.get_response(request)
        if request.method != "GET" or not _cacheable_response(response):
            return response
        if response.get("Content-Language", language) != language:
            return response  # rendered in another language than the key says
        if versions[1] is None:
            versions = _with_first_version(versions, scope)
            if versions is None:
                return response
        return _stored(_whole(response), key, versions)


def _lookup(key: str, scope: str) -> tuple[Any, tuple[int, int | None]]:
    """The stored page (or None) and the current versions it must carry to
    count: one round trip for the page and both versions. A scope's version
    is not created here: any URL names a scope, and only a page worth storing
    should leave a key behind."""
    version_keys = [VERSION_KEY, _version_key(scope)]
    found = _cache().get_many([key, *version_keys])
    versions = (
        found.get(version_keys[0]) or data_version(GLOBAL),
        found.get(version_keys[1]),
    )
    return found.get(key), versions


def _with_first_version(versions: tuple, scope: str) -> tuple[int, int] | None:
    """The versions with the scope's, created now for the first page stored
    under it; None when a change created it during the render, which the
    page may predate."""
    first = time.time_ns()
    try:
        if _cache().add(_version_key(scope), first, timeout=None):
            return versions[0], first
    except Exception:
        logger.exception("Page cache unavailable: page not stored")
    return None


def _whole(response: HttpResponseBase) -> HttpResponseBase:
    """A streamed response as one whole response; others as they are."""
    if not response.streaming:
        return response
    # Open data may be streamed; a cached copy is served whole.
    content = b"".join(response.streaming_content)
    whole = HttpResponse(content)
    # Closing fires request_finished, which ends the database connection:
    # leave that to the server, at the end of the request.
    whole._resource_closers.append(response.close)
    for name, value in response.items():
        whole[name] = value
    return whole


def _stored(response: HttpResponseBase, key: str, versions: Any) -> HttpResponseBase:
    """Store the page under `key`, compressed, with the versions it was made at."""
    if response.has_header("Content-Encoding"):
        return response  # already encoded by someone else: leave it be
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in ("content-length", STATUS_HEADER.lower())
    ]
    # Compressed once here rather than on every hit: a page is a tenth of
    # its size in gzip. The open-data files are megabytes: level 1 takes a
    # third of level 6's time on them, for a file 1.7 times as large.
    level = 1 if len(response.content) > LARGE_BODY else 6
    body = gzip.compress(response.content, compresslevel=level, mtime=0)
    # Stored with the versions read before rendering: had a change come in
    # meanwhile, the next request sees an old version and renders again.
    try:
        _cache().set(
            key, (versions, body, headers), timeout=settings.PAGE_CACHE_SECONDS
        )
    except Exception:
        logger.exception("Page cache unavailable: page not stored")
        return response
    response[STATUS_HEADER] = "miss"
    return response
