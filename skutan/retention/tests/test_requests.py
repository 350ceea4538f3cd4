"""Rättelse and radering (GDPR art. 16–17): registered, decided, answered; erasure of kept records refused."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessLog, AuditEvent
from skutan.core.context import AccessContext
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.retention.models import DataSubjectRequest, RequestStatus
from skutan.retention.services_requests import (
    ART_17_3_B,
    data_subject_request_decide,
    data_subject_request_letter,
    data_subject_request_register,
)
from skutan.retention.tests.conftest import years_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def recent(build):
    person = build.person("Rut", date(1985, 9, 9), 212, last="Rättsson")
    build.case(person, unit="eb", when=years_ago(1))
    return person


def _register(actor, person, kind="erasure"):
    return data_subject_request_register(
        actor=actor, person=person, kind=kind, received_on=timezone.localdate(), description="Radera allt om mig."
    )


def test_erasure_of_a_kept_personakt_is_refused_with_the_rule(recent, archivists):
    request = _register(archivists["planner"], recent)

    with pytest.raises(ConflictError) as refused:
        data_subject_request_decide(
            actor=archivists["planner"], request=request, version=request.version, status="granted",
            decision_text="Bifalls.",
        )
    assert "ska bevaras" in refused.value.message and "17.3 b" in refused.value.message
    assert DataSubjectRequest.objects.get(pk=request.pk).status == RequestStatus.RECEIVED

    decided = data_subject_request_decide(
        actor=archivists["planner"], request=request, version=request.version, status="refused",
        decision_text="Uppgifterna ska bevaras enligt lag.",
    )
    assert decided.status == RequestStatus.REFUSED
    assert ART_17_3_B in decided.legal_basis
    assert AuditEvent.objects.filter(event_type=EventType.DATA_SUBJECT_REQUEST_DECIDED, person_id=recent.pk).exists()

    pdf = data_subject_request_letter(ctx=AccessContext(user=archivists["planner"]), request=decided)
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert "Avslagen" in text and "17.3 b" in text and "Rut Rättsson" in text
    assert AccessLog.objects.filter(person_id=recent.pk, action="print", object_type="data_subject_request").exists()


def test_erasure_of_a_file_due_for_purging_may_be_granted(build, archivists):
    old = build.person("Gammal", date(1950, 1, 2), 313)
    build.case(old, unit="eb", when=years_ago(7))
    request = _register(archivists["planner"], old)

    decided = data_subject_request_decide(
        actor=archivists["planner"], request=request, version=request.version, status="granted",
        decision_text="Uppgifterna raderas.",
    )
    assert decided.status == RequestStatus.GRANTED
    assert "nästa gallring" in decided.legal_basis


def test_a_rectification_is_decided_and_answered(recent, archivists):
    request = _register(archivists["planner"], recent, kind="rectification")
    decided = data_subject_request_decide(
        actor=archivists["planner"], request=request, version=request.version, status="partly",
        decision_text="Adressen rättas; bedömningen i utredningen står kvar.",
    )
    assert decided.status == RequestStatus.PARTLY
    with pytest.raises(ConflictError):  # decided once only
        data_subject_request_decide(
            actor=archivists["planner"], request=decided, version=decided.version, status="granted", decision_text="x"
        )


def test_bad_input_is_refused_and_nothing_saved(recent, archivists, staff):
    actor = archivists["planner"]
    today = timezone.localdate()
    with pytest.raises(ApplicationError, match="rättelse eller radering"):
        data_subject_request_register(actor=actor, person=recent, kind="x", received_on=today, description="a")
    with pytest.raises(ApplicationError, match="framtiden"):
        data_subject_request_register(
            actor=actor, person=recent, kind="erasure", received_on=today + timedelta(days=1), description="a"
        )
    with pytest.raises(ApplicationError, match="saknas"):
        data_subject_request_register(actor=actor, person=recent, kind="erasure", received_on=today, description=" ")
    with pytest.raises(AccessDeniedError):
        _register(staff["eb_worker"], recent)
    assert not DataSubjectRequest.objects.exists()
    request = _register(actor, recent)
    with pytest.raises(ApplicationError, match="Välj"):
        data_subject_request_decide(actor=actor, request=request, version=1, status="maybe", decision_text="x")
    with pytest.raises(ConflictError):
        data_subject_request_decide(actor=actor, request=request, version=9, status="refused", decision_text="x")
    with pytest.raises(ConflictError):  # no letter before the decision
        data_subject_request_letter(ctx=AccessContext(user=actor), request=request)


def test_requests_in_the_ui(recent, archivists, client):
    client.force_login(archivists["planner"])
    page = f"/gallring/registerutdrag/{recent.pk}/"
    bad = client.post(page, {"kind": "erasure", "received_on": "2999-01-01", "description": "Radera"})
    assert bad.status_code == 400
    assert "framtiden" in bad.content.decode()
    ok = client.post(page, {"kind": "erasure", "received_on": timezone.localdate().isoformat(), "description": "Radera"})
    request = DataSubjectRequest.objects.get()
    assert ok.status_code == 302
    detail = client.get(f"/gallring/begaran/{request.pk}/")
    assert "Radering kan inte bifallas" in detail.content.decode()
    refused = client.post(f"/gallring/begaran/{request.pk}/", {"status": "granted", "decision_text": "Ja", "version": 1})
    assert refused.status_code == 400
    done = client.post(f"/gallring/begaran/{request.pk}/", {"status": "refused", "decision_text": "Nej", "version": 1})
    assert done.status_code == 302
    letter = client.post(f"/gallring/begaran/{request.pk}/svar/")
    assert letter["Content-Type"] == "application/pdf"
