"""The children's items on Min dag (registered in ChildrenConfig.ready): statutory deadlines of the user's
cases today and this week, new reports on their cases, and for a unit manager the unit's late items."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext

from skutan.cases.workday import WorkItem, deadline_section

NEW_REPORT_DAYS = 7


def _row_item(section: str, row) -> WorkItem:
    ref = f" ({row.case.reference})" if row.case is not None else ""
    return WorkItem(
        section, f"{row.label}: {row.child_name}{ref}", row.url,
        detail=f"senast {row.due:%Y-%m-%d} – {row.status.text}", due=row.due, late=row.status.late,
        case=row.case, person_id=getattr(row.report, "child_id", None),
    )


def children_workday_items(*, user, today: date) -> list[WorkItem]:
    from skutan.children.models import ChildReport
    from skutan.children.selectors import deadline_board, managed_children_unit_ids, user_is_children_staff

    if not user_is_children_staff(user=user):
        return []
    items: list[WorkItem] = []
    mine = deadline_board(user=user, scope="mine", today=today)
    for row in mine["rows"]:
        section = deadline_section(due=row.due, today=today)
        if section:
            items.append(_row_item(section, row))
    from skutan.cases.models import Case
    from skutan.cases.selectors import case_visible_q

    since = today - timedelta(days=NEW_REPORT_DAYS)
    reports = (
        ChildReport.objects.filter(case__in=Case.objects.filter(case_visible_q(user=user))).filter(
            case__assignments__user=user, case__assignments__ended_at__isnull=True, received_on__gte=since,
            preliminary_assessment__isnull=True,
        ).select_related("case", "case__person", "child").distinct().order_by("-received_at")[:50]
    )
    for r in reports:
        name = r.child.full_name if r.child_id else "ej identifierat barn"
        items.append(WorkItem(
            "new_assigned", gettext(
                "Orosanmälan om %(name)s (%(case)s)"
            ) % {"name": name, "case": r.case.reference},
            reverse("children:report_detail", kwargs={"report_id": r.pk}),
            detail=gettext(
                "inkom %(received_on)s, förhandsbedömning senast %(preliminary_due)s"
            ) % {
                "received_on": format(r.received_on, "%Y-%m-%d"),
                "preliminary_due": format(r.preliminary_due, "%Y-%m-%d"),
            },
            due=r.preliminary_due, case=r.case,
        ))
    if managed_children_unit_ids(user=user):
        board = deadline_board(user=user, scope="auto", today=today)
        for row in board["late"]:
            items.append(_row_item("unit_late", row))
    return items
