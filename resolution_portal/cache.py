"""Django's Redis cache, made to give up fast and then leave Redis alone a while.

Everything the portal keeps in the cache can be done without it: pages are
rendered afresh, a sign-in is not slowed down, a version bump is lost for at
most PAGE_CACHE_SECONDS. What must not happen is a page waiting on a Redis
that hangs. So each call waits at most CACHE_SOCKET_TIMEOUT (settings), and
after a failure the cache is skipped for CACHE_RETRY_SECONDS: a circuit
breaker, kept per process, that logs once when it opens and once when Redis
answers again. While it is open, reads find nothing and writes are dropped.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)


class Breaker:
    """Open for `retry_seconds` after a failure; closed again by a success."""

    def __init__(self, name: str, retry_seconds: float) -> None:
        self.name = name
        self.retry_seconds = retry_seconds
        self.open_until = 0.0
        self.failing = False

    def allows(self) -> bool:
        return time.monotonic() >= self.open_until

    def failed(self, error: Exception) -> None:
        self.open_until = time.monotonic() + self.retry_seconds
        if not self.failing:
            self.failing = True
            logger.warning(
                "Cache unavailable, skipped for %s s at a time until it answers: %s",
                self.retry_seconds,
                error,
                extra={"cache": self.name},
            )

    def succeeded(self) -> None:
        if self.failing:
            self.failing = False
            logger.warning("Cache answers again", extra={"cache": self.name})


# One per Redis server and process: Django makes a cache object per thread.
_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(name: str, retry_seconds: float) -> Breaker:
    with _breakers_lock:
        if name not in _breakers:
            _breakers[name] = Breaker(name, retry_seconds)
        return _breakers[name]


def _not_found(key: str, delta: int) -> int:
    raise ValueError(f"Key {key!r} not found.")


# What each call answers while Redis is away: what an empty cache would.
FALLBACKS: dict[str, Callable[..., Any]] = {
    "add": lambda key, value, timeout: False,
    "get": lambda key, default: default,
    "set": lambda key, value, timeout: None,
    "touch": lambda key, timeout: False,
    "delete": lambda key: False,
    "get_many": lambda keys: {},
    "has_key": lambda key: False,
    "incr": _not_found,
    "set_many": lambda data, timeout: None,
    "delete_many": lambda keys: None,
    "clear": lambda: False,
}


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, *, retry_seconds: float = 30, **options) -> None:
        super().__init__(servers, **options)
        self.breaker = breaker_for(",".join(servers), retry_seconds)

    def _guarded(self, name: str, *args: Any) -> Any:
        if not self.breaker.allows():
            return FALLBACKS[name](*args)
        try:
            result = getattr(super(), name)(*args)
        except (self._lib.exceptions.RedisError, OSError) as error:
            self.breaker.failed(error)
            return FALLBACKS[name](*args)
        self.breaker.succeeded()
        return result

    def add(self, key, value, timeout):
        return self._guarded("add", key, value, timeout)

    def get(self, key, default):
        return self._guarded("get", key, default)

    def set(self, key, value, timeout):
        return self._guarded("set", key, value, timeout)

    def touch(self, key, timeout):
        return self._guarded("touch", key, timeout)

    def delete(self, key):
        return self._guarded("delete", key)

    def get_many(self, keys):
        return self._guarded("get_many", keys)

    def has_key(self, key):
        return self._guarded("has_key", key)

    def incr(self, key, delta):
        return self._guarded("incr", key, delta)

    def set_many(self, data, timeout):
        return self._guarded("set_many", data, timeout)

    def delete_many(self, keys):
        return self._guarded("delete_many", keys)

    def clear(self):
        return self._guarded("clear")


class ResilientRedisCache(RedisCache):
    """`CACHE_URL=redis://…` in settings: Django's RedisCache behind a breaker."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
