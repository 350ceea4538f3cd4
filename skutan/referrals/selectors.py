
from skutan.audit.context import AccessContext
from skutan.audit.services import access_log_list_record
from skutan.cases.selectors import case_get_for_user
from skutan.core.errors import NotFoundError
from skutan.referrals.models import DecisionReferral, ReferralStatus

REFERRAL_NOT_FOUND = "Beslutsunderlaget finns inte, eller så har du inte behörighet till det."


def referrals_to_decide(*, ctx: AccessContext) -> list[DecisionReferral]:
    """»Beslut att fatta«: what has been sent to this user and waits for their decision (the read is logged)."""
    rows = list(
        DecisionReferral.objects.filter(sent_to=ctx.user, status=ReferralStatus.PENDING)
        .select_related("case", "case__person", "sent_by")
        .order_by("sent_at", "id")
    )
    access_log_list_record(ctx=ctx, cases=[r.case for r in rows])
    return rows


def referrals_sent_by(*, ctx: AccessContext, limit: int = 50) -> list[DecisionReferral]:
    rows = list(
        DecisionReferral.objects.filter(sent_by=ctx.user)
        .select_related("case", "case__person", "sent_to")[:limit]
    )
    access_log_list_record(ctx=ctx, cases=[r.case for r in rows])
    return rows


def referral_for_subject(*, subject_type: str, subject_id: int) -> DecisionReferral | None:
    """The latest referral of a decision whose page the caller has already authorized."""
    return (
        DecisionReferral.objects.filter(subject_type=subject_type, subject_id=subject_id)
        .select_related("sent_by", "sent_to", "resolved_by")
        .order_by("-sent_at", "-id")
        .first()
    )


def referral_get_for_user(*, ctx: AccessContext, referral_id: int) -> DecisionReferral:
    referral = DecisionReferral.objects.select_related("sent_by", "sent_to").filter(pk=referral_id).first()
    if referral is None or ctx.user.pk not in (referral.sent_by_id, referral.sent_to_id):
        raise NotFoundError(REFERRAL_NOT_FOUND)
    try:
        referral.case = case_get_for_user(ctx=ctx, case_id=referral.case_id)
    except NotFoundError:
        raise NotFoundError(REFERRAL_NOT_FOUND) from None
    return referral
