"""The EB unit's deadline board: appeals to dismiss, review or send to the court, and overdue instalments.

A source for a deadline board, with as little coupling as possible: ``eb_deadline_rows`` takes unit ids and a day
and returns plain rows; the status words and colours come from the shared ``deadline_status`` (the children's
board uses the same), so every board speaks alike.

- Appeal period (förvaltningslagen 44 §, lag 1930:173): shown for every appeal as its last day, for the record.
- Dismissing a late appeal, and sending one in time to förvaltningsrätten after omprövning (45–46 §§): the law
  gives no number of days. The board uses the municipality's routine (SKUTAN_EB_APPEAL_ROUTINE_DAYS, default
  {"dismiss": 7, "send_to_court": 7}) and says it is a routine, not a statutory limit.
- Instalments of återkrav past their due day (a due day on a closed day is already moved, repayment_plan.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext, gettext_lazy

from skutan.assistance.models_decisions import Appeal, AppealStatus, ClaimStatus, RepaymentClaim
from skutan.assistance.selectors_decisions import claim_follow_up
from skutan.cases.models import CaseAssignment
from skutan.children.deadlines import FORECAST_DAYS, DeadlineStatus, deadline_status
from skutan.core.pagination import RowFilters, url_pattern
from timelimits import add_days, next_open_day

__all__ = ["FORECAST_DAYS", "EB_KINDS", "EbBoardFilters", "eb_deadline_rows", "eb_unit_ids_for_user"]

ROUTINE_DEFAULTS = {"dismiss": 7, "send_to_court": 7}
ROUTINE_NOTE = "kommunens rutin, inte en lagstadgad frist (förvaltningslagen 45–46 §§ anger inget antal dagar)"


def routine_days(step: str) -> int:
    return {**ROUTINE_DEFAULTS, **getattr(settings, "SKUTAN_EB_APPEAL_ROUTINE_DAYS", {})}[step]


@dataclass(frozen=True)
class EbDeadlineRow:
    kind: str
    label: str
    due: date
    status: DeadlineStatus
    case: object  # cases.Case, with its person (the board's list read is logged per case)
    case_id: int
    case_reference: str
    name: str
    url: str
    note: str = ""

    @property
    def assignees(self) -> list:
        return list(getattr(self.case, "current_assignments", []))


EB_KINDS = [
    ("appeal_dismiss", gettext_lazy("Överklagande att avvisa")),
    ("appeal_reconsider", gettext_lazy("Överklagande att ompröva")),
    ("appeal_send", gettext_lazy("Överklagande att överlämna")),
    ("claim_instalment", gettext_lazy("Delbetalning av återkrav")),
]


class EbBoardFilters(RowFilters):
    kinds = EB_KINDS


def _current_assignments() -> Prefetch:
    return Prefetch("case__assignments", to_attr="current_assignments",
                    queryset=CaseAssignment.objects.filter(ended_at__isnull=True).select_related("user"))


def eb_deadline_rows(*, unit_ids: set[int] | list[int], today: date) -> list[EbDeadlineRow]:
    """Every open row of the units, soonest first (a fixed number of queries and URL reversals)."""
    rows: list[EbDeadlineRow] = []
    decisions_url = url_pattern("assistance:case_decisions", "case_id")
    claim_url = url_pattern("assistance:claim", "claim_id")
    appeals = Appeal.objects.filter(
        case__unit_id__in=unit_ids, status__in=(AppealStatus.RECEIVED, AppealStatus.IN_TIME)
    ).select_related("case", "case__person", "appellant").prefetch_related(_current_assignments())
    for appeal in appeals:
        url = decisions_url.format(appeal.case_id) + f"#overklagande-{appeal.pk}"
        if appeal.status == AppealStatus.RECEIVED:
            kind, label, step = "appeal_dismiss", "Avvisa överklagande som kommit in för sent", "dismiss"
        elif appeal.reconsidered_at is None:
            kind, label, step = "appeal_reconsider", "Ompröva och överlämna överklagande", "send_to_court"
        else:
            kind, label, step = "appeal_send", "Överlämna överklagande till förvaltningsrätten", "send_to_court"
        due = next_open_day(add_days(appeal.received_on, routine_days(step)))
        rows.append(EbDeadlineRow(
            kind=kind, label=label, due=due, status=deadline_status(due, today), case=appeal.case,
            case_id=appeal.case_id,
            case_reference=appeal.case.reference, name=appeal.appellant.full_name, url=url,
            note=f"Inkom {appeal.received_on:%Y-%m-%d}"
                 + (gettext(
                     ", sista dag att överklaga %(last_day)s"
                 ) % {"last_day": format(appeal.last_day, "%Y-%m-%d")} if appeal.last_day else "")
                 + f". Frist: {ROUTINE_NOTE}.",
        ))
    claims = RepaymentClaim.objects.filter(case__unit_id__in=unit_ids, status=ClaimStatus.OPEN).select_related(
        "case", "case__person", "debtor").prefetch_related("instalments", "repayments", "write_offs",
                                                           _current_assignments())
    for claim in claims:
        follow_up = claim_follow_up(claim=claim, today=today)
        for instalment in follow_up.overdue:
            rows.append(EbDeadlineRow(
                kind="claim_instalment", label=gettext(
                    "Delbetalning %(instalment)s av återkrav obetald"
                ) % {"instalment": instalment.number},
                due=instalment.due_on, status=deadline_status(instalment.due_on, today), case=claim.case,
                case_id=claim.case_id,
                case_reference=claim.case.reference, name=claim.debtor.full_name,
                url=claim_url.format(claim.pk),
                note=gettext(
                    "%(outstanding)s kr återstår av %(amount)s kr."
                ) % {"outstanding": int(instalment.outstanding), "amount": int(instalment.amount)},
            ))
    rows.sort(key=lambda r: (r.due, r.case_reference))
    return rows


def eb_unit_ids_for_user(*, user) -> set[int]:
    """The financial-assistance units the user belongs to (any role)."""
    from skutan.accounts.models import UnitKind
    from skutan.accounts.selectors import user_memberships

    # From the memberships the request has already read (they carry the unit's kind): no query of its own.
    return {unit_id for unit_id, _, kind in user_memberships(user=user) if kind == UnitKind.FINANCIAL_ASSISTANCE}
