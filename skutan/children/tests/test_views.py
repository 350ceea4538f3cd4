"""The web flow: register → skyddsbedömning → förhandsbedömning → utredning → insats, through the forms."""

from datetime import date

import pytest

from skutan.cases.models import Case, CaseStatus
from skutan.children.models import (
    BbicNote,
    ChildReport,
    Consultation,
    Intervention,
    InterventionFollowUp,
    Investigation,
)

from .conftest import at


@pytest.fixture
def web(login, staff):
    return login(staff["bou_worker"])


def test_register_form_finds_the_child_by_personnummer(web, child):
    page = web.get("/barn/orosanmalningar/ny/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Barnets personnummer" in html and "Barnäktenskap" in html and "Hedersrelaterat" in html
    response = web.post("/barn/orosanmalningar/ny/", {
        "unit": str(Case._meta.apps.get_model("accounts", "Unit").objects.get(name="Barn och unga").pk),
        "child_identity_number": child.identity_number, "received_at": "2025-03-03T10:00",
        "reporter_category": "preschool", "reporter_name": "Förskolläraren", "concerns": ["neglect", "violence"],
        "text": "Barnet kommer hungrigt och med blåmärken.", "assign_to_me": "on",
    })
    report = ChildReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/barn/orosanmalningar/{report.pk}/"
    assert report.child == child and sorted(report.concern_codes) == ["neglect", "violence"]
    assert report.case.assignments.get(ended_at__isnull=True).user.username == "bou.handlaggare"

    page = web.get(f"/barn/orosanmalningar/{report.pk}/").content.decode()
    assert "Skyddsbedömning" in page and "2025-03-03" in page and "2025-03-17" in page
    assert "Försenad" in page  # the 2025 deadlines are long past: in words, not only colour
    assert 'class="banner banner-protected"' not in page
    assert "person-header" in page  # _person_header.html is included


def test_register_form_errors_are_shown_and_nothing_saved(web, units):
    response = web.post("/barn/orosanmalningar/ny/", {
        "unit": str(units["bou"].pk), "child_identity_number": "20150314-0000", "received_at": "2025-03-03T10:00",
        "reporter_category": "school",
    })
    assert response.status_code == 400
    assert "Registrera barnet" in response.content.decode()
    response = web.post("/barn/orosanmalningar/ny/", {
        "unit": str(units["bou"].pk), "received_at": "2099-03-03T10:00", "reporter_category": "school",
        "child_description": "Okänd pojke",
    })
    assert response.status_code == 400 and "framtiden" in response.content.decode()
    assert ChildReport.objects.count() == 0


def test_whole_flow_through_the_forms(web, register, staff):
    report = register()
    r = web.post(f"/barn/orosanmalningar/{report.pk}/skyddsbedomning/", {
        "assessed_at": "2025-03-03T15:00", "immediate_protection_needed": "no", "notes": "Inget akut skyddsbehov.",
    })
    assert r.status_code == 302
    assert report.case.events.filter(event_type="protection_assessed").exists()

    form = web.get(f"/barn/orosanmalningar/{report.pk}/forhandsbedomning/").content.decode()
    assert 'type="radio"' in form and "<legend>" in form
    r = web.post(f"/barn/orosanmalningar/{report.pk}/forhandsbedomning/", {
        "outcome": "open_investigation", "decided_on": "2025-03-12",
    })
    investigation = Investigation.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/barn/utredningar/{investigation.pk}/"

    page = web.get(f"/barn/utredningar/{investigation.pk}/").content.decode()
    for label in ("Barnets utveckling", "Föräldrarnas förmåga", "Familj och miljö", "Känslomässig tillgänglighet",
                  "Lokalsamhällets resurser", "2025-07-14"):
        assert label in page, label
    r = web.post(f"/barn/utredningar/{investigation.pk}/bbic/", {"bbic-health": "Frisk.", "bbic-housing": "Trångbott."})
    assert r.status_code == 302
    assert set(BbicNote.objects.values_list("area", flat=True)) == {"health", "housing"}
    r = web.post(f"/barn/utredningar/{investigation.pk}/samrad/", {
        "samrad-held_on": "2025-03-20", "samrad-agency": "barnahus", "samrad-participants": "Polis, åklagare",
    })
    assert r.status_code == 302 and Consultation.objects.count() == 1
    r = web.post(f"/barn/utredningar/{investigation.pk}/forlangning/", {
        "ext-new_due": "2025-09-01", "ext-reason": "", "ext-decided_on": "2025-07-01",
    })
    assert r.status_code == 400
    r = web.post(f"/barn/utredningar/{investigation.pk}/forlangning/", {
        "ext-new_due": "2025-09-01", "ext-reason": "Väntar på BUP.", "ext-decided_on": "2025-07-01",
    })
    assert r.status_code == 302
    investigation.refresh_from_db()
    assert investigation.due == date(2025, 9, 1)

    decision = {"kind": "outpatient", "legal_ground": "sol_assistance", "decided_on": "2025-08-20",
                "starts_on": "2025-09-01", "provider": "Öppenvården Lotsen", "follow_up_1": "2025-10-01",
                "goal": "Elsa ska må bättre och gå i skolan.", "reasons": "Behov av stöd enligt utredningen."}
    r = web.post(f"/barn/utredningar/{investigation.pk}/insats/", decision)
    assert r.status_code == 400 and "barnets bästa" in r.content.decode()  # refused: no assessment yet
    page = web.get(f"/barn/utredningar/{investigation.pk}/").content.decode()
    assert "Områden utan anteckning (18)" in page  # empty BBIC areas shown, not blocking
    r = web.post(f"/barn/utredningar/{investigation.pk}/samtal/", {
        "samtal-held_on": "2025-03-20", "samtal-held_by": "Bo Ek", "samtal-not_alone_reason": "",
    })  # "alone" unticked and no reason: refused
    assert r.status_code == 400
    r = web.post(f"/barn/utredningar/{investigation.pk}/samtal/", {
        "samtal-held_on": "2025-03-20", "samtal-held_by": "Bo Ek", "samtal-alone": "on",
        "samtal-notes": "Elsa berättade om skolan.",
    })
    assert r.status_code == 302
    r = web.post(f"/barn/utredningar/{investigation.pk}/synpunkter/", {
        "synpunkter-child_views": "Elsa vill bo kvar hemma.", "synpunkter-version": investigation.version,
    })
    assert r.status_code == 302, r.content.decode()[:2000]
    r = web.post(f"/barn/utredningar/{investigation.pk}/barnets-basta/", {
        "bb-assessed_on": "2025-08-19", "bb-text": "Stöd i hemmet är bäst för Elsa.",
    })
    assert r.status_code == 302
    r = web.post(f"/barn/utredningar/{investigation.pk}/insats/", decision)
    intervention = Intervention.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/barn/insatser/{intervention.pk}/"
    assert Case.objects.get(pk=report.case_id).status == CaseStatus.INTERVENTION
    page = web.get(f"/barn/insatser/{intervention.pk}/").content.decode()
    assert "Öppenvård" in page and "Försenad" in page  # the follow-up of 2025-10-01 is overdue
    follow_up = InterventionFollowUp.objects.get()
    r = web.post(f"/barn/insatser/{intervention.pk}/uppfoljning/{follow_up.pk}/", {
        f"f{follow_up.pk}-done_on": "2025-10-02", f"f{follow_up.pk}-notes": "Går bra.",
        f"f{follow_up.pk}-goal_status": "reached",
    })
    assert r.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_on == date(2025, 10, 2)

    overview = web.get(f"/barn/arende/{report.case_id}/").content.decode()
    assert "Öppenvård" in overview and "Utredning" in overview


def test_honour_report_closure_form_demands_the_conversation(web, register):
    report = register(concerns=["honour_related"])
    r = web.post(f"/barn/orosanmalningar/{report.pk}/forhandsbedomning/", {
        "outcome": "no_investigation", "decided_on": "2025-03-10", "reason": "Inga uppgifter bekräftades.",
    })
    assert r.status_code == 400 and "enskilt samtal" in r.content.decode()
    r = web.post(f"/barn/orosanmalningar/{report.pk}/enskilt-samtal/", {"held_on": "2025-03-05", "held_by": "Bo Ek"})
    assert r.status_code == 302
    r = web.post(f"/barn/orosanmalningar/{report.pk}/forhandsbedomning/", {
        "outcome": "no_investigation", "decided_on": "2025-03-10", "reason": "Inga uppgifter bekräftades.",
    })
    assert r.status_code == 302


def test_unidentified_report_can_be_linked_in_the_page(web, register, child):
    report = register(child=None, child_description="Flicka, ca 9 år, Elsa.")
    page = web.get(f"/barn/orosanmalningar/{report.pk}/").content.decode()
    assert "Ej identifierat" in page or "ej identifierat" in page
    r = web.post(f"/barn/orosanmalningar/{report.pk}/identifiera/", {"identity_number": child.identity_number})
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.child == child and report.case is not None


def test_preliminary_extension_form(web, register):
    report = register(received_at=at(2025, 3, 3))
    r = web.post(f"/barn/orosanmalningar/{report.pk}/forlangning/", {
        "new_due": "2025-03-31", "reason": "Barnet är utomlands.", "decided_on": "2025-03-14",
    })
    assert r.status_code == 302
    page = web.get(f"/barn/orosanmalningar/{report.pk}/").content.decode()
    assert "förlängd från 2025-03-17" in page and "Barnet är utomlands." in page


def test_eb_worker_cannot_reach_children_pages(login, staff, register):
    report = register()
    eb = login(staff["eb_worker"])
    assert eb.get(f"/barn/orosanmalningar/{report.pk}/").status_code == 404
    assert eb.get("/barn/frister/").status_code == 403
    assert eb.get("/barn/orosanmalningar/ny/").status_code == 403
