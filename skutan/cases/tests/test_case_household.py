"""Linking an EB case to its person's household: cases.services.case_household_set and the form on the case page."""

from datetime import date

import pytest

from skutan.audit.catalogue import EventType
from skutan.audit.models import AccessLog, AuditEvent
from skutan.cases.models import Case, CaseEvent
from skutan.cases.services import case_close, case_household_set
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.people.services import household_create
from skutan.people.tests.household_fixtures import *  # noqa: F401,F403

SINCE = date(2024, 1, 1)


@pytest.fixture
def household(staff, person, toddler):
    return household_create(actor=staff["eb_worker"], cohabiting=False, since=SINCE,
                            members=[(person, "adult"), (toddler, "child")])


# service -----------------------------------------------------------------------------------------------------


def test_case_household_set_links_audits_and_records_history(staff, eb_case, household):
    case = case_household_set(actor=staff["eb_worker"], case=eb_case, household=household,
                              expected_version=eb_case.version)
    stored = Case.objects.get(pk=eb_case.pk)
    assert stored.household_id == household.pk and stored.version == 2 and case.version == 2
    audit = AuditEvent.objects.get(event_type=EventType.CASE_HOUSEHOLD_SET)
    assert (audit.case_id, audit.person_id, audit.data) == (eb_case.pk, eb_case.person_id, {"household_id": household.pk})
    event = CaseEvent.objects.get(case=eb_case, event_type="household_linked")
    assert event.data == {"household_id": household.pk} and event.user_id == staff["eb_worker"].pk


def test_case_household_set_stale_version_is_409(staff, eb_case, household):
    with pytest.raises(ConflictError) as exc:
        case_household_set(actor=staff["eb_worker"], case=eb_case, household=household, expected_version=0)
    assert exc.value.field == "version"
    assert Case.objects.get(pk=eb_case.pk).household_id is None
    assert not AuditEvent.objects.filter(event_type=EventType.CASE_HOUSEHOLD_SET).exists()
    assert not CaseEvent.objects.filter(event_type="household_linked").exists()


def test_case_household_set_refuses_a_case_already_linked(staff, eb_case, household):
    case = case_household_set(actor=staff["eb_worker"], case=eb_case, household=household, expected_version=1)
    with pytest.raises(ConflictError) as exc:
        case_household_set(actor=staff["eb_worker"], case=case, household=household, expected_version=case.version)
    assert exc.value.field == "household"


def test_case_household_set_refuses_a_household_without_the_person(staff, eb_case, partner):
    other = household_create(actor=staff["eb_worker"], cohabiting=False, since=SINCE, members=[(partner, "adult")])
    with pytest.raises(ApplicationError) as exc:
        case_household_set(actor=staff["eb_worker"], case=eb_case, household=other, expected_version=1)
    assert exc.value.field == "household"
    assert Case.objects.get(pk=eb_case.pk).household_id is None


def test_case_household_set_refuses_a_closed_case_and_another_unit(staff, eb_case, household):
    with pytest.raises(AccessDeniedError):
        case_household_set(actor=staff["bou_worker"], case=eb_case, household=household, expected_version=1)
    closed = case_close(actor=staff["eb_worker"], case=eb_case, reason="Klar", expected_version=1)
    with pytest.raises(ConflictError):
        case_household_set(actor=staff["eb_worker"], case=closed, household=household, expected_version=closed.version)
    assert Case.objects.get(pk=eb_case.pk).household_id is None


# the case page -----------------------------------------------------------------------------------------------


def test_case_page_offers_the_persons_household_and_logs_its_members(login, staff, eb_case, household, toddler):
    before = AccessLog.objects.count()
    html = login(staff["eb_worker"]).get(f"/arenden/{eb_case.pk}/").content.decode()
    assert "Ärendet är inte kopplat till något hushåll." in html
    assert "Lilla Svensson (barn)" in html
    assert f'name="household" value="{household.pk}"' in html
    assert f'action="/arenden/{eb_case.pk}/hushall/"' in html
    logged = AccessLog.objects.order_by("id")[before:]
    assert toddler.pk in {r.person_id for r in logged if r.object_type == "household"}


def test_case_page_link_form_links_the_case(login, staff, eb_case, household):
    client = login(staff["eb_worker"])
    response = client.post(f"/arenden/{eb_case.pk}/hushall/", {"household": household.pk, "version": 1})
    assert response.status_code == 302 and response["Location"] == f"/arenden/{eb_case.pk}/"
    assert Case.objects.get(pk=eb_case.pk).household_id == household.pk
    html = client.get(response["Location"]).content.decode()
    assert "Ärendet är kopplat till hushållet." in html
    assert "Kopplat till ärendet" in html and 'id="arende-hushall"' not in html


def test_case_page_link_form_with_a_changed_household_or_stale_version(login, staff, eb_case, household):
    client = login(staff["eb_worker"])
    client.post(f"/arenden/{eb_case.pk}/hushall/", {"household": household.pk + 1, "version": 1})
    assert Case.objects.get(pk=eb_case.pk).household_id is None
    response = client.post(f"/arenden/{eb_case.pk}/hushall/", {"household": household.pk, "version": 7}, follow=True)
    assert "ändrats av någon annan" in response.content.decode()
    assert Case.objects.get(pk=eb_case.pk).household_id is None


def test_case_page_without_a_household_points_to_the_person_page(login, staff, eb_case, person):
    html = login(staff["eb_worker"]).get(f"/arenden/{eb_case.pk}/").content.decode()
    assert "ingår inte i något" in html and f'href="/personer/{person.pk}/#hushall"' in html


def test_children_case_page_has_no_household_form(login, staff, bou_case, person, toddler):
    household_create(actor=staff["bou_worker"], cohabiting=False, since=SINCE,
                     members=[(person, "adult"), (toddler, "child")])
    html = login(staff["bou_worker"]).get(f"/arenden/{bou_case.pk}/").content.decode()
    assert 'id="arende-hushall"' not in html


def test_link_is_post_only(login, staff, eb_case):
    assert login(staff["eb_worker"]).get(f"/arenden/{eb_case.pk}/hushall/").status_code == 405
