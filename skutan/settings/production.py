"""Production: every secret from the environment, HTTPS only, refuses to start when misconfigured.

Required: ``SKUTAN_SECRET_KEY`` (at least 50 characters), ``SKUTAN_ALLOWED_HOSTS``, ``DATABASE_URL``.
Optional:

- ``SKUTAN_PROXY_SSL_HEADER=1``: trust ``X-Forwarded-Proto: https`` from the reverse proxy (set it only
  when the proxy always sets or strips that header, otherwise a client can claim HTTPS);
- ``SKUTAN_SSL_REDIRECT=0``: let the proxy do the HTTP-to-HTTPS redirect instead of Django;
- ``SKUTAN_HSTS_SECONDS`` (default one year); ``SKUTAN_HSTS_PRELOAD=0`` drops the preload flag (on by
  default, as `check --deploy` asks; it only allows, never performs, a submission to the preload list).

Static files: run ``skutan collectstatic`` at deploy; whitenoise serves them compressed with hashed names.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

MIN_SECRET_KEY_LENGTH = 50

if len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH:  # noqa: F405
    raise ImproperlyConfigured(
        f"SKUTAN_SECRET_KEY must be set in production and be at least {MIN_SECRET_KEY_LENGTH} characters long "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if len(set(SECRET_KEY)) < 5:  # noqa: F405
    raise ImproperlyConfigured("SKUTAN_SECRET_KEY must be random: it has fewer than 5 different characters.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("SKUTAN_ALLOWED_HOSTS must be set in production (comma-separated host names).")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL must be set in production, e.g. postgres://skutan@db.example.se:5432/skutan."
    )

DEBUG = False

SECURE_SSL_REDIRECT = os.environ.get("SKUTAN_SSL_REDIRECT", "1") == "1"
if os.environ.get("SKUTAN_PROXY_SSL_HEADER") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SKUTAN_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = os.environ.get("SKUTAN_HSTS_PRELOAD", "1") == "1"
SECURE_CONTENT_TYPE_NOSNIFF = True

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Mail: production never uses the console backend. Without SKUTAN_SMTP_HOST, the machine's own relay on
# localhost:25 (the usual municipal setup: a local MTA that forwards to the mail gateway).
if MAILERS["default"]["BACKEND"].endswith("console.EmailBackend"):  # noqa: F405
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                           "OPTIONS": {"host": "localhost", "port": 25}}}
# Password logins need a TOTP code in production (set SKUTAN_REQUIRE_2FA=0 only with a reason, e.g. when
# everyone logs in through the identity provider, which enforces its own multi-factor policy).
SKUTAN_REQUIRE_2FA = os.environ.get("SKUTAN_REQUIRE_2FA", "1") == "1"
