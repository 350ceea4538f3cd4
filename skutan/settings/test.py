"""Tests: the same as local, with a fast password hasher (argon2 is tested explicitly)."""

import tempfile
from pathlib import Path

from .local import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not SQLite's shared in-memory database: the live server's threads (HTMX requests racing a
    # form post) then wait for each other's locks as in the demo, instead of failing "table is locked".
    import os
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"skutan-test-{os.getpid()}.sqlite3")
    }

LOGGING["loggers"] = {"axes": {"level": "ERROR"}}  # noqa: F405  (lockout tests fail logins on purpose)

# The flush that ends a transactional test may lift the database's guards (skutan/core/management/commands/
# flush.py); nowhere else.
SKUTAN_FLUSH_LIFTS_GUARDS = True

# Documents registered by tests go to a temporary folder of this run, never into var/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="skutan-test-documents-"))
