"""What `make bench` runs against, from the environment, and two small helpers.

Settings: BENCH_DATABASE_URL, BENCH_CACHE_URL, BENCH_PORT, BENCH_WORKERS,
BENCH_CONNECTIONS, BENCH_DURATION, BENCH_ROUNDS, and BENCH_RESOLUTIONS,
BENCH_RECOMMENDATIONS, BENCH_ORGANISATIONS, BENCH_UPDATES for the data size.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results.md"
LOG = ROOT / "bench" / "data" / "gunicorn.log"  # git-ignored

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
)
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5")
PORT = int(os.environ.get("BENCH_PORT", "8105"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
DURATION = float(os.environ.get("BENCH_DURATION", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
SIZE = {
    name: int(os.environ.get(f"BENCH_{name.upper()}", default))
    for name, default in (
        ("resolutions", 100),
        ("recommendations", 5000),
        ("organisations", 500),
        ("updates", 500_000),
    )
}
# A page passes when it serves at least this share of /healthz's throughput,
# with a p99 latency under this multiple of /healthz's.
MIN_RATIO = 0.5
MAX_P99_RATIO = 10
# A render (a cache miss) should serve at least this share of /healthz.
MISS_MIN_RATIO = 0.1
# The index of migration 0005_scale_indexes, for the as-of reads.
HISTORY_INDEX = "update_published_history"
# What a browser behind the production TLS proxy sends: the forwarded scheme
# (harmless when the settings do not look at it) and gzip accepted.
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}

ENV = {
    **os.environ,
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key-not-for-deployment-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DATABASE_URL": DATABASE_URL,
    "CACHE_URL": CACHE_URL,
    # As behind the production TLS proxy, which sets X-Forwarded-Proto.
    "PROXY_COUNT": "1",
    "DJANGO_SETTINGS_MODULE": "resolution_portal.settings",
}


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def manage(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
