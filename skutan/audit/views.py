
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skutan.accounts.selectors import users_for_log_filter
from skutan.audit import subjects
from skutan.audit.selectors import (
    access_log_filter,
    access_log_people,
    audit_events_latest,
    person_id_for_review,
)
from skutan.audit.services import access_log_review_record
from skutan.core.dates import date_from_input
from skutan.core.web import staff_view


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _date(value):
    try:
        return date_from_input(value) if value else None
    except ValueError:
        return None


@staff_view
def access_log_review(request):
    person_id = person_id_for_review(value=request.GET.get("person", ""))
    user_id = _int(request.GET.get("user"))
    since, until = _date(request.GET.get("since")), _date(request.GET.get("until"))
    flagged = request.GET.get("flagged") == "1"
    rows = list(
        access_log_filter(
            reviewer=request.user, person_id=person_id, user_id=user_id, since=since, until=until,
            flagged_only=flagged,
        )[:500]
    )
    grants = subjects.emergency_grants_to_review()[:100]
    access_log_review_record(
        user=request.user, rows=rows, person_id=person_id, channel="web", path=request.get_full_path(),
        shown={g.case.person_id: bool(g.case.person.protection) for g in grants},
    )
    people = access_log_people(rows=rows)
    return render(
        request, "audit/access_log.html",
        {
            "rows": rows, "people": people, "person_id": person_id, "person_query": request.GET.get("person", ""), "user_id": user_id,
            "since": since, "until": until, "flagged": flagged,
            "users": users_for_log_filter(),
            "grants": grants,
        },
    )


@staff_view
@require_POST
def emergency_review(request, grant_id: int):
    if subjects.emergency_grant_review(actor=request.user, grant_id=grant_id):
        messages.success(request, gettext("Nödåtkomsten är markerad som granskad."))
    return redirect("audit:access_log")


@staff_view
def audit_events(request):
    from skutan.accounts.selectors import user_can_review_log
    from skutan.core.errors import AccessDeniedError

    if not user_can_review_log(user=request.user):
        raise AccessDeniedError(gettext("Bara loggranskare får läsa granskningsloggen."))
    return render(request, "audit/events.html", {"events": audit_events_latest(limit=300)})
