"""Placements (familjehem, HVB, stödboende), the familjehem register, and the six-monthly övervägande."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from skutan.audit.catalogue import EventType
from skutan.children import deadlines
from skutan.children.models import (
    CareReview,
    FosterHome,
    FosterHomeMember,
    Intervention,
    InterventionKind,
    LvuDecision,
    Placement,
    ReviewKind,
)
from skutan.children.services._common import (
    _audit,
    _check_day,
    _event,
    _require_children_staff,
    _required_text,
)
from skutan.core.errors import ApplicationError, ConflictError

# SoL 6 kap. 8 § covers a child placed in a familjehem or an HVB (DOMAIN.md §6 ✔); stödboende is not
# confirmed there, so it gets no SoL clock of its own here.
SOL_REVIEWED_KINDS = frozenset({InterventionKind.FOSTER_HOME, InterventionKind.HVB})


def care_review_schedule(*, case, kind: str, counted_from: date, placement=None, lvu_decision=None) -> CareReview:
    """Put the next six-monthly övervägande/omprövning on the clock, with its source."""
    d = deadlines.care_review_deadline(kind, counted_from)
    return CareReview.objects.create(
        case=case, placement=placement, lvu_decision=lvu_decision, kind=kind, counted_from=counted_from,
        due_on=d.due, limit_source=d.limit.source, limit_confirmed=d.limit.confirmed,
    )


@transaction.atomic
def foster_home_register(
    *, actor, unit, name: str, members=(), consent_on: date | None = None, consent_reference: str = "",
    places: int = 1,
) -> FosterHome:
    """A familjehem in the unit's register; its members are persons, so their own secrecy applies."""
    _require_children_staff(user=actor, unit_id=unit.pk)
    name = _required_text(name, field="name", message="Ange familjehemmets benämning.")
    if consent_on is not None:
        _check_day(consent_on, field="consent_on", label=gettext("Datum för medgivande"))
    if places is None or places < 1:
        raise ApplicationError(gettext("Ett familjehem har minst en plats."), field="places")
    home = FosterHome.objects.create(unit=unit, name=name, consent_on=consent_on,
                                     consent_reference=(consent_reference or "").strip(), places=places,
                                     recorded_by=actor)
    FosterHomeMember.objects.bulk_create(FosterHomeMember(foster_home=home, person=p) for p in members)
    _audit(EventType.FOSTER_HOME_REGISTERED, actor=actor, obj=home,
           data={"foster_home_id": home.pk, "members": [p.pk for p in members],
                 "consent_on": consent_on.isoformat() if consent_on else None})
    return home


def placement_start(
    *, actor, intervention: Intervention, place_name: str, foster_home: FosterHome | None = None,
    lvu_care: LvuDecision | None = None,
) -> Placement:
    """Start the placement decided by ``intervention`` (called by intervention_decide, in its transaction).
    Under SoL a familjehem or HVB placement gets its six-monthly övervägande (SoL 6 kap. 8 §); under LVU the
    care's own 13 § clock applies."""
    case = intervention.case
    if foster_home is not None and foster_home.consent_on is None:
        raise ApplicationError(gettext("Familjehemmet har inget registrerat medgivande."), field="foster_home")
    if Placement.objects.filter(case=case, ended_on__isnull=True).exists():
        raise ConflictError(gettext("Barnet har redan en pågående placering. Avsluta den först."))
    placement = Placement.objects.create(
        case=case, intervention=intervention, kind=intervention.kind, foster_home=foster_home,
        place_name=place_name[:200], starts_on=intervention.starts_on,
    )
    review = None
    if lvu_care is None and intervention.kind in SOL_REVIEWED_KINDS:
        review = care_review_schedule(case=case, kind=ReviewKind.PLACEMENT, counted_from=placement.starts_on,
                                      placement=placement)
    data = {"placement_id": placement.pk, "kind": placement.kind, "starts_on": placement.starts_on.isoformat(),
            "foster_home_id": foster_home.pk if foster_home else None,
            "review_due": review.due_on.isoformat() if review else None}
    _event(case=case, event_type="placement_started", actor=actor, data=data)
    _audit(EventType.PLACEMENT_STARTED, actor=actor, obj=placement, case=case, data=data)
    return placement


@transaction.atomic
def placement_end(*, actor, case, ended_on: date, reason: str) -> Placement:
    """End the child's placement in progress: the child moves home, moves on to another placement (decided as a
    new insats afterwards), or turns 18. The pending övervägande of that placement no longer applies and leaves
    the board; the placement's history stays."""
    _require_children_staff(user=actor, unit_id=case.unit_id, case=case)  # access first, then the rules
    placement = Placement.objects.select_for_update().filter(case=case, ended_on__isnull=True).first()
    if placement is None:
        raise ConflictError(gettext("Barnet har ingen pågående placering i ärendet."))
    if ended_on is None:
        raise ApplicationError(gettext("Ange dagen placeringen upphörde."), field="ended_on")
    _check_day(ended_on, field="ended_on", label=gettext("Dagen placeringen upphörde"), not_before=placement.starts_on,
               before_label="dagen placeringen började")
    reason = _required_text(reason, field="reason",
                            message="Skriv varför placeringen upphör (till exempel flytt hem eller till ny placering).")
    placement.ended_on, placement.end_reason, placement.ended_by = ended_on, reason, actor
    placement.save(update_fields=["ended_on", "end_reason", "ended_by"])
    lapsed = list(CareReview.objects.filter(placement=placement, done_on__isnull=True).values_list("pk", flat=True))
    CareReview.objects.filter(pk__in=lapsed).delete()  # no care left to consider (as at the end of LVU care)
    data = {"placement_id": placement.pk, "ended_on": ended_on.isoformat(), "lapsed_reviews": lapsed}
    _event(case=case, event_type="placement_ended", actor=actor, data=data)
    _audit(EventType.PLACEMENT_ENDED, actor=actor, obj=placement, case=case, data=data)
    return placement


@transaction.atomic
def care_review_record(
    *, actor, review: CareReview, done_on: date, care_still_needed: bool, notes: str
) -> CareReview:
    """Record the övervägande/omprövning: is the care still needed? If so, the next one is due six months
    from this day."""
    case = review.case
    _require_children_staff(user=actor, unit_id=case.unit_id, case=case)
    if done_on is None:
        raise ApplicationError(gettext("Ange datum för övervägandet."), field="done_on")
    _check_day(done_on, field="done_on", label=gettext("Datum för övervägandet"), not_before=review.counted_from,
               before_label="dagen fristen räknas från")
    if care_still_needed is None:
        raise ApplicationError(gettext("Ange om vården fortfarande behövs."), field="care_still_needed")
    notes = _required_text(notes, field="notes", message="Skriv nämndens överväganden.")
    updated = CareReview.objects.filter(pk=review.pk, done_on__isnull=True).update(
        done_on=done_on, done_by=actor, care_still_needed=bool(care_still_needed), notes=notes
    )
    if updated != 1:
        raise ConflictError(gettext("Övervägandet är redan gjort."))
    review.refresh_from_db()
    following = None
    if care_still_needed:
        following = care_review_schedule(case=case, kind=review.kind, counted_from=done_on,
                                         placement=review.placement, lvu_decision=review.lvu_decision)
    data = {"review_id": review.pk, "kind": review.kind, "done_on": done_on.isoformat(),
            "late": done_on > review.due_on, "care_still_needed": bool(care_still_needed),
            "next_due": following.due_on.isoformat() if following else None}
    _event(case=case, event_type="care_reviewed", actor=actor, data=data)
    _audit(EventType.CARE_REVIEW_DONE, actor=actor, obj=review, case=case, data=data)
    return review
