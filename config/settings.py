"""The one settings module. Every value that differs between machines comes from the environment.

A value that is present but malformed stops the process at start-up with a message naming the
variable (ImproperlyConfigured): a silently ignored typo in production is worse than a crash.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no/on/off, got {raw!r}")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off "
            "(set DJANGO_DEBUG=1 for development, or give a long random DJANGO_SECRET_KEY)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_filters",
    "viewflow",
    "viewflow.workflow",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # the project's apps
    "accounts",
    "places",
    "enterprises",
    "calls",
    "audit",
    "home",
    "workflow",
    "scoring",
    "documents",
    "notifications",
    "patents",
    "experts",
    "evaluation",
    "notice",
    "finance",
    "ledger",
    "survey",
    "parks",
    "stats",
    "archive",
    "jobs",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Roles in OTP_REQUIRED_ROLES (and anyone who enrolled) must give a code before any other page.
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # AxesMiddleware last, as its documentation requires.
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "home.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default; PostgreSQL (production) is chosen by DATABASE_URL.
VAR_DIR = Path(env_str("HEBEI_VAR_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL Django understands: {exc}") from None
    if DATABASES["default"]["ENGINE"] not in (
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    ):
        raise ImproperlyConfigured(
            f"DATABASE_URL must point to PostgreSQL (postgres://...) or SQLite, got {DATABASES['default']['ENGINE']}"
        )
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ yet
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two workers queue instead of failing with
    # "database is locked" half-way through a transaction; the timeout is how long they queue.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20, minimum=1)}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and sign-in -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions expire after SESSION_IDLE_MINUTES without a request, and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 120, minimum=5) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Failed sign-ins: LOGIN_FAILURE_LIMIT wrong passwords for one user name lock that user name;
# LOGIN_FAILURE_LIMIT_PER_ADDRESS from one address lock that address (an office behind one
# NAT address must not be locked out by one person's typos, hence the larger number).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 6, minimum=1)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 30, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "accounts.throttle.ScopedLimitHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_IPWARE_PROXY_COUNT = env_int("REVERSE_PROXY_COUNT", 0)

# Second factor (TOTP, accounts/second_factor.py). Users holding one of these roles (RoleKind values) must
# enrol an authenticator and give its code after the password before they reach any page; anyone who enrolled
# voluntarily gives it too. Wrong codes are throttled per device: after n failures the next try waits
# OTP_TOTP_THROTTLE_FACTOR * 2^(n-1) seconds.
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", [])
_ROLE_KINDS = ("enterprise", "city_reviewer", "expert", "panel_lead", "admin", "finance")  # accounts.models.RoleKind
if set(OTP_REQUIRED_ROLES) - set(_ROLE_KINDS):
    raise ImproperlyConfigured(
        f"OTP_REQUIRED_ROLES names unknown roles {sorted(set(OTP_REQUIRED_ROLES) - set(_ROLE_KINDS))}: "
        f"use {', '.join(_ROLE_KINDS)}"
    )
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "河北知识产权金融补助")
OTP_TOTP_THROTTLE_FACTOR = env_int("OTP_THROTTLE_SECONDS", 1, minimum=1)

# --- Internationalisation: Chinese first, English available --------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# The project's catalogues (makemessages), then hand-kept Chinese for third-party packages (locale_thirdparty/).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_thirdparty"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files: everything is served by the app itself (no CDN) -----------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "config.static_storage.TolerantManifestStorage"  # viewflow's CSS names fonts it does not ship
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Rules ---------------------------------------------------------------------------------
RULES_DIR = BASE_DIR / "rules"

# --- Security in production --------------------------------------------------------------
# `manage.py check --deploy` is clean with DJANGO_DEBUG=0, DJANGO_HTTPS=1, a long DJANGO_SECRET_KEY and
# DJANGO_ALLOWED_HOSTS (tests/security/test_transport.py runs it).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no page script reads the token from the cookie: forms carry it
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("DJANGO_HTTPS", not DEBUG):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    # Subdomains and the browsers' preload list are promises about the whole domain: a deployment on a shared
    # domain whose other subdomains are still plain HTTP turns them off (0); check --deploy then stays quiet
    # about the choice, which was made on purpose.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", SECURE_HSTS_INCLUDE_SUBDOMAINS)
    if SECURE_HSTS_PRELOAD and not (SECURE_HSTS_INCLUDE_SUBDOMAINS and SECURE_HSTS_SECONDS >= 31536000):
        raise ImproperlyConfigured(
            "DJANGO_HSTS_PRELOAD=1 needs DJANGO_HSTS_INCLUDE_SUBDOMAINS=1 and DJANGO_HSTS_SECONDS of at least 31536000"
        )
    SILENCED_SYSTEM_CHECKS = [
        *(["security.W005"] if not SECURE_HSTS_INCLUDE_SUBDOMAINS else []),
        *(["security.W021"] if not SECURE_HSTS_PRELOAD else []),
    ]
    # Only behind a proxy that sets X-Forwarded-Proto and strips it from clients (REVERSE_PROXY_COUNT > 0).
    if env_bool("DJANGO_BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Mail and SMS --------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@localhost")
SMS_BACKEND = env_str("SMS_BACKEND", "notifications.sms.LoggingSMSBackend")

# --- Background work ---------------------------------------------------------------------
# In-process by default; on Celery workers (Redis) when CELERY_BROKER_URL is set.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "hebei")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A message taken by a worker that died is delivered again after this many seconds (Redis).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600, minimum=1)}
CELERY_TASK_ALWAYS_EAGER = False
if CELERY_BROKER_URL and not CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured(f"CELERY_BROKER_URL must be a redis:// URL, got {CELERY_BROKER_URL!r}")

# --- Documents -----------------------------------------------------------------------------
# LibreOffice for PDF copies of letters; when it is not installed the .docx is still produced.
LIBREOFFICE_BINARY = env_str("LIBREOFFICE_BINARY", "soffice")
# When a letter's PDF is made: "scheduled" (by `manage.py documents_pdf`, run from cron; requests stay fast)
# or "after_commit" (in the same process right after the transaction that issued the letter).
DOCUMENTS_PDF_WHEN = env_str("DOCUMENTS_PDF_WHEN", "scheduled")
if DOCUMENTS_PDF_WHEN not in ("scheduled", "after_commit"):
    raise ImproperlyConfigured(f"DOCUMENTS_PDF_WHEN must be 'scheduled' or 'after_commit', got {DOCUMENTS_PDF_WHEN!r}")

# --- Logs: kept at least six months --------------------------------------------------------
# One file per day in LOG_DIR (hebei-YYYY-MM-DD.log, never renamed, so several worker processes can share it);
# files older than LOG_RETENTION_DAYS are deleted. The loader refuses fewer than 183 days (six months).
LOG_DIR = Path(env_str("LOG_DIR", str(VAR_DIR / "log")))
LOG_RETENTION_DAYS = env_int("LOG_RETENTION_DAYS", 190, minimum=183)
LOG_LEVEL = env_str("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "daily_file": {
            "class": "config.logfiles.DailyFileHandler",
            "directory": str(LOG_DIR),
            "retention_days": LOG_RETENTION_DAYS,
            "formatter": "line",
        },
    },
    "root": {"handlers": ["console", "daily_file"], "level": LOG_LEVEL},
    "loggers": {
        # Sign-in, lock-outs, second-factor events and refused requests are kept whatever LOG_LEVEL says.
        "accounts.security": {"level": "INFO"},
        "axes": {"level": "INFO"},
        "django.security": {"level": "INFO"},
    },
}

SITE_TITLE = _("河北省知识产权金融补助管理系统")


# ---------------------------------------------------------------------------------------------------------
# REST API (api/): token authentication only, the same permission questions as the pages.
REST_FRAMEWORK = {
    # The project's own hashed tokens only (api.tokens): no session sign-in on the API, so no CSRF to relax.
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_CLASSES": ["api.authentication.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_token": f"{env_int('API_RATE_PER_MINUTE', 120, minimum=1)}/min"},
    "EXCEPTION_HANDLER": "api.errors.handle",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "河北省知识产权金融补助管理系统 API",
    "DESCRIPTION": (
        "Applications and statuses within the caller's scope, approved lists, payments, bank results. "
        "调用者的范围与其页面权限完全相同；令牌在 /api/tokens/ 创建；说明见 /api/docs/。"
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
}
