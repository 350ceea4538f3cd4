"""Deadline compliance (frister som hålls), defined exactly as the deadline board defines late.

Every clock is judged against the due date stored on its record (after any recorded extension), the same
date the board (``skutan.children.selectors.deadline_board``) shows, and the board's rule for late
(``skutan.children.deadlines.deadline_status``: the due day has passed, ``days_left < 0``) is the rule here.

Each item whose due date falls in the period is one of:
- *inom frist*: done on or before the due day;
- *sent gjord*: done after it (or the clock ended unfulfilled after its day);
- *försenad, ej gjord*: not done and the day has passed: exactly the board's late rows;
- *pågår*: not done and the day has not passed (not judged yet);
- no longer needed: the intervention or the LVU care ended on or before the day without it (left out).
The share kept = inom frist ÷ (inom frist + sent gjord + försenad, ej gjord).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from skutan.followup.db import reporting_alias
from skutan.followup.months import Period, month_end

STOCKHOLM_TZ = "Europe/Stockholm"

# kind → label, the legal source in words (shown to the director)
CLOCKS = {
    "protection": ("Skyddsbedömning samma dag", "SoL 11 kap. 1 a §: genast, samma dag som anmälan kom in."),
    "preliminary": ("Förhandsbedömning inom 14 dagar", "SoL 11 kap. 1 a §: inom 14 dagar, förlängning vid synnerliga skäl."),
    "investigation": ("Utredning inom fyra månader", "SoL 11 kap. 2 §: högst fyra månader, förlängning vid särskilda skäl."),
    "follow_up": ("Uppföljning av insats i tid", "Den planerade uppföljningsdagen i insatsen."),
    "lvu_court": ("Underställning inom en vecka", "LVU 7 §: underställning av omedelbart omhändertagande."),
    "lvu_application": ("Ansökan om vård inom fyra veckor", "LVU 8 §: ansökan om vård efter omedelbart omhändertagande."),
    "care_review": ("Övervägande och omprövning inom sex månader", "LVU 13 § och SoL 6 kap. 8 §."),
}


def _classify(qs, *, due: str, done_day: str, pending: Q, lapsed: Q, today: date) -> dict[str, int]:
    """One aggregate query: the item counts by class. ``done_day`` is the field (or annotation) of the day
    it was done; ``pending`` the board's "still waiting"; ``lapsed`` "ended without it, on or before the day"."""
    done = Q(**{f"{done_day}__isnull": False})
    return qs.aggregate(
        on_time=Count("pk", filter=done & Q(**{f"{done_day}__lte": F(due)})),
        late_done=Count("pk", filter=(done & Q(**{f"{done_day}__gt": F(due)})) | (~done & ~pending & ~lapsed)),
        late_open=Count("pk", filter=~done & pending & Q(**{f"{due}__lt": today})),
        open=Count("pk", filter=~done & pending & Q(**{f"{due}__gte": today})),
    )


def compliance_counts(*, unit_ids: list[int] | None, period: Period | None, today: date) -> dict[str, dict[str, int]]:
    """kind → {on_time, late_done, late_open, open} for the items due in ``period`` (None: every item)."""
    from zoneinfo import ZoneInfo

    from skutan.children.models import (
        CareReview,
        ChildReport,
        InterventionFollowUp,
        Investigation,
        LvuDecision,
    )
    from skutan.children.selectors import (
        care_review_pending_q,
        lvu_care_application_pending_q,
        lvu_court_submission_pending_q,
    )

    db = reporting_alias()

    def scoped(model, unit_path: str, due: str):
        qs = model.objects.using(db).all()
        if unit_ids is not None:
            qs = qs.filter(**{f"{unit_path}__in": unit_ids})
        if period is not None:
            qs = qs.filter(**{f"{due}__gte": period.first, f"{due}__lte": month_end(period.last)})
        return qs

    nothing = Q(pk__in=[])
    out = {}
    reports = scoped(ChildReport, "unit_id", "protection_due").annotate(
        assessed_day=TruncDate("protection_assessment__assessed_at", tzinfo=ZoneInfo(STOCKHOLM_TZ)))
    out["protection"] = _classify(reports, due="protection_due", done_day="assessed_day",
                                  pending=Q(protection_assessment__isnull=True), lapsed=nothing, today=today)
    out["preliminary"] = _classify(
        scoped(ChildReport, "unit_id", "preliminary_due"), due="preliminary_due",
        done_day="preliminary_assessment__decided_on", pending=Q(preliminary_assessment__isnull=True),
        lapsed=nothing, today=today)
    out["investigation"] = _classify(
        scoped(Investigation, "case__unit_id", "due"), due="due", done_day="concluded_on",
        pending=Q(status="open"), lapsed=nothing, today=today)
    out["follow_up"] = _classify(
        scoped(InterventionFollowUp, "intervention__case__unit_id", "due_on"), due="due_on", done_day="done_on",
        pending=Q(intervention__ended_on__isnull=True),
        lapsed=Q(intervention__ended_on__lte=F("due_on")), today=today)
    custody = Q(kind="immediate_custody")
    out["lvu_court"] = _classify(
        scoped(LvuDecision, "case__unit_id", "court_submission_due").filter(custody, court_submission_due__isnull=False),
        due="court_submission_due", done_day="court_submitted_on", pending=lvu_court_submission_pending_q(),
        lapsed=Q(ended_on__lte=F("court_submission_due")), today=today)
    out["lvu_application"] = _classify(
        scoped(LvuDecision, "case__unit_id", "care_application_due").filter(custody, care_application_due__isnull=False),
        due="care_application_due", done_day="care_applied_on", pending=lvu_care_application_pending_q(),
        lapsed=Q(ended_on__lte=F("care_application_due")), today=today)
    out["care_review"] = _classify(
        scoped(CareReview, "case__unit_id", "due_on"), due="due_on", done_day="done_on",
        pending=care_review_pending_q(), lapsed=Q(done_on__isnull=True) & ~care_review_pending_q(), today=today)
    return out
