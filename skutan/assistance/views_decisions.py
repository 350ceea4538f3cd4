"""Web pages for decisions beyond the month: one-off needs, rättelse/omprövning, appeals, återkrav, payments to
a landlord or supplier, the letters, and the EB deadline board. Every read goes through a selector that
authorizes and logs; every write through a service."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skutan.accounts.selectors import unit_caseworkers_of
from skutan.assistance import letters_decisions as letters
from skutan.assistance import selectors
from skutan.assistance import selectors_decisions as dsel
from skutan.assistance.deadlines import (
    EB_KINDS,
    FORECAST_DAYS,
    ROUTINE_NOTE,
    EbBoardFilters,
    eb_deadline_rows,
    eb_unit_ids_for_user,
)
from skutan.assistance.legal_decisions import unconfirmed
from skutan.assistance.models_decisions import (
    AdverseGround,
    AppealStatus,
    ClaimGround,
    JudgementOutcome,
    OneOffNeed,
    OneOffRule,
    ReceivedBasis,
    RevisionKind,
)
from skutan.assistance.services_appeals import (
    appeal_dismiss,
    appeal_judgement_record,
    appeal_reconsider,
    appeal_register,
    appeal_send_to_court,
)
from skutan.assistance.services_claims import claim_decide, claim_repayment_register, claim_write_off
from skutan.assistance.services_one_off import one_off_decide
from skutan.assistance.services_revisions import decision_revise
from skutan.audit.models import AccessAction
from skutan.audit.services import access_log_list_record
from skutan.cases.models import CaseType
from skutan.cases.selectors import case_get_for_user
from skutan.core.dates import date_from_input
from skutan.core.errors import AccessDeniedError, ApplicationError, NotFoundError
from skutan.core.pagination import page_number, page_of
from skutan.core.web import ctx, staff_view
from skutan.people.selectors import person_address_for_request


def _date(value: str | None, field: str) -> date | None:
    if not (value or "").strip():
        return None
    try:
        return date_from_input(value.strip())
    except ValueError:
        raise ApplicationError(gettext("Ange datum som ÅÅÅÅ-MM-DD."), field=field) from None


def _eb_case(request, case_id: int, purpose: str):
    case = case_get_for_user(ctx=ctx(request, purpose), case_id=case_id)
    if case.case_type != CaseType.FINANCIAL_ASSISTANCE:
        raise NotFoundError(gettext("Ärendet är inte ett ärende om ekonomiskt bistånd."))
    return case


def _back(case_id: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("assistance:case_decisions", args=[case_id]) + (f"#{anchor}" if anchor else ""))


def _fail(request, exc: ApplicationError) -> None:
    messages.error(request, exc.message)


@staff_view
def case_decisions(request, case_id: int):
    """The case's decisions beyond the months: changes, one-off needs, appeals and claims, with their forms."""
    case = _eb_case(request, case_id, "Ekonomiskt bistånd: beslut, överklaganden och återkrav")
    overview = dsel.case_decisions(case=case)
    today = timezone.localdate()
    return render(request, "assistance/case_decisions.html", {
        "case": case, "person": case.person, "address": person_address_for_request(request=request, person=case.person),
        "overview": overview, "today": today, "needs": OneOffNeed.choices, "rules": OneOffRule.choices,
        "revision_kinds": [(k, label) for k, label in RevisionKind.choices if k != RevisionKind.JUDGEMENT],
        "adverse_grounds": AdverseGround.choices, "received_bases": ReceivedBasis.choices,
        "claim_grounds": ClaimGround.choices, "judgement_outcomes": JudgementOutcome.choices,
        "AppealStatus": AppealStatus,
        "unconfirmed_citations": unconfirmed(["one_off_living", "one_off_discretionary", "claim_9_1"], today),
    })


@staff_view
@require_POST
def one_off_new(request, case_id: int):
    case = _eb_case(request, case_id, "Beslut om bistånd för enstaka behov")
    post = request.POST
    try:
        decision = one_off_decide(
            actor=request.user, case=case, need=post.get("need", ""), description=post.get("description", ""),
            rule=post.get("rule", ""), outcome=post.get("outcome", ""), requested_amount=post.get("requested_amount", ""),
            amount=post.get("amount") or None, reasons=post.get("reasons", ""),
            received_on=_date(post.get("received_on"), "received_on"),
        )
    except (ApplicationError, AccessDeniedError) as exc:
        _fail(request, exc)
        return _back(case.pk, "enstaka")
    messages.success(request, gettext(
        "Beslutet om %(need)s är fattat."
    ) % {"need": decision.get_need_display().lower()})
    return _back(case.pk, f"enstaka-{decision.pk}")


def _decision_for(request, decision_id: int, purpose: str, kind: str):
    if kind == "manad":
        return selectors.decision_get_for_user(ctx=ctx(request, purpose), decision_id=decision_id)
    if kind == "enstaka":
        return dsel.one_off_get_for_user(ctx=ctx(request, purpose), one_off_id=decision_id)
    raise NotFoundError(gettext("Okänd beslutstyp."))


@staff_view
@require_POST
def decision_revise_view(request, kind: str, decision_id: int):
    decision = _decision_for(request, decision_id, "Rättelse eller omprövning av beslut", kind)
    post = request.POST
    try:
        revision = decision_revise(
            actor=request.user, decision=decision, kind=post.get("kind", ""), amount=post.get("amount", ""),
            reasons=post.get("reasons", ""), adverse_ground=post.get("adverse_ground", ""),
            expected_revisions=int(post["revisions"]) if post.get("revisions", "").isdigit() else None,
        )
    except (ApplicationError, AccessDeniedError) as exc:
        _fail(request, exc)
        return _back(decision.case_id, "andringar")
    messages.success(request, f"{revision.get_kind_display()} beslutad: {revision.get_settlement_display().lower()}.")
    return _back(decision.case_id, "andringar")


@staff_view
@require_POST
def appeal_new(request, kind: str, decision_id: int):
    decision = _decision_for(request, decision_id, "Registrering av överklagande", kind)
    post = request.POST
    try:
        appeal = appeal_register(
            actor=request.user, decision=decision, received_on=_date(post.get("received_on"), "received_on"),
            decision_received_basis=post.get("decision_received_basis", ""),
            decision_received_on=_date(post.get("decision_received_on"), "decision_received_on"),
            content=post.get("content", ""),
        )
    except (ApplicationError, AccessDeniedError) as exc:
        _fail(request, exc)
        return _back(decision.case_id, "overklaganden")
    if appeal.in_time:
        messages.success(request, gettext("Överklagandet kom in i rätt tid. Ompröva beslutet och överlämna sedan "
                                  "överklagandet till förvaltningsrätten."))
    else:
        messages.warning(request, gettext(
            "Överklagandet kom in för sent (sista dag %(last_day)s). Besluta om avvisning."
        ) % {"last_day": format(appeal.last_day, "%Y-%m-%d")})
    return _back(decision.case_id, f"overklagande-{appeal.pk}")


@staff_view
@require_POST
def appeal_step(request, appeal_id: int, step: str):
    appeal = dsel.appeal_get_for_user(ctx=ctx(request, "Handläggning av överklagande"), appeal_id=appeal_id)
    post = request.POST
    version = int(post["version"]) if post.get("version", "").isdigit() else None
    try:
        if step == "avvisa":
            appeal_dismiss(actor=request.user, appeal=appeal, reasons=post.get("reasons", ""), expected_version=version)
            messages.success(request, gettext("Överklagandet är avvisat. Skicka beslutet om avvisning till den enskilde."))
        elif step == "omprova":
            appeal_reconsider(
                actor=request.user, appeal=appeal, note=post.get("note", ""), new_amount=post.get("new_amount") or None,
                fully_as_requested=post.get("fully_as_requested") == "1", expected_version=version,
            )
            messages.success(request, gettext("Omprövningen är registrerad."))
        elif step == "overlamna":
            appeal_send_to_court(
                actor=request.user, appeal=appeal, court=post.get("court", ""), statement=post.get("statement", ""),
                sent_on=_date(post.get("sent_on"), "sent_on"), expected_version=version,
            )
            messages.success(request, gettext("Överklagandet är överlämnat till förvaltningsrätten."))
        elif step == "dom":
            appeal_judgement_record(
                actor=request.user, appeal=appeal, judgement_on=_date(post.get("judgement_on"), "judgement_on"),
                outcome=post.get("outcome", ""), summary=post.get("summary", ""),
                court_case_number=post.get("court_case_number", ""), follow_up=post.get("follow_up", ""),
                new_amount=post.get("new_amount") or None, expected_version=version,
            )
            messages.success(request, gettext("Domen är registrerad."))
        else:
            raise NotFoundError(gettext("Okänt steg."))
    except (ApplicationError, AccessDeniedError) as exc:
        _fail(request, exc)
    return _back(appeal.case_id, f"overklagande-{appeal.pk}")


@staff_view
@require_POST
def claim_new(request, case_id: int):
    case = _eb_case(request, case_id, "Beslut om återkrav")
    post = request.POST
    overview = dsel.case_decisions(case=case)
    chosen = set(post.getlist("decisions"))
    decisions = [d for d in overview.months if str(d.pk) in chosen]
    revision = next((r for r in overview.revisions if str(r.pk) == post.get("revision")), None)
    try:
        claim = claim_decide(
            actor=request.user, case=case, ground=post.get("ground", ""), amount=post.get("amount", ""),
            reasons=post.get("reasons", ""), instalment_amount=post.get("instalment_amount", ""),
            first_due_on=_date(post.get("first_due_on"), "first_due_on"), decisions=decisions,
            payments=[p for d in decisions for p in d.payments.all()], revision=revision,
        )
    except (ApplicationError, AccessDeniedError) as exc:
        _fail(request, exc)
        return _back(case.pk, "aterkrav")
    messages.success(request, gettext("Återkravet är beslutat. Skriv ut beslutet och skicka det till den enskilde."))
    return redirect("assistance:claim", claim_id=claim.pk)


@staff_view
def claim_detail(request, claim_id: int):
    claim = dsel.claim_get_for_user(ctx=ctx(request, "Uppföljning av återkrav"), claim_id=claim_id)
    return render(request, "assistance/claim.html", {
        "claim": claim, "case": claim.case, "person": claim.case.person,
        "address": person_address_for_request(request=request, person=claim.case.person),
        "follow_up": dsel.claim_follow_up(claim=claim), "today": timezone.localdate(),
    })


@staff_view
@require_POST
def claim_step(request, claim_id: int, step: str):
    claim = dsel.claim_get_for_user(ctx=ctx(request, "Uppföljning av återkrav"), claim_id=claim_id)
    post = request.POST
    try:
        if step == "inbetalning":
            claim_repayment_register(actor=request.user, claim=claim, amount=post.get("amount", ""),
                                     received_on=_date(post.get("received_on"), "received_on"),
                                     reference=post.get("reference", ""))
            messages.success(request, gettext("Inbetalningen är registrerad."))
        elif step == "avskriv":
            claim_write_off(actor=request.user, claim=claim, reasons=post.get("reasons", ""),
                            amount=post.get("amount") or None)
            messages.success(request, gettext("Återkravet är avskrivet."))
        else:
            raise NotFoundError(gettext("Okänt steg."))
    except (ApplicationError, AccessDeniedError) as exc:
        _fail(request, exc)
    return redirect("assistance:claim", claim_id=claim.pk)


def _third_party_post(request, *, source: dict, case_id: int, anchor: str):
    from skutan.payments.services import third_party_order_create

    post = request.POST
    try:
        third_party_order_create(
            actor=request.user, **source, purpose=post.get("purpose", ""),
            creditor_name=post.get("creditor_name", ""), bankgiro=post.get("bankgiro", ""), ocr=post.get("ocr", ""),
            message=post.get("message", ""), amount=post.get("amount", ""),
        )
    except (ApplicationError, AccessDeniedError) as exc:
        _fail(request, exc)
        return _back(case_id, anchor)
    messages.success(request, gettext("Utbetalningen till annan mottagare är registrerad och tas med i nästa betalfil."))
    return _back(case_id, anchor)


@staff_view
@require_POST
def third_party_new(request, decision_id: int):
    decision = selectors.decision_get_for_user(ctx=ctx(request, "Utbetalning till annan mottagare"),
                                               decision_id=decision_id)
    return _third_party_post(request, source={"decision": decision}, case_id=decision.case_id,
                             anchor=f"manad-{decision.pk}")


@staff_view
@require_POST
def one_off_third_party_new(request, one_off_id: int):
    one_off = dsel.one_off_get_for_user(ctx=ctx(request, "Utbetalning till annan mottagare"),
                                             one_off_id=one_off_id)
    return _third_party_post(request, source={"one_off": one_off}, case_id=one_off.case_id,
                             anchor=f"enstaka-{one_off.pk}")


def _pdf(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_view
def one_off_letter(request, one_off_id: int):
    decision = dsel.one_off_get_for_user(ctx=ctx(request, "Utskrift av beslut"), one_off_id=one_off_id,
                                         action=AccessAction.PRINT)
    return _pdf(letters.letter_pdf(letters.one_off_letter_context(decision=decision, user=request.user)),
                f"beslut-enstaka-behov-{decision.pk}.pdf")


@staff_view
def claim_letter(request, claim_id: int):
    claim = dsel.claim_get_for_user(ctx=ctx(request, "Utskrift av beslut om återkrav"), claim_id=claim_id,
                                    action=AccessAction.PRINT)
    return _pdf(letters.letter_pdf(letters.claim_letter_context(claim=claim, user=request.user)),
                f"beslut-aterkrav-{claim.pk}.pdf")


@staff_view
def appeal_letter(request, appeal_id: int):
    appeal = dsel.appeal_get_for_user(ctx=ctx(request, "Utskrift av beslut om avvisning"), appeal_id=appeal_id,
                                      action=AccessAction.PRINT)
    if appeal.status != AppealStatus.DISMISSED:
        raise NotFoundError(gettext("Det finns inget beslut om avvisning för överklagandet."))
    return _pdf(letters.letter_pdf(letters.appeal_dismissal_letter_context(appeal=appeal, user=request.user)),
                f"beslut-avvisning-{appeal.pk}.pdf")


@staff_view
def revision_letter(request, revision_id: int):
    revision = dsel.revision_get_for_user(ctx=ctx(request, "Utskrift av ändrat beslut"), revision_id=revision_id,
                                          action=AccessAction.PRINT)
    return _pdf(letters.letter_pdf(letters.revision_letter_context(revision=revision, user=request.user)),
                f"beslut-andring-{revision.pk}.pdf")


def _letter_sent(request, obj, store, anchor: str = "", back: str = ""):
    from skutan.cases.views_documents import letter_sent_post

    back = back or reverse("assistance:case_decisions", args=[obj.case_id]) + (f"#{anchor}" if anchor else "")
    return letter_sent_post(request, case=obj.case, back=back,
                            store=lambda **sent: store(actor=request.user, **sent))


@staff_view
@require_POST
def one_off_letter_sent(request, one_off_id: int):
    from skutan.assistance.services_letters import one_off_letter_store_sent

    decision = dsel.one_off_get_for_user(ctx=ctx(request, "Beslutsbrev sparat som skickat"), one_off_id=one_off_id)
    return _letter_sent(request, decision, lambda **kw: one_off_letter_store_sent(decision=decision, **kw),
                        anchor=f"enstaka-{decision.pk}")


@staff_view
@require_POST
def revision_letter_sent(request, revision_id: int):
    from skutan.assistance.services_letters import revision_letter_store_sent

    revision = dsel.revision_get_for_user(ctx=ctx(request, "Beslutsbrev sparat som skickat"), revision_id=revision_id)
    return _letter_sent(request, revision, lambda **kw: revision_letter_store_sent(revision=revision, **kw))


@staff_view
@require_POST
def appeal_letter_sent(request, appeal_id: int):
    from skutan.assistance.services_letters import appeal_letter_store_sent

    appeal = dsel.appeal_get_for_user(ctx=ctx(request, "Beslut om avvisning sparat som skickat"), appeal_id=appeal_id)
    return _letter_sent(request, appeal, lambda **kw: appeal_letter_store_sent(appeal=appeal, **kw),
                        anchor=f"overklagande-{appeal.pk}")


@staff_view
@require_POST
def claim_letter_sent(request, claim_id: int):
    from skutan.assistance.services_letters import claim_letter_store_sent

    claim = dsel.claim_get_for_user(ctx=ctx(request, "Beslutsbrev om återkrav sparat som skickat"), claim_id=claim_id)
    return _letter_sent(request, claim, lambda **kw: claim_letter_store_sent(claim=claim, **kw),
                        back=reverse("assistance:claim", args=[claim.pk]))


@staff_view
def deadline_board(request):
    """The EB unit's deadlines: appeals to dismiss or send on, overdue instalments of återkrav."""
    unit_ids = eb_unit_ids_for_user(user=request.user)
    if not unit_ids:
        raise AccessDeniedError(gettext("Sidan är för handläggare och enhetschefer inom ekonomiskt bistånd."))
    filters = EbBoardFilters.from_params(request.GET)
    rows = [r for r in eb_deadline_rows(unit_ids=unit_ids, today=timezone.localdate()) if filters.matches(r)]
    late = sum(1 for r in rows if r.status.late)
    page = page_of([r for r in rows if filters.in_state(r)], number=page_number(request.GET),
                   keep=filters.as_query())
    cases = list({r.case_id: r.case for r in page.items}.values())
    access_log_list_record(ctx=ctx(request, "Fristbevakning ekonomiskt bistånd"), cases=cases)
    return render(request, "assistance/board.html", {
        "page": page, "filters": filters, "kinds": EB_KINDS, "late_count": late,
        "soon_count": sum(1 for r in rows if r.status.level == "soon"), "forecast_days": FORECAST_DAYS,
        "worker_choices": unit_caseworkers_of(unit_ids=unit_ids), "routine_note": ROUTINE_NOTE,
    })
