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
