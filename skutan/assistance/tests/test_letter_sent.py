"""An EB decision letter, once sent, is stored as an outgoing document (date sent, channel) of the case."""

from datetime import date

import pytest
from django.utils import timezone

from skutan.accounts.models import Delegation
from skutan.assistance.services import application_create, application_defaults, decision_make
from skutan.cases.models import Document


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def decision(staff, eb_case):
    Delegation.objects.create(user=staff["eb_worker"], decision_kind="ekonomiskt_bistand", point="Test",
                              valid_from=date(2000, 1, 1))
    data = application_defaults(case=eb_case, month=date(2026, 10, 1))
    for member in data.members:
        member.support_obstacle = "111" if member.role == "adult" else ""
    application = application_create(actor=staff["eb_worker"], case=eb_case, month=date(2026, 10, 1), data=data)
    return decision_make(actor=staff["eb_worker"], application=application, outcome="granted", reasons="Styrkt behov.")


def test_letter_stored_as_sent(login, staff, decision):
    client = login(staff["eb_worker"])
    page = client.get(f"/bistand/ansokan/{decision.application_id}/").content.decode()
    assert "Spara brevet som skickat" in page
    response = client.post(f"/bistand/beslut/{decision.pk}/brev/skickat/",
                           {"sent_on": timezone.localdate().isoformat(), "channel": "digital_mailbox"})
    doc = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/arenden/handlingar/{doc.pk}/"
    assert (doc.direction, doc.channel, doc.kind, doc.content_type) == ("outgoing", "digital_mailbox", "letter", "application/pdf")
    assert doc.subject_id == decision.application_id and doc.title == f"Beslutsbrev nr {decision.pk} (2026-10)"
    assert doc.file.open("rb").read(5) == b"%PDF-"


def test_bad_channel_stores_nothing(login, staff, decision):
    login(staff["eb_worker"]).post(f"/bistand/beslut/{decision.pk}/brev/skickat/",
                                   {"sent_on": timezone.localdate().isoformat(), "channel": "brevduva"})
    assert not Document.objects.exists()


# -- the letters of decisions beyond the month --------------------------------------------------------------


@pytest.fixture
def beyond(staff, eb_case, delegations):
    """A one-off decision, its correction, a dismissed (late) appeal and a claim on eb_case."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from skutan.assistance.services_appeals import appeal_dismiss, appeal_register
    from skutan.assistance.services_claims import claim_decide
    from skutan.assistance.services_one_off import one_off_decide
    from skutan.assistance.services_revisions import decision_revise
    from skutan.payments.tests.factories import make_decision

    worker = staff["eb_worker"]
    one_off = one_off_decide(actor=worker, case=eb_case, need="glasses", description="Glasögon", rule="living",
                             outcome="granted", requested_amount="1200", reasons="Styrkt behov.")
    revision = decision_revise(actor=worker, decision=one_off, kind="correction", amount="1100",
                               reasons="Skrivfel i beloppet.")
    old = make_decision(case=eb_case, decided_by=worker, month=date(2025, 2, 1), amount="0", outcome="rejected",
                        decided_at=datetime(2025, 3, 3, 10, tzinfo=ZoneInfo("Europe/Stockholm")))
    appeal = appeal_register(actor=worker, decision=old, received_on=date(2025, 4, 30),
                             decision_received_basis="handed_over", decision_received_on=date(2025, 3, 3))
    appeal = appeal_dismiss(actor=worker, appeal=appeal, reasons="För sent.")
    month = make_decision(case=eb_case, decided_by=worker, month=date(2025, 5, 1), amount="5000")
    claim = claim_decide(actor=worker, case=eb_case, ground="wrong_information", amount="500",
                         reasons="Oriktiga uppgifter.", instalment_amount="250", first_due_on=timezone.localdate(),
                         decisions=[month])
    return {"one_off": one_off, "revision": revision, "appeal": appeal, "claim": claim}


@pytest.mark.parametrize("kind, url, title, words, subject_type", [
    ("one_off", "/bistand/enstaka/{pk}/brev/skickat/", "Beslutsbrev nr E{pk} (enstaka behov)", "Glasögon",
     "assistance.one_off"),
    ("revision", "/bistand/andring/{pk}/brev/skickat/", "Beslutsbrev nr Ä{pk} (ändrat beslut)", "Skrivfel i beloppet",
     "assistance.revision"),
    ("appeal", "/bistand/overklagande/{pk}/avvisning/skickat/", "Beslut om avvisning av överklagande nr {pk}",
     "avvisas", "assistance.appeal"),
    ("claim", "/bistand/aterkrav/{pk}/brev/skickat/", "Beslutsbrev om återkrav nr {pk}", "återkrav",
     "assistance.claim"),
])
def test_each_eb_letter_is_stored_as_sent(login, staff, eb_case, beyond, kind, url, title, words, subject_type):
    import io

    from pypdf import PdfReader

    obj = beyond[kind]
    client = login(staff["eb_worker"])
    page = client.get(f"/bistand/aterkrav/{obj.pk}/" if kind == "claim" else f"/bistand/arenden/{eb_case.pk}/beslut/")
    assert url.format(pk=obj.pk) in page.content.decode()
    response = client.post(url.format(pk=obj.pk), {"sent_on": timezone.localdate().isoformat(), "channel": "post"})
    doc = Document.objects.get()
    assert response["Location"] == f"/arenden/handlingar/{doc.pk}/"
    assert (doc.title, doc.direction, doc.channel, doc.sent_on) == (
        title.format(pk=obj.pk), "outgoing", "post", timezone.localdate())
    assert (doc.subject_type, doc.subject_id) == (subject_type, obj.pk)
    content = doc.file.open("rb").read()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert content.startswith(b"%PDF-") and words in " ".join(text.split())
    assert doc.title in client.get(f"/arenden/{eb_case.pk}/handlingar/").content.decode()


def test_another_units_worker_gets_404_and_nothing_is_stored(login, staff, beyond):
    response = login(staff["bou_worker"]).post(f"/bistand/aterkrav/{beyond['claim'].pk}/brev/skickat/",
                                               {"sent_on": timezone.localdate().isoformat(), "channel": "post"})
    assert response.status_code == 404 and not Document.objects.exists()


def test_the_monthly_letter_can_be_stored_with_its_information_sheet(login, staff, decision):
    import io

    from pypdf import PdfReader

    login(staff["eb_worker"]).post(f"/bistand/beslut/{decision.pk}/brev/skickat/", {
        "sent_on": timezone.localdate().isoformat(), "channel": "post", "information_sheet": "en"})
    pages = PdfReader(io.BytesIO(Document.objects.get().file.open("rb").read())).pages
    assert "Information in English" in pages[-1].extract_text()
