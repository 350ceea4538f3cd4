"""Staff safety on a phone-sized screen (issue 14): plan a visit to a person with a threat marker (with a
companion), check in, miss the check-out, see the alarm on the manager's board, acknowledge it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from skutan.staff import services
from skutan.staff.models import SafetyMarkerKind, Visit
from skutan.staff.rules import seed_marker_kinds

pytestmark = pytest.mark.browser


def test_visit_check_in_missed_check_out_alarm(page, live_server, login, logout, assert_accessible, staff, person,
                                               eb_case):
    seed_marker_kinds(SafetyMarkerKind)
    services.safety_marker_set(actor=staff["eb_worker"], person=person, kind="threat_to_staff",
                               reason="Hotade handläggare i receptionen",
                               review_on=timezone.localdate() + timedelta(days=60))
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, staff["eb_worker"])
    page.goto(f"/personer/{person.pk}/")
    expect(page.get_by_text("Hotade handläggare i receptionen")).to_be_visible()
    page.get_by_role("link", name="Planera hembesök").click()
    expect(page.get_by_role("alert").filter(has_text="Säkerhetsmarkering")).to_be_visible()
    start = timezone.localtime() - timedelta(hours=2)
    page.get_by_label("Börjar").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Beräknas sluta").fill((start + timedelta(minutes=60)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Planera besöket").click()
    expect(page.get_by_text("besöket görs av två")).to_be_visible()  # refused without a companion
    page.get_by_label("Sällskap", exact=True).select_option(str(staff["eb_worker2"].pk))
    page.get_by_label("Börjar").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Beräknas sluta").fill((start + timedelta(minutes=60)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Planera besöket").click()
    page.get_by_role("button", name="Checka in").click()
    expect(page.get_by_role("button", name="Checka ut")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    assert_accessible(page, "besöket i telefonen")
    assert Visit.objects.get().checked_in_at is not None
    logout(page)

    login(page, live_server, staff["eb_manager"])
    page.goto("/personal/larm/")
    alarm = page.get_by_role("region", name="Eva Berg", exact=False)
    expect(alarm).to_contain_text("minuter sen")
    assert_accessible(page, "larmtavlan")
    page.get_by_label("Vad gjordes?").fill("Ringde Eva, allt väl, glömde checka ut.")
    page.get_by_role("button", name="Kvittera larmet").click()
    expect(page.get_by_text("Inga larm.")).to_be_visible()
    assert Visit.objects.get().alarm_acknowledged_by == staff["eb_manager"]


def test_manager_pages_are_accessible(page, live_server, login, assert_accessible, staff, eb_case):
    from datetime import date

    services.threat_incident_record(actor=staff["eb_worker"], affected=staff["eb_worker"], unit=eb_case.unit,
                                    occurred_on=date(2026, 10, 1), channel="social_media", description="Uthängd")
    login(page, live_server, staff["eb_manager"])
    for url, label in (("/personal/arbetsbelastning/", "arbetsbelastning"), ("/personal/enhet/", "kompetens"),
                       ("/personal/hot-och-vald/", "hot och våld"), (f"/arenden/{eb_case.pk}/fordela/", "fördela")):
        page.goto(url)
        assert_accessible(page, label)
    expect(page.get_by_role("table", name="Handläggarnas belastning")).to_be_visible()
