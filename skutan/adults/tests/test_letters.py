"""The decision letter of an adult's insats (PDF, with an optional English information sheet), stored as a
sent document of the case."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from skutan.adults import services
from skutan.adults.letters import insats_letter_pdf
from skutan.audit.models import AccessLog, AuditEvent
from skutan.cases.models import Document
from skutan.core.errors import AccessDeniedError, NotFoundError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pages(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().replace("\xa0", " ").split()) for p in PdfReader(io.BytesIO(data)).pages]


def _proposed(case, actor):
    today = timezone.localdate()
    return services.insats_propose(actor=actor, case=case, kind="outpatient", legal_ground="sol_living",
                                   goal="Minska alkoholkonsumtionen till ingen.", starts_on=today,
                                   ends_on=today + timedelta(days=90), provider="Beroendecentrum", monthly_cost="8500")


@pytest.fixture
def insats(adult_case, adult_staff):
    return services.insats_decide(actor=adult_staff["worker"], insats=_proposed(adult_case, adult_staff["worker"]))


def test_the_letter_is_swedish_with_the_persons_address_and_an_english_sheet(insats, person):
    plain = pages(insats_letter_pdf(insats=insats))
    text = " ".join(plain)
    assert "Beslut om insats: Öppenvård" in text and "Beroendecentrum" in text and "Storgatan 1" in text
    assert person.identity_number in text and "⚠" not in text and "obekräftad" not in text
    sheet = pages(insats_letter_pdf(insats=insats, information_sheet="en"))
    assert len(sheet) == len(plain) + 1 and "Information in English" in sheet[-1] and "»Öppenvård«" in sheet[-1]
    assert "Minska alkoholkonsumtionen" not in sheet[-1]


def test_a_protected_persons_address_is_never_printed(adult_units, adult_staff, protected_person):
    from skutan.adults.services import adult_case_open

    case = adult_case_open(actor=adult_staff["worker"], person=protected_person, unit=adult_units["vuxen"],
                           area="addiction", source="application", assign_to=adult_staff["worker"])
    insats = services.insats_decide(actor=adult_staff["worker"], insats=_proposed(case, adult_staff["worker"]))
    assert "Hemliga vägen" not in " ".join(pages(insats_letter_pdf(insats=insats)))


def test_stored_as_sent_with_date_and_channel(insats, adult_staff, media):
    today = timezone.localdate()
    doc = services.insats_letter_store_sent(actor=adult_staff["worker"], insats=insats, sent_on=today,
                                            channel="in_person")
    stored = (media / doc.file.name).read_bytes()
    assert "Beslut om insats: Öppenvård" in pages(stored)[0] and doc.size == len(stored)
    assert (doc.direction, doc.sent_on, doc.channel, doc.subject_type, doc.subject_id) == (
        "outgoing", today, "in_person", "adults.insats", insats.pk)
    assert list(insats.case.documents.all()) == [doc]
    assert AuditEvent.objects.filter(event_type=351, case_id=insats.case_id).count() == 1


def test_a_proposal_has_no_letter_and_others_may_not_store(adult_case, adult_staff, insats):
    proposal = _proposed(adult_case, adult_staff["worker"])
    with pytest.raises(NotFoundError):
        services.insats_letter_store_sent(actor=adult_staff["worker"], insats=proposal,
                                          sent_on=timezone.localdate(), channel="post")
    with pytest.raises(AccessDeniedError):
        services.insats_letter_store_sent(actor=adult_staff["member"], insats=insats,
                                          sent_on=timezone.localdate(), channel="post")
    assert not Document.objects.exists()


def test_the_case_page_prints_and_stores_the_letter(client, adult_staff, insats):
    client.force_login(adult_staff["worker"])
    base = f"/vuxen/arende/{insats.case_id}/insatser/{insats.pk}"
    page = client.get(f"/vuxen/arende/{insats.case_id}/").content.decode()
    assert f"{base}/brev/skickat/" in page and f"{base}/brev.pdf" in page
    before = AccessLog.objects.count()
    assert client.get(f"{base}/brev.pdf").status_code == 200
    assert AccessLog.objects.order_by("id")[before:][0].action == "print"
    response = client.post(f"{base}/brev/skickat/", {"sent_on": timezone.localdate().isoformat(),
                                                     "channel": "digital_mailbox"})
    doc = Document.objects.get()
    assert response["Location"] == f"/arenden/handlingar/{doc.pk}/"
    assert doc.title in client.get(f"/arenden/{insats.case_id}/handlingar/").content.decode()
