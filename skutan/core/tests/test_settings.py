"""Settings: safe defaults, a production configuration that refuses to start half-configured, check --deploy."""

import os
import secrets
import subprocess
import sys

import pytest

MIN_SECRET_KEY_LENGTH = 50  # skutan/settings/production.py

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "skutan.settings.production",
    "SKUTAN_SECRET_KEY": secrets.token_urlsafe(64),
    "SKUTAN_ALLOWED_HOSTS": "skutan.filipstad.se",
    "DATABASE_URL": "postgres://skutan@127.0.0.1:5432/skutan",
}


def _env(**overrides) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SKUTAN_SECRET_KEY", "SKUTAN_ALLOWED_HOSTS",
                        "DJANGO_ALLOW_ASYNC_UNSAFE")}  # the browser tests set it; never in deployment
    env.update({k: v for k, v in overrides.items() if v is not None})
    return env


def _python(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def test_fresh_clone_sqlite_folder_is_created(tmp_path):
    var_dir = tmp_path / "not-yet-created"
    env = _env(SKUTAN_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="skutan.settings.local")
    result = subprocess.run(
        [sys.executable, "-m", "skutan", "showmigrations", "cases"], env=env, capture_output=True, text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (var_dir / "skutan.sqlite3").exists()
    assert "0002_journal_signed_immutable" in result.stdout


def test_cli_defaults_to_production_settings():
    """Defect 8: the CLI used to default to the local settings (DEBUG on, a fixed key)."""
    result = subprocess.run([sys.executable, "-m", "skutan", "check"], env=_env(), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SKUTAN_SECRET_KEY" in result.stderr


def test_cli_demo_selects_the_local_settings_itself():
    result = subprocess.run([sys.executable, "-m", "skutan", "demo", "--help"], env=_env(), capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_wsgi_defaults_to_production_settings():
    result = _python("import skutan.wsgi", _env())
    assert result.returncode != 0
    assert "SKUTAN_SECRET_KEY" in result.stderr
    result = _python("import skutan.wsgi; from django.conf import settings; print(settings.DEBUG)",
                     _env(**PRODUCTION_ENV))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_local_and_demo_settings_have_debug_off():
    result = _python("import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
                     _env(DJANGO_SETTINGS_MODULE="skutan.settings.local"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SKUTAN_SECRET_KEY", "SKUTAN_SECRET_KEY"),
        ("SKUTAN_ALLOWED_HOSTS", "SKUTAN_ALLOWED_HOSTS"),
        ("DATABASE_URL", "DATABASE_URL"),
    ],
)
def test_production_refuses_to_start_without_required_setting(missing, message):
    env = _env(**{**PRODUCTION_ENV, missing: None})
    result = _python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_refuses_a_short_secret_key():
    env = _env(**{**PRODUCTION_ENV, "SKUTAN_SECRET_KEY": "x" * 10 + secrets.token_urlsafe(20)[: MIN_SECRET_KEY_LENGTH - 12]})
    result = _python("import django; django.setup()", env)
    assert result.returncode != 0
    assert f"at least {MIN_SECRET_KEY_LENGTH} characters" in result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')\n"
        "from django.conf import settings\n"
        "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SESSION_COOKIE_SECURE,"
        " settings.CSRF_COOKIE_SECURE, getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))\n"
    )
    result = _python(code, _env(**PRODUCTION_ENV))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "True True True True None"


def test_proxy_ssl_header_is_an_explicit_option():
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    result = _python(code, _env(**PRODUCTION_ENV, SKUTAN_PROXY_SSL_HEADER="1"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"
