"""Sending a prepared decision to someone who holds the delegation, and its answer."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.selectors import delegation_point_for
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.cases.access import case_write_check
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.referrals.models import DecisionReferral, ReferralStatus


@transaction.atomic
def referral_send(
    *, actor, case, decision_kind: str, subject_type: str, subject_id: int, path: str, summary: str,
    amount: Decimal | None, proposal: dict, to_user, message: str = "",
) -> DecisionReferral:
    """Send the beslutsunderlag to ``to_user``, who must hold a valid point covering ``amount`` for the case."""
    case_write_check(user=actor, case=case)
    if to_user is None:
        raise ApplicationError(gettext("Välj vem som ska fatta beslutet."), field="to_user")
    if to_user.pk == actor.pk:
        raise ApplicationError(gettext("Du kan inte skicka beslutsunderlaget till dig själv."), field="to_user")
    point = delegation_point_for(
        user=to_user, decision_kind=decision_kind, amount=amount or Decimal(0), on=timezone.localdate(),
        unit_id=case.unit_id,
    )
    if point is None:
        raise ApplicationError(
            gettext(
                "%(to_user)s har ingen delegation som räcker för beslutet."
            ) % {"to_user": to_user.display_name}, field="to_user"
        )
    try:
        with transaction.atomic():
            referral = DecisionReferral.objects.create(
                case=case, decision_kind=decision_kind, subject_type=subject_type, subject_id=subject_id,
                path=path[:300], summary=summary[:200], amount=amount, proposal=proposal,
                message=(message or "").strip(), sent_by=actor, sent_to=to_user,
            )
    except IntegrityError:
        raise ConflictError(gettext("Beslutsunderlaget är redan skickat för beslut."), field="to_user") from None
    audit_event_record(
        event_type=EventType.DECISION_REFERRAL_SENT, actor=actor, obj=referral, person_id=case.person_id,
        case_id=case.pk,
        data={"subject": f"{subject_type}:{subject_id}", "to_user_id": to_user.pk,
              "amount": None if amount is None else str(amount)},
    )
    return referral


@transaction.atomic
def referral_return(*, actor, referral: DecisionReferral, comment: str) -> DecisionReferral:
    """The receiver sends the beslutsunderlag back with a comment, which the sender sees."""
    locked = DecisionReferral.objects.select_for_update().get(pk=referral.pk)
    if locked.sent_to_id != actor.pk:
        raise AccessDeniedError(gettext("Bara den som fått beslutsunderlaget kan skicka tillbaka det."))
    if not locked.is_pending:
        raise ConflictError(gettext("Beslutsunderlaget är redan hanterat."))
    comment = (comment or "").strip()
    if not comment:
        raise ApplicationError(gettext("Skriv en kommentar till den som skickade underlaget."), field="comment")
    locked.status = ReferralStatus.RETURNED
    locked.response = comment
    locked.resolved_by = actor
    locked.resolved_at = timezone.now()
    locked.save(update_fields=["status", "response", "resolved_by", "resolved_at"])
    audit_event_record(
        event_type=EventType.DECISION_REFERRAL_RETURNED, actor=actor, obj=locked, person_id=locked.case.person_id,
        case_id=locked.case_id,
    )
    return locked


def referral_complete(*, actor, subject_type: str, subject_id: int) -> DecisionReferral | None:
    """Called by the module that made the decision, inside its transaction: the pending referral is done."""
    referral = (
        DecisionReferral.objects.select_for_update()
        .filter(subject_type=subject_type, subject_id=subject_id, status=ReferralStatus.PENDING)
        .first()
    )
    if referral is None:
        return None
    referral.status = ReferralStatus.DECIDED
    referral.resolved_by = actor
    referral.resolved_at = timezone.now()
    referral.save(update_fields=["status", "resolved_by", "resolved_at"])
    audit_event_record(
        event_type=EventType.DECISION_REFERRAL_DECIDED, actor=actor, obj=referral, case_id=referral.case_id,
        data={"subject": f"{subject_type}:{subject_id}"},
    )
    return referral
