"""Letters of Barn och unga as PDF, stored as sent documents of the case: the decision on an insats (with an
optional English information sheet) and the underrättelse to a guardian."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from skutan.audit.models import AccessLog, AuditEvent
from skutan.cases.models import Document
from skutan.children import services
from skutan.children.letters import intervention_letter_pdf, notice_letter_pdf
from skutan.children.tests.conftest import GOAL, ready_for_decision
from skutan.core.errors import AccessDeniedError, ApplicationError


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pages(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().replace("\xa0", " ").split()) for p in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def intervention(register, staff):
    investigation = services.preliminary_assessment_decide(
        actor=staff["bou_worker"], report=register(), outcome="open_investigation", decided_on=date(2025, 3, 12)
    ).investigation
    ready_for_decision(investigation, staff["bou_worker"])
    return services.intervention_decide(
        actor=staff["bou_worker"], investigation=investigation, kind="contact_person", decided_on=date(2025, 5, 2),
        starts_on=date(2025, 5, 5), provider="KP Anders", **GOAL,
    )


@pytest.fixture
def notice(register, staff, parent):
    case = register().case
    guardian = services.guardian_add(actor=staff["bou_worker"], case=case, person=parent)
    return services.party_notice_record(actor=staff["bou_worker"], case=case, guardian=guardian,
                                        subject="investigation_opened", sent_on=date(2025, 3, 13), channel="letter",
                                        about="Utredning om barnets situation.")


def test_the_decision_letter_is_swedish_and_the_sheet_explains_it_in_english(intervention):
    plain = pages(intervention_letter_pdf(intervention=intervention))
    text = " ".join(plain)
    assert "Beslut om insats: Kontaktperson" in text and intervention.case.reference in text
    assert GOAL["goal"] in text and "KP Anders" in text and "Information in English" not in text
    with_sheet = pages(intervention_letter_pdf(intervention=intervention, information_sheet="en"))
    assert len(with_sheet) == len(plain) + 1
    sheet = with_sheet[-1]
    assert "Information in English" in sheet and "»Kontaktperson«" in sheet and intervention.case.reference in sheet
    assert GOAL["goal"] not in sheet  # explains the letter, does not translate the decision
    # unknown language: no sheet
    assert len(pages(intervention_letter_pdf(intervention=intervention, information_sheet="xx"))) == len(plain)


def test_a_placement_letter_does_not_say_where_the_child_is(intervention):
    intervention.kind = "hvb"
    intervention.provider = "HVB Hemliga gården"
    assert "Hemliga gården" not in " ".join(pages(intervention_letter_pdf(intervention=intervention)))


def test_the_decision_letter_is_stored_as_sent_with_date_channel_and_sheet(intervention, staff, media):
    today = timezone.localdate()
    doc = services.intervention_letter_store_sent(actor=staff["bou_worker"], intervention=intervention,
                                                  sent_on=today, channel="digital_mailbox", information_sheet="en")
    stored = (media / doc.file.name).read_bytes()
    assert stored.startswith(b"%PDF-") and doc.content_type == "application/pdf" and doc.size == len(stored)
    text = pages(stored)
    assert "Beslut om insats: Kontaktperson" in text[0] and "Information in English" in text[-1]
    assert (doc.direction, doc.kind, doc.sent_on, doc.channel) == ("outgoing", "letter", today, "digital_mailbox")
    assert (doc.subject_type, doc.subject_id) == ("children.intervention", intervention.pk)
    assert list(intervention.case.documents.all()) == [doc]
    assert AuditEvent.objects.filter(event_type=351, case_id=intervention.case_id).count() == 1


def test_storing_needs_write_rights_and_valid_date_and_channel(intervention, staff):
    with pytest.raises(AccessDeniedError):
        services.intervention_letter_store_sent(actor=staff["eb_worker"], intervention=intervention,
                                                sent_on=timezone.localdate(), channel="post")
    for sent_on, channel, field in [(timezone.localdate(), "fax", "channel"),
                                    (timezone.localdate() + timedelta(days=1), "post", "sent_on")]:
        with pytest.raises(ApplicationError) as exc:
            services.intervention_letter_store_sent(actor=staff["bou_worker"], intervention=intervention,
                                                    sent_on=sent_on, channel=channel)
        assert exc.value.field == field
    assert not Document.objects.exists()


def test_the_notice_is_stored_as_sent(notice, staff, media, parent):
    text = " ".join(pages(notice_letter_pdf(notice=notice, parties=[{"role": "Barnet", "name": "X"}])))
    assert "Underrättelse: utredning inledd" in text and parent.full_name in text
    doc = services.notice_letter_store_sent(actor=staff["bou_worker"], notice=notice, parties=[],
                                            sent_on=date(2025, 3, 13), channel="post")
    stored = (media / doc.file.name).read_bytes()
    assert "Underrättelse: utredning inledd" in pages(stored)[0]
    assert (doc.sent_on, doc.channel, doc.subject_type, doc.subject_id) == (
        date(2025, 3, 13), "post", "children.notice", notice.pk)
    assert list(notice.case.documents.all()) == [doc]


def test_the_letter_pages_print_and_store(login, staff, intervention, notice):
    client = login(staff["bou_worker"])
    page = client.get(f"/barn/insatser/{intervention.pk}/").content.decode()
    assert f"/barn/insatser/{intervention.pk}/brev/skickat/" in page and "Spara brevet som skickat" in page
    before = AccessLog.objects.count()
    pdf = client.get(f"/barn/insatser/{intervention.pk}/brev.pdf?informationsblad=en")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert AccessLog.objects.order_by("id")[before:][0].action == "print"
    response = client.post(f"/barn/insatser/{intervention.pk}/brev/skickat/", {
        "sent_on": timezone.localdate().isoformat(), "channel": "post", "information_sheet": "en"})
    doc = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/arenden/handlingar/{doc.pk}/"
    listing = client.get(f"/arenden/{intervention.case_id}/handlingar/").content.decode()
    assert doc.title in listing
    assert doc.title in client.get(f"/barn/insatser/{intervention.pk}/").content.decode()
    # a refused date: nothing stored, back to the page
    response = client.post(f"/barn/underrattelser/{notice.pk}/brev/skickat/", {"sent_on": "i morgon", "channel": "post"})
    assert response.status_code == 302 and Document.objects.count() == 1
    response = client.post(f"/barn/underrattelser/{notice.pk}/brev/skickat/", {
        "sent_on": "2025-03-13", "channel": "email"})
    assert Document.objects.count() == 2 and Document.objects.filter(subject_type="children.notice").exists()
    assert client.get(f"/barn/underrattelser/{notice.pk}/brev.pdf").status_code == 200


def test_a_worker_of_another_unit_cannot_store_the_letter(login, staff, intervention):
    response = login(staff["eb_worker"]).post(f"/barn/insatser/{intervention.pk}/brev/skickat/", {
        "sent_on": timezone.localdate().isoformat(), "channel": "post"})
    assert response.status_code == 404 and not Document.objects.exists()
