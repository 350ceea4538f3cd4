"""Hand-built persons for the gallring tests, with files dated in the past.

The log tables refuse every UPDATE, so the case history is written at the past moment from the start
(``recorded_at``); the other rows are re-dated afterwards, the way an old file would look.
"""

from datetime import date, datetime, time
from types import SimpleNamespace

import pytest
from django.db import models
from django.utils import timezone

from skutan.accounts.models import Role
from skutan.accounts.services import user_create
from skutan.cases.models import Case, CaseEvent, JournalEntry
from skutan.cases.services import case_close, case_open, journal_entry_create
from skutan.conftest import make_pnr
from skutan.core.clock import recorded_at
from skutan.people.services import person_create
from skutan.retention.holdings import holdings_below, holdings_collect

GUARDED = {CaseEvent}


def years_ago(years: int, today: date | None = None) -> date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def backdate(*, when: date, person=None, case=None) -> None:
    """Every dated field of every row under the case (or about the person), except the write-once history,
    becomes ``when``."""
    moment = timezone.make_aware(datetime.combine(when, time(10, 0)))
    rows = holdings_below(model=Case, pks={case.pk}) if case else holdings_collect(person_ids={person.pk})
    for model, pks in rows.items():
        if model in GUARDED or model._meta.label_lower.startswith("retention."):
            continue
        fields = {}
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateTimeField):
                fields[f.attname] = moment
            elif isinstance(f, models.DateField) and f.attname != "birth_date":
                fields[f.attname] = when
        if model is JournalEntry:
            pks = set(JournalEntry.objects.filter(pk__in=pks, signed_at__isnull=True).values_list("pk", flat=True))
        if fields:
            model._base_manager.filter(pk__in=pks).update(**fields)


@pytest.fixture
def archivists(units):
    def make(username, first, last):
        return user_create(
            username=username, password="Skutan-demo-2026", first_name=first, last_name=last,
            memberships=[(units["logg"], Role.ARCHIVIST)],
        )

    return {"planner": make("arkiv.planerare", "Petra", "Plan"), "approver": make("arkiv.godkannare", "Gustav", "God")}


@pytest.fixture
def build(staff, units):
    """build(first, born, serial) -> a person; file(person, unit_key, when, case_type) -> a closed old case."""

    class Builder:
        def person(self, first: str, born: date, serial: int, last: str = "Gallring"):
            return person_create(
                actor=staff["eb_worker"], identity_number=make_pnr(born, serial), first_name=first,
                last_name=last, street_address="Gamla vägen 1", postal_code="68230", city="Filipstad",
            )

        def case(self, person, *, unit: str, when: date, closed: bool = True, text: str = "Besök på kontoret."):
            worker = staff["eb_worker"] if unit == "eb" else staff["bou_worker"]
            case_type = "financial_assistance" if unit == "eb" else "children"
            moment = timezone.make_aware(datetime.combine(when, time(10, 0)))
            with recorded_at(moment):
                case = case_open(
                    actor=worker, person=person, unit=units[unit], case_type=case_type,
                    opening_kind="application" if unit == "eb" else "report", opened_on=when, assign_to=worker,
                )
                journal_entry_create(actor=worker, case=case, text=text, event_date=when)
                if closed:
                    case = case_close(
                        actor=worker, case=case, reason="Avslutat", expected_version=case.version, closed_on=when
                    )
            backdate(case=case, when=when)
            case.refresh_from_db()
            return case

    return Builder()


YEARS_ON = 7


@pytest.fixture
def later(monkeypatch):
    """The gallring runs seven years from now: for files whose rows the database will not let us re-date
    (sent payments, registered documents). Returns that day."""
    from django.utils import timezone as django_timezone

    from skutan.retention import services

    def localdate(*args):
        today = django_timezone.localdate(*args)
        return today.replace(year=today.year + YEARS_ON, day=min(today.day, 28))

    names = ("now", "make_aware", "datetime", "get_current_timezone", "localtime")
    fake = SimpleNamespace(**{n: getattr(django_timezone, n) for n in names}, localdate=localdate)
    monkeypatch.setattr(services, "timezone", fake)
    return localdate()
