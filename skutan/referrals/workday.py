"""»Beslut att fatta« on Min dag (registered in ReferralsConfig.ready): prepared decisions waiting for the
user's decision (a unit manager's queue), and those sent back to the user, with the comment as a message."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext

from skutan.cases.workday import WorkItem

RETURNED_DAYS = 30  # a returned underlag stays on Min dag until it is sent again, for at most this long


def referrals_workday_items(*, user, today: date) -> list[WorkItem]:
    from django.utils import timezone

    from skutan.accounts.models import Role
    from skutan.accounts.selectors import user_has_role
    from skutan.cases.models import Case
    from skutan.cases.selectors import case_visible_q
    from skutan.referrals.models import DecisionReferral, ReferralStatus

    visible = Case.objects.filter(case_visible_q(user=user))
    section = "queue" if user_has_role(user=user, role=Role.UNIT_MANAGER) else "decisions"
    items: list[WorkItem] = []
    waiting = (
        DecisionReferral.objects.filter(sent_to=user, status=ReferralStatus.PENDING, case__in=visible)
        .select_related("case", "case__person", "sent_by").order_by("sent_at", "id")[:100]
    )
    for r in waiting:
        items.append(WorkItem(
            section, f"Beslut att fatta: {r.summary} ({r.case.reference}, {r.case.person.full_name})", r.path,
            detail=gettext(
                "från %(sent_by)s %(sent_at)s"
            ) % {
                "sent_by": r.sent_by.display_name,
                "sent_at": format(timezone.localtime(r.sent_at), "%Y-%m-%d"),
            }, case=r.case,
            sort_key=(r.sent_at.timestamp(),),
        ))
    since = timezone.now() - timedelta(days=RETURNED_DAYS)
    returned = (
        DecisionReferral.objects.filter(
            sent_by=user, status=ReferralStatus.RETURNED, resolved_at__gte=since, case__in=visible
        ).select_related("case", "case__person", "resolved_by").order_by("-resolved_at")[:100]
    )
    pending_subjects = set(
        DecisionReferral.objects.filter(sent_by=user, status=ReferralStatus.PENDING)
        .values_list("subject_type", "subject_id")
    )
    for r in returned:
        if (r.subject_type, r.subject_id) in pending_subjects:
            continue  # sent again since: nothing left to do here
        who = r.resolved_by.display_name if r.resolved_by_id else "beslutsfattaren"
        items.append(WorkItem(
            "decisions", f"Skickat tillbaka till dig: {r.summary} ({r.case.reference}, {r.case.person.full_name})",
            r.path, detail=f"av {who} {timezone.localtime(r.resolved_at):%Y-%m-%d}", case=r.case,
        ))
        if r.response:
            items.append(WorkItem(
                "messages", f"{who} om {r.summary} ({r.case.reference}): {r.response}", r.path, case=r.case,
                sort_key=(-r.resolved_at.timestamp(),),
            ))
    if waiting:
        items.append(WorkItem(section, "Alla beslut att fatta", reverse("referrals:queue"), sort_key=(float("inf"),)))
    return items
