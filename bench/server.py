"""The benchmark's database and its gunicorn server."""

import subprocess
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit, urlunsplit

from config import (
    BIN,
    DATABASE_URL,
    ENV,
    HEADERS,
    LOG,
    PORT,
    ROOT,
    SIZE,
    WORKERS,
    manage,
    say,
)


def _ensure_database(fresh: bool) -> str:
    """Create the database (dropped first when `fresh`); returns its name."""
    import psycopg2

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        if fresh:
            say(f"dropping {name}")
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            say(f"creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return name


def _generated_resolutions() -> int:
    import psycopg2

    connection = psycopg2.connect(DATABASE_URL)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM recommendations_resolution WHERE slug LIKE 'gen-%%'"
        )
        present = cursor.fetchone()[0]
    connection.close()
    return present


def prepare_database(fresh: bool) -> float | None:
    """Create (or reuse) the benchmark database; returns the generation time."""
    name = _ensure_database(fresh)
    manage("migrate", "--noinput", "-v0")
    present = _generated_resolutions()
    if present:
        say(f"reusing {name} ({present} generated resolutions)")
        return None
    say(f"generating {SIZE} into {name} (a few minutes)")
    started = time.monotonic()
    options = [f"--{key}={value}" for key, value in SIZE.items()]
    output = manage("generate_demo_data", "--force", *options)
    say(output.strip())
    return time.monotonic() - started


def start_gunicorn(
    env: dict | None = None, log_name: str = LOG.name
) -> subprocess.Popen:
    """gunicorn as production runs it: its config file when the project has one;
    `env` on top of the benchmark's environment."""
    manage("collectstatic", "--noinput", "-v0")
    command = [str(BIN / "gunicorn")]
    if (ROOT / "gunicorn.conf.py").exists():
        command += ["--config", "gunicorn.conf.py"]
    else:
        command += ["resolution_portal.wsgi", "--log-level", "warning"]
    command += ["--bind", f"127.0.0.1:{PORT}", "--workers", str(WORKERS)]
    log_file = LOG.with_name(log_name)
    say(" ".join(command[1:]) + f" (log: {log_file.relative_to(ROOT)})")
    LOG.parent.mkdir(exist_ok=True)
    with log_file.open("w") as log:
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**ENV, **(env or {}), "PORT": str(PORT)},
            stdout=log,
            stderr=log,
        )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz") as reply:
                if reply.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 20 seconds")


def stop(server: subprocess.Popen | None) -> None:
    if server is not None and server.poll() is None:
        server.terminate()
        server.wait(timeout=30)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(path: str) -> tuple[int, dict]:
    """Status and headers of one request, redirects not followed."""
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=HEADERS)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request) as reply:
            reply.read()
            return reply.status, dict(reply.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)
