"""Letters for one-off decisions, changed decisions, dismissed appeals and återkrav: PDFs from one template
(assistance/letter_decision.html), rendered like the monthly letter (letters.py) with WeasyPrint.

Everything comes from the stored decision. A letter prints the person's own address only (never a protected
one), cites the law through legal_decisions.citation (by name only where a paragraph is unconfirmed), and
carries no internal marks. An adverse appealable decision says how to appeal (appeal_info); bistånd utöver says
it can only be challenged by laglighetsprövning.
"""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone, translation

from skutan.assistance.legal import appeal_info
from skutan.assistance.legal_decisions import citation
from skutan.assistance.models_decisions import (
    Appeal,
    DecisionRevision,
    OneOffDecision,
    OneOffRule,
    RepaymentClaim,
)
from skutan.cases.letters import letterhead
from skutan.people.selectors import person_address


def _kr(amount) -> str:
    return f"{int(amount):,} kr".replace(",", "\u00a0")


def _base(*, user, case, person, decided_at, decided_by, delegation_source: str, number_label: str) -> dict:
    head = letterhead(case=case)
    return {
        "head": head, "municipality": head["municipality"], "case": case, "person": person,
        "decider_name": decided_by.display_name if decided_by and head["names_decision_maker"] else "",
        "decider_title": (decided_by.title or "") if decided_by and head["names_decision_maker"] else "",
        "address": None if person.protected_identity else person_address(user=user, person=person),
        "decided_on": timezone.localdate(decided_at), "decided_by": decided_by,
        "delegation_source": delegation_source, "number_label": number_label,
    }


def not_appealable_text(on: date) -> str:
    law = citation("laglighetsprovning", on).text
    return (
        "Beslutet gäller bistånd utöver det du har rätt till enligt socialtjänstlagen. Det kan inte överklagas "
        "genom förvaltningsbesvär. Du kan i stället begära laglighetsprövning hos förvaltningsrätten enligt "
        f"{law}. Vid en laglighetsprövning prövas bara om beslutet har fattats på ett lagligt sätt, inte om det "
        "är lämpligt."
    )


@translation.override("sv")  # a letter to a citizen is Swedish, its labels too
def one_off_letter_context(*, decision: OneOffDecision, user) -> dict:
    decided_on = timezone.localdate(decision.decided_at)
    rule = OneOffRule(decision.rule)
    outcome = decision.get_outcome_display()
    ctx = _base(user=user, case=decision.case, person=decision.payee, decided_at=decision.decided_at,
                decided_by=decision.decided_by, delegation_source=decision.delegation_source,
                number_label=f"Beslut nr E{decision.pk}")
    ctx.update({
        "title": f"Beslut om {rule.label.lower()}",
        "intro": [f"Du har ansökt om bistånd till: {decision.get_need_display().lower()} – {decision.description}.",
                  f"Sökt belopp: {_kr(decision.requested_amount)}."],
        "outcome_text": f"Beslut: {outcome} – beviljat belopp {_kr(decision.amount)}",
        "sections": [("Motivering", decision.reasons)],
        "legal_basis": decision.legal_basis,
        "appeal": appeal_info(decided_on) if decision.is_adverse and decision.appealable else None,
        "not_appealable": not_appealable_text(decided_on) if not decision.appealable else "",
    })
    return ctx


@translation.override("sv")  # a letter to a citizen is Swedish, its labels too
def revision_letter_context(*, revision: DecisionRevision, user) -> dict:
    decided_on = timezone.localdate(revision.decided_at)
    changed = revision.changed
    what = (f"beslutet om ekonomiskt bistånd för {changed.month:%Y-%m}" if revision.decision_id
            else f"beslutet om {changed.get_need_display().lower()}")
    ctx = _base(user=user, case=revision.case, person=changed.payee, decided_at=revision.decided_at,
                decided_by=revision.decided_by, delegation_source=revision.delegation_source,
                number_label=f"Beslut nr Ä{revision.pk}")
    money = {
        "extra_payment": f"Mellanskillnaden {_kr(revision.difference)} betalas ut till dig.",
        "claim": f"Du har fått {_kr(-revision.difference)} för mycket. Om pengarna ska betalas tillbaka beslutas "
                 "särskilt; du får då ett eget beslut.",
        "none": "Beslutet ändrar inte hur mycket som betalas ut.",
    }[revision.settlement]
    adverse = revision.amount < revision.previous_amount
    ctx.update({
        "title": f"Beslut om {revision.get_kind_display().lower()} av tidigare beslut",
        "intro": [f"Detta beslut ändrar {what}, beslutat {timezone.localdate(changed.decided_at):%Y-%m-%d}.",
                  f"Belopp före ändringen: {_kr(revision.previous_amount)}."],
        "outcome_text": f"Nytt beslut: {revision.get_outcome_display()} – {_kr(revision.amount)}",
        "sections": [("Motivering", revision.reasons), ("Utbetalning", money)],
        "legal_basis": revision.legal_basis,
        "appeal": appeal_info(decided_on) if adverse or revision.outcome != "granted" else None,
        "not_appealable": "",
    })
    return ctx


@translation.override("sv")  # a letter to a citizen is Swedish, its labels too
def appeal_dismissal_letter_context(*, appeal: Appeal, user) -> dict:
    decided_on = timezone.localdate(appeal.dismissed_at)
    appealed = appeal.appealed
    ctx = _base(user=user, case=appeal.case, person=appeal.appellant, decided_at=appeal.dismissed_at,
                decided_by=appeal.dismissed_by, delegation_source="", number_label=f"Överklagande nr {appeal.pk}")
    ctx.update({
        "title": "Beslut om avvisning av överklagande",
        "intro": [f"Du har överklagat beslutet från {timezone.localdate(appealed.decided_at):%Y-%m-%d}. "
                  f"Överklagandet kom in {appeal.received_on:%Y-%m-%d}."],
        "outcome_text": "Beslut: Överklagandet avvisas eftersom det har kommit in för sent.",
        "sections": [("Motivering", appeal.dismissal_reasons)],
        "legal_basis": "; ".join([citation("appeal_time", decided_on).text, citation("appeal_dismissal", decided_on).text]),
        "appeal": appeal_info(decided_on),  # an avvisning is itself appealable
        "not_appealable": "",
    })
    return ctx


@translation.override("sv")  # a letter to a citizen is Swedish, its labels too
def claim_letter_context(*, claim: RepaymentClaim, user) -> dict:
    ctx = _base(user=user, case=claim.case, person=claim.debtor, decided_at=claim.decided_at,
                decided_by=claim.decided_by, delegation_source=claim.delegation_source,
                number_label=f"Återkrav nr {claim.pk}")
    months = ", ".join(f"{d.month:%Y-%m}" for d in claim.decisions.all())
    ctx.update({
        "title": "Beslut om återbetalning av ekonomiskt bistånd (återkrav)",
        "intro": [f"Återkravet gäller bistånd {('för ' + months) if months else 'enligt tidigare beslut'}.",
                  f"Grund: {claim.get_ground_display()}."],
        "outcome_text": f"Beslut: Du ska betala tillbaka {_kr(claim.amount)}",
        "sections": [("Motivering", claim.reasons),
                     ("Hur du betalar", "Betala enligt planen nedan. Kontakta socialtjänsten om du inte kan betala "
                                        "i tid, så kan planen ses över.")],
        "table": {"heading": "Avbetalningsplan", "head": ["Delbetalning", "Förfaller", "Belopp"],
                  "rows": [(str(i.number), f"{i.due_on:%Y-%m-%d}", _kr(i.amount)) for i in claim.instalments.all()]},
        "legal_basis": claim.legal_basis,
        # Whether and how a claim decision is appealed is not confirmed in DOMAIN.md: no appeal text is printed
        # rather than a guessed one (the caseworker's page says so).
        "appeal": None, "not_appealable": "",
    })
    return ctx


def letter_pdf(context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("sv"):  # letters to citizens are in Swedish (docs/i18n.md)
        html = render_to_string("assistance/letter_decision.html", context)
    return HTML(string=html).write_pdf()
