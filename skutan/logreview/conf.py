"""Thresholds of the automated log review, from Django settings (which read the environment).

Every value can be set in the environment under the same name. The defaults are a starting point for a
municipality of Filipstad's size; each nämnd decides its own in its routine for loggkontroll.

- ``SKUTAN_LOGREVIEW_BURST_PERSONS`` (30) different persons opened by one user within
  ``SKUTAN_LOGREVIEW_BURST_MINUTES`` (60) minutes: "many persons in a short time". Only openings count
  (view, print, export): a list page or a search shows many names at once by design.
- ``SKUTAN_LOGREVIEW_NIGHT_START`` (22) / ``SKUTAN_LOGREVIEW_NIGHT_END`` (6): hours (Europe/Stockholm) that
  count as night. ``SKUTAN_LOGREVIEW_NIGHT_EXEMPT_ROLES`` ("mobile_team"): comma-separated roles that work
  nights (socialjouren) and are not flagged for it.
- ``SKUTAN_LOGREVIEW_LOOKBACK_DAYS`` (7): how far back ``skutan logreview run`` looks by default. Re-running
  over the same days never duplicates an item.
- ``SKUTAN_LOGREVIEW_MAX_PERSON_IDS`` (50): at most this many person ids are kept in an item's details.
"""

import os
from dataclasses import dataclass

from django.conf import settings


def _int(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return int(value)


def _list(name: str, default: str) -> tuple[str, ...]:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    if isinstance(value, str):
        value = value.split(",")
    return tuple(v.strip() for v in value if v.strip())


@dataclass(frozen=True)
class LogReviewSettings:
    burst_persons: int
    burst_minutes: int
    night_start: int
    night_end: int
    night_exempt_roles: tuple[str, ...]
    lookback_days: int
    max_person_ids: int


def logreview_settings() -> LogReviewSettings:
    return LogReviewSettings(
        burst_persons=_int("SKUTAN_LOGREVIEW_BURST_PERSONS", 30),
        burst_minutes=_int("SKUTAN_LOGREVIEW_BURST_MINUTES", 60),
        night_start=_int("SKUTAN_LOGREVIEW_NIGHT_START", 22),
        night_end=_int("SKUTAN_LOGREVIEW_NIGHT_END", 6),
        night_exempt_roles=_list("SKUTAN_LOGREVIEW_NIGHT_EXEMPT_ROLES", "mobile_team"),
        lookback_days=_int("SKUTAN_LOGREVIEW_LOOKBACK_DAYS", 7),
        max_person_ids=_int("SKUTAN_LOGREVIEW_MAX_PERSON_IDS", 50),
    )
