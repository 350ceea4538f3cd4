"""Shared foundation fixtures (see skutan/core/tests/fixtures.py)."""

from skutan.core.tests.fixtures import *  # noqa: F401,F403
