"""The personakt print (cases.personakt): read back from the PDF; chosen unit and period; never a protected
address; only what the reader may see; logged as PRINT."""

import io
from datetime import date

from pypdf import PdfReader

from skutan.audit.models import AccessLog
from skutan.cases.services import case_open, journal_entry_create, journal_entry_sign


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def _sign(user, case, text, day):
    return journal_entry_sign(actor=user, entry=journal_entry_create(actor=user, case=case, text=text, event_date=day))


def _print(client, person, unit, **kw):
    from django.utils import timezone

    params = {"skriv": "1", "unit": unit.pk, "date_from": "2026-01-01", "date_to": timezone.localdate().isoformat(),
              "purpose": "aktinsyn"}
    params.update(kw)
    return client.get(f"/arenden/personakt/{person.pk}/", params)


def test_personakt_pdf_for_period_and_unit(login, staff, units, person, eb_case, bou_case):
    _sign(staff["eb_worker"], eb_case, "Besök på kontoret om hyran.", date(2026, 3, 4))
    _sign(staff["eb_worker"], eb_case, "Anteckning utanför perioden.", date(2025, 12, 1))
    _sign(staff["bou_worker"], bou_case, "Barnärendets anteckning.", date(2026, 3, 5))
    journal_entry_create(actor=staff["eb_worker"], case=eb_case, text="Osignerat utkast.", event_date=date(2026, 3, 6))
    before = AccessLog.objects.count()
    response = _print(login(staff["eb_worker"]), person, units["eb"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Personakt – Anna Svensson" in text and eb_case.reference in text
    assert "Besök på kontoret om hyran." in text and "Storgatan 1" in text
    assert "Anteckning utanför perioden." not in text and "Osignerat utkast." not in text
    assert "Barnärendets anteckning." not in text and bou_case.reference not in text  # another unit
    assert "Eva Berg" in text and "eb.handlaggare" not in text
    rows = list(AccessLog.objects.order_by("id")[before:])
    prints = [r for r in rows if r.action == "print"]
    assert {r.object_type for r in prints} == {"personakt", "case"}
    assert all(r.person_id == person.pk and r.purpose == "Personakt: Aktinsyn" for r in prints)


def test_personakt_never_prints_a_protected_address(login, staff, units, protected_person, protected_viewer):
    case = case_open(actor=staff["eb_worker"], person=protected_person, unit=units["eb"],
                     case_type="financial_assistance", opening_kind="application", assign_to=staff["eb_worker"])
    _sign(staff["eb_worker"], case, "Samtal om boendet.", date(2026, 2, 2))
    # Not even someone who may see the protected address gets it on paper.
    for reader in (staff["eb_worker"], protected_viewer):
        text = pdf_text(_print(login(reader), protected_person, units["eb"]).content)
        assert "Hemliga vägen" not in text and "68231" not in text
        assert "skyddad – skrivs inte ut" in text


def test_personakt_only_units_the_reader_may_see(login, staff, units, person, bou_case, eb_case):
    client = login(staff["eb_worker"])
    form = client.get(f"/arenden/personakt/{person.pk}/").content.decode()
    assert units["eb"].name in form and f'value="{units["bou"].pk}"' not in form
    response = _print(client, person, units["bou"])
    assert response.status_code == 400  # not a choice for this reader
    assert not AccessLog.objects.filter(action="print").exists()


def test_personakt_period_must_be_in_order(login, staff, units, person, eb_case):
    response = _print(login(staff["eb_worker"]), person, units["eb"], date_from="2026-06-01", date_to="2026-01-01")  # noqa: E501
    assert response.status_code == 400 and "Slutdatum kan inte vara före startdatum" in response.content.decode()
