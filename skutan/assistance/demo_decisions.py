"""Demo: decisions beyond the month on a few EB cases, so every page and the EB deadline board show something.

A one-off decision under each rule (with a guideline reference amount for glasögon), a late appeal waiting for
avvisning, an appeal in time that is omprövat and waits to be sent to förvaltningsrätten, a claim with its
repayment plan and a first repayment, and rent paid straight to the landlord by bankgiro with OCR. Made through
the services (so audit rows and case events are real), backdated only where the services allow it.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from skutan.accounts.models import UnitKind
from skutan.assistance.models import Decision, Guideline, GuidelineKind
from skutan.cases.models import CaseType
from skutan.core.errors import ApplicationError
from skutan.demo.context import DemoContext

LANDLORD_BANKGIRO = "5050-1055"  # Luhn-valid, made up for the demo
OCR = "1234567897"


def generate(ctx: DemoContext) -> None:
    from skutan.assistance.services_appeals import appeal_reconsider, appeal_register
    from skutan.assistance.services_claims import claim_decide, claim_repayment_register
    from skutan.assistance.services_one_off import one_off_decide
    from skutan.payments.services import third_party_order_create

    manager = ctx.manager(UnitKind.FINANCIAL_ASSISTANCE)
    cases = [c for c in ctx.active_cases(CaseType.FINANCIAL_ASSISTANCE)][:6]
    if len(cases) < 5:
        return
    today = timezone.localdate()
    Guideline.objects.create(
        kind=GuidelineKind.ONE_OFF_REFERENCE, need="glasses", cost_type="other", max_amount=Decimal("1500"),
        source="Demo: socialnämndens riktlinjer, riktbelopp glasögon", valid_from=today.replace(month=1, day=1),
        created_by=ctx.admin,
    )
    made = 0
    try:
        one_off_decide(actor=manager, case=cases[0], need="glasses", description="Glasögon enligt optikerns intyg",
                       rule="living", outcome="partly_granted", requested_amount="2400", amount="1500",
                       reasons="Beviljas upp till kommunens riktbelopp för glasögon.")
        one_off_decide(actor=manager, case=cases[1], need="furniture", description="Soffa till ny lägenhet",
                       rule="discretionary", outcome="rejected", requested_amount="4000",
                       reasons="Behovet kan tillgodoses genom second hand inom ramen för försörjningsstödet.")
        made += 2
    except ApplicationError:
        pass
    old = {c.pk: _old_decision(c, today) for c in cases}
    late_case, in_time_case, claim_case = cases[2], cases[3], cases[4]
    if (decision := old[late_case.pk]) is not None:
        decided_on = timezone.localdate(decision.decided_at)
        try:
            appeal_register(actor=manager, decision=decision, received_on=min(today, decided_on + timedelta(days=30)),
                            decision_received_basis="handed_over", decision_received_on=decided_on,
                            content="Jag vill att beslutet ändras.")
            made += 1
        except ApplicationError:
            pass
    if (decision := old[in_time_case.pk]) is not None:
        decided_on = timezone.localdate(decision.decided_at)
        try:
            appeal = appeal_register(actor=manager, decision=decision, received_on=decided_on + timedelta(days=10),
                                     decision_received_basis="stated", decision_received_on=decided_on + timedelta(days=2),
                                     content="Hyran är högre än vad som räknats.")
            appeal_reconsider(actor=manager, appeal=appeal, note="Omprövat: inga nya omständigheter.")
            made += 1
        except ApplicationError:
            pass
    if (decision := old[claim_case.pk]) is not None and decision.amount >= 1000:
        try:
            claim = claim_decide(actor=manager, case=claim_case, ground="wrong_information", amount="1000",
                                 reasons="Inkomst av lön redovisades inte (demo).", instalment_amount="250",
                                 first_due_on=today, decisions=[decision])
            claim_repayment_register(actor=manager, claim=claim, amount="250", received_on=today,
                                     reference="Bankgiroinbetalning")
            made += 1
        except ApplicationError:
            pass
    current = (
        Decision.objects.filter(case=cases[5] if len(cases) > 5 else cases[0], outcome="granted", amount__gte=3000,
                                payments__isnull=True)
        .order_by("-month").first()
    )
    if current is not None:
        try:
            third_party_order_create(actor=manager, decision=current, purpose=f"Hyra {current.month:%Y-%m}",
                                     creditor_name="Demobostäder AB", bankgiro=LANDLORD_BANKGIRO, ocr=OCR,
                                     amount=min(Decimal("3000"), current.amount))
            made += 1
        except ApplicationError:
            pass
    ctx.say(f"  ekonomiskt bistånd: {made} beslut om enstaka behov, överklaganden, återkrav och hyra till hyresvärd")


def _old_decision(case, today):
    """A decided month of the case from two to six months ago (so an appeal can be late or in time)."""
    return (
        Decision.objects.filter(case=case, decided_at__date__lte=today - timedelta(days=60),
                                decided_at__date__gte=today - timedelta(days=180))
        .order_by("-decided_at").first()
    )
