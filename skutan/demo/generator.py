"""The demo municipality: a Filipstad-sized IFO (about 10 500 inhabitants) with the people it knows.

``generate_municipality`` builds units and staff, then households, persons and cases from 2019 until
today, with journals, through the foundation's services so the audit trail is real; the bulk of the journal
entries and the access log are bulk-inserted with one audit row per step. Apps add their own data on
top through ``DEMO_EXTENSIONS`` (see context.py). Every person is synthetic; see identity.py.
"""

import gc
import importlib
import random
import time
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.test.utils import override_settings
from django.utils import timezone

from skutan.accounts.models import Membership, Unit, User
from skutan.audit.models import AccessLog
from skutan.cases.models import ACTIVE_STATUSES, Case, CaseEvent, JournalEntry
from skutan.demo.backdating import Backdater
from skutan.demo.bulk import BulkWriter
from skutan.demo.casework import (
    CasePlanner,
    Handlers,
    access_log_create,
    cases_create,
    emergency_access_create,
    journals_create,
    todays_journal_work,
)
from skutan.demo.context import DemoContext
from skutan.demo.identity import SyntheticNumbers
from skutan.demo.population import Population
from skutan.demo.scales import Scale, scale_of
from skutan.demo.staff import DEMO_PASSWORD, UNITS, staff_create, units_create
from skutan.people.identity import IdentityKind
from skutan.people.models import Household, Person

DEMO_EXTENSIONS = [
    "skutan.cases.demo", "skutan.children.demo", "skutan.assistance.demo", "skutan.payments.demo",
    "skutan.followup.demo", "skutan.quality.demo", "skutan.governance.demo", "skutan.staff.demo",
    "skutan.adults.demo", "skutan.mobile.demo", "skutan.retention.demo",
    "skutan.logreview.demo",  # last: it reviews the access log the others wrote
]

REFUSAL = (
    "Databasen innehåller personer som inte är syntetiska. Demodata läggs aldrig till i en sådan databas: "
    "använd en egen SQLite-fil för demon, till exempel SKUTAN_VAR_DIR=/tmp/skutan-demo skutan demo."
)


class DemoRefused(Exception):
    """The database holds real (non-synthetic) persons, or already holds the demo."""


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    title: str
    role: str  # Swedish label
    unit: str


@dataclass
class DemoSummary:
    seconds: float = 0.0
    units: int = 0
    users: int = 0
    active_users: int = 0
    persons: int = 0
    households: int = 0
    protected_persons: int = 0
    reserve_numbers: int = 0
    coordination_numbers: int = 0
    born_abroad: int = 0
    cases: dict[str, int] = field(default_factory=dict)
    active_cases: dict[str, int] = field(default_factory=dict)
    journal_entries: int = 0
    drafts: int = 0
    access_log_rows: int = 0
    emergency_accesses: int = 0
    extensions: list[str] = field(default_factory=list)
    password: str = DEMO_PASSWORD
    logins: list[DemoLogin] = field(default_factory=list)


def demo_data_present() -> bool:
    return Person.objects.filter(synthetic=True).exists()


def real_persons_present() -> bool:
    return Person.objects.filter(synthetic=False).exists()


def demo_logins() -> list[DemoLogin]:
    """Every active user with a role, in the order of the units (the table ``skutan demo`` prints)."""
    order = {kind.value: i for i, (kind, _) in enumerate(UNITS)}
    rows = []
    memberships = Membership.objects.select_related("user", "unit").filter(user__is_active=True)
    for m in sorted(memberships, key=lambda m: (order.get(m.unit.kind, 99), m.role != "unit_manager", m.user.username)):
        rows.append(DemoLogin(m.user.username, m.user.get_full_name(), m.user.title, m.get_role_display(), m.unit.name))
    return rows


class _Progress:
    """Prints each step with the wall-clock time and this process's CPU time so far (docs/scaling-data.md
    compares runs by CPU: the machine is shared)."""

    def __init__(self, stdout):
        self.stdout = stdout
        self.started = time.monotonic()
        self.cpu = time.process_time()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def __call__(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(f"[{self.elapsed:5.1f} s, {time.process_time() - self.cpu:5.1f} s CPU] {message}\n")
            self.stdout.flush()


class ProgressBar:
    """A one-line progress bar on a terminal stream (stderr), redrawn at most ten times a second."""

    def __init__(self, stream, width: int = 30):
        self.stream, self.width = stream, width
        self.last = 0.0
        self.started = time.monotonic()

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        filled = round(self.width * done / total) if total else self.width
        line = f"\r{step:<14} [{'#' * filled}{'.' * (self.width - filled)}] {done:>10,}/{total:,} {now - self.started:6.1f} s"
        self.stream.write(line.replace(",", " ") + ("\n" if done >= total else ""))
        self.stream.flush()


def generate_municipality(
    *, scale: float | str = 1.0, seed: int = 1782, today: date | None = None, stdout=None,
    extensions: list[str] | None = None, on_progress=None,
) -> DemoSummary:
    """Build the municipality in one transaction. ``scale`` is a factor, a ``Scale`` or a name in
    demo.scales.SCALES (filipstad = 1.0 = the demo: about 1 900 persons in 1 050 households and 1 300 cases
    since 2019); the same seed and day give the same municipality. ``extensions`` defaults to
    DEMO_EXTENSIONS; pass ``[]`` for the core data alone. ``on_progress(step, done, total)`` is called
    during the long steps (a progress bar, or a background task's progress)."""
    scale = scale_of(scale)
    # With DEBUG on, Django formats and keeps every one of the ~60 000 queries: a third of the run time.
    # The cyclic garbage collector walks every live object each full pass; with the hundreds of thousands of
    # plans and rows of the larger scales that grows with the square of the size. The generator makes
    # almost no cycles: collect once at the end instead.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        with override_settings(DEBUG=False):
            with transaction.atomic():
                summary = _generate(
                    scale=scale, seed=seed, today=today, stdout=stdout,
                    extensions=DEMO_EXTENSIONS if extensions is None else extensions, on_progress=on_progress,
                )
                committing = time.monotonic()
            if stdout is not None:  # the deferred foreign-key checks of every row run at commit
                stdout.write(f"  (commit {time.monotonic() - committing:.1f} s)\n")
            return summary
    finally:
        if gc_was_enabled:
            gc.enable()
        gc.collect()


def _generate(*, scale: Scale, seed: int, today: date | None, stdout, extensions: list[str], on_progress) -> DemoSummary:
    say = _Progress(stdout)
    today = today or timezone.localdate()
    if today > timezone.localdate():
        raise ValueError("Demodagen kan inte ligga i framtiden.")
    if scale <= 0:
        raise ValueError("Skalan måste vara större än noll.")
    if real_persons_present():
        raise DemoRefused(REFUSAL)
    if demo_data_present():
        raise DemoRefused("Databasen innehåller redan demodata.")
    rng = random.Random(seed)
    backdater = Backdater()

    say("Enheter och personal …")
    units = units_create(scale)
    ctx = staff_create(rng=rng, today=today, units=units, backdater=backdater, scale=scale)
    ctx.scale, ctx.stdout, ctx.on_progress, ctx.writer = scale, stdout, on_progress, BulkWriter()

    say("Hushåll, personer och ärenden planeras …")
    population = Population(rng, today)
    specs = CasePlanner(rng=rng, today=today, scale=scale, population=population).plan()
    population.mark_protected(
        protected_registrations=ctx.scaled(3), confidentiality_marks=ctx.scaled(4)
    )
    population.mark_coordination_numbers(ctx.scaled(6))
    first_case = {}
    for spec in sorted(specs, key=lambda s: s.opened_on):
        first_case.setdefault(id(spec.household), spec)

    handlers = Handlers(ctx)

    if scale.unit_count > 1:  # the stadsdel each household belongs to
        for plan in population.plans:
            plan.district = rng.randrange(scale.unit_count)

    def registered_by(plan):
        spec = first_case[id(plan)]
        return handlers.pick(spec.unit_kind, plan.since, unit=ctx.unit_for(spec.unit_kind, plan.district))

    taken = set(Person.objects.values_list("identity_number", flat=True))
    population.create(
        ctx=ctx, numbers=SyntheticNumbers(rng, taken), actor_for=registered_by,
        municipality_code=settings.SKUTAN_MUNICIPALITY_CODE,
    )
    say(f"  {len(ctx.persons)} personer i {len(ctx.households)} hushåll")

    say("Ärenden aktualiseras, fördelas och avslutas …")
    cases_create(ctx=ctx, specs=specs)
    say(f"  {len(specs)} ärenden")

    say("Journalanteckningar …")
    # Millions of rows at Stockholm's size: their indexes are built once afterwards (bulk.py).
    with ctx.writer.indexes_deferred(JournalEntry, CaseEvent):
        entries = journals_create(ctx=ctx, specs=specs)
    drafts = todays_journal_work(ctx=ctx, specs=specs)
    say(f"  {entries} signerade anteckningar, {drafts} utkast")

    say("Åtkomstlogg …")
    with ctx.writer.indexes_deferred(AccessLog):
        log_rows = access_log_create(ctx=ctx, specs=specs)
    emergencies = emergency_access_create(ctx=ctx, specs=specs)
    say(f"  {log_rows} rader åtkomstlogg, {emergencies} nödåtkomster")

    ran = run_extensions(ctx, extensions)

    say("Sammanfattning …")
    summary = summarise(ctx)
    summary.journal_entries = JournalEntry.objects.filter(case__person__synthetic=True).count()
    summary.drafts = drafts
    summary.access_log_rows = log_rows
    summary.emergency_accesses = emergencies
    summary.extensions = ran
    summary.seconds = say.elapsed
    say(f"Klart: {summary.persons} personer, {sum(summary.cases.values())} ärenden.")
    return summary


def run_extensions(ctx: DemoContext, names: list[str]) -> list[str]:
    """Call ``generate(ctx)`` of each importable module in ``names``; a module that does not exist is
    skipped quietly, any other error (including an ImportError inside the module) propagates."""
    ran = []
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            if exc.name is not None and (exc.name == name or name.startswith(exc.name + ".")):
                continue  # the app has no demo data (yet)
            raise  # the module exists but imports something missing: a real error, not to hide
        ctx.say(f"Tillägg: {name} …")
        started, cpu = time.monotonic(), time.process_time()
        module.generate(ctx)
        ctx.say(f"  ({time.monotonic() - started:.1f} s, {time.process_time() - cpu:.1f} s CPU)")
        ran.append(name)
    return ran


def summarise(ctx: DemoContext) -> DemoSummary:
    persons = Person.objects.filter(synthetic=True)
    counts = persons.aggregate(
        total=Count("id"),
        protected=Count("id", filter=~Q(protection="")),
        reserve=Count("id", filter=Q(identity_kind=IdentityKind.RESERVNUMMER)),
        coordination=Count("id", filter=Q(identity_kind=IdentityKind.SAMORDNINGSNUMMER)),
        abroad=Count("id", filter=Q(born_abroad=True)),
    )
    cases = Case.objects.filter(person__synthetic=True)
    by_type = dict(cases.values_list("case_type").annotate(n=Count("id")))
    active = dict(cases.filter(status__in=ACTIVE_STATUSES).values_list("case_type").annotate(n=Count("id")))
    return DemoSummary(
        units=Unit.objects.count(),
        users=User.objects.count(),
        active_users=User.objects.filter(is_active=True).count(),
        persons=counts["total"],
        households=Household.objects.filter(members__person__synthetic=True).distinct().count(),
        protected_persons=counts["protected"],
        reserve_numbers=counts["reserve"],
        coordination_numbers=counts["coordination"],
        born_abroad=counts["abroad"],
        cases=by_type,
        active_cases=active,
        logins=demo_logins(),
    )
