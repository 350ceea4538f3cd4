from datetime import timedelta

from django.utils import timezone

from skutan.audit.models import AccessLog
from skutan.cases.models import Case, CaseAccessGrant, CaseAssignment, CaseStatus, JournalEntry
from skutan.conftest import emergency_right

TODAY = timezone.localdate


# open ------------------------------------------------------------------------------------------


def test_case_open_form_lists_only_own_units(login, staff, units, person):
    response = login(staff["eb_worker"]).get(f"/arenden/ny/{person.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{units["eb"].pk}"' in html
    assert f'value="{units["bou"].pk}"' not in html
    assert AccessLog.objects.filter(person_id=person.pk, purpose="Aktualisering av ärende").exists()


def test_case_open_post_creates_assigns_and_redirects(login, staff, units, person):
    response = login(staff["eb_worker"]).post(f"/arenden/ny/{person.pk}/", {
        "case_type": "financial_assistance", "unit": units["eb"].pk, "opening_kind": "application",
        "opened_on": TODAY().isoformat(), "summary": "Ansökan",
    })
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/arenden/{case.pk}/"
    assert case.assignments.get().user == staff["eb_worker"]  # a case worker opening takes the case


def test_case_open_future_date_is_400(login, staff, units, person):
    response = login(staff["eb_worker"]).post(f"/arenden/ny/{person.pk}/", {
        "case_type": "financial_assistance", "unit": units["eb"].pk, "opening_kind": "application",
        "opened_on": (TODAY() + timedelta(days=2)).isoformat(),
    })
    assert response.status_code == 400
    assert "Aktualiseringsdatum kan inte ligga i framtiden." in response.content.decode()
    assert not Case.objects.exists()


def test_case_open_other_unit_is_400(login, staff, units, person):
    response = login(staff["eb_worker"]).post(f"/arenden/ny/{person.pk}/", {
        "case_type": "children", "unit": units["bou"].pk, "opening_kind": "report", "opened_on": TODAY().isoformat(),
    })
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_case_open_unknown_person_is_404(login, staff):
    assert login(staff["eb_worker"]).get("/arenden/ny/999999/").status_code == 404


# detail ----------------------------------------------------------------------------------------


def test_case_detail(login, staff, eb_case, signed_entry, draft_entry):
    from skutan.cases.services import journal_entry_create

    journal_entry_create(actor=staff["eb_worker2"], case=eb_case, text="Kollegans utkast")
    response = login(staff["eb_worker"]).get(f"/arenden/{eb_case.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert eb_case.reference in html
    assert signed_entry.text in html
    assert "Fortsätt på utkast" in html and draft_entry.text in html
    assert "Kollegans utkast" not in html  # other people's drafts stay private
    assert "Storgatan 1" in html
    row = AccessLog.objects.get(case_id=eb_case.pk)
    assert (row.purpose, row.user_id) == ("Ärendehandläggning", staff["eb_worker"].pk)


def test_case_detail_allocate_link_only_for_manager(login, staff, eb_case):
    assert f"/arenden/{eb_case.pk}/fordela/" not in login(staff["eb_worker"]).get(f"/arenden/{eb_case.pk}/").content.decode()
    assert f"/arenden/{eb_case.pk}/fordela/" in login(staff["eb_manager"]).get(f"/arenden/{eb_case.pk}/").content.decode()


# journal ---------------------------------------------------------------------------------------


def test_autosave_via_htmx_returns_status_fragment_and_persists(login, staff, eb_case):
    client = login(staff["eb_worker"])
    url = f"/arenden/{eb_case.pk}/journal/"
    response = client.post(url, {"action": "autosave", "event_date": "2026-11-01", "text": "Först"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("Utkast sparat") and "<html" not in html
    assert 'name="version"' in html and 'value="1"' in html
    draft = JournalEntry.objects.get()
    assert (draft.text, draft.signed_at) == ("Först", None)
    response = client.post(url, {"action": "autosave", "event_date": "2026-11-01", "text": "Först och sen",
                                 "version": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'value="2"' in response.content.decode()
    draft = JournalEntry.objects.get()  # the same draft, updated
    assert (draft.text, draft.version) == ("Först och sen", 2)


def test_autosave_stale_version_is_409_fragment(login, staff, draft_entry, eb_case):
    client = login(staff["eb_worker"])
    url = f"/arenden/{eb_case.pk}/journal/"
    client.post(url, {"event_date": "2026-11-01", "text": "Flik 1", "version": "1"}, HTTP_HX_REQUEST="true")
    response = client.post(url, {"event_date": "2026-11-01", "text": "Flik 2", "version": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert 'role="alert"' in response.content.decode()
    assert JournalEntry.objects.get(pk=draft_entry.pk).text == "Flik 1"


def test_autosave_invalid_is_400_fragment(login, staff, eb_case):
    response = login(staff["eb_worker"]).post(
        f"/arenden/{eb_case.pk}/journal/", {"event_date": "inte ett datum", "text": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "Utkastet kunde inte sparas" in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_save_and_sign(login, staff, eb_case):
    response = login(staff["eb_worker"]).post(
        f"/arenden/{eb_case.pk}/journal/", {"action": "sign", "event_date": "2026-11-02", "text": "Klart besök"}
    )
    assert response.status_code == 302 and response["Location"] == f"/arenden/{eb_case.pk}/"
    entry = JournalEntry.objects.get()
    assert entry.is_signed and entry.signed_by == staff["eb_worker"] and entry.text == "Klart besök"


def test_sign_continues_existing_draft(login, staff, eb_case, draft_entry):
    login(staff["eb_worker"]).post(
        f"/arenden/{eb_case.pk}/journal/", {"action": "sign", "event_date": "2026-11-02", "text": "Slutlig", "version": "1"}
    )
    entry = JournalEntry.objects.get()
    assert entry.pk == draft_entry.pk and entry.is_signed and entry.text == "Slutlig"


def test_journal_save_is_post_only_and_closed_case_refuses(login, staff, eb_case):
    client = login(staff["eb_worker"])
    assert client.get(f"/arenden/{eb_case.pk}/journal/").status_code == 405
    client.post(f"/arenden/{eb_case.pk}/avsluta/", {"reason": "Klart", "version": 1})
    response = client.post(f"/arenden/{eb_case.pk}/journal/", {"event_date": "2026-11-02", "text": "Sent"})
    assert response.status_code == 409
    assert not JournalEntry.objects.exists()


def test_correction_creates_new_signed_entry_and_old_unchanged(login, staff, eb_case, signed_entry):
    client = login(staff["eb_worker"])
    url = f"/arenden/{eb_case.pk}/journal/{signed_entry.pk}/ratta/"
    page = client.get(url)
    assert page.status_code == 200 and signed_entry.text in page.content.decode()
    before = JournalEntry.objects.filter(pk=signed_entry.pk).values().get()
    response = client.post(url, {"event_date": "2026-01-02", "text": "Rättad: besöket var 3/1."})
    assert response.status_code == 302
    correction = JournalEntry.objects.exclude(pk=signed_entry.pk).get()
    assert correction.corrects_id == signed_entry.pk and correction.is_signed
    assert JournalEntry.objects.filter(pk=signed_entry.pk).values().get() == before
    html = client.get(f"/arenden/{eb_case.pk}/").content.decode()
    assert "Rättelse av anteckning 2026-01-02" in html


def test_correction_of_draft_redirects_without_writing(login, staff, eb_case, draft_entry):
    response = login(staff["eb_worker"]).post(
        f"/arenden/{eb_case.pk}/journal/{draft_entry.pk}/ratta/", {"event_date": "2026-01-02", "text": "X"}
    )
    assert response.status_code == 302
    assert JournalEntry.objects.count() == 1


def test_draft_delete(login, staff, eb_case, draft_entry, signed_entry):
    client = login(staff["eb_worker2"])  # not the author: refused
    client.post(f"/arenden/{eb_case.pk}/journal/{draft_entry.pk}/ta-bort/")
    assert JournalEntry.objects.filter(pk=draft_entry.pk).exists()
    client = login(staff["eb_worker"])
    client.post(f"/arenden/{eb_case.pk}/journal/{signed_entry.pk}/ta-bort/")
    assert JournalEntry.objects.filter(pk=signed_entry.pk).exists()
    response = client.post(f"/arenden/{eb_case.pk}/journal/{draft_entry.pk}/ta-bort/")
    assert response.status_code == 302
    assert not JournalEntry.objects.filter(pk=draft_entry.pk).exists()


# allocation, close, board ----------------------------------------------------------------------


def test_allocation_page_for_manager(login, staff, eb_case):
    client = login(staff["eb_manager"])
    page = client.get(f"/arenden/{eb_case.pk}/fordela/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{staff["eb_worker2"].pk}"' in html and f'value="{staff["bou_worker"].pk}"' not in html
    response = client.post(f"/arenden/{eb_case.pk}/fordela/", {"user": staff["eb_worker2"].pk, "next": "/arenden/enhet/"})
    assert response.status_code == 302 and response["Location"] == "/arenden/enhet/"
    assert CaseAssignment.objects.get(case=eb_case, ended_at__isnull=True).user == staff["eb_worker2"]


def test_allocation_rejects_outside_worker_and_open_redirect(login, staff, eb_case):
    client = login(staff["eb_manager"])
    response = client.post(f"/arenden/{eb_case.pk}/fordela/", {"user": staff["bou_worker"].pk})
    assert response.status_code == 400
    assert CaseAssignment.objects.get(case=eb_case, ended_at__isnull=True).user == staff["eb_worker"]
    for evil in ("//evil.example", "/\\evil.example", "https://evil.example/"):
        response = client.post(f"/arenden/{eb_case.pk}/fordela/", {"user": staff["eb_worker2"].pk, "next": evil})
        assert response["Location"] == f"/arenden/{eb_case.pk}/", evil


def test_allocation_page_403_for_non_manager(login, staff, eb_case):
    client = login(staff["eb_worker"])
    assert client.get(f"/arenden/{eb_case.pk}/fordela/").status_code == 403
    assert client.post(f"/arenden/{eb_case.pk}/fordela/", {"user": staff["eb_worker2"].pk}).status_code == 403
    assert CaseAssignment.objects.get(case=eb_case, ended_at__isnull=True).user == staff["eb_worker"]


def test_close(login, staff, eb_case):
    client = login(staff["eb_worker"])
    client.post(f"/arenden/{eb_case.pk}/avsluta/", {"reason": "", "version": 1})
    assert Case.objects.get(pk=eb_case.pk).status == CaseStatus.OPENED
    client.post(f"/arenden/{eb_case.pk}/avsluta/", {"reason": "Klart", "version": 5})
    assert Case.objects.get(pk=eb_case.pk).status == CaseStatus.OPENED
    response = client.post(f"/arenden/{eb_case.pk}/avsluta/", {"reason": "Klart", "version": 1})
    assert response.status_code == 302
    assert Case.objects.get(pk=eb_case.pk).status == CaseStatus.CLOSED


def test_unit_board_for_manager_only(login, staff, eb_case, bou_case):
    page = login(staff["eb_manager"]).get("/arenden/enhet/")
    assert page.status_code == 200
    html = page.content.decode()
    assert eb_case.reference in html and bou_case.reference not in html
    assert login(staff["eb_worker"]).get("/arenden/enhet/").status_code == 403


def test_my_cases(login, staff, eb_case, bou_case):
    html = login(staff["eb_worker"]).get("/arenden/mina/").content.decode()
    assert eb_case.reference in html and bou_case.reference not in html
    assert "Inga aktiva ärenden" in login(staff["eb_worker2"]).get("/arenden/mina/").content.decode()


def test_home_lists_my_cases_drafts_and_unallocated(login, staff, eb_case, draft_entry, units, person):
    from skutan.cases.services import case_open

    loose = case_open(actor=staff["eb_manager"], person=person, unit=units["eb"], case_type="adults",
                      opening_kind="other")
    html = login(staff["eb_worker"]).get("/").content.decode()
    assert eb_case.reference in html and "Osignerade utkast (1)" in html and f"/arenden/{eb_case.pk}/#journal-form" in html
    assert "Ofördelade ärenden" not in html
    html = login(staff["eb_manager"]).get("/").content.decode()
    assert f"/arenden/{loose.pk}/fordela/" in html
    assert "Enhetens ärenden" in html  # the manager's menu item


# emergency access ------------------------------------------------------------------------------


def test_emergency_access_flow(login, staff, eb_case, bou_case, person):
    emergency_right(staff["eb_worker"], bou_case.unit)
    client = login(staff["eb_worker"])
    overview = client.get(f"/personer/{person.pk}/").content.decode()
    assert "1 aktiva ärenden hos andra enheter" in overview and bou_case.reference not in overview
    assert client.get(f"/arenden/{bou_case.pk}/").status_code == 404
    assert client.get(f"/arenden/nodatkomst/{person.pk}/").status_code == 200
    response = client.post(f"/arenden/nodatkomst/{person.pk}/", {"reason": "kort"})
    assert response.status_code == 400
    assert not CaseAccessGrant.objects.exists()
    response = client.post(f"/arenden/nodatkomst/{person.pk}/", {"reason": "Akut oro för barnets säkerhet"})
    assert response.status_code == 302
    page = client.get(f"/arenden/{bou_case.pk}/")
    assert page.status_code == 200
    assert "Du läser ärendet med nödåtkomst" in page.content.decode()
    row = AccessLog.objects.filter(case_id=bou_case.pk, user_id=staff["eb_worker"].pk).get()
    assert row.emergency and row.outside_units
    assert bou_case.reference in client.get(f"/personer/{person.pk}/").content.decode()


def test_unit_board_is_paged_and_filtered_in_the_url(login, staff, eb_case, monkeypatch):
    from skutan.core import pagination

    client = login(staff["eb_manager"])
    html = client.get("/arenden/enhet/").content.decode()
    assert "Aktiva ärenden (1)" in html and html.count('<td data-label="Ärende">') == 1
    assignee = eb_case.assignments.filter(ended_at__isnull=True).first()
    mine = client.get(f"/arenden/enhet/?handlaggare={assignee.user_id}").content.decode()
    assert "Aktiva ärenden (1)" in mine and eb_case.reference in mine
    unallocated = client.get("/arenden/enhet/?handlaggare=ingen").content.decode()
    assert "Aktiva ärenden (0)" in unallocated and "som matchar filtret" in unallocated
    other_status = "investigation" if eb_case.status != "investigation" else "opened"
    assert "Aktiva ärenden (0)" in client.get(f"/arenden/enhet/?status={other_status}").content.decode()
    monkeypatch.setattr(pagination, "PAGE_SIZE", 1)
    second = client.get("/arenden/enhet/?sida=5").content.decode()  # beyond the end: the last page
    assert eb_case.reference in second
