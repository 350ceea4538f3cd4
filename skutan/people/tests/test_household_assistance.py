"""A household built in the person page's UI is what the assistance module pre-fills a new application from
(skutan/assistance/selectors.py: household_defaults reads case.household, else the person's current household)."""

from django.utils import timezone

from skutan.assistance.models import Application
from skutan.cases.models import Case
from skutan.people.models import Household
from skutan.people.tests.household_fixtures import *  # noqa: F401,F403
from skutan.people.tests.household_fixtures import years_ago

HX = {"HTTP_HX_REQUEST": "true"}


def test_household_from_the_ui_prefills_the_application(login, staff, person, partner, toddler, eb_case):
    client = login(staff["eb_worker"])
    since = years_ago(1).isoformat()
    # Person page: create a household of sambor, then add the toddler, who eats lunch at förskola.
    client.post(f"/personer/{person.pk}/hushall/", {
        "create-role": "adult", "create-cohabiting": "1", "create-other_adult": partner.identity_number,
        "create-lunch_at_home": "1", "create-since": since,
    }, **HX)
    household = Household.objects.get()
    client.post(f"/personer/{person.pk}/hushall/medlemmar/", {
        "add-household": household.pk, "add-identity_number": toddler.identity_number, "add-role": "child",
        "add-lunch_at_home": "0", "add-joined_on": since,
    }, **HX)
    # Case page: link the EB case to the household.
    client.post(f"/arenden/{eb_case.pk}/hushall/", {"household": household.pk, "version": eb_case.version})
    assert Case.objects.get(pk=eb_case.pk).household_id == household.pk

    # Assistance: a new application for this month, registered through its own page.
    month = timezone.localdate().replace(day=1)
    response = client.post(f"/bistand/arenden/{eb_case.pk}/ny/", {"month": month.strftime("%Y-%m")})
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get(case=eb_case, month=month)
    assert application.cohabiting is True
    rows = {m.person_id: m for m in application.members.all()}
    assert set(rows) == {person.pk, partner.pk, toddler.pk}
    assert (rows[person.pk].role, rows[partner.pk].role, rows[toddler.pk].role) == ("adult", "adult", "child")
    assert rows[toddler.pk].lunch_at_home is False
    assert rows[toddler.pk].birth_date == toddler.birth_date
    assert rows[person.pk].lunch_at_home is None  # adults have no lunch choice in the norm
