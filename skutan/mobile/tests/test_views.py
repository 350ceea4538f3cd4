"""The mobile team's pages: giving an assignment (with the capacity warning), the team's week, the day."""

from datetime import timedelta

import pytest
from django.utils import timezone

from skutan.mobile.models import MobileAssignment

pytestmark = pytest.mark.django_db


def test_caseworker_gives_an_assignment_and_sees_the_warning(client, adult_case, adult_staff, adult_units):
    client.force_login(adult_staff["worker"])
    today = timezone.localdate()
    assert "Ge uppdrag till mobila teamet" in client.get(f"/vuxen/arende/{adult_case.pk}/").content.decode()
    response = client.post(f"/mobila-teamet/nytt/{adult_case.pk}/", {
        "team": adult_units["mobil"].pk, "purpose": "supervision", "visits_per_week": "7",
        "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=14)).isoformat()}, follow=True)
    assert MobileAssignment.objects.get().visits_per_week == 7
    assert "utanför öppettiderna" in response.content.decode()


def test_over_capacity_is_refused_on_the_form(client, adult_case, adult_staff, adult_units):
    client.force_login(adult_staff["worker"])
    today = timezone.localdate()
    response = client.post(f"/mobila-teamet/nytt/{adult_case.pk}/", {
        "team": adult_units["mobil"].pk, "purpose": "supervision", "visits_per_week": "80",
        "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=14)).isoformat()})
    assert response.status_code == 400 and "mer än teamets hela kapacitet" in response.content.decode()
    assert not MobileAssignment.objects.exists()


def test_team_week_shows_capacity_and_the_client(client, adult_case, adult_staff, adult_units):
    from skutan.mobile import services

    today = timezone.localdate()
    services.assignment_create(actor=adult_staff["worker"], case=adult_case, team=adult_units["mobil"],
                               purpose="social_visit", visits_per_week=2, starts_on=today,
                               ends_on=today + timedelta(days=30))
    client.force_login(adult_staff["member"])
    page = client.get("/mobila-teamet/uppdrag/").content.decode()
    assert "Kapacitet 66 besök per vecka" in page and "Anna Svensson" in page and "Sociala besök" in page
    client.force_login(adult_staff["eb_worker"])
    assert "Anna Svensson" not in client.get("/mobila-teamet/uppdrag/").content.decode()
