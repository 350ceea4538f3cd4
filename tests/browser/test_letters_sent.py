"""Issue 17: a children's decision letter registered as sent from the insats page, then found in the case's
document list; both pages checked with axe."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from skutan.cases.models import Document

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def patient(page):
    """The machine running the suite is shared: give slow page loads time (the assertions stay the same)."""
    page.set_default_timeout(30_000)
    page.set_default_navigation_timeout(60_000)


@pytest.fixture
def intervention(staff, units, person):
    from skutan.children import services
    from skutan.children.tests.conftest import GOAL, grant_delegations, ready_for_decision

    worker = staff["bou_worker"]
    grant_delegations(worker)
    report = services.child_report_register(
        actor=worker, unit=units["bou"], child=person, reporter_category="school", concerns=["neglect"],
        received_at=datetime(2025, 3, 3, 10, tzinfo=ZoneInfo("Europe/Stockholm")),
    )
    investigation = services.preliminary_assessment_decide(
        actor=worker, report=report, outcome="open_investigation", decided_on=date(2025, 3, 10)).investigation
    ready_for_decision(investigation, worker)
    return services.intervention_decide(actor=worker, investigation=investigation, kind="contact_person",
                                        decided_on=date(2025, 5, 2), starts_on=date(2025, 5, 5),
                                        provider="KP Anders", **GOAL)


def test_childrens_decision_letter_registered_as_sent(page, live_server, login, assert_accessible, staff,
                                                      intervention):
    login(page, live_server, staff["bou_worker"])
    page.goto(f"/barn/insatser/{intervention.pk}/")
    letter = page.locator("section").filter(has=page.get_by_role("heading", name="Beslutsbrev"))
    expect(letter.get_by_role("link", name="Ladda ner beslutsbrev (PDF)")).to_be_visible()
    assert_accessible(page, "insatsen med beslutsbrevet")
    letter.get_by_label("Skickat").fill(f"{timezone.localdate():%Y%m%d}")  # typed the Swedish way
    letter.get_by_label("Kanal").select_option(label="Digital brevlåda")
    letter.get_by_label("Informationsblad som skickades med").select_option("en")
    letter.get_by_role("button", name="Spara som skickad handling").click()
    expect(page.locator(".messages")).to_contain_text("Brevet är sparat som skickad handling i ärendet.")
    document = Document.objects.get()
    assert (document.channel, document.sent_on, document.content_type) == (
        "digital_mailbox", timezone.localdate(), "application/pdf")
    expect(page).to_have_url(re.compile(rf"/arenden/handlingar/{document.pk}/$"))

    page.goto(f"/arenden/{intervention.case_id}/handlingar/")
    row = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=re.compile("^Beslutsbrev: Kontaktperson")))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("digital brevlåda")
    assert_accessible(page, "handlingar i ärendet med det skickade brevet")
