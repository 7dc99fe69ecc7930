"""Settings for Area SEND Inspect, read from the environment with safe defaults.

Production runs with DEBUG off (the default) and passes ``manage.py check --deploy``.
``make run`` serves the demo the same way; ``DEBUG=1 make run`` is for development.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
_INSECURE_DEV_KEY = "django-insecure-local-development-key-only-for-debug-mode"
SECRET_KEY = os.environ.get("SECRET_KEY") or (_INSECURE_DEV_KEY if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("Set SECRET_KEY (or DEBUG=1 for local development).")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "csp",
    "axes",
    "simple_history",
    "accounts",
    "inspections",
    "documents",
    "surveys",
    "tracking",
    "evaluation",
    "fieldwork",
    "reports",
    "followups",
    "monitoring",
    "notifications",
]
#: Set by config/wsgi.py and asgi.py. Task results are written by Celery workers only and read by
#: nobody in a request, so a web worker does not load django-celery-results (and through it the
#: whole of Celery, about 14 MB per worker); manage.py, tests and workers keep it (docs/adr/0122).
WEB_PROCESS = env_bool("WEB_PROCESS", False)
if not WEB_PROCESS:
    INSTALLED_APPS.append("django_celery_results")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.guards.GuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.locale.ProjectLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "csp.context_processors.nonce",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Data stores ------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/area_send_inspect"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
if os.environ.get("CACHE_BACKEND", "redis") == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "asi"),
        }
    }

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents and PDFs live in the default storage, outside the static root and never
# served directly: downloads go through views that check permission. Swap for an S3-compatible
# backend (django-storages) by settings alone.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(MEDIA_ROOT)}},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = "django-db"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
# A message taken by a worker that dies comes back after this long; the sweep below re-sends a lost
# PDF sooner, so this only needs to exceed the longest task (see docs/adr/0110).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
CELERY_TIMEZONE = "Europe/London"
# Queue for report PDFs (None: Celery's default queue); a dedicated worker can consume it alone.
REPORT_PDF_QUEUE = os.environ.get("REPORT_PDF_QUEUE") or None
# A PDF queued or rendering (with no live renderer) for longer than this is sent to the queue again,
# and the lead inspector is offered "Try again". A report renders in a few seconds.
REPORT_PDF_RESEND_AFTER_SECONDS = int(os.environ.get("REPORT_PDF_RESEND_AFTER_SECONDS", "60"))
# How often the beat looks for PDFs waiting for the queue or stuck.
REPORT_PDF_SWEEP_SECONDS = float(os.environ.get("REPORT_PDF_SWEEP_SECONDS", "20"))
# Periodic jobs, run by a worker started with --beat (make run starts one).
CELERY_BEAT_SCHEDULE = {
    "purge-expired-survey-drafts": {"task": "surveys.tasks.purge_expired_survey_drafts", "schedule": 60 * 60 * 6},
    "resend-waiting-report-pdfs": {
        "task": "reports.tasks.resend_waiting_pdfs",
        "schedule": REPORT_PDF_SWEEP_SECONDS,
        # On the PDF queue, so a dedicated PDF worker runs it; a sweep not run in time is dropped.
        "options": {"expires": REPORT_PDF_SWEEP_SECONDS, **({"queue": REPORT_PDF_QUEUE} if REPORT_PDF_QUEUE else {})},
    },
    "send-due-reminders": {"task": "notifications.tasks.send_due_reminders", "schedule": 60 * 60},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "celerybeat-schedule")

# --- E-mail ---------------------------------------------------------------------------------------
# SMTP by default in production; ``make run`` prints e-mails to the console instead.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Area SEND Inspect <no-reply@area-send-inspect.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
#: The address people use to reach the service, for links in e-mails.
SERVICE_URL = os.environ.get("SERVICE_URL", "http://127.0.0.1:8000")

# --- Accounts and security ----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "inspections:dashboard"
LOGOUT_REDIRECT_URL = "accounts:sign_in"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A password reset link works once, and for this long (seconds).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(60 * 60)))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in is locked for a while after 5 failed attempts for the same e-mail from the same address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
# An account is locked only for the address its wrong passwords came from, so nobody can lock a
# user out of their own sign-in; RATE_LIMITS["sign_in_client"] limits one address across accounts.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "config.guards.client_address"
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Transport security follows DEBUG unless set explicitly (tests over plain http turn it off).
SECURE_TRANSPORT = env_bool("SECURE_TRANSPORT", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_TRANSPORT
CSRF_COOKIE_SECURE = SECURE_TRANSPORT
SECURE_SSL_REDIRECT = SECURE_TRANSPORT and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if SECURE_TRANSPORT else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_TRANSPORT
SECURE_HSTS_PRELOAD = SECURE_TRANSPORT
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: no inline script or style; GOV.UK Frontend starts from a static file.
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
    },
}

# --- Forms, language, time ----------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Service settings ----------------------------------------------------------------------------
DOCUMENT_MAX_UPLOAD_BYTES = int(os.environ.get("DOCUMENT_MAX_UPLOAD_BYTES", str(25 * 1024 * 1024)))
CASE_LIST_MAX_UPLOAD_BYTES = int(os.environ.get("CASE_LIST_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Reading stops at the first of these, so a hostile file costs no more than the largest honest one.
CASE_LIST_MAX_ROWS = int(os.environ.get("CASE_LIST_MAX_ROWS", "200000"))
CASE_LIST_MAX_COLUMNS = int(os.environ.get("CASE_LIST_MAX_COLUMNS", "64"))
CASE_LIST_MAX_LINE_CHARS = int(os.environ.get("CASE_LIST_MAX_LINE_CHARS", str(64 * 1024)))
CASE_LIST_MAX_INFLATED_BYTES = int(os.environ.get("CASE_LIST_MAX_INFLATED_BYTES", str(200 * 1024 * 1024)))
DOCUMENT_MAX_INFLATED_BYTES = int(os.environ.get("DOCUMENT_MAX_INFLATED_BYTES", str(256 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The whole request body and the number of files, refused before anything is read.
REQUEST_MAX_BODY_BYTES = int(os.environ.get("REQUEST_MAX_BODY_BYTES", str(100 * 1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FILES = int(os.environ.get("DATA_UPLOAD_MAX_NUMBER_FILES", "20"))
# "attempts/seconds" per client address (or survey), counted in the cache only.
RATE_LIMITS = {
    "resume_client": os.environ.get("RATE_LIMIT_RESUME_CLIENT", "10/900"),
    "resume_survey": os.environ.get("RATE_LIMIT_RESUME_SURVEY", "300/900"),
    "survey_write_client": os.environ.get("RATE_LIMIT_SURVEY_WRITE_CLIENT", "300/600"),
    "sign_in_client": os.environ.get("RATE_LIMIT_SIGN_IN_CLIENT", "20/900"),
    "password_reset_client": os.environ.get("RATE_LIMIT_PASSWORD_RESET_CLIENT", "10/900"),
    "password_reset_address": os.environ.get("RATE_LIMIT_PASSWORD_RESET_ADDRESS", "3/3600"),
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SURVEY_SUPPRESSION_THRESHOLD = int(os.environ.get("SURVEY_SUPPRESSION_THRESHOLD", "10"))
TRACKING_COHORT_SIZE = int(os.environ.get("TRACKING_COHORT_SIZE", "6"))
CASE_SAMPLE_SIZE = int(os.environ.get("CASE_SAMPLE_SIZE", "12"))
#: Minutes an inspector needs between in-person fieldwork activities at different places.
FIELDWORK_TRAVEL_MINUTES = int(os.environ.get("FIELDWORK_TRAVEL_MINUTES", "30"))
FACTUAL_ACCURACY_WORKING_DAYS = int(os.environ.get("FACTUAL_ACCURACY_WORKING_DAYS", "5"))
# Planning defaults of this service, not framework facts: pages show the dates they give as planned.
#: The report's planned publication, in working days after the final feedback meeting.
REPORT_PUBLICATION_TARGET_WORKING_DAYS = int(os.environ.get("REPORT_PUBLICATION_TARGET_WORKING_DAYS", "40"))
#: The priority action plan's planned due date (outcome 3), in working days after publication.
PRIORITY_ACTION_PLAN_WORKING_DAYS = int(os.environ.get("PRIORITY_ACTION_PLAN_WORKING_DAYS", "35"))
#: Months between planned engagement meetings after publication, for outcomes 1, 2 and 3.
ENGAGEMENT_MEETING_INTERVAL_MONTHS = dict(
    zip((1, 2, 3), (int(n) for n in os.environ.get("ENGAGEMENT_MEETING_INTERVAL_MONTHS", "12,6,6").split(",")))
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
