"""The follow-up dashboard in a real browser: charts and tables pass axe (WCAG 2.1 AA)."""

import pytest
from django.utils import timezone

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.services import unit_create, user_create
from skutan.payments.tests.factories import make_decision

pytestmark = pytest.mark.browser


def test_followup_dashboard_is_accessible(page, live_server, login, assert_accessible, staff, eb_case):
    management = user_create(
        username="socialchef", password="Skutan-demo-2026", first_name="Sofia", last_name="Chef",
        memberships=[(unit_create(name="Förvaltningsledning", kind=UnitKind.MANAGEMENT), Role.MANAGEMENT)],
    )
    make_decision(case=eb_case, decided_by=staff["eb_manager"], month=timezone.localdate().replace(day=1),
                  amount="6000")
    login(page, live_server, management)
    page.get_by_role("link", name="Uppföljning").click()
    page.get_by_role("heading", name="Uppföljning", level=1).wait_for()
    assert page.get_by_role("img", name="Ekonomiskt bistånd: kostnad per hushåll och månad").count() == 1
    assert page.get_by_role("table", name="Arbetsbelastning per enhet").count() == 1
    assert_accessible(page, "uppföljning")
