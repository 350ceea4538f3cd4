"""Settings that a fresh clone depends on."""

import os
import subprocess
import sys


def test_fresh_clone_sqlite_folder_is_created(tmp_path):
    var_dir = tmp_path / "not-yet-created"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["SKUTAN_VAR_DIR"] = str(var_dir)
    result = subprocess.run(
        [sys.executable, "-m", "skutan", "showmigrations", "cases"], env=env, capture_output=True, text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (var_dir / "skutan.sqlite3").exists()
    assert "0002_journal_signed_immutable" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SKUTAN_SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "skutan.settings.production"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "SKUTAN_SECRET_KEY" in result.stderr
