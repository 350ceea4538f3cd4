"""Min dag (cases.workday): every app's items for a caseworker and for a unit manager, each linking to where the
work is done, and the list read access-logged."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from skutan.audit.models import AccessLog
from skutan.cases.workday import (
    SECTIONS,
    WORKDAY_PROVIDERS,
    WorkItem,
    deadline_section,
    week_end,
    workday_items,
)
from skutan.core.context import AccessContext


def _ctx(user):
    return AccessContext(user=user, purpose="Min dag", channel="web", path="/")


def _labels(items, section):
    return [i.label for i in items[section]]


def test_week_end_and_deadline_section():
    from datetime import date

    wednesday = date(2026, 12, 2)
    assert week_end(wednesday) == date(2026, 12, 6)
    assert deadline_section(due=date(2026, 12, 1), today=wednesday) == "deadlines_today"  # late counts as today
    assert deadline_section(due=wednesday, today=wednesday) == "deadlines_today"
    assert deadline_section(due=date(2026, 12, 6), today=wednesday) == "deadlines_week"
    assert deadline_section(due=date(2026, 12, 7), today=wednesday) is None


def test_every_app_registers_its_provider():
    names = {p.__module__ for p in WORKDAY_PROVIDERS}
    assert {"skutan.cases.workday", "skutan.children.workday", "skutan.assistance.workday",
            "skutan.referrals.workday", "skutan.staff.workday"} <= names


def test_a_new_provider_adds_its_section_items(monkeypatch, staff):
    """The registry is the hook for later sources (the mobile team's visits): a provider's items appear."""
    def mobile_team(*, user, today):
        return [WorkItem("visits_today", "Mobila teamet: besök 14:00", "/personal/")]

    monkeypatch.setattr("skutan.cases.workday.WORKDAY_PROVIDERS", [*WORKDAY_PROVIDERS, mobile_team])
    items = workday_items(ctx=_ctx(staff["eb_worker"]))
    assert "Mobila teamet: besök 14:00" in _labels(items, "visits_today")


def test_caseworker_drafts_and_new_assignments(staff, eb_case, draft_entry):
    items = workday_items(ctx=_ctx(staff["eb_worker"]))
    assert [i.url for i in items["drafts"]] == [f"/arenden/{eb_case.pk}/#journal-form"]
    assert items["new_assigned"][0].url == f"/arenden/{eb_case.pk}/"
    assert eb_case.reference in items["new_assigned"][0].label
    # Nobody else's drafts or assignments
    other = workday_items(ctx=_ctx(staff["eb_worker2"]))
    assert other["drafts"] == [] and other["new_assigned"] == []


def test_read_is_logged_once_per_person(staff, eb_case, draft_entry, person):
    before = AccessLog.objects.count()
    workday_items(ctx=_ctx(staff["eb_worker"]))
    rows = list(AccessLog.objects.order_by("id")[before:])
    assert [(r.person_id, r.action, r.purpose) for r in rows] == [(person.pk, "list", "Min dag")]


def test_manager_sees_unallocated_and_workload_with_weighted_load(staff, units, person, eb_case):
    from skutan.cases.services import case_open

    loose = case_open(actor=staff["eb_manager"], person=person, unit=units["eb"], case_type="adults",
                      opening_kind="other")
    items = workday_items(ctx=_ctx(staff["eb_manager"]))
    assert [i.url for i in items["unallocated"]] == [f"/arenden/{loose.pk}/fordela/"]
    workload = {i.label: i.detail for i in items["workload"]}
    eva = workload["Eva Berg (Ekonomiskt bistånd)"]
    assert eva.startswith("1 öppet ärende, viktad belastning ")  # the staff app's weighted load
    assert "av" in eva and "%" in eva
    assert workday_items(ctx=_ctx(staff["eb_worker"]))["unallocated"] == []


def test_referral_waiting_and_returned_with_message(staff, eb_case):
    from datetime import date

    from skutan.accounts.models import Delegation
    from skutan.referrals.services import referral_return, referral_send

    Delegation.objects.create(user=staff["eb_manager"], decision_kind="ekonomiskt_bistand", point="EB 1",
                              valid_from=date(2000, 1, 1))
    referral = referral_send(
        actor=staff["eb_worker"], case=eb_case, decision_kind="ekonomiskt_bistand", subject_type="assistance.application",
        subject_id=999, path="/bistand/ansokan/999/", summary="Ekonomiskt bistånd 2026-12", amount=None, proposal={},
        to_user=staff["eb_manager"],
    )
    manager = workday_items(ctx=_ctx(staff["eb_manager"]))
    assert any(i.url == "/bistand/ansokan/999/" and "Ekonomiskt bistånd 2026-12" in i.label for i in manager["queue"])
    referral_return(actor=staff["eb_manager"], referral=referral, comment="Hyran saknar underlag.")
    worker = workday_items(ctx=_ctx(staff["eb_worker"]))
    assert any("Skickat tillbaka till dig" in i.label and i.detail.startswith("av Maria Holm") for i in worker["decisions"])
    assert [i.label for i in worker["messages"]] == [
        f"Maria Holm om Ekonomiskt bistånd 2026-12 ({eb_case.reference}): Hyran saknar underlag."
    ]
    assert workday_items(ctx=_ctx(staff["eb_manager"]))["queue"] == []


def test_application_missing_documents_and_new(staff, eb_case):
    from skutan.assistance.services import application_create, application_defaults

    month = timezone.localdate().replace(day=1)
    data = application_defaults(case=eb_case, month=month)
    data.received_on = timezone.localdate()
    data.attachments = [{"name": "Hyresavi", "received": True}, {"name": "Lönespecifikation", "received": False}]
    application = application_create(actor=staff["eb_worker"], case=eb_case, month=month, data=data)
    items = workday_items(ctx=_ctx(staff["eb_worker"]))
    missing = items["missing_documents"]
    assert [(i.url, i.detail) for i in missing] == [(f"/bistand/ansokan/{application.pk}/", "saknar Lönespecifikation")]
    assert any(i.url == f"/bistand/ansokan/{application.pk}/" for i in items["new_assigned"])
    assert workday_items(ctx=_ctx(staff["eb_worker2"]))["missing_documents"] == []


def test_children_deadlines_today_week_and_unit_late(staff, units, person, bou_case):
    from skutan.accounts.models import Role
    from skutan.accounts.services import membership_add
    from skutan.children.services import child_report_register

    now = timezone.localtime()
    report = child_report_register(
        actor=staff["bou_worker"], unit=units["bou"], child=person, reporter_category="school", concerns=["neglect"],
        received_at=now,
    )
    items = workday_items(ctx=_ctx(staff["bou_worker"]))
    url = f"/barn/orosanmalningar/{report.pk}/"
    # The protection assessment is due at once (today), the preliminary one within 14 days.
    assert any(i.url == url and i.label.startswith("Skyddsbedömning") for i in items["deadlines_today"])
    assert any(i.url == url for i in items["new_assigned"])
    late = child_report_register(
        actor=staff["bou_worker"], unit=units["bou"], child=person, reporter_category="school", concerns=["neglect"],
        received_at=datetime.combine(timezone.localdate() - timedelta(days=30), datetime.min.time(),
                                     tzinfo=ZoneInfo("Europe/Stockholm")).replace(hour=10),
    )
    membership_add(actor=None, user=staff["eb_manager"], unit=units["bou"], role=Role.UNIT_MANAGER)
    manager = workday_items(ctx=_ctx(staff["eb_manager"]))
    assert any(i.url == f"/barn/orosanmalningar/{late.pk}/" and i.late for i in manager["unit_late"])


def test_visits_today(staff, units, person, eb_case):
    from skutan.staff.services import visit_plan

    start = timezone.now() + timedelta(minutes=5)
    visit = visit_plan(actor=staff["eb_worker"], person=person, unit=units["eb"], starts_at=start,
                       expected_end=start + timedelta(hours=1), purpose="Hembesök")
    items = workday_items(ctx=_ctx(staff["eb_worker"]))
    assert [(i.url, i.detail) for i in items["visits_today"]] == [(f"/personal/besok/{visit.pk}/", "Hembesök, planerat")]
    assert "Anna Svensson" in items["visits_today"][0].label


def test_home_page_shows_sections_by_role(login, staff, eb_case, draft_entry):
    html = login(staff["eb_worker"]).get("/").content.decode()
    assert "Min dag" in html and "Frister i dag och försenade (0)" in html and "Osignerade utkast (1)" in html
    assert "Ofördelade ärenden" not in html and "Arbetsbelastning" not in html
    html = login(staff["eb_manager"]).get("/").content.decode()
    assert "Ofördelade ärenden (0)" in html and "Arbetsbelastning" in html


@pytest.mark.parametrize("key", [k for k, _, _ in SECTIONS])
def test_every_section_has_a_swedish_heading(key):
    heading = dict((k, h) for k, h, _ in SECTIONS)[key]
    assert str(heading) and "_" not in str(heading)


def test_allocation_picker_shows_open_cases_and_weighted_load(login, staff, units, person, eb_case):
    from skutan.cases.services import case_open

    loose = case_open(actor=staff["eb_manager"], person=person, unit=units["eb"], case_type="adults",
                      opening_kind="other")
    html = login(staff["eb_manager"]).get(f"/arenden/{loose.pk}/fordela/").content.decode()
    eva = html[html.index(f'<option value="{staff["eb_worker"].pk}">'):]
    eva = eva[:eva.index("</option>")]
    assert "Eva Berg – 1 öppet ärende, viktad belastning" in eva
    erik = html[html.index(f'<option value="{staff["eb_worker2"].pk}">'):]
    assert erik[:erik.index("</option>")].startswith(f'<option value="{staff["eb_worker2"].pk}">Erik Lind – 0 öppna ärenden')


def test_new_documents_on_my_cases_until_i_open_them(settings, tmp_path, login, staff, eb_case):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from skutan.cases.services_documents import document_register

    settings.MEDIA_ROOT = tmp_path

    def register(actor, title):
        return document_register(actor=actor, case=eb_case, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"),
                                 kind="salary", title=title, received_on=timezone.localdate())

    doc = register(staff["eb_manager"], "Lönespecifikation från chefen")
    register(staff["eb_worker"], "Min egen hyresavi")  # what I registered myself is not news to me
    worker = staff["eb_worker"]
    labels = _labels(workday_items(ctx=_ctx(worker)), "messages")
    assert [label for label in labels if "dokument" in label] == [
        f"Nytt dokument i {eb_case.reference} (Anna Svensson): Lönespecifikation från chefen"]
    item = next(i for i in workday_items(ctx=_ctx(worker))["messages"] if "dokument" in i.label)
    assert item.url == f"/arenden/handlingar/{doc.pk}/" and "Maria Holm" in item.detail
    assert not any("dokument" in label for label in _labels(workday_items(ctx=_ctx(staff["eb_worker2"])), "messages"))
    login(worker).get(item.url)  # opened: no longer new
    assert not any("dokument" in label for label in _labels(workday_items(ctx=_ctx(worker)), "messages"))
