"""Demo data for gallring: two arkivansvariga, a few bevarandemarkeringar (custody agreements in closed
children's cases) and this year's dry-run plan by the first archivist, waiting for the second to approve it.

Log in as ``arkiv2`` to review and approve the plan (``arkiv`` made it and may not); then run
``skutan gallring execute --plan ID --user arkiv2``.
"""

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.services import user_create
from skutan.cases.models import CaseStatus, CaseType
from skutan.demo.context import DemoContext
from skutan.demo.staff import DEMO_PASSWORD
from skutan.retention.models import MarkKind
from skutan.retention.services import purge_plan_create, retention_mark_register

MARKS = 3


def generate(ctx: DemoContext) -> None:
    unit = ctx.units[UnitKind.ADMINISTRATION]
    archivists = [
        user_create(
            username=username, password=ctx.password or DEMO_PASSWORD, first_name=first, last_name=last,
            title=title, memberships=[(unit, Role.ARCHIVIST)],
        )
        for username, first, last, title in (
            ("arkiv", "Ingrid", "Arkell", "Arkivarie"), ("arkiv2", "Tor", "Registrell", "Registrator"),
        )
    ]
    closed = [c for c in ctx.cases.get(CaseType.CHILDREN, []) if c.status == CaseStatus.CLOSED and c.closed_on]
    for case in closed[:MARKS]:
        manager = ctx.manager_of(case.unit)  # the case's own unit: the larger scales have several
        with ctx.happened_at(ctx.at(case.closed_on)):
            retention_mark_register(
                actor=manager, person=case.person, case=case, kind=MarkKind.CUSTODY_AGREEMENT,
                document_date=case.closed_on, note="Avtal om umgänge godkänt av nämnden",
            )
    with ctx.happened_at(ctx.at(ctx.today, 8)):
        plan = purge_plan_create(actor=archivists[0], year=ctx.today.year)
    ctx.say(f"Gallringsplan {plan.pk} för {plan.year} (provkörning, väntar på godkännande av arkiv2)")
