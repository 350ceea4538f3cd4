"""List pages show names from many cases; each case shown is logged as a list read."""

from skutan.audit.models import AccessAction, AccessLog


def test_my_cases_page_logs_each_case_shown(client, staff, eb_case):
    client.force_login(staff["eb_worker"])
    before = AccessLog.objects.filter(case_id=eb_case.pk, action=AccessAction.LIST).count()
    assert client.get("/arenden/mina/").status_code == 200
    assert AccessLog.objects.filter(case_id=eb_case.pk, action=AccessAction.LIST).count() == before + 1


def test_home_page_logs_assigned_cases(client, staff, eb_case):
    client.force_login(staff["eb_worker"])
    client.get("/")
    row = AccessLog.objects.filter(case_id=eb_case.pk, action=AccessAction.LIST).latest("id")
    assert (row.user_id, row.person_id) == (staff["eb_worker"].pk, eb_case.person_id)


def test_unit_board_logs_unit_cases(client, staff, eb_case):
    client.force_login(staff["eb_manager"])
    client.get("/arenden/enhet/")
    assert AccessLog.objects.filter(case_id=eb_case.pk, user_id=staff["eb_manager"].pk, action="list").exists()


def test_assistance_start_page_logs_each_case_shown(client, staff, eb_case):
    client.force_login(staff["eb_worker"])
    assert client.get("/bistand/").status_code == 200
    assert AccessLog.objects.filter(case_id=eb_case.pk, user_id=staff["eb_worker"].pk, action="list").exists()
