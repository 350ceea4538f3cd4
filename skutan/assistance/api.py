"""API for ekonomiskt bistånd: the pure calculation, monthly applications, proposals and decisions.

Bad input → 400 (409 for a decided month) with a Swedish message naming the field; nothing is saved.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpResponse
from django.utils.translation import gettext
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from skutan.assistance import inputs, selectors, services
from skutan.assistance.calculation import calculate_json, month_key
from skutan.assistance.letters import decision_letter_filename, decision_letter_pdf
from skutan.assistance.models import Application, Decision
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction
from skutan.cases.selectors import case_get_for_user
from skutan.core.apierrors import Error
from skutan.core.errors import ApplicationError, ConflictError
from skutan.core.schema import Amount, Day, FreeText

router = Router(tags=["Ekonomiskt bistånd"])


# -- the norm contract (norm/README.md), for the OpenAPI document ---------------------------------------------


class NormMember(Schema):
    model_config = ConfigDict(extra="forbid")
    id: FreeText
    birth_date: Day
    role: Literal["adult", "child"]
    lunch_at_home: bool | None = None


class NormCost(Schema):
    model_config = ConfigDict(extra="forbid")
    type: Literal[
        "rent", "household_electricity", "home_insurance", "work_travel", "union_fee", "unemployment_fund_fee", "other"
    ]
    amount: Amount
    description: FreeText | None = None


class NormIncome(Schema):
    model_config = ConfigDict(extra="forbid")
    type: Literal[
        "salary", "child_allowance", "housing_allowance", "maintenance_support", "unemployment_benefit",
        "sickness_benefit", "parental_benefit", "study_allowance", "pension", "other",
    ]
    amount: Amount
    member: FreeText | None = None


class NormRequest(Schema):
    """The norm JSON contract. Unknown keys are refused; amounts are non-negative with at most two decimals."""

    model_config = ConfigDict(extra="forbid")
    month: FreeText
    members: list[NormMember]
    cohabiting: bool = False
    shared_household_size: int | None = None
    costs: list[NormCost] = []
    incomes: list[NormIncome] = []
    consecutive_months_on_assistance: int
    job_stimulus_months_used: int = 0


class LineOut(Schema):
    kind: str
    label: str
    amount: int | float
    source: str
    mark: str | None
    confirmed: bool
    member: str | None
    letter_source: str = ""  # the citation a letter prints: never an unconfirmed paragraph number


class CalculationOut(Schema):
    month: str
    norm_table: str
    lines: list[LineOut]
    norm_total: int
    costs_total: int
    income_total: int
    need: int
    assistance: int
    surplus: int
    unconfirmed_amounts: list[str]
    warnings: list[str]


class GuidelineWarningOut(Schema):
    cost_type: str
    amount: str
    max_amount: str
    household_size: int
    source: str
    guideline_id: int
    message: str


def _inline_schema(model) -> dict[str, Any]:
    """The model's JSON schema with its nested models inlined, so it stands alone in the OpenAPI document."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def resolve(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref and ref.startswith("#/$defs/"):
                return resolve(defs[ref.rsplit("/", 1)[1]])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)


def _ctx(request, purpose: str = "Ekonomiskt bistånd via API") -> AccessContext:
    return AccessContext.from_request(request, purpose=purpose, channel="api")


def _json_body(request) -> Any:
    try:
        return json.loads(request.body or b"null", parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as error:  # also an integer of more than 4 300 digits
        raise ApplicationError(f"Ogiltig JSON: {getattr(error, 'msg', error)}", field="request") from None


@router.post(
    "/assistance/calculations",
    response={200: CalculationOut, 400: Error},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline_schema(NormRequest)}},
        }
    },
    summary="Beräkna ekonomiskt bistånd (riksnorm), utan att spara något",
)
def calculation_create(request):
    """Exactly the norm contract in (norm/README.md), the explained result out. Uses the riksnorm tables with the
    systemförvaltare's corrections. Computes only: nothing is stored and no personal data is read."""
    return Status(200, calculate_json(_json_body(request), selectors.norm_tables_current(request=request)))


# -- applications -------------------------------------------------------------------------------------------


class MemberIn(Schema):
    model_config = ConfigDict(extra="forbid")
    id: FreeText | None = None
    person_id: int | None = None
    name: FreeText = ""
    birth_date: Day
    role: Literal["adult", "child"]
    lunch_at_home: bool | None = None
    support_obstacle: str = Field(
        "", description="Försörjningshinder (vuxna), kod enligt registret, t.ex. \"111\". Krävs före bifall."
    )
    labour_market_measures: list[str] = Field(default_factory=list, description="Månadens arbetsmarknadsinsatser (koder).")


class CostIn(Schema):
    model_config = ConfigDict(extra="forbid")
    type: FreeText
    amount: Amount
    description: FreeText = ""


class IncomeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    type: FreeText
    amount: Amount
    member: FreeText | None = None
    description: FreeText = ""


class AttachmentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: FreeText
    received: bool = False


class ApplicationIn(Schema):
    """One month. ``members`` omitted: taken from the case's household. Month counts omitted: computed from the
    case's earlier decisions."""

    model_config = ConfigDict(extra="forbid")
    month: FreeText
    members: list[MemberIn] | None = None
    cohabiting: bool | None = None
    shared_household_size: int | None = None
    costs: list[CostIn] = []
    incomes: list[IncomeIn] = []
    consecutive_months_on_assistance: int | None = None
    job_stimulus_months_used: int | None = None
    attachments: list[AttachmentIn] = []
    notes: FreeText = ""
    received_on: Day | None = None


class ApplicationPatch(Schema):
    """Replaces the month's household, costs and incomes. Refused with 409 once the month is decided."""

    model_config = ConfigDict(extra="forbid")
    version: int
    members: list[MemberIn]
    cohabiting: bool = False
    shared_household_size: int | None = None
    costs: list[CostIn] = []
    incomes: list[IncomeIn] = []
    consecutive_months_on_assistance: int | None = None
    job_stimulus_months_used: int | None = None
    attachments: list[AttachmentIn] = []
    notes: FreeText = ""
    received_on: Day | None = None


class MemberOut(Schema):
    id: str
    person_id: int | None
    name: str
    birth_date: date
    role: str
    lunch_at_home: bool | None
    support_obstacle: str = ""
    labour_market_measures: list[str] = []


class CostOut(Schema):
    type: str
    amount: Decimal
    description: str


class IncomeOut(Schema):
    type: str
    amount: Decimal
    member: str | None
    description: str


class AttachmentOut(Schema):
    name: str
    received: bool


class ApplicationOut(Schema):
    id: int
    case: int
    month: str
    status: str
    version: int
    members: list[MemberOut]
    cohabiting: bool
    shared_household_size: int | None
    costs: list[CostOut]
    incomes: list[IncomeOut]
    consecutive_months_on_assistance: int
    consecutive_months_computed: int
    job_stimulus_months_used: int
    attachments: list[AttachmentOut]
    notes: str
    received_on: date | None
    previous: int | None
    decision: int | None
    calculation: CalculationOut | None
    calculation_error: str | None
    guideline_warnings: list[GuidelineWarningOut]


class ApplicationCalculationOut(Schema):
    frozen: bool
    result: CalculationOut
    guideline_warnings: list[GuidelineWarningOut]


class ProposalOut(Schema):
    outcome: str | None
    amount: str | None
    reasons: str
    legal_basis: str
    previous_amount: str | None
    attention: list[str]
    calculation: CalculationOut | None
    error: str | None
    guideline_warnings: list[GuidelineWarningOut]
    elapsed_ms: float
    auto_decided: bool


class DecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    outcome: Literal["granted", "partly_granted", "rejected"]
    amount: Amount | None = None
    reasons: FreeText
    legal_basis: FreeText = ""
    version: int | None = None


class DecisionOut(Schema):
    id: int
    case: int
    application: int
    month: str
    outcome: str
    amount: Decimal
    calculated_amount: Decimal
    payee: int
    decided_by: str
    decided_at: datetime
    delegation: str
    reasons: str
    legal_basis: str
    calculation: dict
    inputs: dict
    guideline_warnings: list[dict]
    unconfirmed_amounts: list[str]
    adverse: bool


def _input_from(payload, *, defaults_from=None) -> inputs.ApplicationInput:
    members = payload.members
    if members is None:
        data = defaults_from()
    else:
        data = inputs.ApplicationInput(
            members=[
                inputs.MemberInput(
                    birth_date=m.birth_date, role=m.role, lunch_at_home=m.lunch_at_home, name=m.name,
                    person_id=m.person_id, key=m.id or "", support_obstacle=m.support_obstacle,
                    labour_market_measures=list(m.labour_market_measures),
                )
                for m in members
            ]
        )
    if payload.cohabiting is not None:
        data.cohabiting = payload.cohabiting
    data.shared_household_size = payload.shared_household_size
    data.costs = [inputs.CostInput(type=c.type, amount=c.amount, description=c.description) for c in payload.costs]
    data.incomes = [
        inputs.IncomeInput(type=i.type, amount=i.amount, member_key=i.member or "", description=i.description)
        for i in payload.incomes
    ]
    data.consecutive_months_on_assistance = payload.consecutive_months_on_assistance
    data.job_stimulus_months_used = payload.job_stimulus_months_used
    data.attachments = [{"name": a.name, "received": a.received} for a in payload.attachments]
    data.notes = payload.notes
    data.received_on = payload.received_on
    return data


def _parse_month(text: str) -> date:
    try:
        year, month = (int(p) for p in text.split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        raise ApplicationError(gettext(
            "Månad: ogiltig månad %(text)s (ange ÅÅÅÅ-MM, t.ex. 2026-03)."
        ) % {"text": repr(text)}, field="month") from None


def _application_out(request, application: Application) -> dict[str, Any]:
    outcome = selectors.application_outcome(application=application, tables=selectors.norm_tables_current(request=request))
    decision = getattr(application, "decision", None) if application.is_decided else None
    return {
        "id": application.pk, "case": application.case_id, "month": month_key(application.month),
        "status": application.status, "version": application.version,
        "members": [
            {"id": m.member_key, "person_id": m.person_id, "name": m.name, "birth_date": m.birth_date, "role": m.role,
             "lunch_at_home": m.lunch_at_home, "support_obstacle": m.support_obstacle,
             "labour_market_measures": list(m.labour_market_measures or [])}
            for m in application.members.all()
        ],
        "cohabiting": application.cohabiting, "shared_household_size": application.shared_household_size,
        "costs": [{"type": c.type, "amount": c.amount, "description": c.description} for c in application.costs.all()],
        "incomes": [
            {"type": i.type, "amount": i.amount, "member": i.member_key or None, "description": i.description}
            for i in application.incomes.all()
        ],
        "consecutive_months_on_assistance": application.consecutive_months_on_assistance,
        "consecutive_months_computed": application.consecutive_months_computed,
        "job_stimulus_months_used": application.job_stimulus_months_used,
        "attachments": application.attachments or [], "notes": application.notes,
        "received_on": application.received_on, "previous": application.previous_id,
        "decision": decision.pk if decision else None,
        "calculation": outcome.result, "calculation_error": outcome.error,
        "guideline_warnings": outcome.guideline_warnings,
    }


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def _decision_out(decision: Decision) -> dict[str, Any]:
    return {
        "id": decision.pk, "case": decision.case_id, "application": decision.application_id,
        "month": month_key(decision.month), "outcome": decision.outcome, "amount": _money(decision.amount),
        "calculated_amount": _money(decision.calculated_amount), "payee": decision.payee_id,
        "decided_by": decision.decided_by.get_username(), "decided_at": decision.decided_at,
        "delegation": decision.delegation_source, "reasons": decision.reasons, "legal_basis": decision.legal_basis,
        "calculation": decision.calculation, "inputs": decision.inputs,
        "guideline_warnings": decision.guideline_warnings, "unconfirmed_amounts": decision.unconfirmed_amounts,
        "adverse": decision.is_adverse,
    }


def _refetch(request, application_id: int) -> Application:
    return selectors.application_get_for_user(ctx=_ctx(request), application_id=application_id)


@router.post("/cases/{case_id}/applications", response={201: ApplicationOut, 400: Error, 404: Error, 409: Error})
def application_create(request, case_id: int, payload: ApplicationIn):
    case = case_get_for_user(ctx=_ctx(request, "Ny ansökan om ekonomiskt bistånd via API"), case_id=case_id)
    month = _parse_month(payload.month)
    data = _input_from(payload, defaults_from=lambda: services.application_defaults(case=case, month=month))
    application = services.application_create(actor=request.user, case=case, month=month, data=data)
    return Status(201, _application_out(request, _refetch(request, application.pk)))


@router.get("/applications/{application_id}", response={200: ApplicationOut, 404: Error})
def application_detail(request, application_id: int):
    return _application_out(request, _refetch(request, application_id))


@router.patch("/applications/{application_id}", response={200: ApplicationOut, 400: Error, 404: Error, 409: Error})
def application_update(request, application_id: int, payload: ApplicationPatch):
    application = _refetch(request, application_id)
    if application.is_decided:
        raise ConflictError(services.DECIDED_IMMUTABLE, field="application")
    application = services.application_update(
        actor=request.user, application=application, data=_input_from(payload), expected_version=payload.version
    )
    return _application_out(request, application)


@router.post(
    "/applications/{application_id}/calculate", response={200: ApplicationCalculationOut, 400: Error, 404: Error}
)
def application_calculate(request, application_id: int):
    """The month's calculation: live from the stored rows, or the frozen one of a decided month."""
    application = _refetch(request, application_id)
    outcome = selectors.application_outcome(application=application, tables=selectors.norm_tables_current(request=request))
    if not outcome.ok:
        raise ApplicationError(outcome.error, field=outcome.error_field)
    return {"frozen": application.is_decided, "result": outcome.result, "guideline_warnings": outcome.guideline_warnings}


@router.get("/applications/{application_id}/proposal", response={200: ProposalOut, 404: Error, 409: Error})
def application_proposal(request, application_id: int):
    """A suggested outcome, amount and standard reasons. Never decides: a human decides with POST …/decision."""
    application = _refetch(request, application_id)
    if application.is_decided:
        raise ConflictError(gettext("Månaden är redan beslutad."), field="application")
    return selectors.application_proposal(
        application=application, tables=selectors.norm_tables_current(request=request)
    ).to_dict()


@router.post("/applications/{application_id}/renew", response={201: ApplicationOut, 400: Error, 404: Error, 409: Error})
def application_renew(request, application_id: int):
    """"Ny månad": next month's application pre-filled from this one."""
    application = _refetch(request, application_id)
    new = services.application_renew(actor=request.user, application=application)
    return Status(201, _application_out(request, _refetch(request, new.pk)))


@router.post(
    "/applications/{application_id}/decision",
    response={201: DecisionOut, 400: Error, 403: Error, 404: Error, 409: Error},
)
def decision_create(request, application_id: int, payload: DecisionIn):
    application = selectors.application_get_for_user(
        ctx=_ctx(request, "Beslut om ekonomiskt bistånd via API"), application_id=application_id
    )
    decision = services.decision_make(
        actor=request.user, application=application, outcome=payload.outcome, amount=payload.amount,
        reasons=payload.reasons, legal_basis=payload.legal_basis, expected_version=payload.version,
        tables=selectors.norm_tables_current(request=request),
    )
    return Status(201, _decision_out(decision))


@router.get("/decisions/{decision_id}", response={200: DecisionOut, 404: Error})
def decision_detail(request, decision_id: int):
    return _decision_out(selectors.decision_get_for_user(ctx=_ctx(request), decision_id=decision_id))


@router.get(
    "/decisions/{decision_id}/letter.pdf",
    response={404: Error},
    openapi_extra={"responses": {"200": {"description": "Beslutsbrevet som PDF", "content": {"application/pdf": {}}}}},
)
def decision_letter(request, decision_id: int):
    decision = selectors.decision_get_for_user(
        ctx=_ctx(request, "Utskrift av beslut via API"), decision_id=decision_id, action=AccessAction.PRINT
    )
    response = HttpResponse(decision_letter_pdf(decision=decision, user=request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{decision_letter_filename(decision)}"'
    return response
