"""Writes for deviations, Lex Sarah and risk analyses. Each runs in one transaction with its audit row.

The audit rows name the deviation, never the reporter as a subject: the acting user of a report is the
reporter, and the audit log is only for the log reviewer.
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.concurrency import versioned_update
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.quality.models import (
    Deviation,
    DeviationCategory,
    DeviationStatus,
    LexSarahKind,
    LexSarahMatter,
    Measure,
    QualityTarget,
    Risk,
    RiskAnalysis,
    Severity,
)
from skutan.quality.selectors import quality_is_officer, quality_managed_unit_ids

OFFICER_ONLY = "Det här får bara kvalitetsansvarig göra."
DESCRIPTION_MAX = 20_000


def _require_officer(user) -> None:
    if not quality_is_officer(user=user):
        raise AccessDeniedError(OFFICER_ONLY)


def _require_staff(user) -> None:
    from skutan.accounts.selectors import user_is_staff_member

    if not user_is_staff_member(user=user):
        raise AccessDeniedError(gettext("Bara den som arbetar i verksamheten kan rapportera en avvikelse."))


def _check_occurred_on(occurred_on: date | None) -> date:
    if occurred_on is None:
        raise ApplicationError(gettext("Ange när det hände."), field="occurred_on")
    if occurred_on > timezone.localdate():
        raise ApplicationError(gettext("Datumet kan inte ligga i framtiden."), field="occurred_on")
    return occurred_on


def _category(code: str) -> DeviationCategory:
    category = DeviationCategory.objects.filter(code=code, active=True).first() if code else None
    if category is None:
        raise ApplicationError(gettext("Okänd kategori. Välj en kategori i listan."), field="category")
    return category


def _text(value: str, field: str, *, required: bool = False, label: str = "") -> str:
    value = value or ""
    label = label or gettext("Texten")
    if not isinstance(value, str):
        raise ApplicationError(gettext("%(label)s ska vara en text.") % {"label": label}, field=field)
    if "\x00" in value or any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise ApplicationError(gettext(
            "%(label)s innehåller ogiltiga tecken."
        ) % {"label": label}, field=field)
    if len(value) > DESCRIPTION_MAX:
        raise ApplicationError(gettext(
            "%(label)s får vara högst %(description_max)s tecken."
        ) % {"label": label, "description_max": DESCRIPTION_MAX}, field=field)
    value = value.strip()
    if required and not value:
        raise ApplicationError(gettext("%(label)s måste fyllas i.") % {"label": label}, field=field)
    return value


@transaction.atomic
def deviation_report(
    *,
    actor,
    occurred_on: date | None,
    unit,
    category: str,
    description: str,
    immediate_action: str = "",
    case=None,
    system_fault: bool = False,
    page_path: str = "",
    request_id: str = "",
    page_seen_at: datetime | None = None,
    as_lex_sarah: bool = False,
    draft: Deviation | None = None,
) -> Deviation:
    """Report a deviation (avvikelse). ``case`` must be one the reporter may see (the caller fetched it)."""
    _require_staff(actor)
    if unit is None:
        raise ApplicationError(gettext("Ange enheten där det hände."), field="unit")
    fields = dict(
        occurred_on=_check_occurred_on(occurred_on), unit=unit, category=_category(category),
        description=_text(description, "description", required=True, label=gettext("Beskrivningen")),
        immediate_action=_text(immediate_action, "immediate_action"), case=case,
        system_fault=bool(system_fault), page_path=(page_path or "")[:300], request_id=(request_id or "")[:64],
        page_seen_at=page_seen_at, status=DeviationStatus.REPORTED, reported_at=timezone.now(),
    )
    if draft is not None:
        if draft.reported_by_id != actor.pk or draft.status != DeviationStatus.DRAFT:
            raise ConflictError(gettext("Utkastet är redan rapporterat."), field="draft")
        for k, v in fields.items():
            setattr(draft, k, v)
        draft.version += 1
        draft.save()
        deviation = draft
    else:
        deviation = Deviation.objects.create(reported_by=actor, **fields)
    audit_event_record(
        event_type=EventType.DEVIATION_REPORTED, actor=actor, obj=deviation,
        person_id=case.person_id if case else None, case_id=case.pk if case else None,
        data={"category": deviation.category.code, "unit": unit.pk, "system_fault": deviation.system_fault},
    )
    if as_lex_sarah:
        _lex_sarah_open(actor=actor, deviation=deviation, directly=True, note="", kind=LexSarahKind.MISCONDUCT)
    return deviation


@transaction.atomic
def deviation_draft_save(*, actor, draft: Deviation | None, data: dict) -> Deviation:
    """Autosave while the reporter types: a private draft, lenient about what is still missing."""
    _require_staff(actor)
    category = DeviationCategory.objects.filter(code=data.get("category") or "", active=True).first()
    occurred_on = data.get("occurred_on")
    if occurred_on and occurred_on > timezone.localdate():
        raise ApplicationError(gettext("Datumet kan inte ligga i framtiden."), field="occurred_on")
    fields = {
        "occurred_on": occurred_on or timezone.localdate(),
        "description": _text(data.get("description", ""), "description"),
        "immediate_action": _text(data.get("immediate_action", ""), "immediate_action"),
        "page_path": (data.get("page_path") or "")[:300],
        "request_id": (data.get("request_id") or "")[:64],
        "system_fault": bool(data.get("system_fault")),
    }
    if data.get("unit") is not None:
        fields["unit"] = data["unit"]
    if category:
        fields["category"] = category
    if "case" in data:
        fields["case"] = data["case"]
    if draft is None:
        if "unit" not in fields or "category" not in fields:
            # Nothing to anchor a draft yet; the first keystrokes wait until unit and category are chosen.
            fields.setdefault("category", DeviationCategory.objects.filter(active=True, code="other").first()
                              or DeviationCategory.objects.filter(active=True).first())
            if "unit" not in fields:
                raise ApplicationError(gettext("Välj enhet först."), field="unit")
        return Deviation.objects.create(reported_by=actor, status=DeviationStatus.DRAFT, **fields)
    if draft.reported_by_id != actor.pk or draft.status != DeviationStatus.DRAFT:
        raise ConflictError(gettext("Utkastet är redan rapporterat."), field="draft")
    for k, v in fields.items():
        setattr(draft, k, v)
    draft.save()
    return draft


@transaction.atomic
def deviation_assess(*, actor, deviation: Deviation, severity: str, assessment: str, version: int) -> Deviation:
    _require_officer(actor)
    if severity not in Severity.values or severity == Severity.UNASSESSED:
        raise ApplicationError(gettext("Välj allvarlighetsgrad."), field="severity")
    status = deviation.status if deviation.status in (DeviationStatus.LEX_SARAH,) else DeviationStatus.ASSESSED
    deviation = versioned_update(instance=deviation, expected_version=version, fields={
        "severity": severity, "assessment": _text(assessment, "assessment", required=True, label=gettext("Bedömningen")),
        "assessed_at": timezone.now(), "status": status,
    })
    audit_event_record(event_type=EventType.DEVIATION_ASSESSED, actor=actor, obj=deviation,
                       case_id=deviation.case_id, data={"severity": severity})
    return deviation


@transaction.atomic
def deviation_close(*, actor, deviation: Deviation, version: int) -> Deviation:
    _require_officer(actor)
    deviation = versioned_update(instance=deviation, expected_version=version,
                                 fields={"status": DeviationStatus.CLOSED})
    audit_event_record(event_type=EventType.DEVIATION_CLOSED, actor=actor, obj=deviation, case_id=deviation.case_id)
    return deviation


def _lex_sarah_open(*, actor, deviation: Deviation, directly: bool, note: str, kind: str) -> LexSarahMatter:
    if LexSarahMatter.objects.filter(deviation=deviation).exists():
        raise ConflictError(gettext("Avvikelsen är redan ett Lex Sarah-ärende."), field="deviation")
    if kind not in LexSarahKind.values:
        raise ApplicationError(gettext("Okänd typ av Lex Sarah-rapport."), field="kind")
    matter = LexSarahMatter.objects.create(
        deviation=deviation, kind=kind, classified_by=None if directly else actor, reported_directly=directly,
        classified_at=timezone.now(), classification_note=note,
    )
    Deviation.objects.filter(pk=deviation.pk).update(status=DeviationStatus.LEX_SARAH)
    deviation.status = DeviationStatus.LEX_SARAH
    audit_event_record(event_type=EventType.LEX_SARAH_OPENED, actor=actor, obj=matter, case_id=deviation.case_id,
                       data={"deviation": deviation.pk, "directly": directly, "kind": kind})
    return matter


@transaction.atomic
def lex_sarah_classify(*, actor, deviation: Deviation, assessment: str,
                       kind: str = LexSarahKind.MISCONDUCT) -> LexSarahMatter:
    """The quality role classifies a deviation as a Lex Sarah matter (missförhållande or påtaglig risk)."""
    _require_officer(actor)
    note = _text(assessment, "assessment", required=True, label=gettext("Bedömningen"))
    return _lex_sarah_open(actor=actor, deviation=deviation, directly=False, note=note, kind=kind)


def _matter_update(*, actor, matter: LexSarahMatter, version: int, fields: dict, event: EventType,
                   data: dict | None = None) -> LexSarahMatter:
    _require_officer(actor)
    if matter.closed_at:
        raise ConflictError(gettext("Lex Sarah-ärendet är avslutat."), field="version")
    matter = versioned_update(instance=matter, expected_version=version, fields=fields)
    audit_event_record(event_type=event, actor=actor, obj=matter, case_id=matter.deviation.case_id, data=data)
    return matter


@transaction.atomic
def lex_sarah_first_assessment(*, actor, matter: LexSarahMatter, first_assessment: str, immediate_remedy: str,
                               version: int) -> LexSarahMatter:
    return _matter_update(actor=actor, matter=matter, version=version, event=EventType.LEX_SARAH_FIRST_ASSESSMENT,
                          fields={
                              "first_assessment": _text(first_assessment, "first_assessment", required=True,
                                                        label=gettext("Den första bedömningen")),
                              "immediate_remedy": _text(immediate_remedy, "immediate_remedy"),
                              "first_assessed_at": matter.first_assessed_at or timezone.now(),
                          })


@transaction.atomic
def lex_sarah_investigate(*, actor, matter: LexSarahMatter, what_happened: str, causes: str,
                          measures_summary: str, informed: str, complete: bool, version: int) -> LexSarahMatter:
    """Save the investigation; ``complete`` marks it finished (then every part must be filled in)."""
    fields = {
        "what_happened": _text(what_happened, "what_happened", required=complete, label=gettext("Vad som har hänt")),
        "causes": _text(causes, "causes", required=complete, label=gettext("Orsakerna på systemnivå")),
        "measures_summary": _text(measures_summary, "measures_summary", required=complete, label=gettext("Åtgärderna")),
        "informed": _text(informed, "informed", required=complete, label=gettext("Vilka som har informerats")),
    }
    if complete:
        if not matter.first_assessed_at:
            raise ApplicationError(gettext("Gör den första bedömningen innan utredningen avslutas."), field="first_assessment")
        fields["investigated_at"] = matter.investigated_at or timezone.now()
    return _matter_update(actor=actor, matter=matter, version=version, event=EventType.LEX_SARAH_INVESTIGATED,
                          fields=fields, data={"complete": complete})


@transaction.atomic
def lex_sarah_decide_seriousness(*, actor, matter: LexSarahMatter, serious: bool, reasons: str,
                                 version: int) -> LexSarahMatter:
    if not matter.investigated_at:
        raise ApplicationError(gettext("Utredningen måste vara klar innan beslutet om allvarlighet."), field="serious")
    return _matter_update(actor=actor, matter=matter, version=version, event=EventType.LEX_SARAH_DECIDED,
                          fields={"serious": bool(serious),
                                  "seriousness_reasons": _text(reasons, "reasons", required=True, label=gettext("Motiveringen")),
                                  "seriousness_decided_at": timezone.now(), "seriousness_decided_by": actor},
                          data={"serious": bool(serious)})


@transaction.atomic
def lex_sarah_ivo_sent(*, actor, matter: LexSarahMatter, sent_on: date | None, reference: str,
                       version: int) -> LexSarahMatter:
    """Record that the anmälan was sent to IVO (through IVO's e-service, signed with BankID or SITHS)."""
    if matter.serious is not True:
        raise ApplicationError(gettext("Bara ett allvarligt missförhållande anmäls till IVO."), field="serious")
    if sent_on is None or sent_on > timezone.localdate():
        raise ApplicationError(gettext("Ange dagen anmälan skickades (inte i framtiden)."), field="sent_on")
    return _matter_update(actor=actor, matter=matter, version=version, event=EventType.LEX_SARAH_REPORTED_TO_IVO,
                          fields={"ivo_sent_on": sent_on, "ivo_reference": (reference or "")[:60]})


@transaction.atomic
def lex_sarah_close(*, actor, matter: LexSarahMatter, version: int) -> LexSarahMatter:
    if matter.serious is None:
        raise ApplicationError(gettext("Beslut om allvarlighet saknas."), field="serious")
    if matter.serious and not matter.ivo_sent_on:
        raise ApplicationError(gettext("Ett allvarligt missförhållande ska anmälas till IVO innan ärendet avslutas."),
                               field="sent_on")
    if matter.measures.filter(done_on__isnull=True).exists():
        raise ApplicationError(gettext("Alla åtgärder ska vara följda till slut innan ärendet avslutas."), field="measures")
    matter = _matter_update(actor=actor, matter=matter, version=version, event=EventType.LEX_SARAH_CLOSED,
                            fields={"closed_at": timezone.now()})
    Deviation.objects.filter(pk=matter.deviation_id).update(status=DeviationStatus.CLOSED)
    return matter


@transaction.atomic
def quality_target_set(*, actor, step: str, days: int, decided_by: str = "") -> QualityTarget:
    _require_officer(actor)
    if days is None or days < 0 or days > 365:
        raise ApplicationError(gettext("Ange ett antal dagar mellan 0 och 365."), field="days")
    target, _ = QualityTarget.objects.update_or_create(step=step, defaults={"days": days, "decided_by": decided_by})
    audit_event_record(event_type=EventType.QUALITY_TARGET_SET, actor=actor, obj=target,
                       data={"step": step, "days": days})
    return target


@transaction.atomic
def deviation_category_add(*, actor, code: str, label: str) -> DeviationCategory:
    _require_officer(actor)
    from django.utils.text import slugify

    code = slugify(code or "").replace("-", "_")
    if not code or not (label or "").strip():
        raise ApplicationError(gettext("Ange kod och benämning."), field="code" if not code else "label")
    if DeviationCategory.objects.filter(code=code).exists():
        raise ConflictError(gettext("Koden finns redan."), field="code")
    category = DeviationCategory.objects.create(code=code, label=label.strip()[:120], sort_order=100)
    audit_event_record(event_type=EventType.DEVIATION_CATEGORY_CHANGED, actor=actor, obj=category,
                       data={"code": code, "active": True})
    return category


@transaction.atomic
def deviation_category_set_active(*, actor, category: DeviationCategory, active: bool) -> DeviationCategory:
    _require_officer(actor)
    category.active = bool(active)
    category.save(update_fields=["active"])
    audit_event_record(event_type=EventType.DEVIATION_CATEGORY_CHANGED, actor=actor, obj=category,
                       data={"code": category.code, "active": category.active})
    return category


# --- Measures and risk analyses --------------------------------------------------------------------------


def _require_analysis_writer(actor, unit_id: int) -> None:
    if not (quality_is_officer(user=actor) or unit_id in quality_managed_unit_ids(user=actor)):
        raise AccessDeniedError(gettext("Riskanalyser skrivs av enhetschefen för enheten eller av kvalitetsansvarig."))


@transaction.atomic
def measure_add(*, actor, description: str, owner, due_on: date | None, matter: LexSarahMatter | None = None,
                analysis: RiskAnalysis | None = None) -> Measure:
    if matter is not None:
        _require_officer(actor)
    elif analysis is not None:
        _require_analysis_writer(actor, analysis.unit_id)
    else:
        raise ApplicationError(gettext("En åtgärd hör till ett Lex Sarah-ärende eller en riskanalys."), field="parent")
    if owner is None:
        raise ApplicationError(gettext("Ange vem som äger åtgärden."), field="owner")
    if due_on is None:
        raise ApplicationError(gettext("Ange ett datum för uppföljning."), field="due_on")
    measure = Measure.objects.create(
        matter=matter, analysis=analysis, owner=owner, due_on=due_on,
        description=_text(description, "description", required=True, label=gettext("Åtgärden"))[:300],
    )
    audit_event_record(event_type=EventType.QUALITY_MEASURE_ADDED, actor=actor, obj=measure,
                       data={"owner": owner.pk, "due_on": due_on.isoformat()})
    return measure


@transaction.atomic
def measure_complete(*, actor, measure: Measure, done_on: date | None, note: str) -> Measure:
    allowed = actor.pk == measure.owner_id or quality_is_officer(user=actor) or (
        measure.analysis_id and measure.analysis.unit_id in quality_managed_unit_ids(user=actor))
    if not allowed:
        raise AccessDeniedError(gettext("Bara åtgärdens ägare eller kvalitetsansvarig kan markera den som klar."))
    if measure.done_on:
        raise ConflictError(gettext("Åtgärden är redan klar."), field="done_on")
    if done_on is None or done_on > timezone.localdate():
        raise ApplicationError(gettext("Ange dagen åtgärden blev klar (inte i framtiden)."), field="done_on")
    measure.done_on = done_on
    measure.done_note = _text(note, "note")
    measure.save(update_fields=["done_on", "done_note"])
    audit_event_record(event_type=EventType.QUALITY_MEASURE_DONE, actor=actor, obj=measure)
    return measure


@transaction.atomic
def risk_analysis_create(*, actor, unit, process: str, description: str = "",
                         next_review_on: date | None = None) -> RiskAnalysis:
    if unit is None:
        raise ApplicationError(gettext("Ange enhet."), field="unit")
    _require_analysis_writer(actor, unit.pk)
    process = _text(process, "process", required=True, label=gettext("Processen"))[:200]
    today = timezone.localdate()
    analysis = RiskAnalysis.objects.create(
        unit=unit, process=process, description=_text(description, "description"), created_by=actor,
        next_review_on=next_review_on or today.replace(year=today.year + 1, day=min(today.day, 28)),
    )
    audit_event_record(event_type=EventType.RISK_ANALYSIS_CREATED, actor=actor, obj=analysis,
                       data={"unit": unit.pk})
    return analysis


def _grade(value, field: str, label: str) -> int:
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 4:
        raise ApplicationError(gettext("%(label)s anges från 1 till 4.") % {"label": label}, field=field)
    return value


@transaction.atomic
def risk_add(*, actor, analysis: RiskAnalysis, description: str, probability, consequence) -> Risk:
    _require_analysis_writer(actor, analysis.unit_id)
    risk = Risk.objects.create(
        analysis=analysis, description=_text(description, "description", required=True, label=gettext("Risken"))[:300],
        probability=_grade(probability, "probability", "Sannolikheten"),
        consequence=_grade(consequence, "consequence", "Konsekvensen"),
    )
    audit_event_record(event_type=EventType.RISK_ANALYSIS_CHANGED, actor=actor, obj=analysis,
                       data={"risk_added": risk.pk})
    return risk


@transaction.atomic
def risk_analysis_link_deviation(*, actor, analysis: RiskAnalysis, deviation: Deviation) -> None:
    _require_analysis_writer(actor, analysis.unit_id)
    analysis.deviations.add(deviation)
    audit_event_record(event_type=EventType.RISK_ANALYSIS_CHANGED, actor=actor, obj=analysis,
                       data={"deviation_linked": deviation.pk})


@transaction.atomic
def risk_analysis_review(*, actor, analysis: RiskAnalysis, reviewed_on: date, version: int) -> RiskAnalysis:
    """The yearly review: recorded, and the next one falls a year later."""
    _require_analysis_writer(actor, analysis.unit_id)
    if reviewed_on is None or reviewed_on > timezone.localdate():
        raise ApplicationError(gettext("Ange granskningsdagen (inte i framtiden)."), field="reviewed_on")
    nxt = reviewed_on.replace(year=reviewed_on.year + 1, day=min(reviewed_on.day, 28))
    analysis = versioned_update(instance=analysis, expected_version=version,
                                fields={"reviewed_on": reviewed_on, "next_review_on": nxt})
    audit_event_record(event_type=EventType.RISK_ANALYSIS_REVIEWED, actor=actor, obj=analysis,
                       data={"reviewed_on": reviewed_on.isoformat()})
    return analysis


@transaction.atomic
def risk_analysis_copy(*, actor, analysis: RiskAnalysis, unit) -> RiskAnalysis:
    """Copy an analysis's process and risks to another unit. Measures and deviations stay with the original:
    they have owners and facts of their own unit."""
    copy = risk_analysis_create(actor=actor, unit=unit, process=analysis.process, description=analysis.description)
    copy.copied_from = analysis
    copy.save(update_fields=["copied_from"])
    Risk.objects.bulk_create([
        Risk(analysis=copy, description=r.description, probability=r.probability, consequence=r.consequence)
        for r in analysis.risks.all()
    ])
    return copy
