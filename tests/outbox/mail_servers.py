"""Mail servers on this machine for the outbox tests: one that accepts and never
answers, and a real one (aiosmtpd) that records what it receives."""

import email
import email.policy
import socket
import threading
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SilentServer:
    """Accepts every connection and never says a word (not even the greeting)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connections = 0
        self._held: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", port), reuse_port=False)
        self._listener.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            self._held.append(connection)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()
        for connection in self._held:
            connection.close()


class _Recorder:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted"


class RecordingServer:
    """A real SMTP server on `port`; `messages` are the e-mails it received."""

    def __init__(self, port: int) -> None:
        self._recorder = _Recorder()
        self._controller = Controller(self._recorder, hostname="127.0.0.1", port=port)
        self._controller.start()

    @property
    def messages(self) -> list[EmailMessage]:
        return self._recorder.messages

    def close(self) -> None:
        self._controller.stop()
