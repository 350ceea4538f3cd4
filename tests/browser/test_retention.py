"""The archivist's gallring pages in a real browser: a dry run, review and approval by a second archivist,
and the registerutdrag page, each checked with axe."""

from datetime import date

import pytest
from django.utils import timezone

from skutan.accounts.models import Role
from skutan.accounts.services import user_create
from skutan.retention.models import PlanStatus, PurgePlan

pytestmark = pytest.mark.browser


def _old_person(staff, units):
    from skutan.cases.services import case_close, case_open
    from skutan.conftest import make_pnr
    from skutan.core.clock import recorded_at
    from skutan.people.services import person_create
    from skutan.retention.tests.conftest import backdate, moment, years_ago

    when = years_ago(6)
    person = person_create(
        actor=staff["eb_worker"], identity_number=make_pnr(date(1970, 3, 2), 111), first_name="Sixten",
        last_name="Gammal",
    )
    with recorded_at(moment(when)):
        case = case_open(actor=staff["eb_worker"], person=person, unit=units["eb"], case_type="financial_assistance",
                         opening_kind="application", opened_on=when)
        case = case_close(actor=staff["eb_worker"], case=case, reason="Avslutat", expected_version=case.version,
                          closed_on=when)
    backdate(case=case, when=when)
    return person


def test_a_plan_is_made_reviewed_and_approved(
    page, live_server, login, logout, assert_accessible, staff, units, task_worker
):
    person = _old_person(staff, units)
    planner = user_create(username="arkiv", password="Skutan-demo-2026", first_name="Ingrid", last_name="Arkell",
                          memberships=[(units["logg"], Role.ARCHIVIST)])
    approver = user_create(username="arkiv2", password="Skutan-demo-2026", first_name="Tor", last_name="Registrell",
                           memberships=[(units["logg"], Role.ARCHIVIST)])

    login(page, live_server, planner)
    page.get_by_role("link", name="Gallring och arkiv").first.click()
    page.get_by_role("heading", name="Gallring och arkiv").wait_for()
    assert_accessible(page, "gallringsplaner")
    page.locator("#id_year").fill(str(timezone.localdate().year))
    page.get_by_role("button", name="Provkör (gallrar ingenting)").click()
    page.get_by_role("heading", name="Gallras (1)").wait_for()
    assert page.get_by_role("button", name="Godkänn planen").count() == 0
    assert_accessible(page, "gallringsplanen")
    logout(page)

    login(page, live_server, approver)
    plan = PurgePlan.objects.get()
    page.goto(f"/gallring/{plan.pk}/")
    page.locator("#id_note").fill("Granskad mot dokumenthanteringsplanen")
    page.get_by_role("button", name="Godkänn planen").click()
    page.get_by_text("Planen är godkänd. Nu kan gallringen startas.").wait_for()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == approver

    page.get_by_role("link", name="Registerutdrag").first.click()
    page.locator("#id_identity_number").fill(person.identity_number)
    page.get_by_role("button", name="Sök").click()
    page.get_by_role("link", name="Sixten Gammal").click()
    page.get_by_role("heading", name="Registerutdrag för Sixten Gammal").wait_for()
    assert_accessible(page, "registerutdrag")

    # a bevarandemarkering registered now keeps him, although the plan said purge
    page.get_by_role("link", name="Bevarandemarkeringar").first.click()
    page.get_by_role("heading", name="Bevarandemarkeringar för Sixten Gammal").wait_for()
    page.locator("#id_kind").select_option("paternity")
    page.locator("#id_document_date").fill("2001-02-03")
    page.get_by_role("button", name="Registrera markeringen").click()
    page.get_by_text("Bevarandemarkeringen är registrerad").wait_for()
    assert_accessible(page, "bevarandemarkeringar")

    # the gallring runs in the background; the page shows its progress until it is done
    page.goto(f"/gallring/{plan.pk}/")
    page.get_by_role("button", name="Starta gallringen").click()
    page.get_by_test_id("task-status").filter(has_text="Klar").wait_for(timeout=30000)
    assert_accessible(page, "gallringen genomförd")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DONE
    assert plan.items.get().outcome == "keep"  # checked again before purging: the mark keeps him
