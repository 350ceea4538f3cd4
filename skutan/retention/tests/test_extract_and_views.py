"""Registerutdrag (GDPR art. 15) and the archivist's pages."""

from datetime import date, datetime, time
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessLog, AuditEvent
from skutan.children.models import ChildReport
from skutan.core.context import AccessContext
from skutan.retention.extract import SECRECY_RULE_REPORTER
from skutan.retention.models import PlanStatus, PurgePlan, RegisterExtract
from skutan.retention.services import purge_plan_create, register_extract_produce
from skutan.retention.tests.conftest import years_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def child_with_confidential_report(build, staff, units):
    child = build.person("Klara", date(2015, 5, 2), 442)
    case = build.case(child, unit="bou", when=years_ago(1), closed=False, text="Samtal med Klara i skolan.")
    today = timezone.localdate()
    ChildReport.objects.create(
        unit=units["bou"], case=case, child=child, received_at=timezone.make_aware(datetime.combine(today, time(9))),
        received_on=today, registered_by=staff["bou_worker"], reporter_category="private_person",
        reporter_name="Greta Granne", reporter_contact="070-1234567", reporter_confidential=True,
        text="Oro för barnet.", protection_due=today, protection_limit_source="SoL",
        preliminary_statutory_due=today, preliminary_due=today, preliminary_limit_source="SoL",
    )
    return child


def _ctx(user):
    return AccessContext(user=user, purpose="Registerutdrag", channel="web", path="/test")


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_the_registerutdrag_omits_the_confidential_reporter_and_says_so_to_the_caseworker(
    child_with_confidential_report, archivists
):
    child = child_with_confidential_report
    pdf, extract = register_extract_produce(ctx=_ctx(archivists["planner"]), person=child)

    text = _pdf_text(pdf)
    assert "Registerutdrag" in text
    assert "Klara" in text and "Samtal med Klara i skolan." in text and "Oro för barnet." in text
    assert "Greta" not in text and "070-1234567" not in text
    assert SECRECY_RULE_REPORTER not in text  # the omissions are for the caseworker only
    assert {o.rule for o in extract.omissions} == {SECRECY_RULE_REPORTER}
    assert len(extract.omissions) == 2  # name and contact
    # production is logged: a print in the access log, an audit event, a row of its own
    assert AccessLog.objects.filter(person_id=child.pk, action="print", object_type="register_extract").exists()
    assert AuditEvent.objects.filter(event_type=EventType.REGISTER_EXTRACT_PRODUCED, person_id=child.pk).exists()
    assert RegisterExtract.objects.get(person=child).omitted_count == 2


def test_only_the_archive_role_produces_a_registerutdrag(child_with_confidential_report, staff, client):
    from skutan.core.errors import AccessDeniedError

    with pytest.raises(AccessDeniedError):
        register_extract_produce(ctx=_ctx(staff["bou_worker"]), person=child_with_confidential_report)
    client.force_login(staff["bou_worker"])
    assert client.get(f"/gallring/registerutdrag/{child_with_confidential_report.pk}/").status_code == 403
    assert client.get("/gallring/").status_code == 403


def test_the_caseworker_page_lists_what_was_left_out(child_with_confidential_report, archivists, client):
    client.force_login(archivists["planner"])
    page = client.get(f"/gallring/registerutdrag/{child_with_confidential_report.pk}/")
    assert page.status_code == 200
    assert SECRECY_RULE_REPORTER in page.content.decode()
    assert "Greta" not in page.content.decode()
    response = client.post(f"/gallring/registerutdrag/{child_with_confidential_report.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"


def test_a_plan_is_made_and_approved_in_the_ui_by_two_archivists(build, archivists, client):
    person = build.person("Sixten", date(1970, 3, 2), 111)
    build.case(person, unit="eb", when=years_ago(6))
    client.force_login(archivists["planner"])

    bad = client.post("/gallring/", {"year": "1800"})
    assert bad.status_code == 400
    assert not PurgePlan.objects.exists()

    response = client.post("/gallring/", {"year": str(timezone.localdate().year)})
    plan = PurgePlan.objects.get()
    assert response.status_code == 302
    page = client.get(f"/gallring/{plan.pk}/").content.decode()
    assert "Sixten" in page and "Godkänn planen" not in page  # the planner cannot approve
    assert AccessLog.objects.filter(person_id=person.pk, object_type="purge_plan_item").exists()
    refused = client.post(f"/gallring/{plan.pk}/", {"version": plan.version, "action": "approve"})
    assert refused.status_code == 400
    assert PurgePlan.objects.get().status == PlanStatus.DRAFT

    client.force_login(archivists["approver"])
    stale = client.post(f"/gallring/{plan.pk}/", {"version": plan.version + 5, "action": "approve"})
    assert stale.status_code == 400
    assert client.post(f"/gallring/{plan.pk}/", {"version": plan.version, "action": "approve", "note": "OK"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_by == archivists["approver"]


def test_a_plan_for_a_future_year_is_refused(archivists):
    from skutan.core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="Gallringsåret"):
        purge_plan_create(actor=archivists["planner"], year=timezone.localdate().year + 1)
