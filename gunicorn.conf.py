"""gunicorn settings for production: `gunicorn --config gunicorn.conf.py`.

Every value can be changed from the environment; docs/deploy.md lists them.
"""

import multiprocessing
import os

wsgi_app = "resolution_portal.wsgi:application"

# nginx on the same machine connects to 127.0.0.1; set BIND=0.0.0.0 when a load
# balancer on another machine talks to gunicorn directly.
bind = f"{os.environ.get('BIND', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# Page views wait on PostgreSQL, not on the processor: two workers a core.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
# The Excel report of a large resolution takes a while to stream.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# A fresh worker now and then keeps memory from creeping up.
max_requests = 2000
max_requests_jitter = 200
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Only the proxy on this machine may say the request came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# No runtime control socket: nothing to manage from outside but signals, and
# several instances on one host do not fight over its path.
control_socket_disable = True

# gunicorn's own messages and the access log, as JSON lines on stdout like the
# portal's (resolution_portal/logging.py).
accesslog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "resolution_portal.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"level": "WARNING", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {
            "level": "INFO",
            "handlers": ["stdout"],
            "propagate": False,
        },
    },
}
