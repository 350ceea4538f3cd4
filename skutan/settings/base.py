"""Settings shared by every environment.

Secrets and machine-specific values come only from the environment:

- ``DATABASE_URL``: database; default an SQLite file under ``var/`` (PostgreSQL in production).
- ``SKUTAN_SECRET_KEY``: Django's signing key (required in production).
- ``SKUTAN_ALLOWED_HOSTS``: comma-separated host names.
- ``SKUTAN_VAR_DIR``: where the SQLite file and generated files live (default ``<repo>/var``).
- ``SKUTAN_LOGIN_MAX_FAILURES`` / ``SKUTAN_LOGIN_LOCKOUT_MINUTES``: lockout of one username from one address
  after repeated failed logins; ``SKUTAN_LOGIN_MAX_FAILURES_PER_ADDRESS``: lockout of one address for every
  username (see skutan/accounts/throttle.py).
- ``SKUTAN_MUNICIPALITY_CODE`` / ``SKUTAN_MUNICIPALITY_NAME``: the municipality (4-digit SCB code).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("SKUTAN_VAR_DIR", REPO_DIR / "var"))

SECRET_KEY = os.environ.get("SKUTAN_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("SKUTAN_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves Swagger UI from our own static files (the CDN version is refused by the CSP)
    "django.contrib.humanize",
    "axes",
    "skutan.core",
    "skutan.accounts",
    "skutan.audit",
    "skutan.people",
    "skutan.cases",
    "skutan.children",
    "skutan.assistance",
    "skutan.payments",
    "skutan.followup",
    "skutan.logreview",
    "skutan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files in every environment (demo, tests, production) without DEBUG.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "skutan.core.middleware.NoStoreMiddleware",
    # Last, as django-axes requires: it turns a flagged login request into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "skutan.urls"
WSGI_APPLICATION = "skutan.wsgi.application"

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
                "skutan.accounts.context_processors.skutan",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'skutan.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A fresh clone has no var/ yet; SQLite cannot create the folder for its file.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the demo server read while a payment run or generator writes.
    # IMMEDIATE: a transaction takes the write lock when it begins, so two writers queue (timeout) instead of
    # one failing "database is locked" when it upgrades a read snapshot that another writer has moved past.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Municipalities log in through an identity provider; an OIDC backend is added here
# (see skutan/accounts/identity.py for the claim-to-user seam).
# AxesStandaloneBackend first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
SKUTAN_LOGIN_MAX_FAILURES = int(os.environ.get("SKUTAN_LOGIN_MAX_FAILURES", "5"))
SKUTAN_LOGIN_LOCKOUT_MINUTES = int(os.environ.get("SKUTAN_LOGIN_LOCKOUT_MINUTES", "15"))
SKUTAN_LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("SKUTAN_LOGIN_MAX_FAILURES_PER_ADDRESS", "30"))

# django-axes: the policy is in skutan/accounts/throttle.py and docs/security.md.
AXES_HANDLER = "skutan.accounts.throttle.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = SKUTAN_LOGIN_MAX_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=SKUTAN_LOGIN_LOCKOUT_MINUTES)
AXES_RESET_ON_SUCCESS = True
# A lock ends SKUTAN_LOGIN_LOCKOUT_MINUTES after it began; attempts during it neither count nor extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "skutan.accounts.views.login_locked_out"
AXES_SENSITIVE_PARAMETERS = ["password", "csrfmiddlewaretoken"]
# Behind a reverse proxy set SKUTAN_AXES_IP_HEADER (e.g. HTTP_X_FORWARDED_FOR) *only* if the proxy
# overwrites that header; otherwise a client could choose its own address. Default: REMOTE_ADDR.
AXES_CLIENT_IP_CALLABLE = "skutan.accounts.throttle.client_ip_address"
SKUTAN_AXES_IP_HEADER = os.environ.get("SKUTAN_AXES_IP_HEADER", "")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600  # one working day
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the cookie-less meta tag, not the cookie

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# skutan/static/ (CSS, HTMX, skutan.js) belongs to no app, so the app finder would not serve it.
STATICFILES_DIRS = [BASE_DIR / "static"]

# Content-Security-Policy (Django's own middleware, django.middleware.csp), the same in every environment so
# the browser tests see what production sends. No inline scripts, no inline styles, no other origins: every
# script and style is a file under skutan/static/.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

SKUTAN_MUNICIPALITY_CODE = os.environ.get("SKUTAN_MUNICIPALITY_CODE", "1782")
SKUTAN_MUNICIPALITY_NAME = os.environ.get("SKUTAN_MUNICIPALITY_NAME", "Filipstads kommun")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Panels on the start page, each a callable(request) -> dict with "template" (or None to show nothing).
# Higher layers register here so skutan.core never imports them.
SKUTAN_HOME_PANELS = ["skutan.logreview.views.home_panel"]

CSRF_FAILURE_VIEW = "skutan.core.error_views.csrf_failure"
