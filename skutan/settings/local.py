"""Local development and the demo: SQLite by default, debug on, a fixed development key."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("SKUTAN_DEBUG", "1") == "1"
SECRET_KEY = SECRET_KEY or "skutan-local-development-key-not-for-production"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]  # noqa: F405
