from datetime import date, timedelta

import pytest
from django.utils import timezone

from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.cases.models import Case, CaseEvent, CaseStatus
from skutan.children import selectors, services
from skutan.children.models import (
    BbicNote,
    ChildReport,
    Intervention,
    Investigation,
    PreliminaryAssessment,
    ProtectionAssessment,
)
from skutan.children.tests.conftest import GOAL, ready_for_decision
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError

from .conftest import at


def _events(case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).order_by("id").values_list("event_type", flat=True))


# --- registering reports --------------------------------------------------------------------------------


def test_register_opens_a_children_case_by_report(register, child, units):
    report = register()
    case = report.case
    assert case.person == child and case.unit == units["bou"]
    assert (case.case_type, case.opening_kind, case.opened_on) == ("children", "report", date(2025, 3, 3))
    assert case.status == CaseStatus.ASSESSMENT
    assert _events(case) == ["opened", "status_changed", "child_report_received"]
    assert report.concern_codes == ["violence"]


def test_reporter_identity_never_reaches_history_or_audit(register):
    report = register(reporter_confidential=True)
    row = AuditEvent.objects.get(event_type=EventType.CHILD_REPORT_RECEIVED)
    assert row.data["report_id"] == report.pk and row.data["reporter_confidential"] is True
    assert "Berit" not in str(row.data)
    assert not any("Berit" in str(e.data) for e in CaseEvent.objects.filter(case=report.case))


def test_second_report_joins_the_open_case_and_is_related(register, child):
    first = register()
    second = register(received_at=at(2025, 3, 10), reporter_category="police")
    assert second.case_id == first.case_id
    assert Case.objects.filter(person=child).count() == 1
    related = selectors.child_report_related(user=first.registered_by, report=first)
    assert [r.pk for r in related] == [second.pk]


def test_siblings_reports_are_related_but_not_other_children(register, family, sibling, staff, person):
    mine = register()
    theirs = register(child=sibling, received_at=at(2025, 3, 4))
    stranger = register(child=person, received_at=at(2025, 3, 5))
    related = selectors.child_report_related(user=staff["bou_worker"], report=mine)
    assert [r.pk for r in related] == [theirs.pk]
    assert stranger.pk not in {r.pk for r in related}
    assert theirs.case_id != mine.case_id  # each child has their own case


def test_unidentified_child_gets_a_case_when_linked(register, child, staff):
    report = register(child=None, child_description="Flicka ca 8 år, går på Skolvägens skola, heter Elsa.")
    assert report.case is None and report.child is None
    linked = services.child_report_link_child(actor=staff["bou_worker"], report=report, child=child)
    assert linked.child == child and linked.case.person == child
    assert "child_report_child_linked" in _events(linked.case)
    with pytest.raises(ConflictError):
        services.child_report_link_child(actor=staff["bou_worker"], report=linked, child=child)


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"received_at": timezone.now() + timedelta(hours=2)}, "received_at"),
        ({"reporter_category": "neighbour"}, "reporter_category"),
        ({"concerns": ["violence", "witchcraft"]}, "concerns"),
        ({"child": None, "child_description": " "}, "child"),
        ({"reporter_category": "anonymous"}, "reporter_name"),
    ],
)
def test_bad_report_input_saves_nothing(register, overrides, field):
    with pytest.raises(ApplicationError) as exc:
        register(**overrides)
    assert exc.value.field == field
    assert ChildReport.objects.count() == 0 and Case.objects.count() == 0


def test_only_children_staff_register_and_only_in_children_units(register, staff, units):
    with pytest.raises(AccessDeniedError):
        register(actor=staff["eb_worker"])
    with pytest.raises(ApplicationError) as exc:
        register(actor=staff["eb_worker"], unit=units["eb"])
    assert exc.value.field == "unit"


# --- skyddsbedömning ------------------------------------------------------------------------------------


def test_protection_alarm_lists_reports_past_the_day_without_assessment(register, staff, units):
    today = timezone.localdate()
    old = register()
    fresh = register(received_at=timezone.now() - timedelta(minutes=5))
    alarm = selectors.protection_alarm(unit_ids=[units["bou"].pk], today=today)
    assert [r.pk for r in alarm] == [old.pk]  # today's report is still within its same-day deadline
    assert fresh.protection_due == today
    services.protection_assessment_record(
        actor=staff["bou_worker"], report=old, assessed_at=at(2025, 3, 4, 9), immediate_protection_needed=False,
        notes="Ringt skolan; barnet är i skolan och pappan bor inte hemma.",
    )
    assert selectors.protection_alarm(unit_ids=[units["bou"].pk], today=today) == []


def test_protection_assessment_once_and_not_before_receipt(register, staff):
    report = register()
    with pytest.raises(ApplicationError) as exc:
        services.protection_assessment_record(
            actor=staff["bou_worker"], report=report, assessed_at=at(2025, 3, 3, 8),
            immediate_protection_needed=False, notes="x",
        )
    assert exc.value.field == "assessed_at"
    services.protection_assessment_record(
        actor=staff["bou_worker"], report=report, assessed_at=at(2025, 3, 3, 11),
        immediate_protection_needed=True, notes="Placeras akut.",
    )
    assert "protection_assessed" in _events(report.case)
    with pytest.raises(ConflictError):
        services.protection_assessment_record(
            actor=staff["bou_worker"], report=report, assessed_at=at(2025, 3, 3, 12),
            immediate_protection_needed=True, notes="igen",
        )
    assert ProtectionAssessment.objects.count() == 1


# --- förhandsbedömning ----------------------------------------------------------------------------------


def _decide(report, user, **kwargs):
    params = {"outcome": "no_investigation", "decided_on": date(2025, 3, 10), "reason": "Skolan har stöd på plats."}
    params.update(kwargs)
    return services.preliminary_assessment_decide(actor=user, report=report, **params)


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"reason": ""}, "reason"),
        ({"outcome": "transfer", "transferred_to": ""}, "transferred_to"),
        ({"outcome": "maybe"}, "outcome"),
        ({"decided_on": date(2025, 3, 2)}, "decided_on"),
        ({"decided_on": "tomorrow"}, "decided_on"),
    ],
)
def test_preliminary_decision_checks(register, staff, kwargs, field):
    if kwargs.get("decided_on") == "tomorrow":  # worked out at run time: a run may cross midnight
        kwargs = {**kwargs, "decided_on": timezone.localdate() + timedelta(days=1)}
    report = register()
    with pytest.raises(ApplicationError) as exc:
        _decide(report, staff["bou_worker"], **kwargs)
    assert exc.value.field == field
    assert PreliminaryAssessment.objects.count() == 0


@pytest.mark.parametrize("concern", ["honour_related", "child_marriage"])
@pytest.mark.parametrize("outcome", ["no_investigation", "transfer"])
def test_honour_and_child_marriage_need_a_conversation_alone_before_closing(register, staff, concern, outcome):
    report = register(concerns=[concern])
    extra = {"transferred_to": "Socialtjänsten i Karlstad"} if outcome == "transfer" else {}
    with pytest.raises(ApplicationError) as exc:
        _decide(report, staff["bou_worker"], outcome=outcome, **extra)
    assert exc.value.field == "child_conversation"
    assert PreliminaryAssessment.objects.count() == 0
    # Documented in the same step: date and who held it.
    _decide(report, staff["bou_worker"], outcome=outcome, conversation_held_on=date(2025, 3, 5),
            conversation_held_by="Bo Ek", **extra)
    assert report.conversations.get().held_by == "Bo Ek"


def test_honour_closure_with_written_reason_or_earlier_conversation(register, staff):
    a = register(concerns=["honour_related"])
    _decide(a, staff["bou_worker"], no_conversation_reason="Familjen har flyttat utomlands; barnet nås inte.")
    b = register(concerns=["child_marriage"], received_at=at(2025, 3, 4))
    services.child_conversation_record(actor=staff["bou_worker"], report=b, held_on=date(2025, 3, 6), held_by="Bo Ek")
    _decide(b, staff["bou_worker"])
    # Opening an investigation never needs the conversation first.
    c = register(concerns=["honour_related"], received_at=at(2025, 3, 5))
    assert _decide(c, staff["bou_worker"], outcome="open_investigation").investigation is not None


def test_screening_out_closes_the_case_unless_other_work_is_open(register, staff):
    first = register()
    second = register(received_at=at(2025, 3, 4))
    _decide(first, staff["bou_worker"])
    case = Case.objects.get(pk=first.case_id)
    assert case.status == CaseStatus.ASSESSMENT  # the second report is still undecided
    _decide(second, staff["bou_worker"], outcome="transfer", transferred_to="Karlstads kommun")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closing_reason.startswith("Förhandsbedömning")
    assert _events(case)[-2:] == ["preliminary_decided", "closed"]


def test_a_report_is_decided_once(register, staff):
    report = register()
    _decide(report, staff["bou_worker"])
    with pytest.raises(ConflictError):
        _decide(report, staff["bou_worker"], outcome="open_investigation")


def test_open_investigation_moves_case_and_second_report_joins(register, staff):
    first = register()
    investigation = _decide(first, staff["bou_worker"], outcome="open_investigation").investigation
    case = Case.objects.get(pk=first.case_id)
    assert case.status == CaseStatus.INVESTIGATION
    assert "investigation_opened" in _events(case)
    second = register(received_at=at(2025, 3, 12))
    again = _decide(second, staff["bou_worker"], outcome="open_investigation", decided_on=date(2025, 3, 14))
    assert again.investigation_id == investigation.pk
    assert Investigation.objects.count() == 1


def test_preliminary_extension_needs_reason_and_later_date(register, staff):
    report = register()
    with pytest.raises(ApplicationError) as exc:
        services.preliminary_assessment_extend(actor=staff["bou_worker"], report=report, new_due=date(2025, 3, 31),
                                               reason=" ", decided_on=date(2025, 3, 14))
    assert exc.value.field == "reason"
    with pytest.raises(ApplicationError) as exc:
        services.preliminary_assessment_extend(actor=staff["bou_worker"], report=report, new_due=date(2025, 3, 17),
                                               reason="Tolk saknas", decided_on=date(2025, 3, 14))
    assert exc.value.field == "new_due"
    services.preliminary_assessment_extend(
        actor=staff["bou_worker"], report=report, new_due=date(2025, 3, 31),
        reason="Barnet vistas hos anhörig utomlands till 28 mars; samtal krävs.", decided_on=date(2025, 3, 14),
    )
    report.refresh_from_db()
    assert (report.preliminary_statutory_due, report.preliminary_due) == (date(2025, 3, 17), date(2025, 3, 31))
    late = _decide(report, staff["bou_worker"], decided_on=date(2025, 3, 25))
    assert late.late is False  # within the extended date
    with pytest.raises(ConflictError):
        services.preliminary_assessment_extend(actor=staff["bou_worker"], report=report, new_due=date(2025, 4, 30),
                                               reason="x", decided_on=date(2025, 3, 26))


def test_decision_after_the_deadline_without_extension_is_marked_late(register, staff):
    report = register()
    assert _decide(report, staff["bou_worker"], decided_on=date(2025, 3, 20)).late is True


# --- utredning ------------------------------------------------------------------------------------------


@pytest.fixture
def investigation(register, staff):
    report = register()
    return _decide(report, staff["bou_worker"], outcome="open_investigation", decided_on=date(2025, 3, 12)).investigation


def test_investigation_extension_by_decision_with_reasons(investigation, staff):
    assert investigation.due == date(2025, 7, 14)  # 12 July 2025 is a Saturday
    with pytest.raises(ApplicationError) as exc:
        services.investigation_extend(actor=staff["bou_worker"], investigation=investigation,
                                      new_due=date(2025, 9, 1), reason="")
    assert exc.value.field == "reason"
    with pytest.raises(ApplicationError) as exc:
        services.investigation_extend(actor=staff["bou_worker"], investigation=investigation,
                                      new_due=date(2025, 7, 1), reason="Väntar på BUP")
    assert exc.value.field == "new_due"
    services.investigation_extend(actor=staff["bou_worker"], investigation=investigation, new_due=date(2025, 9, 1),
                                  reason="Väntar på utlåtande från BUP", decided_on=date(2025, 7, 1))
    investigation.refresh_from_db()
    assert (investigation.statutory_due, investigation.due) == (date(2025, 7, 14), date(2025, 9, 1))
    assert investigation.extensions.get().previous_due == date(2025, 7, 14)


def test_bbic_notes_per_area_with_stale_version_refused(investigation, staff, bou_worker2):
    with pytest.raises(ApplicationError) as exc:
        services.bbic_notes_save(actor=staff["bou_worker"], investigation=investigation, notes={"astrology": "x"})
    assert exc.value.field == "area"
    services.bbic_notes_save(actor=staff["bou_worker"], investigation=investigation,
                             notes={"health": "Frisk, BVC-kontroller gjorda.", "housing": ""})
    note = BbicNote.objects.get(investigation=investigation)
    assert (note.area, note.get_area_display()) == ("health", "Hälsa")
    services.bbic_notes_save(actor=bou_worker2, investigation=investigation, notes={"health": "Astma."},
                             expected_versions={"health": 1})
    with pytest.raises(ConflictError):
        services.bbic_notes_save(actor=staff["bou_worker"], investigation=investigation,
                                 notes={"health": "Frisk."}, expected_versions={"health": 1})
    assert BbicNote.objects.get(investigation=investigation).text == "Astma."


def test_consultation_with_barnahus(investigation, staff):
    with pytest.raises(ApplicationError) as exc:
        services.consultation_record(actor=staff["bou_worker"], investigation=investigation, held_on=date(2025, 3, 20),
                                     agency="fbi", participants="x")
    assert exc.value.field == "agency"
    c = services.consultation_record(
        actor=staff["bou_worker"], investigation=investigation, held_on=date(2025, 3, 20), agency="barnahus",
        participants="Polis, åklagare, barnläkare, socialsekreterare", agency_name="Barnahus Värmland",
    )
    assert c.get_agency_display() == "Barnahus"


def test_investigation_closed_without_intervention_closes_case(investigation, staff):
    with pytest.raises(ApplicationError):
        services.investigation_close(actor=staff["bou_worker"], investigation=investigation,
                                     closed_on=date(2025, 5, 2), reason="")
    services.investigation_close(actor=staff["bou_worker"], investigation=investigation, closed_on=date(2025, 5, 2),
                                 reason="Föräldrarna tar emot stöd från BVC; inget behov av insats.")
    investigation.refresh_from_db()
    assert (investigation.status, investigation.outcome) == ("concluded", "closed")
    case = investigation.case
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    with pytest.raises(ConflictError):
        services.intervention_decide(actor=staff["bou_worker"], investigation=investigation, kind="hvb",
                                     decided_on=date(2025, 5, 3), starts_on=date(2025, 5, 3), provider="HVB Ekbacken")


# --- insatser -------------------------------------------------------------------------------------------


def test_intervention_concludes_investigation_and_follow_ups_are_watched(investigation, staff, units):
    today = timezone.localdate()
    ready_for_decision(investigation, staff["bou_worker"])
    with pytest.raises(ApplicationError) as exc:
        services.intervention_decide(actor=staff["bou_worker"], investigation=investigation, kind="other",
                                     decided_on=date(2025, 6, 2), starts_on=date(2025, 6, 9), provider="x", **GOAL)
    assert exc.value.field == "kind_other"
    intervention = services.intervention_decide(
        actor=staff["bou_worker"], investigation=investigation, kind="contact_person", decided_on=date(2025, 6, 2),
        starts_on=date(2025, 6, 9), provider="Kontaktperson Anders Berg",
        follow_up_dates=[date(2025, 9, 1), today + timedelta(days=30)], **GOAL,
    )
    investigation.refresh_from_db()
    assert (investigation.status, investigation.outcome, investigation.concluded_on) == (
        "concluded", "interventions", date(2025, 6, 2))
    case = Case.objects.get(pk=investigation.case_id)
    assert case.status == CaseStatus.INTERVENTION
    assert _events(case)[-3:] == ["intervention_decided", "investigation_concluded", "status_changed"]
    overdue = selectors.follow_ups_overdue(today=today, unit_ids=[units["bou"].pk])
    assert [f.due_on for f in overdue] == [date(2025, 9, 1)]
    services.intervention_follow_up_record(actor=staff["bou_worker"], follow_up=overdue[0], done_on=date(2025, 9, 3),
                                           notes="Fungerar väl; fortsätter.", goal_status="partly")
    assert selectors.follow_ups_overdue(today=today, unit_ids=[units["bou"].pk]) == []
    services.intervention_end(actor=staff["bou_worker"], intervention=intervention, ended_on=date(2025, 12, 1),
                              reason="Målen uppnådda.")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert Intervention.objects.get().ended_on == date(2025, 12, 1)
