"""Unwind's settings: one env-driven module. With nothing set it runs on SQLite and an embedded broker;
DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis (see README and docs/architecture.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from kombu import Exchange, Queue

from unwind.env import env_bool, env_int, env_list, env_str

PLATFORM_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PLATFORM_DIR.parent
VAR_DIR = Path(env_str("UNWIND_VAR_DIR", str(REPO_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_bool("UNWIND_PRODUCTION", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    SECRET_KEY = "dev-only-not-secret-" + "unwind"  # a fixed dev key; production sets SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "accounts",
    "catalog",
    "submissions",
    "teaching",
    "authoring",
    "datamgmt",
    "lti",
    "api",
    "ninja",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "unwind.middleware.SecureCookiesOverHttps",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "submissions.ratelimit.EarlyRefusal",  # a flood of refused Runs/Submits never reaches the session
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out log-in into the lockout page
]

ROOT_URLCONF = "unwind.urls"
WSGI_APPLICATION = "unwind.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "catalog:problem_list"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PLATFORM_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite by default (a newcomer's machine), PostgreSQL when DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "unwind.sqlite3",
            # The web and the worker write at once: WAL and IMMEDIATE transactions avoid lock errors.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # collectstatic fills it in production; whitenoise wants it
STATICFILES_DIRS = [PLATFORM_DIR / "static"]
# Serve straight from the app folders: no collectstatic step for a newcomer (production may still run it).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Built datasets (ignored by git) and which profile the site grades on.
DATA_DIR = Path(env_str("UNWIND_DATA_DIR", str(REPO_DIR / "data")))
DATA_PROFILE = env_str("UNWIND_DATA_PROFILE", "lite")
# Dataset management (admins): the largest CSV or Parquet file an upload may be, and how long a rebuild may run
# (kept below the Redis visibility timeout, 3 x GRADING_TIME_LIMIT_S, so a running build is never redelivered).
DATASET_UPLOAD_MAX_BYTES = env_int("DATASET_UPLOAD_MAX_MB", 50) * 1024 * 1024
DATASET_JOB_TIME_LIMIT_S = env_int("DATASET_JOB_TIME_LIMIT_S", 300)
# Dataset jobs queue behind learners' grades (TASK_PRIORITY): only a long wait means a lost message.
DATASET_QUEUE_DEADLINE_S = env_int("DATASET_QUEUE_DEADLINE_S", 600)
# A running dataset job beats every 5 s; one silent this long has lost its worker (datamgmt/sweeper.py).
DATASET_JOB_HEARTBEAT_STALE_S = env_int("DATASET_JOB_HEARTBEAT_STALE_S", 30)

# Celery: Redis when REDIS_URL is set; otherwise an embedded file-system transport so that grading
# still goes through a real worker (serialisation, acknowledgement) with nothing else installed.
REDIS_URL = env_str("REDIS_URL")
GRADING_TIME_LIMIT_S = env_int("GRADING_TIME_LIMIT_S", 120)
GRADING_MAX_ATTEMPTS = env_int("GRADING_MAX_ATTEMPTS", 3)
GRADING_QUEUE_DEADLINE_S = env_int("GRADING_QUEUE_DEADLINE_S", 120)
# Redis serves priority 0 first (kombu: lower is sooner; RabbitMQ counts the other way). A learner
# watching a spinner goes before batch work, and a cheap SQL grade before a Python one, so a burst of
# pandas answers does not hold up SQL verdicts. A started task is never pre-empted.
TASK_PRIORITY = {"grade_sql": 0, "grade_python": 3, "regrade": 6, "dataset_job": 9}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # A message not acknowledged within this time is redelivered: keep it above a grade's hard time limit.
    # A dataset job may outlive it; its redelivered message finds the attempt's heartbeat fresh and does
    # nothing (datamgmt.jobs.claim), so grades whose worker died are not made to wait for the longest task.
    # Sweep for unacknowledged messages every 10 s (kombu's default is ~100 s), so a grade whose worker
    # died is redelivered soon after its visibility timeout.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": GRADING_TIME_LIMIT_S * 3,
        "unacked_restore_interval": 10,
        "unacked_restore_throttle": 1,
        "priority_steps": sorted(set(TASK_PRIORITY.values())),
    }
else:
    BROKER_DIR = VAR_DIR / "broker"
    for sub in ("queue", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.05,
    }
# Four queues: grading and everything short on "celery", learners' Runs on "runs", dataset builds on
# "datasets", and the jobs of a learner who used more than their share of worker time lately on "slow"
# (submissions/fairness.py). A worker started without -Q consumes all (./dev, CI); production runs its
# grading workers with -Q celery,runs, one slow-lane worker with -Q slow and one builder with -Q datasets
# (docker-compose.yml), so neither a build nor one heavy learner holds a process that others' grades need.
CELERY_TASK_QUEUES = (Queue("celery", Exchange("celery"), routing_key="celery"),
                      Queue("runs", Exchange("runs"), routing_key="runs"),
                      Queue("slow", Exchange("slow"), routing_key="slow"),
                      Queue("datasets", Exchange("datasets"), routing_key="datasets"))
CELERY_TASK_ROUTES = {"datamgmt.run_dataset_job": {"queue": "datasets"}, "submissions.run_code": {"queue": "runs"}}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = GRADING_TIME_LIMIT_S
CELERY_TASK_SOFT_TIME_LIMIT = GRADING_TIME_LIMIT_S - 10
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The sweeper: run by `celery beat` (./dev up embeds it in the worker; compose runs a beat service).
CELERY_BEAT_SCHEDULE = {"sweep-submissions": {"task": "submissions.sweep", "schedule": 60.0},
                        "sweep-dataset-jobs": {"task": "datamgmt.sweep", "schedule": 60.0}}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:  # shared by every web process (rate limits, previews)
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "unwind"}}
# Per learner and minute, counted in Redis or the database (submissions/ratelimit.py).
RATE_LIMITS = {"run": env_int("RATE_LIMIT_RUNS_PER_MINUTE", 60), "submit": env_int("RATE_LIMIT_SUBMITS_PER_MINUTE", 20)}
# Per learner at any moment (submissions/fairness.py): jobs waiting, beyond which a request gets a 429;
# and a job whose learner already has one running waits this long at the back of the queue.
IN_FLIGHT_LIMITS = {"run": env_int("RUNS_IN_FLIGHT", 2), "submit": env_int("SUBMITS_IN_FLIGHT", 3)}
FAIR_DEFER_S = 0.3
# A learner whose grades and Runs took more than this much worker time within the window has their next
# jobs sent to the slow lane (queue "slow", its own worker), until the window forgets the excess.
SLOW_LANE_BUDGET_S = env_int("SLOW_LANE_BUDGET_S", 8)
SLOW_LANE_WINDOW_S = 120
# Run executes on the workers (queue "runs"): one not started within the deadline ends as "try again".
RUN_QUEUE_DEADLINE_S = env_int("RUN_QUEUE_DEADLINE_S", 20)
RUN_TIME_LIMIT_S = 30

# Log-in throttling (django-axes, database handler: shared by every web process). A failure counts against
# the account and, separately, against the address; either reaching the limit refuses log-ins (even with
# the right password) until the cool-off has passed since the last failure. A success resets nothing, so
# logging in to one's own account does not clear an address's guesses. LTI launches log in without a
# password (lti/views.py) and are not throttled. Behind a proxy, AXES_IPWARE_META_PRECEDENCE_ORDER must
# name the proxy's client-address header, or every learner shares the proxy's address.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"  # a 429 page saying how long to wait

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles and everything else from the site only; an inline
# <script> or <style> needs the response's nonce (`nonce="{{ request.csp_nonce }}"`); no style attributes
# (style-src has no 'unsafe-inline'; htmx's indicator style is off, unwind.css carries it); data: images
# for the favicon; no framing except the LTI endpoints (lti/views.py), as with X-Frame-Options.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],  # the editor's injected <style> carries the nonce (frontend/src/editor.js)
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    },
}
if env_bool("UNWIND_PRODUCTION", False):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
elif env_bool("BEHIND_TLS_PROXY", False):  # a TLS proxy in front of a non-production site
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
