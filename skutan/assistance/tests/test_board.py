"""The EB deadline board: filters in the URL, paging, counts that agree with the table (issue 17 part 6)."""

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from skutan.core import pagination
from skutan.payments.tests.factories import make_decision

pytestmark = pytest.mark.django_db


def _late_appeal(client, case, worker, month_no=6):
    month = make_decision(case=case, decided_by=worker, month=date(2025, month_no, 1), amount="3000",
                          outcome="partly_granted",
                          decided_at=datetime.combine(date(2025, 5, 30), time(10), ZoneInfo("Europe/Stockholm")))
    client.post(f"/bistand/beslut/manad/{month.pk}/overklagande/", {
        "received_on": "2025-06-24", "decision_received_basis": "handed_over", "decision_received_on": "2025-05-30"})


def _heading(html: str) -> int:
    return int(re.search(r'<h2 id="alla">[^(]*\((\d+)\)</h2>', html).group(1))


def test_filters_narrow_the_table_and_the_heading_counts_it(login, eb_case, staff, delegations):
    client = login(staff["eb_worker"])
    _late_appeal(client, eb_case, staff["eb_worker"])
    everything = client.get("/bistand/frister/").content.decode()
    assert _heading(everything) == 1 and "Avvisa överklagande som kommit in för sent" in everything
    assert "Försenade (1)" in everything  # received 2025: its routine day has long passed
    dismiss = client.get("/bistand/frister/?moment=appeal_dismiss&lage=forsenade").content.decode()
    assert _heading(dismiss) == 1 and '<option value="appeal_dismiss" selected>' in dismiss
    claims = client.get("/bistand/frister/?moment=claim_instalment").content.decode()
    assert _heading(claims) == 0 and "Inga öppna frister som matchar filtret." in claims
    soon = client.get("/bistand/frister/?lage=loper-ut").content.decode()
    assert _heading(soon) == 0
    assigned = eb_case.assignments.filter(ended_at__isnull=True).first()
    mine = client.get(f"/bistand/frister/?handlaggare={assigned.user_id}").content.decode()
    assert _heading(mine) == 1
    assert _heading(client.get("/bistand/frister/?handlaggare=ingen").content.decode()) == 0


def test_the_table_is_paged(login, eb_case, staff, delegations, monkeypatch):
    monkeypatch.setattr(pagination, "PAGE_SIZE", 1)
    client = login(staff["eb_worker"])
    _late_appeal(client, eb_case, staff["eb_worker"])
    _late_appeal(client, eb_case, staff["eb_worker"], month_no=5)
    html = client.get("/bistand/frister/?moment=appeal_dismiss").content.decode()
    assert _heading(html) == 2 and html.count("<tr><td") == 1
    assert 'href="?moment=appeal_dismiss&amp;sida=2"' in html and "Sida 1 av 2" in html
