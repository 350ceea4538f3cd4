"""Local development and the demo: SQLite by default, a fixed development key, DEBUG off.

DEBUG stays off by default so the demo never shows Django's debug pages (the debug 404 lists every URL);
a developer may opt in with ``SKUTAN_DEBUG=1``. Static files come from whitenoise, straight from the
source folders (no collectstatic needed).
"""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("SKUTAN_DEBUG", "0") == "1"
SECRET_KEY = SECRET_KEY or "skutan-local-development-key-not-for-production"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
