"""Adult case work: opening, investigation with the person's wishes, insats decisions with delegation and
forwarding to the holder, follow-up, the LVM clock, SIP, boplan with step-down and flagged tests."""

from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from skutan.adults import services
from skutan.adults.models import InsatsStatus, StepStatus
from skutan.audit.models import AuditEvent
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.referrals.models import DecisionReferral, ReferralStatus

pytestmark = pytest.mark.django_db


def _insats(case, actor, cost="8500", kind="outpatient"):
    today = timezone.localdate()
    return services.insats_propose(actor=actor, case=case, kind=kind, legal_ground="sol_living",
                                   goal="Minska alkoholkonsumtionen till ingen.", starts_on=today,
                                   ends_on=today + timedelta(days=90), provider="Beroendecentrum", monthly_cost=cost)


def test_adult_case_open_records_how_it_came_in(adult_case):
    opening = adult_case.adult_opening
    assert adult_case.case_type == "adults" and adult_case.opening_kind == "report"
    assert opening.source == "report_health_care" and opening.reporter == "Psykiatriska akutmottagningen"
    assert AuditEvent.objects.filter(event_type=1101, case_id=adult_case.pk).exists()


def test_opening_by_relatives_needs_who_called(person, adult_units, adult_staff):
    with pytest.raises(ApplicationError) as exc:
        services.adult_case_open(actor=adult_staff["worker"], person=person, unit=adult_units["vuxen"],
                                 area="psychiatry", source="relative")
    assert exc.value.field == "reporter"
    case = services.adult_case_open(actor=adult_staff["worker"], person=person, unit=adult_units["vuxen"],
                                    area="psychiatry", source="relative", reporter="Dottern Lisa")
    assert case.opening_kind == "other"


def test_only_the_adults_unit_opens_adult_cases(person, adult_units, adult_staff):
    with pytest.raises(ApplicationError):
        services.adult_case_open(actor=adult_staff["eb_worker"], person=person, unit=adult_units["eb"],
                                 area="addiction", source="application")
    with pytest.raises(AccessDeniedError):
        services.adult_case_open(actor=adult_staff["eb_worker"], person=person, unit=adult_units["vuxen"],
                                 area="addiction", source="application")


def test_investigation_needs_the_persons_wishes_before_it_ends(adult_case, adult_staff):
    worker = adult_staff["worker"]
    inv = services.investigation_open(actor=worker, case=adult_case)
    with pytest.raises(ApplicationError) as exc:
        services.investigation_conclude(actor=worker, investigation=inv, expected_version=inv.version)
    assert exc.value.field == "wishes"
    inv = services.investigation_update(actor=worker, investigation=inv, wishes="Vill bo kvar och sluta dricka.",
                                        needs="Öppenvård och boendestöd.", assessment="Behov finns.",
                                        expected_version=inv.version)
    with pytest.raises(ConflictError):  # a stale version
        services.investigation_update(actor=worker, investigation=inv, wishes="x", needs="y", assessment="",
                                      expected_version=inv.version - 1)
    inv = services.investigation_conclude(actor=worker, investigation=inv, expected_version=inv.version)
    assert inv.status == "concluded"


def test_other_units_cannot_write_the_adult_case(adult_case, adult_staff):
    with pytest.raises(AccessDeniedError):
        services.investigation_open(actor=adult_staff["eb_worker"], case=adult_case)
    with pytest.raises(AccessDeniedError):  # the mobile team never writes the case itself
        _insats(adult_case, adult_staff["member"])


def test_insats_within_the_caseworkers_delegation_is_decided_by_them(adult_case, adult_staff):
    insats = _insats(adult_case, adult_staff["worker"], cost="8500")
    assert insats.legal_source and insats.goal
    decided = services.insats_decide(actor=adult_staff["worker"], insats=insats)
    assert decided.status == InsatsStatus.DECIDED and decided.decided_by == adult_staff["worker"]
    assert decided.delegation_source.startswith("5.1 Insats upp till 10 000 kr/mån")
    adult_case.refresh_from_db()
    assert adult_case.status == "intervention"


def test_insats_beyond_delegation_goes_to_the_manager(adult_case, adult_staff):
    worker, manager = adult_staff["worker"], adult_staff["manager"]
    insats = _insats(adult_case, worker, cost="42000", kind="treatment_home")
    with pytest.raises(AccessDeniedError) as exc:
        services.insats_decide(actor=worker, insats=insats)
    assert "Maria Wid" in exc.value.message  # names the holder
    insats.refresh_from_db()
    assert insats.status == InsatsStatus.PROPOSED
    with pytest.raises(ApplicationError):  # someone without delegation cannot receive it
        services.insats_refer(actor=worker, insats=insats, to_user=adult_staff["eb_worker"])
    referral = services.insats_refer(actor=worker, insats=insats, to_user=manager, message="Behandlingshem 3 mån")
    assert referral.sent_to == manager and referral.path == f"/vuxen/arende/{adult_case.pk}/"
    decided = services.insats_decide(actor=manager, insats=insats)
    assert decided.decided_by == manager and decided.delegation_source.startswith("5.2")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECIDED
    assert DecisionReferral.objects.filter(status=ReferralStatus.PENDING).count() == 0


def test_insats_input_is_checked(adult_case, adult_staff):
    today = timezone.localdate()
    with pytest.raises(ApplicationError) as exc:
        services.insats_propose(actor=adult_staff["worker"], case=adult_case, kind="detox", legal_ground="sol_living",
                                goal="Avgiftning", starts_on=today, ends_on=today - timedelta(days=1),
                                provider="Avgiftningsenheten", monthly_cost="1000")
    assert exc.value.field == "ends_on"
    with pytest.raises(ApplicationError) as exc:
        services.insats_propose(actor=adult_staff["worker"], case=adult_case, kind="detox", legal_ground="sol_living",
                                goal="Avgiftning", starts_on=today, ends_on=today, provider="X", monthly_cost="tio")
    assert exc.value.field == "monthly_cost"


def test_follow_up_against_the_goal_can_end_the_insats(adult_case, adult_staff):
    insats = services.insats_decide(actor=adult_staff["worker"], insats=_insats(adult_case, adult_staff["worker"]))
    services.insats_follow_up(actor=adult_staff["worker"], insats=insats, done_on=None, goal_status="partly",
                              notes="Dricker mindre.", continue_insats=True)
    insats.refresh_from_db()
    assert insats.status == InsatsStatus.DECIDED
    services.insats_follow_up(actor=adult_staff["worker"], insats=insats, done_on=None, goal_status="met",
                              notes="Nykter i tre månader.", continue_insats=False)
    insats.refresh_from_db()
    assert insats.status == InsatsStatus.ENDED and insats.follow_ups.count() == 2


@override_settings(SKUTAN_LVM_DECIDE_DAYS=3, SKUTAN_LVM_INVESTIGATION_DAYS=30)
def test_lvm_has_its_own_clock_from_settings_marked_unconfirmed(adult_case, adult_staff):
    received = date(2026, 6, 1)  # a Monday
    matter = services.lvm_report_register(actor=adult_staff["worker"], case=adult_case, received_on=received,
                                          reporter="police", text="Omhändertagen enligt LOB tre gånger i maj.")
    assert matter.decide_due == date(2026, 6, 4) and not matter.limit_confirmed
    assert "obekräftad" in matter.limit_source and "SKUTAN_LVM_DECIDE_DAYS" in matter.limit_source
    matter = services.lvm_investigation_open(actor=adult_staff["worker"], matter=matter,
                                             opened_on=date(2026, 6, 3), expected_version=matter.version)
    assert matter.investigation_due == date(2026, 7, 3) and matter.due == matter.investigation_due
    matter = services.lvm_conclude(actor=adult_staff["worker"], matter=matter, outcome="voluntary",
                                   conclusion="Samtycker till behandlingshem.", expected_version=matter.version)
    assert matter.concluded_on is not None


def test_lvm_deadline_moves_past_a_weekend(adult_case, adult_staff):
    with override_settings(SKUTAN_LVM_DECIDE_DAYS=5):
        matter = services.lvm_report_register(actor=adult_staff["worker"], case=adult_case,
                                              received_on=date(2026, 6, 1), reporter="health_care", text="Anmälan")
    assert matter.decide_due == date(2026, 6, 8)  # Saturday 6 June (national day too) moves to Monday


def test_sip_needs_consent_and_two_participants(adult_case, adult_staff, adult_units):
    with pytest.raises(ApplicationError) as exc:
        services.sip_create(actor=adult_staff["worker"], case=adult_case, title="SIP", consent_on=date(2026, 1, 5),
                            consent_scope="Region och kommun", participants=[{"organisation": "Vuxen",
                                                                              "responsibility": "Samordnar"}])
    assert exc.value.field == "participants"
    sip = services.sip_create(
        actor=adult_staff["worker"], case=adult_case, title="SIP missbruk och psykiatri", consent_on=date(2026, 1, 5),
        consent_scope="Vuxen, psykiatrin och ekonomiskt bistånd", next_meeting_on=date(2026, 2, 1),
        participants=[{"organisation": "Vuxen/missbruk", "unit": adult_units["vuxen"], "responsibility": "Samordnar"},
                      {"organisation": "Region Värmland, psykiatrin", "name": "Dr Ek", "responsibility": "Medicinering"},
                      {"organisation": "Ekonomiskt bistånd", "unit": adult_units["eb"], "responsibility": "Hyran"}])
    assert sip.participants.count() == 3


def _boplan(case, actor, signed=True):
    today = timezone.localdate()
    return services.boplan_create(
        actor=actor, case=case, test_place="bore", tests_per_month=8, visits_per_week=3, landlord="KBAB",
        landlord_contact="Kontakt varannan vecka", signed_on=today - timedelta(days=60) if signed else None,
        landlord_informed_on=today - timedelta(days=59),
        steps=[{"planned_on": today + timedelta(days=5), "tests_per_month": 4, "visits_per_week": 2},
               {"planned_on": today + timedelta(days=95), "tests_per_month": 2, "visits_per_week": 1}])


def test_boplan_steps_only_ease(adult_case, adult_staff):
    today = timezone.localdate()
    with pytest.raises(ApplicationError) as exc:
        services.boplan_create(actor=adult_staff["worker"], case=adult_case, test_place="home", tests_per_month=4,
                               visits_per_week=1, landlord="KBAB", landlord_contact="Mejl", signed_on=today,
                               steps=[{"planned_on": today + timedelta(days=30), "tests_per_month": 8,
                                       "visits_per_week": 1}])
    assert exc.value.field == "steps"


def test_step_down_is_proposed_on_time_and_someone_decides_it(adult_case, adult_staff):
    from skutan.adults.selectors import boplan_proposal

    worker = adult_staff["worker"]
    plan = _boplan(adult_case, worker)
    services.drug_test_record(actor=worker, boplan=plan, taken_on=timezone.localdate() - timedelta(days=10),
                              place="bore", result="negative")
    proposal = boplan_proposal(boplan=plan)
    assert proposal is not None and proposal.recommend_easing  # 5 days ahead, within the 7-day lead
    step = plan.steps.get(pk=proposal.step_id)
    services.boplan_step_decide(actor=worker, step=step, ease=True, note="Negativa tester, alla besök genomförda.")
    plan.refresh_from_db()
    step.refresh_from_db()
    assert step.status == StepStatus.DECIDED and step.decided_by == worker
    assert (plan.tests_per_month, plan.visits_per_week) == (4, 2)  # the conditions eased only now
    assert boplan_proposal(boplan=plan) is None  # the next step is three months away


def test_step_can_be_postponed_to_a_new_date(adult_case, adult_staff):
    worker = adult_staff["worker"]
    plan = _boplan(adult_case, worker)
    step = plan.steps.first()
    with pytest.raises(ApplicationError):
        services.boplan_step_decide(actor=worker, step=step, ease=False, note="Positivt test.")
    later = timezone.localdate() + timedelta(days=40)
    step = services.boplan_step_decide(actor=worker, step=step, ease=False, note="Positivt test.", postpone_to=later)
    plan.refresh_from_db()
    assert step.status == StepStatus.POSTPONED and step.planned_on == later and plan.tests_per_month == 8


def test_unsigned_boplan_has_no_step_to_decide(adult_case, adult_staff):
    plan = _boplan(adult_case, adult_staff["worker"], signed=False)
    with pytest.raises(ConflictError):
        services.boplan_step_decide(actor=adult_staff["worker"], step=plan.steps.first(), ease=True, note="OK")


def test_missed_or_positive_test_is_flagged_to_the_caseworker(adult_case, adult_staff):
    from skutan.adults.selectors import adults_board

    worker = adult_staff["worker"]
    plan = _boplan(adult_case, worker)
    day = timezone.localdate() - timedelta(days=2)
    negative = services.drug_test_record(actor=worker, boplan=plan, taken_on=day, place="bore", result="negative")
    with pytest.raises(ApplicationError) as exc:
        services.drug_test_record(actor=worker, boplan=plan, taken_on=day, place="bore", result="positive")
    assert exc.value.field == "substances"
    positive = services.drug_test_record(actor=worker, boplan=plan, taken_on=day, place="home", result="positive",
                                         substances="Amfetamin")
    missed = services.drug_test_record(actor=worker, boplan=plan, taken_on=day, place="bore", result="missed")
    assert not negative.flagged and positive.flagged and missed.flagged
    assert {t.pk for t in adults_board(user=worker)["flags"]} == {positive.pk, missed.pk}
    assert adults_board(user=adult_staff["eb_worker"])["flags"] == []  # another unit sees nothing
    services.drug_test_flag_acknowledge(actor=worker, test=positive)
    assert [t.pk for t in adults_board(user=worker)["flags"]] == [missed.pk]
    from skutan.adults.selectors import boplan_proposal

    assert not boplan_proposal(boplan=plan).recommend_easing  # the flags hold the step back
