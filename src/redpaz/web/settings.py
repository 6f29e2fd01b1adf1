"""Django settings for RedPaz, read from the environment.

Every value a deployment may change comes from an environment variable with a loud error on a bad
value. Secrets come from the environment; when absent, they are generated once into the data
directory (``REDPAZ_HOME``), readable by the owner only, so that the embedded demo needs no setup.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true/false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_home() -> Path:
    """Return the data directory: ``REDPAZ_HOME`` or ``./redpaz-data``."""
    return Path(os.environ.get("REDPAZ_HOME") or Path.cwd() / "redpaz-data").resolve()


def secret_from_env_or_file(env_name: str, filename: str) -> str:
    """Read a secret from the environment, else from (or into) a private file in the data home."""
    value = os.environ.get(env_name, "").strip()
    if value:
        return value
    path = data_home() / "secrets" / filename
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = secrets.token_urlsafe(50)
    # O_EXCL: two processes starting at once must not write two different keys.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


REDPAZ_HOME = data_home()

DEBUG = env_bool("REDPAZ_DEBUG", False)
SECRET_KEY = secret_from_env_or_file("REDPAZ_SECRET_KEY", "secret_key")
# Participants' identity fields: secrets separated by commas, the first current (see
# participants/crypto.py).
PARTICIPANTS_KEYS = secret_from_env_or_file("REDPAZ_PARTICIPANTS_KEY", "participants_key")
ALLOWED_HOSTS = env_list("REDPAZ_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("REDPAZ_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("REDPAZ_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "auditlog",
    "axes",
    "redpaz.web",
    "redpaz.accounts",
    "redpaz.imports",
    "redpaz.territory",
    "redpaz.observatory",
    "redpaz.priorities",
    "redpaz.notifications",
    "redpaz.strategy",
    "redpaz.jobs",
    "redpaz.governance",
    "redpaz.fieldwork",
    "redpaz.atlas",
    "redpaz.participants",
    # Last: RedPaz's templates (registration/) and translations take precedence over the admin's.
    "django.contrib.admin",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "redpaz.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes requires, so that it sees the final authentication result.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "redpaz.web.urls"
WSGI_APPLICATION = "redpaz.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "redpaz.web.context_processors.navigation",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{REDPAZ_HOME / 'redpaz.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or _default_sqlite,
        conn_max_age=env_int("REDPAZ_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background import thread write while pages keep reading.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# Login throttling: lock an account/IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("REDPAZ_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"

LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS: list[Path] = []  # each app keeps its own catalogue in <app>/locale
FORMAT_MODULE_PATH = ["redpaz.web.formats"]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Leaflet comes from the django-leaflet package, used only for its assets: installing it as an
# app would import GeoDjango, which needs a system GDAL library RedPaz does not otherwise need.
_leaflet_spec = importlib.util.find_spec("leaflet")
if _leaflet_spec is None or _leaflet_spec.origin is None:
    raise ImproperlyConfigured("django-leaflet is not installed (it provides the map assets)")
STATICFILES_DIRS = [Path(_leaflet_spec.origin).parent / "static"]
STATIC_MANIFEST = env_bool("REDPAZ_STATIC_MANIFEST", False)
# Deployments run `redpaz collectstatic` and serve hashed, compressed files from STATIC_ROOT; the
# embedded default serves the files straight from the installed package (WHITENOISE_USE_FINDERS).
STATIC_ROOT = (
    Path(os.environ.get("REDPAZ_STATIC_ROOT") or REDPAZ_HOME / "static")
    if STATIC_MANIFEST or os.environ.get("REDPAZ_STATIC_ROOT")
    else None
)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("REDPAZ_MEDIA_ROOT") or REDPAZ_HOME / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names need `collectstatic` first: deployments opt in, the demo does not.
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Serve straight from the app directories when collectstatic has not run (tests, development).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Where background jobs run: "thread" (in the web process, no other server), "worker" (queued for
# `redpaz worker`) or "sync" (at once, in the request; tests).
REDPAZ_JOBS = os.environ.get("REDPAZ_JOBS", "thread").strip() or "thread"
if REDPAZ_JOBS not in {"thread", "worker", "sync"}:
    raise ImproperlyConfigured(f"REDPAZ_JOBS={REDPAZ_JOBS!r}: use thread, worker or sync")

# Uploaded import files can be large (a year of point records); the import itself streams them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("REDPAZ_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_HOST = os.environ.get("REDPAZ_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("REDPAZ_EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("REDPAZ_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("REDPAZ_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("REDPAZ_EMAIL_TLS", True)
else:
    # Offline by default: messages are written to files a person can read.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = REDPAZ_HOME / "outbox"
DEFAULT_FROM_EMAIL = os.environ.get("REDPAZ_FROM_EMAIL", "redpaz@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "RedPaz API",
    "DESCRIPTION": "Territory, observatory and MEAL data of a RedPaz installation.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Territory levels and indicator levels are both called "level".
    "ENUM_NAME_OVERRIDES": {
        "IndicatorLevelEnum": "redpaz.strategy.models.indicators.Indicator.Level",
        "TerritoryLevelEnum": "redpaz.territory.models.Level",
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("REDPAZ_LOG_LEVEL", "WARNING")},
    "loggers": {
        "redpaz": {"level": os.environ.get("REDPAZ_LOG_LEVEL", "INFO"), "propagate": True},
    },
}

# Public pages hide counts from 1 to this value minus one (small-number suppression).
REDPAZ_SUPPRESSION_THRESHOLD = env_int("REDPAZ_SUPPRESSION_THRESHOLD", 5)
