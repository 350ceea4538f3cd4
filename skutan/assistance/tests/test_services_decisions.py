"""One-off decisions, rättelse/omprövning, appeals and återkrav through their services."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from skutan.assistance.models import Decision, Guideline, GuidelineKind
from skutan.assistance.models_decisions import (
    AppealStatus,
    ClaimGround,
    ClaimStatus,
    DecisionRevision,
    OneOffRule,
    ReceivedBasis,
    RevisionKind,
    Settlement,
)
from skutan.assistance.services_appeals import (
    appeal_dismiss,
    appeal_judgement_record,
    appeal_reconsider,
    appeal_register,
    appeal_send_to_court,
)
from skutan.assistance.services_claims import (
    claim_balance,
    claim_decide,
    claim_repayment_register,
    claim_write_off,
)
from skutan.assistance.services_one_off import one_off_decide
from skutan.assistance.services_revisions import decision_revise
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.payments.tests.factories import make_decision

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=STOCKHOLM)


@pytest.fixture
def may_decision(eb_case, staff, delegations):
    return make_decision(case=eb_case, decided_by=staff["eb_worker"], month=date(2025, 5, 1), amount="5000",
                         decided_at=at(date(2025, 4, 28)))


def paid(decision):
    """The month's payment, as the payment run would make it, sent to the bank."""
    from skutan.payments.models import Payment

    return Payment.objects.create(
        decision=decision, case=decision.case, payee=decision.payee, amount=decision.amount, month=decision.month,
        due_date=decision.month, status="sent", end_to_end_id=f"T-{decision.pk}",
    )


# -- one-off needs -------------------------------------------------------------------------------------------


def test_a_one_off_need_is_decided_with_its_rule_and_the_guidelines_reference_amount(eb_case, staff, delegations):
    Guideline.objects.create(kind=GuidelineKind.ONE_OFF_REFERENCE, need="glasses", max_amount=Decimal("1500"),
                             source="Socialnämnden 2024-11-20 § 112", valid_from=date(2024, 1, 1))
    decision = one_off_decide(
        actor=staff["eb_worker"], case=eb_case, need="glasses", description="Glasögon enligt optikerns intyg",
        rule=OneOffRule.LIVING, outcome="partly_granted", requested_amount="2400", amount="1500",
        reasons="Beviljas upp till riktbeloppet för glasögon.",
    )
    assert (decision.amount, decision.reference_amount, decision.appealable) == (Decimal("1500"), Decimal("1500"), True)
    assert "socialtjänstlagen (2025:400)" in decision.legal_basis  # decided after 2025-07-01: law named only
    assert "kap." not in decision.legal_basis
    assert AuditEvent.objects.filter(event_type=EventType.ASSISTANCE_ONE_OFF_DECIDED, case_id=eb_case.pk).count() == 1


def test_bistand_utover_is_not_appealable_by_forvaltningsbesvar(eb_case, staff, delegations):
    decision = one_off_decide(
        actor=staff["eb_worker"], case=eb_case, need="furniture", description="Soffa", rule=OneOffRule.DISCRETIONARY,
        outcome="rejected", requested_amount="4000", reasons="Behovet kan tillgodoses på annat sätt.",
    )
    assert decision.appealable is False
    with pytest.raises(ConflictError, match="laglighetsprövning"):
        appeal_register(actor=staff["eb_worker"], decision=decision, received_on=timezone.localdate(),
                        decision_received_basis=ReceivedBasis.UNKNOWN)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"outcome": "granted", "amount": "100"}, "amount"),
        ({"outcome": "partly_granted", "amount": "2400"}, "amount"),
        ({"outcome": "rejected", "amount": "5"}, "amount"),
        ({"outcome": "granted", "requested_amount": "12,50"}, "requested_amount"),
        ({"outcome": "granted", "reasons": " "}, "reasons"),
        ({"outcome": "granted", "rule": "4_3"}, "rule"),
        ({"outcome": "granted", "need": "car"}, "need"),
    ],
)
def test_a_bad_one_off_decision_is_refused_naming_the_field(eb_case, staff, delegations, kwargs, field):
    args = {"need": "dental", "description": "Akut tandvård", "rule": OneOffRule.LIVING,
            "requested_amount": "2400", "reasons": "Akut behov.", **kwargs}
    with pytest.raises(ApplicationError) as exc:
        one_off_decide(actor=staff["eb_worker"], case=eb_case, **args)
    assert exc.value.field == field


def test_a_one_off_above_the_delegation_is_refused_and_says_who_can_decide(eb_case, staff, delegations):
    with pytest.raises(AccessDeniedError, match="Maria Holm"):
        one_off_decide(actor=staff["eb_worker"], case=eb_case, need="furniture", description="Möbler",
                       rule=OneOffRule.LIVING, outcome="granted", requested_amount="25000", reasons="Ny bostad.")


def test_a_user_outside_the_unit_cannot_decide(eb_case, staff, delegations):
    with pytest.raises(AccessDeniedError):
        one_off_decide(actor=staff["bou_worker"], case=eb_case, need="dental", description="Tand",
                       rule=OneOffRule.LIVING, outcome="granted", requested_amount="500", reasons="Akut.")


# -- rättelse and omprövning ---------------------------------------------------------------------------------


def test_a_frozen_decision_cannot_be_edited_in_the_database(may_decision):
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=may_decision.pk).update(amount=Decimal("6000"))


def test_omprovning_raising_the_amount_is_a_new_decision_and_the_difference_an_extra_payment(
    may_decision, staff
):
    paid(may_decision)
    revision = decision_revise(actor=staff["eb_worker"], decision=may_decision, kind=RevisionKind.RECONSIDERATION,
                               amount="5600", reasons="Hyran var högre än beräknat: ny hyresavi.")
    may_decision.refresh_from_db()
    assert may_decision.amount == Decimal("5000")  # the old decision stays as it was
    assert list(may_decision.revisions.all()) == [revision]  # …marked as changed by the new one
    assert (revision.previous_amount, revision.paid_before, revision.difference) == (
        Decimal("5000"), Decimal("5000"), Decimal("600"))
    assert revision.settlement == Settlement.EXTRA_PAYMENT
    assert "37–39 §§ förvaltningslagen (2017:900)" in revision.legal_basis

    from skutan.payments.services import payments_plan_from_decisions

    planned = payments_plan_from_decisions(actor=staff["eb_manager"])
    assert [(p.revision_id, p.amount, p.decision_id) for p in planned] == [(revision.pk, Decimal("600"), None)]
    assert payments_plan_from_decisions(actor=staff["eb_manager"]) == []  # once


def test_a_changed_month_not_yet_paid_is_paid_at_the_new_amount_only(may_decision, staff):
    revision = decision_revise(actor=staff["eb_worker"], decision=may_decision, kind=RevisionKind.CORRECTION,
                               amount="5100", reasons="Räknefel i hyran (skrivfel 8 200 i stället för 8 300).")
    assert revision.paid_before == 0 and revision.settlement == Settlement.EXTRA_PAYMENT
    from skutan.payments.services import payments_plan_from_decisions

    planned = payments_plan_from_decisions(actor=staff["eb_manager"])
    assert [(p.revision_id, p.amount) for p in planned] == [(revision.pk, Decimal("5100"))]
    assert not may_decision.payments.exists()


def test_lowering_a_paid_month_by_omprovning_needs_a_ground_and_leads_to_a_claim(may_decision, staff):
    paid(may_decision)
    with pytest.raises(ApplicationError) as exc:
        decision_revise(actor=staff["eb_worker"], decision=may_decision, kind=RevisionKind.RECONSIDERATION,
                        amount="3000", reasons="Lön som inte redovisades.")
    assert exc.value.field == "adverse_ground"
    revision = decision_revise(actor=staff["eb_worker"], decision=may_decision, kind=RevisionKind.RECONSIDERATION,
                               amount="3000", reasons="Lön som inte redovisades.", adverse_ground="wrong_information")
    assert (revision.settlement, revision.difference) == (Settlement.CLAIM, Decimal("-2000"))
    claim = claim_decide(
        actor=staff["eb_worker"], case=may_decision.case, ground=ClaimGround.WRONG_INFORMATION, amount="2000",
        reasons="Du lämnade inte uppgift om lön i maj.", instalment_amount="500",
        first_due_on=timezone.localdate() + timedelta(days=10), decisions=[may_decision], revision=revision,
    )
    assert claim.revision == revision and list(claim.decisions.all()) == [may_decision]
    with pytest.raises(ApplicationError, match="2000 kr"):
        claim_decide(actor=staff["eb_worker"], case=may_decision.case, ground=ClaimGround.WRONG_INFORMATION,
                     amount="2500", reasons="x", instalment_amount="500",
                     first_due_on=timezone.localdate() + timedelta(days=10), revision=revision)


def test_the_same_amount_is_not_a_new_decision(may_decision, staff):
    with pytest.raises(ApplicationError, match="detsamma"):
        decision_revise(actor=staff["eb_worker"], decision=may_decision, kind=RevisionKind.RECONSIDERATION,
                        amount="5000", reasons="Prövat igen.")


def test_a_stale_revision_is_refused(may_decision, staff):
    decision_revise(actor=staff["eb_worker"], decision=may_decision, kind=RevisionKind.CORRECTION, amount="5100",
                    reasons="Skrivfel.")
    with pytest.raises(ConflictError):
        decision_revise(actor=staff["eb_worker2"], decision=may_decision, kind=RevisionKind.CORRECTION,
                        amount="5200", reasons="Skrivfel.", expected_revisions=0)


# -- appeals -------------------------------------------------------------------------------------------------


def test_a_late_appeal_around_midsommar_is_dismissed_by_a_decision(eb_case, staff, delegations):
    decision = make_decision(case=eb_case, decided_by=staff["eb_worker"], month=date(2025, 6, 1), amount="0",
                             outcome="rejected", decided_at=at(date(2025, 5, 30)))
    # Handed over Friday 30 May 2025: 3 weeks → midsommarafton 20 June → Monday 23 June. In on 24 June: late.
    appeal = appeal_register(actor=staff["eb_worker"], decision=decision, received_on=date(2025, 6, 24),
                             decision_received_basis=ReceivedBasis.HANDED_OVER,
                             decision_received_on=date(2025, 5, 30), content="Jag vill ha bistånd för juni.")
    assert (appeal.last_day, appeal.in_time) == (date(2025, 6, 23), False)
    assert appeal.status == AppealStatus.RECEIVED  # waits for the avvisning decision
    with pytest.raises(ConflictError):
        appeal_send_to_court(actor=staff["eb_worker"], appeal=appeal, court="Förvaltningsrätten i Karlstad",
                             statement="Nämnden vidhåller beslutet.")
    with pytest.raises(ConflictError):
        appeal_reconsider(actor=staff["eb_worker"], appeal=appeal, note="x")
    appeal = appeal_dismiss(actor=staff["eb_worker"], appeal=appeal,
                            reasons="Överklagandet kom in 2025-06-24, efter sista dagen 2025-06-23.")
    assert appeal.status == AppealStatus.DISMISSED and appeal.dismissed_by == staff["eb_worker"]
    assert AuditEvent.objects.filter(event_type=EventType.ASSISTANCE_APPEAL_DISMISSED).count() == 1


def test_an_appeal_in_time_on_the_monday_after_midsommar_goes_omprovning_court_and_judgement(
    eb_case, staff, delegations
):
    decision = make_decision(case=eb_case, decided_by=staff["eb_worker"], month=date(2025, 6, 1), amount="3000",
                             outcome="partly_granted", decided_at=at(date(2025, 5, 30)))
    paid(decision)
    appeal = appeal_register(actor=staff["eb_worker"], decision=decision, received_on=date(2025, 6, 23),
                             decision_received_basis=ReceivedBasis.HANDED_OVER,
                             decision_received_on=date(2025, 5, 30))
    assert appeal.in_time and appeal.last_day == date(2025, 6, 23)
    with pytest.raises(ConflictError):
        appeal_dismiss(actor=staff["eb_worker"], appeal=appeal, reasons="För sent.")
    with pytest.raises(ConflictError, match="Ompröva"):
        appeal_send_to_court(actor=staff["eb_worker"], appeal=appeal, court="Förvaltningsrätten i Karlstad",
                             statement="Nämnden vidhåller beslutet.")
    appeal, revision = appeal_reconsider(actor=staff["eb_worker"], appeal=appeal,
                                         note="Omprövat: inga nya omständigheter, beslutet står fast.")
    assert revision is None and appeal.status == AppealStatus.IN_TIME
    appeal = appeal_send_to_court(actor=staff["eb_worker"], appeal=appeal, court="Förvaltningsrätten i Karlstad",
                                  statement="Nämnden vidhåller beslutet och hänvisar till utredningen.",
                                  sent_on=date(2025, 6, 25))
    assert appeal.status == AppealStatus.SENT
    appeal, revision = appeal_judgement_record(
        actor=staff["eb_worker"], appeal=appeal, judgement_on=date(2025, 9, 10), outcome="granted",
        summary="Rätt till bistånd med skälig hyra 8 300 kr.", court_case_number="1234-25", new_amount="3800",
        follow_up="Mellanskillnaden 800 kr betalas ut.",
    )
    assert appeal.status == AppealStatus.JUDGED
    assert (revision.kind, revision.appeal, revision.difference) == (RevisionKind.JUDGEMENT, appeal, Decimal("800"))


def test_an_omprovning_that_gives_the_person_what_they_asked_ends_the_appeal(eb_case, staff, delegations):
    decision = make_decision(case=eb_case, decided_by=staff["eb_worker"], month=date(2025, 3, 1), amount="0",
                             outcome="rejected", decided_at=at(date(2025, 3, 7)))
    # Received Saturday 8 March (the person's own statement): 29 March is a Saturday → Monday 31 March.
    appeal = appeal_register(actor=staff["eb_worker"], decision=decision, received_on=date(2025, 3, 31),
                             decision_received_basis=ReceivedBasis.STATED, decision_received_on=date(2025, 3, 8))
    assert appeal.in_time and appeal.last_day == date(2025, 3, 31)
    appeal, revision = appeal_reconsider(actor=staff["eb_worker"], appeal=appeal, note="Ny inkomstuppgift.",
                                         new_amount="2500", fully_as_requested=True)
    assert appeal.status == AppealStatus.CHANGED
    assert revision.appeal == appeal and revision.settlement == Settlement.EXTRA_PAYMENT
    assert DecisionRevision.objects.filter(decision=decision).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"received_on": date(2025, 5, 2), "decision_received_basis": "handed_over"}, "decision_received_on"),
        ({"received_on": date(2025, 5, 2), "decision_received_basis": "letter"}, "decision_received_basis"),
        ({"received_on": date(2025, 4, 20), "decision_received_basis": "unknown"}, "received_on"),
        ({"received_on": date(2025, 5, 10), "decision_received_basis": "stated",
          "decision_received_on": date(2025, 5, 11)}, "decision_received_on"),
    ],
)
def test_a_bad_appeal_registration_is_refused_naming_the_field(eb_case, staff, delegations, kwargs, field):
    decision = make_decision(case=eb_case, decided_by=staff["eb_worker"], month=date(2025, 5, 1), amount="0",
                             outcome="rejected", decided_at=at(date(2025, 4, 28)))
    with pytest.raises(ApplicationError) as exc:
        appeal_register(actor=staff["eb_worker"], decision=decision, **kwargs)
    assert exc.value.field == field


# -- återkrav ------------------------------------------------------------------------------------------------


def test_a_claim_with_a_repayment_plan_is_followed_up_and_the_rest_written_off(may_decision, staff):
    from skutan.payments.models import Payment

    payment = paid(may_decision)
    first_due = timezone.localdate() + timedelta(days=40)
    claim = claim_decide(
        actor=staff["eb_worker"], case=may_decision.case, ground=ClaimGround.BENEFIT_ADVANCE, amount="2500",
        reasons="Biståndet gavs som förskott på sjukpenning.", instalment_amount="1000", first_due_on=first_due,
        decisions=[may_decision], payments=[payment],
    )
    assert [i.amount for i in claim.instalments.all()] == [Decimal("1000"), Decimal("1000"), Decimal("500")]
    assert list(Payment.objects.filter(claims=claim)) == [payment]
    assert "socialtjänstlagen (2025:400)" in claim.legal_basis or "9 kap. 2 §" in claim.legal_basis
    claim_repayment_register(actor=staff["eb_worker"], claim=claim, amount="1000", received_on=timezone.localdate())
    with pytest.raises(ApplicationError, match="1500"):
        claim_repayment_register(actor=staff["eb_worker"], claim=claim, amount="1600",
                                 received_on=timezone.localdate())
    assert claim_balance(claim=claim) == (Decimal("1000"), Decimal("0"), Decimal("1500"))
    write_off = claim_write_off(actor=staff["eb_worker"], claim=claim, reasons="Den enskilde saknar betalningsförmåga.")
    claim.refresh_from_db()
    assert write_off.amount == Decimal("1500") and claim.status == ClaimStatus.WRITTEN_OFF
    with pytest.raises(ConflictError):
        claim_repayment_register(actor=staff["eb_worker"], claim=claim, amount="1", received_on=timezone.localdate())


def test_a_claim_fully_repaid_is_closed(may_decision, staff):
    claim = claim_decide(
        actor=staff["eb_worker"], case=may_decision.case, ground=ClaimGround.AWAITING_INCOME, amount="800",
        reasons="Bistånd i väntan på lön, med villkor om återbetalning.", instalment_amount="800",
        first_due_on=timezone.localdate(), decisions=[may_decision],
    )
    claim_repayment_register(actor=staff["eb_worker"], claim=claim, amount="800", received_on=timezone.localdate())
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"ground": "gift"}, "ground"),
        ({"amount": "0"}, "amount"),
        ({"instalment_amount": "5000"}, "instalment_amount"),
        ({"decisions": []}, "decisions"),
        ({"reasons": ""}, "reasons"),
    ],
)
def test_a_bad_claim_is_refused_naming_the_field(may_decision, staff, kwargs, field):
    args = {"ground": ClaimGround.WRONG_INFORMATION, "amount": "1000", "reasons": "Oriktiga uppgifter.",
            "instalment_amount": "500", "first_due_on": timezone.localdate(), "decisions": [may_decision], **kwargs}
    with pytest.raises(ApplicationError) as exc:
        claim_decide(actor=staff["eb_worker"], case=may_decision.case, **args)
    assert exc.value.field == field


def test_a_reference_amount_for_a_one_off_need_is_a_guideline_that_never_warns_on_monthly_costs(
    eb_case, staff, delegations
):
    from skutan.assistance.selectors import guidelines_in_force
    from skutan.assistance.services import guideline_create

    guideline = guideline_create(actor=staff["eb_manager"], max_amount="1500", source="SN 2024-11-20 § 112",
                                 valid_from=date(2024, 1, 1), need="glasses")
    assert guideline.kind == GuidelineKind.ONE_OFF_REFERENCE
    assert guideline not in guidelines_in_force(month=date(2025, 5, 1))
    decision = one_off_decide(actor=staff["eb_worker"], case=eb_case, need="glasses", description="Glasögon",
                              rule=OneOffRule.LIVING, outcome="granted", requested_amount="1400", reasons="Styrkt.")
    assert decision.guideline == guideline and decision.reference_amount == Decimal("1500")
    with pytest.raises(ApplicationError) as exc:
        guideline_create(actor=staff["eb_manager"], max_amount="1", source="x", valid_from=date(2024, 1, 1),
                         need="car")
    assert exc.value.field == "need"


def test_the_new_decisions_are_frozen_in_the_database(eb_case, staff, delegations, may_decision):
    from skutan.assistance.models_decisions import OneOffDecision, RepaymentClaim

    one_off = one_off_decide(actor=staff["eb_worker"], case=eb_case, need="glasses", description="Glasögon",
                             rule=OneOffRule.LIVING, outcome="granted", requested_amount="1200", reasons="Styrkt.")
    revision = decision_revise(actor=staff["eb_worker"], decision=one_off, kind=RevisionKind.CORRECTION,
                               amount="1100", reasons="Skrivfel.")
    claim = claim_decide(actor=staff["eb_worker"], case=eb_case, ground=ClaimGround.WRONG_INFORMATION, amount="300",
                         reasons="Oriktiga uppgifter.", instalment_amount="300", first_due_on=timezone.localdate(),
                         decisions=[may_decision])
    for model, pk, change in [(OneOffDecision, one_off.pk, {"amount": Decimal("9999")}),
                              (DecisionRevision, revision.pk, {"amount": Decimal("1")}),
                              (RepaymentClaim, claim.pk, {"amount": Decimal("1")})]:
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.filter(pk=pk).update(**change)
    RepaymentClaim.objects.filter(pk=claim.pk).update(status=ClaimStatus.PAID)  # workflow fields may change
