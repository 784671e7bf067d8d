"""Mail backends for the outbox tests: one that fails as told, one that is slow."""

import threading
import time

from django.core.mail.backends.base import BaseEmailBackend


class BrokenBackend(BaseEmailBackend):
    """Raises `error` for every message (set it with monkeypatch)."""

    error: Exception = ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages) -> int:
        raise type(self).error


class SlowBackend(BaseEmailBackend):
    """Takes a while over each message, so that racing deliverers overlap."""

    sent: list[str] = []
    lock = threading.Lock()

    def send_messages(self, email_messages) -> int:
        for email in email_messages:
            time.sleep(0.02)
            with self.lock:
                SlowBackend.sent.append(email.extra_headers["Message-ID"])
        return len(email_messages)
