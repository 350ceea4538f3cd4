"""The systemförvaltning pages: only for the systemförvaltare, every change through the services."""

from datetime import date, timedelta

import pytest

from skutan.accounts.models import Delegation, Membership, SpecialRight, Unit, User

PAGES = ["/forvaltning/", "/forvaltning/enheter/", "/forvaltning/avdelningar/", "/forvaltning/anvandare/",
         "/forvaltning/anvandare/import/", "/forvaltning/delegationer/", "/forvaltning/delegationer/rapport/",
         "/forvaltning/behorigheter/"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_for_the_system_admin_only(login, sysadmin, staff, path):
    assert login(sysadmin).get(path).status_code == 200
    assert login(staff["eb_manager"]).get(path).status_code == 403


def test_create_unit_and_user_and_give_a_role(login, sysadmin, units):
    client = login(sysadmin)
    r = client.post("/forvaltning/enheter/", {"name": "Vuxen", "kind": "adults", "department": ""})
    unit = Unit.objects.get(name="Vuxen")
    assert r.status_code == 302 and r["Location"] == f"/forvaltning/enheter/{unit.pk}/"
    assert client.post("/forvaltning/enheter/", {"name": "vuxen", "kind": "adults"}).status_code == 400
    r = client.post("/forvaltning/anvandare/", {"username": "vera.vuxen", "first_name": "Vera", "last_name": "Vuxen",
                                               "employed_since": "2026-02-01", "password": ""})
    user = User.objects.get(username="vera.vuxen")
    assert r.status_code == 302 and user.employed_since == date(2026, 2, 1) and not user.has_usable_password()
    r = client.post(f"/forvaltning/anvandare/{user.pk}/", {"do": "membership", "unit": unit.pk, "role": "caseworker"})
    assert r.status_code == 302 and Membership.objects.filter(user=user, unit=unit, role="caseworker").exists()
    page = client.get(f"/forvaltning/anvandare/?unit={unit.pk}&role=caseworker&active=1").content.decode()
    assert "vera.vuxen" in page and "eb.handlaggare" not in page
    r = client.post(f"/forvaltning/anvandare/{user.pk}/aktiv/", {"active": "0"})
    assert r.status_code == 302 and not User.objects.get(pk=user.pk).is_active


def test_close_a_unit_from_its_page(login, sysadmin, units):
    unit = units["bou"]
    r = login(sysadmin).post(f"/forvaltning/enheter/{unit.pk}/", {"do": "close", "close-closed_on": "2026-12-31",
                                                                  "close-version": unit.version})
    assert r.status_code == 302 and Unit.objects.get(pk=unit.pk).closed_on == date(2026, 12, 31)


def test_import_preview_then_apply(login, sysadmin, units):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = "username;first_name;last_name;unit;role\nnils.ny;Nils;Ny;Ekonomiskt bistånd;caseworker\n"
    client = login(sysadmin)
    r = client.post("/forvaltning/anvandare/import/",
                    {"do": "preview", "file": SimpleUploadedFile("hr.csv", text.encode("utf-8-sig"))})
    assert r.status_code == 200 and "Ny användare nils.ny" in r.content.decode()
    assert not User.objects.filter(username="nils.ny").exists()
    r = client.post("/forvaltning/anvandare/import/", {"do": "apply", "text": text})
    assert r.status_code == 302 and User.objects.filter(username="nils.ny").exists()
    r = client.post("/forvaltning/anvandare/import/", {"do": "preview", "text": text})
    assert "Inga ändringar" in r.content.decode()


def test_delegation_form_report_and_end(login, sysadmin, staff, units):
    client = login(sysadmin)
    r = client.post("/forvaltning/delegationer/", {
        "decision_kind": "ekonomiskt_bistand", "point": "4.1.1 Försörjningsstöd", "legal_ground": "4 kap. 1 § SoL",
        "max_amount": "15 000", "user": "", "unit": units["eb"].pk, "role": "caseworker",
        "valid_from": "2026-01-01", "valid_to": "", "source_body": "Socialnämnden", "source_date": "2025-12-10",
        "source_paragraph": "§ 98",
    })
    assert r.status_code == 302
    point = Delegation.objects.get()
    report = client.get("/forvaltning/delegationer/rapport/").content.decode()
    assert "Eva Berg" in report and "Erik Lind" in report and "Socialnämnden 2025-12-10 § 98" in report
    assert "Eva Berg" not in client.get("/forvaltning/delegationer/rapport/?datum=2025-06-01").content.decode()
    yesterday = date.today() - timedelta(days=1)
    r = client.post(f"/forvaltning/delegationer/{point.pk}/avsluta/", {"valid_to": yesterday.isoformat()})
    assert r.status_code == 302
    assert "Eva Berg" not in client.get("/forvaltning/delegationer/rapport/").content.decode()


def test_delegation_form_without_source_saves_nothing(login, sysadmin, staff):
    r = login(sysadmin).post("/forvaltning/delegationer/", {
        "decision_kind": "ekonomiskt_bistand", "point": "4.1.1", "user": staff["eb_worker"].pk,
        "valid_from": "2026-01-01",
    })
    assert r.status_code == 400 and not Delegation.objects.exists()


def test_grant_and_revoke_a_special_right(login, sysadmin, staff, units):
    client = login(sysadmin)
    r = client.post("/forvaltning/behorigheter/", {
        "user": staff["eb_manager"].pk, "unit": units["eb"].pk, "kind": "protected_address",
        "valid_to": (date.today() + timedelta(days=90)).isoformat(), "reason": "Enhetschef",
    })
    assert r.status_code == 302
    right = SpecialRight.objects.get()
    assert "Enhetschef" in client.get("/forvaltning/behorigheter/").content.decode()
    client.post(f"/forvaltning/behorigheter/{right.pk}/aterkalla/")
    assert SpecialRight.objects.get().revoked_at is not None
    assert "Enhetschef" in client.get("/forvaltning/behorigheter/?visa=ended").content.decode()


def test_municipality_form(login, sysadmin):
    r = login(sysadmin).post("/forvaltning/", {"name": "Filipstads kommun", "code": "1782",
                                               "board_name": "Socialnämnden", "email": "kommun@example.org"})
    assert r.status_code == 302
    assert "Socialnämnden" in login(sysadmin).get("/forvaltning/").content.decode()
