"""Min dag: the start page's work items, contributed by every app through a registry.

Cases sits below children, assistance, referrals and staff, so it imports none of them. Each of those apps
hands a provider to ``workday_provider_register`` in its ``AppConfig.ready()``; a provider is a function
``(*, user, today) -> Iterable[WorkItem]`` that returns the items it knows of, already limited to what the
user may see. The start page groups them by section. A new source of items (the mobile team's visits, for
example) is one more provider: nothing here changes.

Every item that shows a person's name carries its case (or ``person_id``), so the start page logs the
list read once per person shown (``workday_items``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

# The sections of Min dag, in the order the page shows them: (key, heading, role it is for).
CASEWORKER = "caseworker"
MANAGER = "manager"
SECTIONS: list[tuple[str, object, str]] = [
    ("deadlines_today", _("Frister i dag och försenade"), CASEWORKER),
    ("deadlines_week", _("Frister den här veckan"), CASEWORKER),
    ("visits_today", _("Besök i dag"), CASEWORKER),
    ("new_assigned", _("Nya anmälningar, ansökningar och ärenden till dig"), CASEWORKER),
    ("decisions", _("Beslut att signera eller som skickats tillbaka"), CASEWORKER),
    ("drafts", _("Osignerade utkast"), CASEWORKER),
    ("missing_documents", _("Ansökningar där underlag saknas"), CASEWORKER),
    ("messages", _("Meddelanden"), CASEWORKER),
    ("queue", _("Beslut som väntar i din kö"), MANAGER),
    ("unallocated", _("Ofördelade ärenden"), MANAGER),
    ("unit_late", _("Enhetens försenade"), MANAGER),
    ("workload", _("Arbetsbelastning"), MANAGER),
]
SECTION_KEYS = {section[0] for section in SECTIONS}


@dataclass(frozen=True)
class WorkItem:
    """One thing to do, in words, with a link straight to where it is done."""

    section: str
    label: str
    url: str
    detail: str = ""
    due: date | None = None
    late: bool = False
    case: object | None = None  # cases.Case with its person: the start page logs the read of the name
    person_id: int | None = None
    protected: bool = False
    sort_key: tuple = field(default=(), compare=False)


Provider = Callable[..., Iterable[WorkItem]]
WORKDAY_PROVIDERS: list[Provider] = []


def workday_provider_register(provider: Provider) -> None:
    """Called from an app's AppConfig.ready(); registering twice (tests reload apps) is harmless."""
    if provider not in WORKDAY_PROVIDERS:
        WORKDAY_PROVIDERS.append(provider)


def week_end(today: date) -> date:
    """The Sunday of the week of ``today`` (a Swedish week runs Monday to Sunday)."""
    return today + timedelta(days=6 - today.weekday())


def deadline_section(*, due: date, today: date) -> str | None:
    """Which caseworker section a deadline belongs to: today (or late), later this week, or none."""
    if due <= today:
        return "deadlines_today"
    if due <= week_end(today):
        return "deadlines_week"
    return None


def workday_items(*, ctx, today: date | None = None) -> dict[str, list[WorkItem]]:
    """All providers' items for the user, grouped by section (in SECTIONS order), and the read logged."""
    from skutan.audit.models import AccessAction, AccessLog

    user = ctx.user
    today = today or timezone.localdate()
    grouped: dict[str, list[WorkItem]] = {section[0]: [] for section in SECTIONS}
    for provider in WORKDAY_PROVIDERS:
        for item in provider(user=user, today=today):
            if item.section in grouped:
                grouped[item.section].append(item)
    for items in grouped.values():
        items.sort(key=lambda i: (i.sort_key, i.due or date.max, i.label))
    seen: dict[int, tuple[int | None, bool]] = {}
    for items in grouped.values():
        for item in items:
            case = item.case
            person_id = getattr(case, "person_id", None) or item.person_id
            if person_id is None or person_id in seen:
                continue
            protected = bool(case.person.protected_identity) if case is not None else item.protected
            seen[person_id] = (getattr(case, "pk", None), protected)
    AccessLog.objects.bulk_create(
        AccessLog(
            user_id=user.pk, username=user.get_username(), person_id=pid, case_id=case_id, object_type="workday",
            object_id=str(case_id or ""), action=AccessAction.LIST, purpose=ctx.purpose, channel=ctx.channel,
            path=ctx.path[:300], protected_person=protected,
        )
        for pid, (case_id, protected) in seen.items()
    )
    return grouped


# --- the case core's own items --------------------------------------------------------------------------

NEW_DAYS = 7  # "new" on Min dag: assigned within the last week


def cases_workday_items(*, user, today: date) -> list[WorkItem]:
    """Drafts not yet signed, cases newly assigned to the user, new documents on their cases not yet opened
    ("Meddelanden"), and for a unit manager the unallocated cases and the workload of each caseworker."""
    from skutan.accounts.models import Role
    from skutan.accounts.selectors import units_managed_by, user_has_role
    from skutan.cases import selectors
    from skutan.cases.selectors_documents import documents_unread_for

    items: list[WorkItem] = []
    for d in selectors.journal_drafts_of(user=user):
        items.append(WorkItem(
            "drafts", f"Journalutkast i {d.case.reference} ({d.case.person.full_name})",
            reverse("cases:detail", args=[d.case_id]) + "#journal-form",
            detail=f"senast sparat {timezone.localtime(d.updated_at):%Y-%m-%d %H:%M}", case=d.case,
        ))
    since = timezone.now() - timedelta(days=NEW_DAYS)
    for a in selectors.assignments_new_for(user=user, since=since):
        by = a.assigned_by.display_name if a.assigned_by_id and a.assigned_by_id != user.pk else ""
        items.append(WorkItem(
            "new_assigned", f"{a.case.reference} {a.case.get_case_type_display()}: {a.case.person.full_name}",
            reverse("cases:detail", args=[a.case_id]),
            detail=(
                gettext("fördelat till dig %(day)s av %(by)s") if by else gettext("fördelat till dig %(day)s")
            ) % {"day": format(timezone.localtime(a.assigned_at), "%Y-%m-%d"), "by": by},
            case=a.case, sort_key=(-a.assigned_at.timestamp(),),
        ))
    for doc in documents_unread_for(user=user, since=since):
        items.append(WorkItem(
            "messages", f"Nytt dokument i {doc.case.reference} ({doc.case.person.full_name}): {doc.title}",
            reverse("cases:document", args=[doc.pk]),
            detail=f"{doc.get_kind_display()}, registrerat {timezone.localtime(doc.registered_at):%Y-%m-%d} av "
                   f"{doc.registered_by.display_name}",
            case=doc.case, sort_key=(-doc.registered_at.timestamp(),),
        ))
    if user_has_role(user=user, role=Role.UNIT_MANAGER):
        managed = list(units_managed_by(user=user))
        ids = [u.pk for u in managed]
        for c in selectors.cases_in_units(unit_ids=ids, unallocated_only=True)[:100]:
            items.append(WorkItem(
                "unallocated", f"{c.reference} {c.get_case_type_display()}: {c.person.full_name}",
                reverse("cases:allocate", args=[c.pk]), detail=f"aktualiserat {c.opened_on:%Y-%m-%d}, {c.unit.name}",
                case=c, due=c.opened_on,
            ))
        for unit in managed:
            for row in worker_loads(unit=unit):
                items.append(WorkItem(
                    "workload", f"{row['user'].display_name} ({unit.name})", reverse("cases:unit_board"),
                    detail=row["summary"], late=row.get("over", False), sort_key=(unit.name, row["user"].display_name),
                ))
    return items


def worker_loads(*, unit) -> list[dict]:
    """Each caseworker of the unit with their open cases and, where the staff app is installed, their
    weighted load (``cases.extensions.WORKER_LOAD_PROVIDERS``), and a sentence that says it."""
    from skutan.accounts.selectors import unit_caseworkers
    from skutan.cases.extensions import WORKER_LOAD_PROVIDERS
    from skutan.cases.selectors import open_case_counts

    workers = list(unit_caseworkers(unit=unit))
    counts = open_case_counts(user_ids=[w.pk for w in workers], unit_ids=[unit.pk])
    loads: dict[int, dict] = {}
    for provider in WORKER_LOAD_PROVIDERS:
        loads.update(provider(unit_ids={unit.pk}))
    rows = []
    for w in workers:
        row = {"user": w, "cases": counts.get(w.pk, 0)}
        load = loads.get(w.pk)
        summary = ngettext("%(n)s öppet ärende", "%(n)s öppna ärenden", row["cases"]) % {"n": row["cases"]}
        if load:
            row.update({"load": load["load"], "capacity": load["capacity"], "share": load.get("share"),
                        "over": load.get("over", False)})
            summary += gettext(", viktad belastning %(load)s av %(capacity)s") % {
                "load": _sv_number(load["load"]), "capacity": _sv_number(load["capacity"])
            }
            if load.get("share") is not None:
                summary += f" ({load['share']} %)"
        row["summary"] = summary
        rows.append(row)
    return rows


def _sv_number(value) -> str:
    text = f"{value:.1f}" if not float(value).is_integer() else f"{int(value)}"
    return text.replace(".", ",")
