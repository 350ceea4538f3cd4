"""Secrecy review: a report page lists other reports about the child's siblings (their names and concerns):
showing them is a read of the siblings' data and is access-logged."""

from skutan.audit.models import AccessAction, AccessLog


def test_sibling_reports_shown_on_a_report_page_are_access_logged(login, staff, register, family, sibling, child):
    mine = register()
    theirs = register(child=sibling, concerns=["neglect"])
    before = AccessLog.objects.count()
    page = login(staff["bou_worker"]).get(f"/barn/orosanmalningar/{mine.pk}/")
    assert page.status_code == 200
    assert sibling.full_name in page.content.decode()
    rows = list(AccessLog.objects.order_by("id")[before:])
    sibling_rows = [r for r in rows if r.person_id == sibling.pk]
    assert sibling_rows, "the sibling's report was shown without an access-log row"
    assert all(r.action == AccessAction.LIST and r.object_id == str(theirs.pk) for r in sibling_rows)
    assert any(r.person_id == child.pk for r in rows)
