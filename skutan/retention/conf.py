"""Settings of gallring, from Django settings (each can also be set in the environment under the same name).

- ``SKUTAN_RETENTION_RESEARCH_SAMPLE`` (off): the municipality is one of the research-sample municipalities,
  so people born on the 5th, 15th and 25th are never purged. ⚠ unconfirmed (DOMAIN.md §8): check with
  the municipality's archive authority whether it is in the sample.
- ``SKUTAN_RETENTION_CHILD_RECORDS_30_YEARS_FROM`` (empty): the day the proposed 30-year rule for children's
  records (prop. 2025/26:12) takes effect, ÅÅÅÅ-MM-DD. Empty: off (the proposal is not law yet).
- ``SKUTAN_RETENTION_ACCESS_LOG_YEARS`` / ``SKUTAN_RETENTION_AUDIT_LOG_YEARS`` (empty): years the access log
  and the audit log are kept before gallring. Empty: never purged. DOMAIN.md names no period ⚠; take it
  from the municipality's dokumenthanteringsplan and state it in ``SKUTAN_RETENTION_LOG_SOURCE``.
- ``SKUTAN_RETENTION_LOG_SOURCE``: where the log periods come from (shown on the plan).
"""

import os
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from skutan.retention.rules import RetentionSettings

DEFAULT_LOG_SOURCE = "Kommunens dokumenthanteringsplan (obekräftad: DOMAIN.md §8 anger ingen tid)"


def _raw(name: str):
    value = getattr(settings, name, None)
    return os.environ.get(name) if value is None else value


def _bool(name: str) -> bool:
    value = _raw(name)
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in {"1", "true", "yes", "ja", "on"}


def _date(name: str) -> date | None:
    value = _raw(name)
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ImproperlyConfigured(f"{name} ska vara ett datum ÅÅÅÅ-MM-DD") from None


def _years(name: str) -> int | None:
    value = _raw(name)
    if value in (None, ""):
        return None
    years = int(value)
    if years < 1:
        raise ImproperlyConfigured(f"{name} ska vara minst 1 (år)")
    return years


def retention_settings() -> RetentionSettings:
    return RetentionSettings(
        research_sample=_bool("SKUTAN_RETENTION_RESEARCH_SAMPLE"),
        child_records_30_years_from=_date("SKUTAN_RETENTION_CHILD_RECORDS_30_YEARS_FROM"),
    )


@dataclass(frozen=True)
class LogRetention:
    table: str
    rule_code: str
    years: int | None
    source: str


def log_retention() -> list[LogRetention]:
    source = _raw("SKUTAN_RETENTION_LOG_SOURCE") or DEFAULT_LOG_SOURCE
    return [
        LogRetention("audit_accesslog", "atkomstlogg", _years("SKUTAN_RETENTION_ACCESS_LOG_YEARS"), source),
        LogRetention("audit_auditevent", "granskningslogg", _years("SKUTAN_RETENTION_AUDIT_LOG_YEARS"), source),
    ]
