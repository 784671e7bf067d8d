"""Settings for Resolution Portal, read from the environment (django-environ).

Every variable is listed in README.md and `.env.example`.

One module on purpose, though it is longer than 400 lines: the project keeps a
single settings file that reads the environment (no settings package), so that
every setting and the variable that drives it are found in one place.
"""

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# --- The test suite's switches -------------------------------------------------
# The suite runs with DEBUG off, as production does. It differs from production
# only where `TESTING` is read below, and in these ways alone:
# - secrets and hosts get development defaults (`_required`, `ALLOWED_HOSTS`);
# - the page cache is off unless a test switches it on (`PAGE_CACHE_SECONDS`);
# - static files are served as they are, with no `collectstatic` (`STORAGES`);
# - HTTPS-only settings are off so the test client and the live server speak
#   plain HTTP (`SECURE_BY_DEFAULT`); tests that check them switch them on.
TESTING = "pytest" in sys.modules
# Development and the test suite may run without production's secrets and TLS.
RELAXED = DEBUG or TESTING


def _required(name: str, *, debug_default: str | None = None) -> str:
    """A variable production cannot run without; development gets a safe default."""
    value = env.str(name, default="")
    if value:
        return value
    if RELAXED and debug_default is not None:
        return debug_default
    raise ImproperlyConfigured(
        f"{name} is not set. Set the {name} environment variable "
        "(it may be omitted only while DEBUG is on)."
    )


SECRET_KEY = _required(
    "SECRET_KEY", debug_default="django-insecure-development-only-key-do-not-deploy"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    if RELAXED:
        ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
    else:
        _required("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "import_export",
    "stakeholders",
    "recommendations",
    # Background work: the job engine and the e-mail it delivers.
    "django_q",
    "outbox",
    "reminders",
    # Audit trail of recommendations, assignments, organisations, memberships.
    "simple_history",
]

# The whole chain, in order; each setting it reads is in its section below.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages from the cache, before any session or database work.
    "resolution_portal.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the audit trail.
    "simple_history.middleware.HistoryRequestMiddleware",
    # The content security and permissions policies.
    "resolution_portal.middleware.SecurityHeadersMiddleware",
    # A zero byte in the query string is refused before any view reads it.
    "resolution_portal.middleware.ZeroByteMiddleware",
    # Ends an idle admin session.
    "resolution_portal.middleware.IdleSessionMiddleware",
    # Recognises a browser that signed an account in before (sign-in slow-down).
    "resolution_portal.security.TrustedBrowserMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "resolution_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "resolution_portal.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
# A kept connection that PostgreSQL has dropped (a restart, a failover) is
# noticed at the first query of the next request and replaced, instead of
# failing that request with a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The worker shares the file with the dev server: a write transaction takes
    # the lock when it begins (no deadlock on upgrading a read), and waits for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=20
    )
    # A file, not memory, so that a worker started by a test sees the test data;
    # one per test run, written without waiting for the disk.
    DATABASES["default"].setdefault("TEST", {}).setdefault(
        "NAME", str(Path(tempfile.gettempdir()) / f"portal-test-{os.getpid()}.sqlite3")
    )
    if TESTING:
        DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA synchronous=OFF"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://portal")}

# --- Page cache (resolution_portal/page_cache.py) -----------------------------------
# Anonymous public pages are cached whole in this cache, keyed by a data version
# that every publish and every model change bumps. With several app servers (or
# gunicorn workers) the cache must be shared, i.e. CACHE_URL must point to Redis:
# a local-memory cache would be bumped in one process only.
PAGE_CACHE_ALIAS = "default"
# How long a page is kept at most; 0 turns the page cache off. Off by default in
# the test suite, where tests switch it on to check it.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if TESTING else 600)
# Never cached, with or without a language prefix: staff pages, files, probes.
PAGE_CACHE_EXCLUDED_PATHS = (
    "/admin/",
    "/reports/",
    "/healthz",
    "/evidence/",
    "/i18n/",
    "/media/",
    "/static/",
)
# A Redis that is away or hangs must not hold the pages up: each call gives up
# after CACHE_SOCKET_TIMEOUT seconds, and after a failure the cache is skipped
# for CACHE_RETRY_SECONDS (resolution_portal/cache.py), for every use of it.
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.25)
CACHE_RETRY_SECONDS = env.int("CACHE_RETRY_SECONDS", default=30)
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    CACHES["default"]["BACKEND"] = "resolution_portal.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=CACHE_SOCKET_TIMEOUT,
        socket_timeout=CACHE_SOCKET_TIMEOUT,
        retry_seconds=CACHE_RETRY_SECONDS,
    )
# --- end of page cache ---------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if RELAXED
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# A recommendation with no published update for this many days is "stale".
REPORTING_PERIOD_DAYS = env.int("REPORTING_PERIOD_DAYS", default=90)

LOGIN_URL = "admin:login"


# --- Production security -----------------------------------------------------
# Production (DEBUG off, outside the test suite) is served over HTTPS only. The
# suite runs with these off so the test client and the live server can speak
# plain HTTP; tests that check them switch them on.
SECURE_BY_DEFAULT = not RELAXED

# Number of reverse proxies (nginx, a load balancer) in front of gunicorn. They
# terminate TLS and must set X-Forwarded-Proto and append to X-Forwarded-For;
# only then are those headers trusted. 0: gunicorn faces the clients itself.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SECURE_BY_DEFAULT)
# A load balancer probes over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", default=31_536_000 if SECURE_BY_DEFAULT else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = SECURE_BY_DEFAULT
CSRF_COOKIE_SECURE = SECURE_BY_DEFAULT
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SECURE_BY_DEFAULT
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Only the portal's own scripts, styles, images and fonts; nothing may frame it.
# Inline style *attributes* stay allowed for the progress bars' widths
# (style="width: 40%"); inline <style> and every inline script are refused.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


# --- Login protection ---------------------------------------------------------
# After signing in, the admin, never an address given by a link (?next= is
# followed only when it points into the portal).
LOGIN_REDIRECT_URL = "admin:index"
# django-axes counts failed logins in the database (shared by every app server).
# Five failures for one account from one address lock that pair out for
# LOGIN_LOCKOUT_MINUTES; a success clears the count. Locking the pair, not the
# account alone, stops a stranger from locking officials out of their accounts.
INSTALLED_APPS += ["axes", "resolution_portal"]
AUTHENTICATION_BACKENDS = [
    "resolution_portal.security.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("LOGIN_LOCKOUT_MINUTES", default=30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A lockout lasts LOGIN_LOCKOUT_MINUTES from the last real failure: attempts
# refused meanwhile check no password and do not prolong it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "resolution_portal.security.lockout_response"
# Behind PROXY_COUNT proxies the client's address is read from X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "resolution_portal.security.client_ip"
AXES_VERBOSE = False
# Per account, from any address (resolution_portal/security.py): past this many
# failures within the window, each further attempt waits 2, 4, 8 … seconds, at
# most LOGIN_ACCOUNT_MAX_DELAY_SECONDS; never a lockout. A browser the account
# signed in with before (a signed cookie, LOGIN_TRUSTED_BROWSER_DAYS) never
# waits. Counted in the cache (Redis, shared by every app server).
LOGIN_ACCOUNT_FAILURE_LIMIT = env.int("LOGIN_ACCOUNT_FAILURE_LIMIT", default=20)
LOGIN_ACCOUNT_WINDOW_MINUTES = env.int("LOGIN_ACCOUNT_WINDOW_MINUTES", default=60)
LOGIN_ACCOUNT_MAX_DELAY_SECONDS = env.int(
    "LOGIN_ACCOUNT_MAX_DELAY_SECONDS", default=300
)
LOGIN_TRUSTED_BROWSER_DAYS = env.int("LOGIN_TRUSTED_BROWSER_DAYS", default=90)

# The admin session ends after this much inactivity, and in any case when the
# browser closes; an active session lasts at most SESSION_COOKIE_AGE.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True


# --- Logging -------------------------------------------------------------------
# One JSON object a line on stdout; the service manager or the container
# platform collects it. LOG_LEVEL sets the portal's own level.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "resolution_portal.logging.JsonFormatter"}},
    "filters": {
        "client_errors": {
            "()": "resolution_portal.logging.ClientErrorsWithoutTraceback"
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["client_errors"],
        }
    },
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django.server": {"level": "INFO"},
        "django.security": {
            "handlers": ["stdout"],
            "level": "INFO",
            "propagate": False,
        },
        "axes": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        # Reading a refused evidence file, pypdf warns of every fault it finds.
        "pypdf": {"level": "ERROR"},
        "resolution_portal": {
            "handlers": ["stdout"],
            "level": LOG_LEVEL,
            "propagate": False,
        },
        "recommendations": {
            "handlers": ["stdout"],
            "level": LOG_LEVEL,
            "propagate": False,
        },
        "outbox": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "reminders": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        # The job engine logs every task at INFO: only its warnings and errors.
        "django-q": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
    },
}


# --- The admin: e-mail, evidence files, audit trail, sessions ---------------------
# Console in development; in production e.g. smtp+tls://user:password@host:587.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
globals().update(EMAIL_CONFIG)
# A mail server that accepts the connection and never answers gives up after
# this many seconds (per connection step), so it cannot hold a worker.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address as people reach it, for links in e-mails; in development
# the dev server's, which follows PORT.
PORTAL_URL = env.str(
    "PORTAL_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}"
)
# Evidence files larger than this are refused with a message.
EVIDENCE_MAX_UPLOAD_MB = env.int("EVIDENCE_MAX_UPLOAD_MB", default=10)
# History pages read the historical models' own permissions (Coordinators hold
# them), and the audit trail is never rewritten from the admin.
SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS = True
SIMPLE_HISTORY_REVERT_DISABLED = True
# A staff session on a shared office computer ends after a working day.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)


# --- Spreadsheet import and export (django-import-export) ---------------------
# Importing needs the "add" permission and exporting the "view" one, so a user
# who may only look at status updates cannot load a file of them.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Exports are written by the portal's own writers (recommendations/documents/
# exchange.py), which keep every text cell from reading as a formula
# (documents/cells.py); django-import-export's own escaping is never reached.
# The file between preview and confirmation is kept with the evidence files,
# under MEDIA_ROOT/django-import-export/: a volume every app server shares in
# production, never one server's own disk, and unlike the cache it is there
# whether Redis is or not. Confirming removes it (docs/deploy.md: clearing
# previews never confirmed).
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# A spreadsheet of reports larger than this is refused before it is read.
IMPORT_MAX_UPLOAD_MB = env.int("IMPORT_MAX_UPLOAD_MB", default=5)
# Reports in one file, and what an .xlsx may unpack to: past either the file
# is refused before openpyxl reads it.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=10_000)
IMPORT_MAX_UNPACKED_MB = env.int("IMPORT_MAX_UNPACKED_MB", default=50)


# --- Background work: the job engine (django-q2) and the outbox ----------------
# `manage.py qcluster` runs the workers and the scheduler (docs/architecture.md).
# JOBS_BROKER_URL empty: the queue is a table of the default database (nothing
# else to install); redis://host:6379/N in production.
JOBS_BROKER_URL = env.str("JOBS_BROKER_URL", default="")
# A task running longer is stopped. Our longest are a reminder pass and a sweep
# of the outbox, which stops taking new messages halfway through this.
JOBS_TIMEOUT = env.int("JOBS_TIMEOUT", default=300)
if JOBS_TIMEOUT < 60:
    raise ImproperlyConfigured("JOBS_TIMEOUT must be at least 60 seconds.")
Q_CLUSTER = {
    # Several portals may share one Redis under different names; the test suite
    # takes its own so that its worker never serves anybody else's queue.
    "name": env.str(
        "JOBS_NAME", default=f"portal-test-{os.getpid()}" if TESTING else "portal"
    ),
    "workers": env.int("JOBS_WORKERS", default=2),
    "timeout": JOBS_TIMEOUT,
    # A task not acknowledged by then is handed out again (ORM broker); it must
    # be longer than the timeout or a slow task would run twice.
    "retry": JOBS_TIMEOUT + 60,
    # Our tasks keep their own records and the sweep retries e-mail: the engine
    # runs a task once and drops it if it fails.
    "max_attempts": 1,
    "ack_failures": True,
    # After downtime a schedule runs once, not once for every missed minute.
    "catch_up": False,
    "save_limit": 250,
    "label": _("Background jobs"),
}
if not JOBS_BROKER_URL:
    Q_CLUSTER |= {"orm": "default", "poll": 1}
elif JOBS_BROKER_URL.startswith(("redis://", "rediss://", "unix://")):
    # A Redis that is away or hangs costs a request a second at most: the message
    # is already saved and the sweep delivers it (outbox/services.py).
    _url = urlsplit(JOBS_BROKER_URL)
    _query = {"socket_connect_timeout": "1", "socket_timeout": "5"} | dict(
        parse_qsl(_url.query)
    )
    Q_CLUSTER["redis"] = urlunsplit(_url._replace(query=urlencode(_query)))
else:
    raise ImproperlyConfigured(
        "JOBS_BROKER_URL must be empty (the database) or a redis:// address."
    )

# The outbox (outbox/services.py): a message is tried this many times, waiting
# 1, 2, 4 … minutes (at most an hour) in between, then marked failed.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
OUTBOX_RETRY_MAX_MINUTES = 60
# A message being sent is leased to its worker for longer than any task may run;
# if the worker dies, the lease runs out and the message is tried again.
OUTBOX_LEASE_SECONDS = JOBS_TIMEOUT + 60

# Reminders (reminders/): days before a deadline on which officials are reminded,
# and how long a returned report may wait for resubmission before a reminder.
REMINDER_DAYS_BEFORE = sorted(
    {int(day) for day in env.list("REMINDER_DAYS_BEFORE", default=["14", "3"])},
    reverse=True,
)
REMINDER_RETURNED_DAYS = env.int("REMINDER_RETURNED_DAYS", default=7)
# Days before a scheduled report's due date on which it is announced.
REMINDER_REPORT_DAYS_BEFORE = env.int("REMINDER_REPORT_DAYS_BEFORE", default=5)
