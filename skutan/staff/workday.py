"""The staff app's items on Min dag (registered in StaffConfig.ready): the user's lone-worker visits today."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from skutan.cases.workday import WorkItem


def visits_workday_items(*, user, today: date) -> list[WorkItem]:
    from skutan.staff.selectors import visits_today_for_user

    items = []
    for v in visits_today_for_user(user=user, day=today):
        start = timezone.localtime(v.starts_at)
        with_whom = f", med {v.companion.display_name}" if v.companion_id and v.companion_id != user.pk else ""
        state = "utcheckad" if v.checked_out_at else ("pågår" if v.checked_in_at else "planerat")
        items.append(WorkItem(
            "visits_today", gettext(
                "%(start)s besök hos %(person)s%(with_whom)s"
            ) % {"start": format(start, "%H:%M"), "person": v.person.full_name, "with_whom": with_whom},
            reverse("staff:visit", kwargs={"visit_id": v.pk}),
            detail=f"{v.purpose + ', ' if v.purpose else ''}{state}", person_id=v.person_id,
            protected=bool(v.person.protected_identity), sort_key=(start.timestamp(),),
        ))
    return items
