"""Helpers for the figure modules that need a database of their own: setup() (Django on a fresh, migrated
database), World (an EB unit with its staff and synthetic cases), proposal per application and a payment run.
Not a figure module itself (its name does not end in _bench). Call setup() first."""

import os
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal

from bench.households import households
from bench.stats import summary, timed

# Active ekonomiskt bistånd cases in the demo municipality at scale 1.0 (skutan/demo: 250 active EB cases);
# about 250 households are paid a month.
DEMO_HOUSEHOLDS = 250


def setup(database_url: str | None = None) -> str:
    """Django on a fresh database (``database_url``, or a SQLite file in a temporary folder), migrated."""
    folder = tempfile.mkdtemp(prefix="skutan-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "skutan.settings.test"
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder}/bench.sqlite3"
    os.environ["SKUTAN_VAR_DIR"] = folder
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"]


class World:
    """One EB unit with its manager and two handläggare, and a counter for unique synthetic numbers."""

    serial = 0

    def __init__(self, name: str):
        from skutan.accounts.models import Role, UnitKind
        from skutan.accounts.services import unit_create, user_create

        self.unit = unit_create(name=f"Ekonomiskt bistånd {name}", kind=UnitKind.FINANCIAL_ASSISTANCE)
        self.manager = user_create(username=f"chef.{name}", password=None, memberships=[(self.unit, Role.UNIT_MANAGER)])
        self.worker = user_create(username=f"hl.{name}", password=None, memberships=[(self.unit, Role.CASEWORKER)])
        self.worker2 = user_create(username=f"hl2.{name}", password=None, memberships=[(self.unit, Role.CASEWORKER)])
        self.name = name

    def persons_and_cases(self, n: int):
        from skutan.cases.models import Case
        from skutan.people.identity import luhn_check_digit
        from skutan.people.models import Person

        people = []
        for _ in range(n):
            World.serial += 1
            born = date(1950, 1, 1) + timedelta(days=World.serial % 18000)
            number = f"{born:%y%m%d}{World.serial % 1000:03d}"
            people.append(Person(
                identity_number=f"{born:%Y%m%d}-{number[6:]}{luhn_check_digit(number)}-{World.serial}",
                first_name="Åsa", last_name=f"Bänkström {World.serial}", birth_date=born, synthetic=True,
            ))
        Person.objects.bulk_create(people, batch_size=1000)
        cases = Case.objects.bulk_create(
            [Case(reference=f"B-{self.name}-{i}", person=p, case_type="financial_assistance", unit=self.unit,
                  status="decided", opening_kind="application", opened_on=date(2025, 1, 2)) for i, p in enumerate(people)],
            batch_size=1000,
        )
        return people, cases


def proposals(n: int = 200) -> dict:
    from skutan.assistance import selectors as assistance_selectors

    if not hasattr(assistance_selectors, "application_proposal"):
        return {"skipped": "skutan.assistance.selectors.application_proposal finns inte"}
    from skutan.assistance.services import (
        ApplicationInput,
        CostInput,
        IncomeInput,
        MemberInput,
        application_create,
    )

    world = World("forslag")
    _, cases = world.persons_and_cases(n)
    applications = []
    for case, data in zip(cases, households(n, seed=7), strict=True):
        members = [MemberInput(birth_date=date.fromisoformat(m["birth_date"]), role=m["role"],
                               lunch_at_home=m.get("lunch_at_home"), key=m["id"]) for m in data["members"]]
        application_input = ApplicationInput(
            members=members, cohabiting=data["cohabiting"],
            costs=[CostInput(type=c["type"], amount=Decimal(c["amount"]), description=c.get("description", ""))
                   for c in data["costs"]],
            incomes=[IncomeInput(type=i["type"], amount=Decimal(i["amount"]), member_key=i.get("member", ""))
                     for i in data["incomes"]],
            consecutive_months_on_assistance=data["consecutive_months_on_assistance"],
            job_stimulus_months_used=data["job_stimulus_months_used"],
        )
        applications.append(application_create(actor=world.worker, case=case, month=date(2025, 5, 1), data=application_input))
    assistance_selectors.application_proposal(application=applications[0])  # warm the table cache
    ms = []
    for application in applications:
        seconds, _ = timed(lambda a=application: assistance_selectors.application_proposal(application=a))
        ms.append(seconds * 1000)
    return {"applications": n, "proposal_ms": summary(ms)}


def payment_run(n: int) -> dict:
    """N households with a granted month and a verified account: plan, collect, include, write the file."""
    from django.utils import timezone

    from skutan.assistance.models import Application, ApplicationStatus, Decision
    from skutan.payments import pain001, services
    from skutan.payments.models import PayeeAccount
    from timelimits import next_open_day

    world = World(f"run{n}")
    people, cases = world.persons_and_cases(n)
    month = date(2025, 5, 1)
    applications = Application.objects.bulk_create(
        [Application(case=c, month=month, status=ApplicationStatus.DECIDED, created_by=world.worker) for c in cases],
        batch_size=1000,
    )
    decided_at = timezone.now() - timedelta(days=1)
    inputs = households(n, seed=n)
    Decision.objects.bulk_create(
        [Decision(case=c, application=a, month=month, outcome="granted", amount=Decimal(1000 + i % 9000) + Decimal("0.50"),
                  payee=c.person, decided_by=world.manager, decided_at=decided_at, reasons="Bänk", legal_basis="SoL",
                  calculation={}, inputs=inputs[i])
         for i, (c, a) in enumerate(zip(cases, applications, strict=True))],
        batch_size=1000,
    )
    PayeeAccount.objects.bulk_create(
        [PayeeAccount(person=p, clearing_number="8327", account_number=f"{i:09d}", verified=True,
                      created_by=world.worker, verified_by=world.worker2, verified_at=decided_at)
         for i, p in enumerate(people)],
        batch_size=1000,
    )
    execution_date = next_open_day(timezone.localdate())
    cpu_started = time.process_time()
    t_create, run = timed(lambda: services.payment_run_create(actor=world.manager, execution_date=execution_date))
    t_execute, run = timed(lambda: services.payment_run_execute(actor=world.manager, run=run))
    cpu = time.process_time() - cpu_started
    assert run.status == "completed", run.error
    t_batch, batch = timed(lambda: services.payment_run_batch(run))
    t_build, xml = timed(lambda: pain001.build_pain001(batch))
    t_validate, _ = timed(lambda: pain001.validate_pain001(xml))
    return {
        "households": n,
        "payments": run.total_count,
        "file_bytes": len(xml),
        "plan_and_create_s": t_create,
        "execute_s": t_execute,
        "total_s": t_create + t_execute,
        "total_cpu_s": cpu,  # this process only (the database's own work is not in it)
        "file_query_s": t_batch,
        "file_build_s": t_build,
        "xsd_validation_s": t_validate,
    }
