"""Settings shared by every environment.

Secrets and machine-specific values come only from the environment:

- ``DATABASE_URL``: database; default an SQLite file under ``var/`` (PostgreSQL in production).
- ``SKUTAN_SECRET_KEY``: Django's signing key (required in production).
- ``SKUTAN_ALLOWED_HOSTS``: comma-separated host names.
- ``SKUTAN_REPORTING_DATABASE_URL``: a read-only streaming replica for reporting reads (docs/scaling.md).
- ``SKUTAN_VAR_DIR``: where the SQLite file and generated files live (default ``<repo>/var``).
- ``SKUTAN_LOGIN_MAX_FAILURES`` / ``SKUTAN_LOGIN_LOCKOUT_MINUTES``: lockout of one username from one address
  after repeated failed logins; ``SKUTAN_LOGIN_MAX_FAILURES_PER_ADDRESS``: lockout of one address for every
  username (see skutan/accounts/throttle.py).
- ``SKUTAN_MUNICIPALITY_CODE`` / ``SKUTAN_MUNICIPALITY_NAME``: the municipality (4-digit SCB code).
- ``SKUTAN_OIDC_*``: login through the municipality's identity provider (see below; off unless set).
- ``SKUTAN_REQUIRE_2FA``: every password login needs a TOTP code (default off; on in production).
- ``SKUTAN_SESSION_IDLE_MINUTES`` / ``SKUTAN_SESSION_ABSOLUTE_HOURS`` / ``SKUTAN_SESSION_WARNING_SECONDS``:
  idle and absolute session timeouts (30 min, 10 h) and the warning before an idle logout (120 s).
- ``SKUTAN_MUNICIPALITY_BOARD_NAME``: the nämnd's name on letters until accounts.Municipality is filled in.
- ``SKUTAN_EB_REGISTER_COLUMNS``: comma-separated column keys of the monthly EB register file, in order
  (default skutan.assistance.register.DEFAULT_COLUMNS; the national format is not confirmed).
- ``SKUTAN_EB_REGISTER_CODES_FILE``: a replacement for skutan/assistance/register_codes.json (försörjningshinder,
  avslutsorsaker, arbetsmarknadsinsatser).
- ``SKUTAN_JOB_STIMULUS_PERIOD``: "calendar" (default) or "applied": how jobbstimulans's 24 months are counted
  (docs/assistance/jobbstimulans.md).
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
    "skutan.core.admin_site.SkutanAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves Swagger UI from our own static files (the CDN version is refused by the CSP)
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mozilla_django_oidc",
    "django_tasks_db",  # the database worker of Django's tasks framework (docs/tasks.md)
    "skutan.core",
    "skutan.accounts",
    "skutan.audit",
    "skutan.people",
    "skutan.cases",
    "skutan.children",
    "skutan.legal",
    "skutan.assistance",
    "skutan.payments",
    "skutan.followup",
    "skutan.logreview",
    "skutan.quality",
    "skutan.governance",
    "skutan.staff",
    "skutan.adults",
    "skutan.mobile",
    "skutan.referrals",
    "skutan.administration",
    "skutan.retention",
    "skutan.demo",
]

# Background work (docs/tasks.md): Django's tasks framework, stored in the database and run by
# ``skutan db_worker`` (make demo starts one beside the web server).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "skutan.core.middleware.RequestSizeLimitMiddleware",
    # Static files in every environment (demo, tests, production) without DEBUG.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # after messages: a timeout logout explains itself on the login page
    "skutan.accounts.sessions.SessionHygieneMiddleware",
    "skutan.accounts.otp.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "skutan.core.middleware.NoStoreMiddleware",
    "skutan.core.middleware.RequestIdMiddleware",
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
                "skutan.accounts.sessions.session_context",
                "skutan.assistance.context_processors.norm_notice",
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
# Reporting reads (the follow-up dashboard and exports) from a PostgreSQL streaming replica, if one is
# configured: SKUTAN_REPORTING_DATABASE_URL (skutan/core/dbrouting.py, docs/scaling.md). In tests the alias
# mirrors default, so a test sees its own uncommitted rows.
if os.environ.get("SKUTAN_REPORTING_DATABASE_URL"):
    DATABASES["reporting"] = dj_database_url.parse(os.environ["SKUTAN_REPORTING_DATABASE_URL"], conn_max_age=60)
    DATABASES["reporting"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["skutan.core.dbrouting.ReportingRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# AxesStandaloneBackend first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

# Login through the municipality's identity provider (OpenID Connect, mozilla-django-oidc). Off unless
# SKUTAN_OIDC_CLIENT_ID and the provider's endpoints are set; see skutan/accounts/oidc.py and the README.
# The provider says who you are; units and roles stay in Skutan, and unknown users are refused.
SKUTAN_OIDC_ENABLED = bool(os.environ.get("SKUTAN_OIDC_CLIENT_ID"))
# Which claim identifies the person, and which User field it is compared with (username or email).
SKUTAN_OIDC_MATCH_CLAIM = os.environ.get("SKUTAN_OIDC_MATCH_CLAIM", "email")
SKUTAN_OIDC_MATCH_FIELD = os.environ.get(
    "SKUTAN_OIDC_MATCH_FIELD", "email" if SKUTAN_OIDC_MATCH_CLAIM == "email" else "username"
)
if SKUTAN_OIDC_ENABLED:
    _missing = [name for name in ("SKUTAN_OIDC_AUTHORIZATION_ENDPOINT", "SKUTAN_OIDC_TOKEN_ENDPOINT",
                                  "SKUTAN_OIDC_USERINFO_ENDPOINT", "SKUTAN_OIDC_JWKS_ENDPOINT")
                if not os.environ.get(name)]
    if _missing:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SKUTAN_OIDC_CLIENT_ID is set, so these must be too (see the provider's "
            f"/.well-known/openid-configuration): {', '.join(_missing)}"
        )
    AUTHENTICATION_BACKENDS.append("skutan.accounts.oidc.SkutanOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["SKUTAN_OIDC_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("SKUTAN_OIDC_CLIENT_SECRET", "")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["SKUTAN_OIDC_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["SKUTAN_OIDC_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["SKUTAN_OIDC_USERINFO_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ["SKUTAN_OIDC_JWKS_ENDPOINT"]
    OIDC_RP_SIGN_ALGO = os.environ.get("SKUTAN_OIDC_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("SKUTAN_OIDC_SCOPES", "openid email profile")
# RP-initiated logout: after Skutan's logout the browser goes on to the provider's end_session_endpoint
# (from `skutan oidc discover ISSUER`), so the municipality's login session ends too. Empty: Skutan only.
SKUTAN_OIDC_END_SESSION_ENDPOINT = os.environ.get("SKUTAN_OIDC_END_SESSION_ENDPOINT", "")
OIDC_STORE_ID_TOKEN = True  # the id_token_hint for that logout
if SKUTAN_OIDC_MATCH_FIELD not in ("username", "email"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SKUTAN_OIDC_MATCH_FIELD must be 'username' or 'email'")
OIDC_CREATE_USER = False  # never: a user without units must not appear with default access
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL_FAILURE = "/konto/logga-in/"

# Two-factor authentication (TOTP, django-otp) for password logins. Anyone may enrol; with
# SKUTAN_REQUIRE_2FA=1 (recommended in production) every password login must verify a one-time code.
# Logins through the identity provider are left to the provider's own multi-factor policy.
SKUTAN_REQUIRE_2FA = os.environ.get("SKUTAN_REQUIRE_2FA", "0") == "1"
OTP_TOTP_ISSUER = "Skutan"

# Session hygiene: logged out after SKUTAN_SESSION_IDLE_MINUTES without activity (a banner warns
# SKUTAN_SESSION_WARNING_SECONDS before), and SKUTAN_SESSION_ABSOLUTE_HOURS after login whatever happens.
SKUTAN_SESSION_IDLE_SECONDS = 60 * int(os.environ.get("SKUTAN_SESSION_IDLE_MINUTES", "30"))
SKUTAN_SESSION_ABSOLUTE_SECONDS = 3600 * int(os.environ.get("SKUTAN_SESSION_ABSOLUTE_HOURS", "10"))
SKUTAN_SESSION_WARNING_SECONDS = int(os.environ.get("SKUTAN_SESSION_WARNING_SECONDS", "120"))
# "Last seen" is written at most this often, so an ordinary page view costs no extra write.
SKUTAN_SESSION_TOUCH_SECONDS = 60
# Behind a reverse proxy that appends X-Forwarded-For: show the browser's address on the sessions page.
SKUTAN_TRUST_X_FORWARDED_FOR = os.environ.get("SKUTAN_TRUST_X_FORWARDED_FOR", "0") == "1"
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

# Largest request body (bytes). Above it the API answers 413 (skutan.core.middleware); a journal entry of the
# longest allowed text (skutan.core.text.TEXT_MAX_LENGTH characters) fits with room to spare.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("SKUTAN_MAX_REQUEST_BYTES", str(10 * 1024 * 1024)))

# Documents (handlingar) of cases: files through Django's storage API, never in the database (docs/documents.md).
# SKUTAN_DOCUMENT_STORAGE names an alias of STORAGES ("default": a FileSystemStorage under MEDIA_ROOT, which is
# never served as static or media: files are only read through the access-logged document views). For an
# S3-compatible store, add an alias with django-storages' backend and set SKUTAN_DOCUMENT_STORAGE to it.
MEDIA_ROOT = Path(os.environ.get("SKUTAN_MEDIA_ROOT", str(VAR_DIR / "documents")))
SKUTAN_DOCUMENT_STORAGE = os.environ.get("SKUTAN_DOCUMENT_STORAGE", "default")
# Largest document that may be registered (bytes).
SKUTAN_DOCUMENT_MAX_BYTES = int(os.environ.get("SKUTAN_DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))
# Files made by background exports (docs/tasks.md): kept under exports/ of this STORAGES alias (private, like
# the documents), downloadable only by the user who asked for them, deleted after SKUTAN_EXPORT_FILE_HOURS.
SKUTAN_EXPORT_STORAGE = os.environ.get("SKUTAN_EXPORT_STORAGE", "default")
SKUTAN_EXPORT_FILE_HOURS = int(os.environ.get("SKUTAN_EXPORT_FILE_HOURS", "24"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 3600 * int(os.environ.get("SKUTAN_SESSION_ABSOLUTE_HOURS", "10"))  # the absolute timeout
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the cookie-less meta tag, not the cookie

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as ÅÅÅÅ-MM-DD in every language (skutan/formats/<lang>/formats.py); date inputs are text fields read by
# skutan.core.dates, whatever the browser's locale.
FORMAT_MODULE_PATH = ["skutan.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# skutan/static/ (CSS, HTMX, skutan.js) belongs to no app, so the app finder would not serve it.
STATICFILES_DIRS = [BASE_DIR / "static"]
# Django's finders, except that a path leading outside the static folders is "not found" (404), not a 500.
STATICFILES_FINDERS = ["skutan.core.staticfinders.FileSystemFinder", "skutan.core.staticfinders.AppDirectoriesFinder"]

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

# Barn och unga. Whether lag 1930:173 2 § (next weekday) moves the LVU 7 § and 8 § limits: the ordinary
# reading but unconfirmed (DOMAIN.md §6 ⚠), so a setting, on by default.
SKUTAN_LVU_NEXT_WEEKDAY = os.environ.get("SKUTAN_LVU_NEXT_WEEKDAY", "1") not in ("0", "false", "no")
# The pattern flag on a child: this many reports within this many months, all screened out.
SKUTAN_CHILDREN_PATTERN_REPORTS = int(os.environ.get("SKUTAN_CHILDREN_PATTERN_REPORTS", "3"))
SKUTAN_CHILDREN_PATTERN_MONTHS = int(os.environ.get("SKUTAN_CHILDREN_PATTERN_MONTHS", "12"))

SKUTAN_MUNICIPALITY_CODE = os.environ.get("SKUTAN_MUNICIPALITY_CODE", "1782")
SKUTAN_MUNICIPALITY_NAME = os.environ.get("SKUTAN_MUNICIPALITY_NAME", "Filipstads kommun")
SKUTAN_MUNICIPALITY_BOARD_NAME = os.environ.get("SKUTAN_MUNICIPALITY_BOARD_NAME", "Socialnämnden")
SKUTAN_EB_REGISTER_COLUMNS = [c for c in os.environ.get("SKUTAN_EB_REGISTER_COLUMNS", "").split(",") if c] or None
SKUTAN_EB_REGISTER_CODES_FILE = os.environ.get("SKUTAN_EB_REGISTER_CODES_FILE", "")
SKUTAN_JOB_STIMULUS_PERIOD = os.environ.get("SKUTAN_JOB_STIMULUS_PERIOD", "calendar")

# E-mail (reminders of the management group's assignments). Django 6.1's MAILERS; the console by default,
# a municipality sets its SMTP relay through SKUTAN_SMTP_HOST (and _PORT, _USER, _PASSWORD).
if os.environ.get("SKUTAN_SMTP_HOST"):
    MAILERS = {"default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ["SKUTAN_SMTP_HOST"], "port": int(os.environ.get("SKUTAN_SMTP_PORT", "587")),
            "username": os.environ.get("SKUTAN_SMTP_USER", ""),
            "password": os.environ.get("SKUTAN_SMTP_PASSWORD", ""), "use_tls": True,
        },
    }}
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("SKUTAN_FROM_EMAIL", "skutan@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Panels on the start page, each a callable(request) -> dict with "template" (or None to show nothing).
# Higher layers register here so skutan.core never imports them.
SKUTAN_HOME_PANELS = ["skutan.logreview.views.home_panel", "skutan.adults.views.home_panel",
                      "skutan.mobile.views.home_panel"]

# Vuxen and the mobile team (issue 15, docs/adults.md). LVM's time limits are not confirmed (DOMAIN.md §6):
# these are settings and every page that shows them says "obekräftad".
SKUTAN_LVM_DECIDE_DAYS = 7  # ⚠ days from an LVM anmälan to the decision whether to open an utredning
SKUTAN_LVM_INVESTIGATION_DAYS = 60  # ⚠ days from opening an LVM utredning to its end
SKUTAN_BOPLAN_PROPOSE_DAYS_BEFORE = 7  # a step of the boplan's step-down is proposed this many days ahead
# Seed 001: "dagtid och varannan lördag fram till kl. 21.00"; the exact hours are the municipality's (⚠).
SKUTAN_MOBILE_OPENING_HOURS = {
    "weekdays": ["08:00", "17:00"],
    "saturday": ["09:00", "21:00"],
    "saturday_every_weeks": 2,
    "saturday_reference": "2026-01-03",  # a Saturday the team works
}
SKUTAN_MOBILE_VISITS_PER_MEMBER_PER_DAY = 6  # seed 001: "andra dagar kan de ha sex tillsynsbesök"
SKUTAN_SOCIALJOUREN = os.environ.get(
    "SKUTAN_SOCIALJOUREN", "Socialjouren – kommunens nummer till socialjouren "
                          "anges i inställningen SKUTAN_SOCIALJOUREN")

CSRF_FAILURE_VIEW = "skutan.core.error_views.csrf_failure"
