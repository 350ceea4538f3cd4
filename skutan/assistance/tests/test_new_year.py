"""Riksnorm for a new year: the systemförvaltare is told from 1 November, the caseworker is told who knows,
and the table is entered with its source (DOMAIN.md §4)."""

from datetime import date

import pytest

from skutan.assistance import selectors
from skutan.assistance.models import NormAmountOverride
from skutan.assistance.services import application_create, norm_year_enter
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.core.errors import AccessDeniedError, ApplicationError

from .conftest import costs_incomes

pytestmark = pytest.mark.django_db


def test_from_1_november_next_years_missing_table_is_reported():
    # 2026 has real gaps (— in DOMAIN.md §4): always reported; 2027 only from 1 November
    assert [(g.year, g.whole_table) for g in selectors.norm_year_gaps_to_report(today=date(2026, 10, 31))] == [
        (2026, False)]
    gaps = selectors.norm_year_gaps_to_report(today=date(2026, 11, 1))
    assert [(g.year, g.whole_table) for g in gaps] == [(2026, False), (2027, True)]
    assert len(gaps[1].missing) > len(gaps[0].missing) > 0


def test_the_system_admin_sees_the_gap_on_every_page_and_enters_the_table(login, sysadmin, staff, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 12, 1))
    page = login(sysadmin).get("/lagrum/").content.decode()
    assert "Riksnormen för 2027 saknas" in page and "/bistand/riksnorm/?ar=2027" in page
    assert "Riksnormen för 2027" not in login(staff["eb_worker"]).get("/bistand/").content.decode()
    form = login(sysadmin).get("/bistand/riksnorm/?ar=2027").content.decode()
    assert "Lägg in tabellen för 2027" in form and 'name="amount-adult_single"' in form
    response = login(sysadmin).post("/bistand/riksnorm/", {
        "ar": "2027", "action": "year", "source": "", "amount-adult_single": "3990"})
    assert response.status_code == 400 and "Ange källan" in response.content.decode()
    response = login(sysadmin).post("/bistand/riksnorm/", {
        "ar": "2027", "action": "year", "source": "SFS 2026:9999 (testkälla)", "mark": "✔",
        "amount-adult_single": "3990", "amount-common_1": "1290"}, follow=True)
    assert "2 belopp för 2027 är sparade" in response.content.decode()
    assert NormAmountOverride.objects.filter(year=2027).count() == 2
    assert AuditEvent.objects.filter(event_type=EventType.NORM_AMOUNT_SET).count() == 2
    gap = selectors.norm_year_gap(year=2027)
    assert not gap.whole_table and gap.missing and not gap.estimated


def test_entering_a_year_needs_a_system_admin_and_valid_amounts(sysadmin, staff):
    with pytest.raises(AccessDeniedError):
        norm_year_enter(actor=staff["eb_worker"], year=2027, amounts={"adult_single": "3990"}, source="SFS")
    with pytest.raises(ApplicationError) as err:
        norm_year_enter(actor=sysadmin, year=2027, amounts={"adult_single": "x", "common_1": "1290"}, source="SFS")
    assert err.value.field == "amount-adult_single"
    assert not NormAmountOverride.objects.filter(year=2027).exists()  # all or nothing


def test_the_caseworker_is_told_what_is_missing_and_who_knows(login, family_case, staff, sysadmin, delegations):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=date(2027, 1, 1)))
    page = login(staff["eb_worker"]).get(f"/bistand/ansokan/{application.pk}/").content.decode()
    assert "Riksnorm saknas för januari 2027" in page
    assert "tabellen med 2027 års belopp finns inte i Skutan ännu" in page
    assert sysadmin.display_name in page and "Spara ansökan" in page
