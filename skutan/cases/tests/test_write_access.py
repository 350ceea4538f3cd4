"""Emergency access reads; only the case's unit (or a manager's grant) writes."""

import pytest

from skutan.cases.services import case_access_grant, case_close, case_emergency_access, journal_entry_create
from skutan.conftest import emergency_right
from skutan.core.errors import AccessDeniedError


def test_emergency_access_does_not_allow_writing(staff, eb_case, person):
    emergency_right(staff["bou_worker"], eb_case.unit)
    case_emergency_access(actor=staff["bou_worker"], person=person, reason="Akut skyddsbedömning kväll")
    with pytest.raises(AccessDeniedError):
        journal_entry_create(actor=staff["bou_worker"], case=eb_case, text="Försök")
    with pytest.raises(AccessDeniedError):
        case_close(actor=staff["bou_worker"], case=eb_case, reason="x", expected_version=eb_case.version)
    assert eb_case.journal_entries.count() == 0


def test_manager_grant_allows_writing(staff, eb_case):
    case_access_grant(actor=staff["eb_manager"], case=eb_case, user=staff["bou_worker"], reason="Samverkan")
    entry = journal_entry_create(actor=staff["bou_worker"], case=eb_case, text="Samverkansmöte")
    assert entry.case_id == eb_case.pk


def test_case_pages_link_to_their_module(client, staff, eb_case, bou_case):
    client.force_login(staff["bou_worker"])
    html = client.get(f"/arenden/{bou_case.pk}/").content.decode()
    assert f"/barn/arende/{bou_case.pk}/" in html
    client.force_login(staff["eb_worker"])
    html = client.get(f"/arenden/{eb_case.pk}/").content.decode()
    assert f"/barn/arende/{eb_case.pk}/" not in html and "Ekonomiskt bistånd" in html


def test_assignment_left_after_changing_units_grants_nothing(staff, eb_case):
    from skutan.accounts.models import Membership
    from skutan.cases.selectors import cases_assigned_to

    worker = staff["eb_worker"]
    assert eb_case in list(cases_assigned_to(user=worker))
    Membership.objects.filter(user=worker).delete()
    worker = type(worker).objects.get(pk=worker.pk)  # fresh per-request caches
    assert list(cases_assigned_to(user=worker)) == []
