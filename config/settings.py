"""Settings for Mandate Tracker.

Every deployment value comes from an environment variable. The defaults are safe for
development only: with DEBUG off, SECRET_KEY and ALLOWED_HOSTS must be given, and the
process refuses to start without them rather than run with a guessable key.
"""

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_pair(name: str) -> tuple[str, str] | None:
    """A "NAME,value" pair, or None when unset."""
    items = env_list(name)
    if not items:
        return None
    if len(items) != 2:
        raise ImproperlyConfigured(
            f'{name} must be a header and a value, e.g. "HTTP_X_FORWARDED_PROTO,https".'
        )
    return items[0], items[1]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]
else:
    missing = [
        name
        for name, value in (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS))
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"DEBUG is off, so {' and '.join(missing)} must be set in the environment "
            "(for development, set DEBUG=true)."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "config.apps.StaticFilesConfig",  # django.contrib.staticfiles, without static/frontend
    "django_filters",
    "django_tables2",
    "simple_history",
    "axes",
    "csp",
    # The apps, lowest first: each imports only those above it in this list.
    "core",
    "sso",  # single sign-on: uses core only
    "mandates",
    "objectives",
    "summaries",
    "reminders",
    # The read API (api/): Django REST framework, its OpenAPI schema and Swagger UI's files.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The Content-Security-Policy header (django-csp), widened for the admin's pages only.
    "csp.middleware.CSPMiddleware",
    # With single sign-on on, the forms may lead on to the provider (the logout does).
    "sso.middleware.ProviderFormActionMiddleware",
    # A 503 "try again" page, not a 500, while the database is down; before the session's.
    "config.database_unavailable.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: private, no-store for a signed-in user's pages and downloads.
    "config.private_pages.PrivateCacheControlMiddleware",
    # Every page needs a login unless its view says otherwise (the login page, /healthz).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes' own instruction).
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The organisation account (sso/): answers only a single sign-on's return, after
    # django-axes has checked the address is not locked out.
    "sso.backend.OrganisationAccountBackend",
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
                "core.context_processors.demonstration_data",
                "core.context_processors.admin_link",
            ],
        },
    },
]

# The cache holds the API's rate counts. In the database by default (its table is made by
# api's migration 0002), so every process and server of the app counts the same requests
# with no other service to run; CACHE_BACKEND and CACHE_LOCATION name another, such as
# django.core.cache.backends.redis.RedisCache and redis://host:6379 (with redis-py).
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "django_cache"),
    }
}

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        # A kept connection is checked before use, so the app carries on after the
        # database restarts instead of failing on a dead connection.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock (IMMEDIATE) and wait up to 20 s for it, rather than
    # failing with "database is locked" when several people save at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query it estimates as costly (the summaries' correlated
    # subqueries) before running it; that compiling costs 20 to 60 ms a query, more than
    # the queries themselves take to run on a mandate's data (make bench).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Dates and numbers as this service writes them (config/formats/en_GB/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# The npm build folder (static/frontend) is left out by config.apps.StaticFilesConfig.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# In development (and under the tests) whitenoise serves straight from static/, so no
# collectstatic is needed; in production it serves the hashed, compressed copies.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
# Source maps are read only by a browser's developer tools: served, but not compressed,
# which took a third of collectstatic's time (Swagger UI's are megabytes).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# Every table in NHS.UK dress: sortable headers that say their order, NHS.UK pagination.
DJANGO_TABLES2_TEMPLATE = "includes/table.html"

# HTTPS and browser hardening. Each value can be given in the environment; the defaults
# are the production ones, relaxed only with DEBUG on, so that `make run` works on
# http://127.0.0.1:8000 and the test client is not sent to https.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The load balancer's health check comes over plain http, straight to the app.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind a proxy that ends TLS, Django sees http unless told which header the proxy sets,
# e.g. SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https". Only set it when the proxy
# always sets (or strips) that header itself: a client could otherwise claim https.
SECURE_PROXY_SSL_HEADER = env_pair("SECURE_PROXY_SSL_HEADER")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = os.environ.get("SECURE_REFERRER_POLICY", "same-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere, the admin's pages included: Django's admin scripts
# are files (their data goes in data- attributes), and django-simple-history's one inline
# style is gone from our copy of its history list (templates/simple_history/).
# frame-ancestors repeats X-Frame-Options for new browsers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login throttling: five failures lock that username for an hour, wherever they come
# from (an attacker's many addresses lock it too), and five from one address lock that
# address, whichever usernames they tried (one password tried on many accounts).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "config.login_attempts.attempted_username"  # within axes' column

# Demo accounts are a development convenience: the command that makes them refuses
# to run unless this is on, and it is off unless DEBUG is.
DEMO_ACCOUNTS_ALLOWED = DEBUG and env_bool("DEMO_ACCOUNTS_ALLOWED", default=True)
# Whether every page says the database holds demonstration data (devtools load_demo_data,
# loaded by `make run`, which turns this on): a setting rather than a query, so that no
# page pays a query for a banner that production never shows.
DEMONSTRATION_DATA = env_bool("DEMONSTRATION_DATA", default=False)
# The benchmark's floor page (/bench/floor, bench/): served only when this is on.
BENCH_FLOOR = env_bool("BENCH_FLOOR", False)
# The development tools (demo accounts, the data generator, the floor page) are an app of
# their own, installed for development and benchmarking only.
DEV_TOOLS = DEBUG or BENCH_FLOOR
if DEV_TOOLS:
    INSTALLED_APPS.append("devtools")

# Reminder emails: printed to the console in development; production names an SMTP
# backend and its host. SITE_URL makes the links in them absolute.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mandate-tracker@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Single sign-on through the organisation's OpenID Connect provider (sso/): on when
# OIDC_ISSUER and OIDC_CLIENT_ID are set, off otherwise. The endpoints are found from the
# issuer (its /.well-known/openid-configuration) at each sign-in. The provider must allow
# <site>/accounts/sso/callback/ as a redirect URI and <site>/accounts/login/ after logout.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
# The claim that carries a person's role, and which of its values mean which role (JSON:
# {"claim value": "Viewer" | "Updater" | "Editor"}); the highest wins, none refuses.
OIDC_ROLE_CLAIM = os.environ.get("OIDC_ROLE_CLAIM", "roles")
OIDC_ROLE_VALUES = (
    json.loads(os.environ["OIDC_ROLE_VALUES"])
    if os.environ.get("OIDC_ROLE_VALUES")
    else {role: role for role in ("Viewer", "Updater", "Editor")}
)
OIDC_TIMEOUT = 10  # seconds to wait for the provider
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # the hint for signing out at the provider too
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"

# The read API under /api/ (api/): JSON only, for a personal token or a signed-in session,
# each endpoint needing its model's view permission (the roles'). Cursor pages of a fixed
# size (api/pagination.py says why). Requests per person and per address are limited:
# API_RATE_USER and API_RATE_ANON, "number/second|minute|hour|day", counted in the default
# cache (CACHES below), which every process of the app shares.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a request without credentials is told 401 and how to give them.
        "api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.MayViewModel"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.IdCursorPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.UserRateThrottle",
        "api.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("API_RATE_USER", "600/minute"),
        "anon": os.environ.get("API_RATE_ANON", "60/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Figures as JSON numbers, not strings (summaries' JSON writes them the same way).
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mandate Tracker read API",
    "DESCRIPTION": (
        "Read-only: mandates, themes, objectives, progress updates, targets with their "
        "figures, and reporting quarters. Send a personal token (made at /account/tokens/) "
        "as `Authorization: Token <key>`, or sign in to the app."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its page need a signed-in person too.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI from drf-spectacular-sidecar's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge fetched from validator.swagger.io: the CSP allows no other origin.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
    # One name for each vocabulary, wherever a field uses it.
    "ENUM_NAME_OVERRIDES": {
        "Status": "core.status.Status",
        "Precision": "core.precision.Precision",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Evidence files on progress updates (objectives.evidence): at most this many bytes each,
# stored through Django's storage API. The filesystem under MEDIA_ROOT by default (never
# served as static files: objectives.views.evidence serves each to those who may read it);
# FILE_STORAGE=s3 stores them in an S3-compatible bucket instead, with django-storages
# (`pip install "django-storages[s3]"`) and the S3_* settings below.
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
if os.environ.get("FILE_STORAGE", "filesystem") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("S3_BUCKET", ""),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", ""),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
