"""Ekonomiskt bistånd's items on Min dag (registered in AssistanceConfig.ready): applications that came in
on the user's cases, applications still missing documents, the EB deadline board's rows for the user's cases
and, for a unit manager, the unit's late rows."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext

from skutan.cases.workday import WorkItem, deadline_section

NEW_APPLICATION_DAYS = 7


def assistance_workday_items(*, user, today: date) -> list[WorkItem]:
    from skutan.accounts.models import Role
    from skutan.accounts.selectors import user_has_role
    from skutan.assistance.deadlines import eb_deadline_rows, eb_unit_ids_for_user
    from skutan.assistance.models import Application, ApplicationStatus
    from skutan.cases.models import Case
    from skutan.cases.selectors import case_visible_q

    unit_ids = eb_unit_ids_for_user(user=user)
    if not unit_ids and not user.is_superuser:
        return []
    items: list[WorkItem] = []
    my_cases = Case.objects.filter(
        case_visible_q(user=user), assignments__user=user, assignments__ended_at__isnull=True
    )
    open_applications = (
        Application.objects.filter(case__in=my_cases, status=ApplicationStatus.DRAFT)
        .select_related("case", "case__person").order_by("month", "id")[:200]
    )
    since = today - timedelta(days=NEW_APPLICATION_DAYS)
    for a in open_applications:
        url = reverse("assistance:application", kwargs={"application_id": a.pk})
        who = f"{a.case.reference}, {a.case.person.full_name}"
        missing = [x.get("name", "") for x in a.attachments or [] if not x.get("received")]
        if missing:
            items.append(WorkItem(
                "missing_documents", gettext(
                    "Ansökan för %(month)s (%(who)s)"
                ) % {"month": format(a.month, "%Y-%m"), "who": who}, url,
                detail="saknar " + ", ".join(missing), case=a.case,
            ))
        if a.received_on and a.received_on >= since:
            items.append(WorkItem(
                "new_assigned", gettext(
                    "Ansökan om ekonomiskt bistånd för %(month)s (%(who)s)"
                ) % {"month": format(a.month, "%Y-%m"), "who": who}, url,
                detail=f"inkom {a.received_on:%Y-%m-%d}", case=a.case,
            ))
    rows = eb_deadline_rows(unit_ids=unit_ids, today=today)
    mine = set(my_cases.values_list("pk", flat=True))
    managed = {u for u in unit_ids if user_has_role(user=user, role=Role.UNIT_MANAGER, unit_id=u)}
    for row in rows:
        label = f"{row.label}: {row.name} ({row.case_reference})"
        detail = f"senast {row.due:%Y-%m-%d} – {row.status.text}"
        if row.case_id in mine:
            section = deadline_section(due=row.due, today=today)
            if section:
                items.append(WorkItem(section, label, row.url, detail=detail, due=row.due, late=row.status.late,
                                      case=row.case))
        if row.status.late and row.case.unit_id in managed:
            items.append(WorkItem("unit_late", label, row.url, detail=detail, due=row.due, late=True, case=row.case))
    return items
