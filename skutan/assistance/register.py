"""The monthly register of ekonomiskt bistånd (HSLF-FS 2015:30, DOMAIN.md §9): reads only.

One row per person and month the assistance is for, for every household granted ekonomiskt bistånd that
month; the check of what is missing before the 15th of the following month; CSV and XLSX output. The
variables and where each comes from are documented in docs/statistics/eb-register.md. The national file
format is not confirmed, so the column layout is the setting SKUTAN_EB_REGISTER_COLUMNS.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext

from skutan.assistance.models import (
    ADVERSE_OUTCOMES,
    Application,
    ApplicationMember,
    CaseClosingCode,
    Decision,
    DecisionOutcome,
)
from skutan.assistance.register_codes import HOUSEHOLD_TYPES, household_type, sex_from_identity
from skutan.cases.models import Case, CaseType
from skutan.people.identity import IdentityKind

# The default layout: Skutan's own names. That they match the national collection is unconfirmed.
DEFAULT_COLUMNS = (
    "manad", "kommun", "stadsdel", "personnummer", "registerledare", "kon", "alder", "fodd_utrikes",
    "antal_personer", "antal_barn_under_18", "hushallstyp", "bistandsbelopp", "forsorjningshinder",
    "arbetsmarknadsinsatser", "avslutsorsak", "arende",
)
COLUMN_LABELS = {
    "manad": "Månad (ÅÅÅÅMM)", "kommun": "Kommunkod", "stadsdel": "Stadsdel", "personnummer": "Personnummer",
    "registerledare": "Registerledare (1/0)", "kon": "Kön (M/K)", "alder": "Ålder", "fodd_utrikes": "Född utomlands (1/0)",
    "antal_personer": "Antal personer", "antal_barn_under_18": "Antal barn under 18", "hushallstyp": "Hushållstyp",
    "bistandsbelopp": "Biståndsbelopp (kr)", "forsorjningshinder": "Försörjningshinder",
    "arbetsmarknadsinsatser": "Arbetsmarknadsinsatser", "avslutsorsak": "Avslutsorsak", "arende": "Ärende",
}
GRANTED = (DecisionOutcome.GRANTED, DecisionOutcome.PARTLY_GRANTED)


def register_columns() -> tuple[str, ...]:
    columns = tuple(getattr(settings, "SKUTAN_EB_REGISTER_COLUMNS", None) or DEFAULT_COLUMNS)
    unknown = [c for c in columns if c not in COLUMN_LABELS]
    if unknown:
        raise ValueError(f"SKUTAN_EB_REGISTER_COLUMNS: okända kolumner {unknown}")
    return columns


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def report_deadline(month: date) -> date:
    """The 15th of the month after the month the assistance is for (HSLF-FS 2015:30, DOMAIN.md §9)."""
    return _next_month(month).replace(day=15)


def application_household_type(*, application: Application) -> tuple[int, str]:
    members = list(application.members.all())
    return _household_type(application, members, application.case.person)


def _household_type(application: Application, members: list[ApplicationMember], applicant) -> tuple[int, str]:
    adults = sum(1 for m in members if m.role == "adult")
    children = sum(1 for m in members if m.role == "child" and _age(m.birth_date, application.month) < 18)
    sex = None
    if applicant.identity_kind != IdentityKind.RESERVNUMMER:
        sex = sex_from_identity(applicant.identity_number)
    code = household_type(adults=adults, cohabiting=application.cohabiting, applicant_sex=sex, children_under_18=children)
    return code, HOUSEHOLD_TYPES[code]


def _decisions(month: date):
    return (
        Decision.objects.filter(month=month, outcome__in=GRANTED, amount__gt=0, case__case_type=CaseType.FINANCIAL_ASSISTANCE)
        .select_related("case__person", "application", "case__assistance_closing_code")
        .prefetch_related(Prefetch("application__members", queryset=ApplicationMember.objects.select_related("person")))
        .order_by("case__reference", "pk")
    )


def register_rows(*, month: date, on_progress=None) -> list[dict]:
    """One row per person of every household granted ekonomiskt bistånd for ``month``. The household's
    amount is on the registerledare's (the applicant's) row; försörjningshinder and arbetsmarknadsinsatser on
    each adult's. A person without a personnummer in Skutan is reported by the identity Skutan has."""
    municipality = settings.SKUTAN_MUNICIPALITY_CODE
    rows = []
    decisions = _decisions(month)
    total = decisions.count() if on_progress else 0  # on_progress(done, total): households, for a task
    for done, decision in enumerate(decisions, start=1):
        if on_progress and (done % 500 == 0 or done == total):
            on_progress(done, total)
        application, case = decision.application, decision.case
        members = list(application.members.all())
        code, _ = _household_type(application, members, case.person)
        children = sum(1 for m in members if m.role == "child" and _age(m.birth_date, month) < 18)
        closing = ""
        if case.closed_on and case.closed_on.replace(day=1) == month:
            closing_code = getattr(case, "assistance_closing_code", None)
            closing = closing_code.code if closing_code else ""
        ordered = sorted(members, key=lambda m: (m.person_id != case.person_id, m.position))
        for member in ordered:
            person = member.person
            leader = member.person_id == case.person_id
            identity = person.identity_number if person else ""
            sex = None
            if person and person.identity_kind != IdentityKind.RESERVNUMMER:
                sex = sex_from_identity(identity)
            born_abroad = person.born_abroad if person else None
            rows.append({
                "manad": f"{month:%Y%m}", "kommun": municipality, "stadsdel": "",
                "personnummer": identity.replace("-", ""), "registerledare": "1" if leader else "0",
                "kon": sex or "", "alder": str(_age(member.birth_date, month)),
                "fodd_utrikes": "" if born_abroad is None else ("1" if born_abroad else "0"),
                "antal_personer": str(len(members)), "antal_barn_under_18": str(children), "hushallstyp": str(code),
                "bistandsbelopp": str(int(decision.amount)) if leader else "",
                "forsorjningshinder": member.support_obstacle if member.role == "adult" else "",
                "arbetsmarknadsinsatser": ";".join(member.labour_market_measures or []) if member.role == "adult" else "",
                "avslutsorsak": closing if leader else "", "arende": case.reference,
            })
    return rows


@dataclass
class RegisterCheck:
    month: date
    deadline: date
    households: int = 0
    persons: int = 0
    missing_obstacles: list[dict] = field(default_factory=list)  # adults without försörjningshinder
    missing_closing_codes: list[dict] = field(default_factory=list)  # closed cases without avslutsorsak
    missing_identity: list[dict] = field(default_factory=list)  # members without a person (no personnummer)
    unknown_born_abroad: list[dict] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.missing_obstacles or self.missing_closing_codes or self.missing_identity)


def register_check(*, month: date) -> RegisterCheck:
    """What is missing before the report for ``month`` is due on the 15th of the following month."""
    check = RegisterCheck(month=month, deadline=report_deadline(month))
    for decision in _decisions(month):
        case = decision.case
        check.households += 1
        for i, member in enumerate(decision.application.members.all()):
            check.persons += 1
            who = {"case": case.reference, "case_id": case.pk, "application_id": decision.application_id,
                   "name": member.person.full_name if member.person else member.name, "row": i + 1}
            if member.role == "adult" and not member.support_obstacle:
                check.missing_obstacles.append(who)
            if member.person is None:
                check.missing_identity.append(who)
            elif member.person.born_abroad is None:
                check.unknown_born_abroad.append(who)
    # An EB case closed in the month (or up to four months before: the avslutsorsak may follow later).
    start = month
    for _ in range(4):
        start = (start - timedelta(days=1)).replace(day=1)
    closed = (
        Case.objects.filter(case_type=CaseType.FINANCIAL_ASSISTANCE, closed_on__gte=start, closed_on__lt=_next_month(month))
        .filter(assistance_decisions__outcome__in=GRANTED)
        .exclude(pk__in=CaseClosingCode.objects.values("case_id"))
        .select_related("person").distinct().order_by("closed_on", "reference")
    )
    for case in closed:
        check.missing_closing_codes.append(
            {"case": case.reference, "case_id": case.pk, "name": case.person.full_name, "closed_on": case.closed_on}
        )
    return check


def register_csv(rows: list[dict], columns: tuple[str, ...] | None = None) -> bytes:
    columns = columns or register_columns()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row[c] for c in columns])
    return out.getvalue().encode("utf-8")


def register_xlsx(rows: list[dict], columns: tuple[str, ...] | None = None) -> bytes:
    from openpyxl import Workbook

    columns = columns or register_columns()
    book = Workbook()
    sheet = book.active
    sheet.title = "EB-register"
    sheet.append(list(columns))
    for row in rows:
        # Everything as text: personnummer and codes with leading zeros ("021") must not become numbers.
        sheet.append([row[c] for c in columns])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def user_may_export_register(user) -> bool:
    from skutan.accounts.models import Role
    from skutan.accounts.selectors import user_has_role

    return user_has_role(user=user, role=Role.SYSTEM_ADMIN) or user_has_role(user=user, role=Role.UNIT_MANAGER)


def register_right_require(user) -> None:
    from skutan.core.errors import AccessDeniedError

    if not user_may_export_register(user):
        raise AccessDeniedError(gettext("Registret över ekonomiskt bistånd är för enhetschefer och systemförvaltare."))


def register_rows_for_user(*, ctx, month: date, on_progress=None) -> list[dict]:
    """The export, authorized and access-logged: one export row per case in the file."""
    from skutan.audit.models import AccessAction, AccessLog

    register_right_require(ctx.user)
    rows = register_rows(month=month, on_progress=on_progress)
    cases = {c.pk: c for c in Case.objects.filter(reference__in={r["arende"] for r in rows}).select_related("person")}
    AccessLog.objects.bulk_create(
        AccessLog(
            user_id=ctx.user.pk, username=ctx.user.get_username(), person_id=case.person_id, case_id=case.pk,
            object_type="eb_register", object_id=f"{month:%Y-%m}", action=AccessAction.EXPORT, purpose=ctx.purpose,
            channel=ctx.channel, path=ctx.path[:300], protected_person=bool(case.person.protection),
        )
        for case in cases.values()
    )
    return rows


def register_check_for_user(*, ctx, month: date) -> RegisterCheck:
    """The check lists names from many cases: authorized and logged as a list read."""
    from skutan.audit.services import access_log_list_record

    register_right_require(ctx.user)
    check = register_check(month=month)
    ids = {w["case_id"] for w in check.missing_obstacles + check.missing_closing_codes + check.missing_identity}
    access_log_list_record(ctx=ctx, cases=list(Case.objects.filter(pk__in=ids).select_related("person")))
    return check


__all__ = ["ADVERSE_OUTCOMES", "register_check", "register_csv", "register_rows", "register_xlsx"]
