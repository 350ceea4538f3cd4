"""The social services' organisation: units, staff with titles and roles, and who was in post when.

Staff turnover follows seed 002 (Timrå): about two thirds of the handläggare have been in post for less
than two years. Those who left are kept as inactive users, because they handled the older cases.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password

from skutan.accounts.models import Membership, Role, SpecialRight, SpecialRightKind, Unit, UnitKind, User
from skutan.accounts.services import unit_create
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.demo.backdating import Backdater
from skutan.demo.bulk import BulkWriter, audit_row
from skutan.demo.context import DemoContext, moment
from skutan.demo.names import STAFF_NAMES, SWEDISH_MEN, SWEDISH_SURNAMES, SWEDISH_WOMEN
from skutan.demo.scales import Scale

DEMO_PASSWORD = "Skutan-demo-2026"
NEW_IN_POST_SHARE = 2 / 3  # seed 002: 66 % of case workers with under two years in post

UNITS = [  # (kind, name) in the order the login table shows them
    (UnitKind.INTAKE, "Mottagning"),
    (UnitKind.FINANCIAL_ASSISTANCE, "Ekonomiskt bistånd"),
    (UnitKind.CHILDREN, "Barn och unga"),
    (UnitKind.ADULTS, "Vuxen/missbruk"),
    (UnitKind.MOBILE_TEAM, "Mobila teamet"),
    (UnitKind.QUALITY, "Kvalitet"),
    (UnitKind.MANAGEMENT, "Ledning"),
    (UnitKind.ADMINISTRATION, "Systemförvaltning"),
]


@dataclass(frozen=True)
class Seat:
    username: str
    unit_kind: str
    role: str
    title: str
    kind: str = "staff"  # "caseworker" (tenure drawn per seed 002), "manager", "staff", "former"
    district: int = 0  # which unit of its kind (0: the demo's own)


CASEWORK_UNITS = [  # (prefix, kind, manager title, number of handläggare in the demo, their titles, former)
    ("mottagning", UnitKind.INTAKE, "Enhetschef mottagningen", 3, ["Socialsekreterare"], 1),
    ("eb", UnitKind.FINANCIAL_ASSISTANCE, "Enhetschef ekonomiskt bistånd", 7,
     ["Socialsekreterare", "Socialsekreterare", "Biståndshandläggare"], 3),
    ("bou", UnitKind.CHILDREN, "Enhetschef barn och unga", 6,
     ["Socialsekreterare", "Socialsekreterare", "Samordnande socialsekreterare"], 3),
    ("vuxen", UnitKind.ADULTS, "Enhetschef vuxen och missbruk", 4, ["Socialsekreterare", "Behandlingssekreterare"], 1),
]
# The units beyond the first of each kind, at the larger scales: Stockholm's stadsdelsområden.
DISTRICTS = [
    "Rinkeby-Kista", "Spånga-Tensta", "Hässelby-Vällingby", "Bromma", "Kungsholmen", "Norrmalm", "Östermalm",
    "Södermalm", "Enskede-Årsta-Vantör", "Skarpnäck", "Farsta", "Hägersten-Älvsjö", "Skärholmen",
]


def _caseworkers(count: int, scale: Scale) -> int:
    scaled = round(count * scale.staff)
    return min(max(scaled, scale.unit_caseworkers[0]), scale.unit_caseworkers[1]) if scale.unit_caseworkers else scaled


def _seats(scale: Scale | None = None) -> list[Seat]:
    """Every post. The first unit of each kind is the demo's (its usernames are the demo logins); the
    larger scales add units (``district`` 1, 2, …) with more handläggare each."""
    scale = scale if scale is not None else Scale(1.0)
    seats = [
        Seat("socialdirektor", UnitKind.MANAGEMENT, Role.MANAGEMENT, "Socialdirektör", "manager"),
        Seat("ifochef", UnitKind.MANAGEMENT, Role.MANAGEMENT, "Verksamhetschef IFO", "manager"),
        Seat("controller", UnitKind.MANAGEMENT, Role.MANAGEMENT, "Controller"),
        Seat("utvecklingsledare", UnitKind.MANAGEMENT, Role.MANAGEMENT, "Utvecklingsledare"),
    ]
    for district in range(scale.unit_count):
        for prefix, kind, manager_title, count, titles, _former in CASEWORK_UNITS:
            p = prefix if district == 0 else f"{prefix}{district + 1}"
            seats.append(Seat(f"{p}.chef", kind, Role.UNIT_MANAGER, manager_title, "manager", district))
            seats += [
                Seat(f"{p}.handlaggare{i}", kind, Role.CASEWORKER, titles[(i - 1) % len(titles)], "caseworker", district)
                for i in range(1, (count if scale.unit_count == 1 else _caseworkers(count, scale)) + 1)
            ]
    seats += [
        Seat("mobil.chef", UnitKind.MOBILE_TEAM, Role.UNIT_MANAGER, "Enhetschef mobila teamet", "manager"),
        Seat("mobil.1", UnitKind.MOBILE_TEAM, Role.MOBILE_TEAM, "Boendestödjare"),
        Seat("mobil.2", UnitKind.MOBILE_TEAM, Role.MOBILE_TEAM, "Boendestödjare"),
        Seat("mobil.3", UnitKind.MOBILE_TEAM, Role.MOBILE_TEAM, "Behandlingsassistent"),
        Seat("kvalitet", UnitKind.QUALITY, Role.QUALITY_OFFICER, "Kvalitetsutvecklare"),
        Seat("lexsarah", UnitKind.QUALITY, Role.QUALITY_OFFICER, "Lex Sarah-utredare"),
        Seat("loggranskare", UnitKind.ADMINISTRATION, Role.LOG_REVIEWER, "Informationssäkerhetssamordnare"),
        Seat("admin", UnitKind.ADMINISTRATION, Role.SYSTEM_ADMIN, "Systemförvaltare"),
    ]
    # Handläggare who have left: inactive, but they handled the older cases.
    for district in range(scale.unit_count):
        for prefix, kind, _title, count, _titles, former in CASEWORK_UNITS:
            p = prefix if district == 0 else f"{prefix}{district + 1}"
            n = former if scale.unit_count == 1 else max(former, round(_caseworkers(count, scale) * former / count))
            seats += [
                Seat(f"{p}.tidigare{i}", kind, Role.CASEWORKER, "Socialsekreterare", "former", district)
                for i in range(1, n + 1)
            ]
    return seats


def _staff_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """The demo's staff names first, then drawn combinations for the larger scales (never repeated)."""
    chosen = list(STAFF_NAMES)
    rng.shuffle(chosen)
    seen = set(chosen)
    firsts = SWEDISH_MEN + SWEDISH_WOMEN
    while len(chosen) < count:
        name = (rng.choice(firsts), rng.choice(SWEDISH_SURNAMES))
        if name not in seen or len(seen) >= len(firsts) * len(SWEDISH_SURNAMES):
            seen.add(name)
            chosen.append(name)
    return chosen


def _days_ago(today: date, rng: random.Random, low: int, high: int) -> date:
    return today - timedelta(days=rng.randint(low, high))


def _tenures(seats: list[Seat], rng: random.Random, today: date) -> dict[str, tuple[date, date | None]]:
    """(employed_since, last day in post) per username."""
    workers = [s for s in seats if s.kind == "caseworker"]
    new = set(rng.sample([s.username for s in workers], round(len(workers) * NEW_IN_POST_SHARE)))
    # Every unit keeps at least one long-serving handläggare, who carries the older cases.
    for unit in sorted({(s.unit_kind, s.district) for s in workers}):
        in_unit = [s.username for s in workers if (s.unit_kind, s.district) == unit]
        if all(u in new for u in in_unit):
            new.discard(in_unit[0])
            new.add(next(s.username for s in workers if (s.unit_kind, s.district) != unit and s.username not in new))
    tenures: dict[str, tuple[date, date | None]] = {}
    for seat in seats:
        if seat.kind == "caseworker" and seat.username in new:
            tenures[seat.username] = (_days_ago(today, rng, 20, 700), None)
        elif seat.kind == "caseworker":
            tenures[seat.username] = (_days_ago(today, rng, 4 * 365, 19 * 365), None)
        elif seat.kind == "manager":
            tenures[seat.username] = (_days_ago(today, rng, 8 * 365, 16 * 365), None)
        elif seat.kind == "former":
            left = _days_ago(today, rng, 40, 720)
            tenures[seat.username] = (left - timedelta(days=rng.randint(3 * 365, 10 * 365)), left)
        else:
            tenures[seat.username] = (_days_ago(today, rng, 2 * 365, 12 * 365), None)
    return tenures


def units_create(scale: Scale | None = None) -> dict[str, list[Unit]]:
    """Every unit, per kind; the case-handling kinds get ``scale.unit_count`` units each."""
    count = scale.unit_count if scale is not None else 1
    casework = {kind for _, kind, *_ in CASEWORK_UNITS}
    units: dict[str, list[Unit]] = {}
    for kind, name in UNITS:
        for district in range(count if kind in casework else 1):
            label = name if district == 0 else f"{name} {DISTRICTS[(district - 1) % len(DISTRICTS)]}"
            if district > len(DISTRICTS):
                label += f" {district // len(DISTRICTS) + 1}"
            units.setdefault(kind.value, []).append(unit_create(name=label, kind=kind))
    return units


def staff_create(
    *, rng: random.Random, today: date, units: dict[str, list[Unit]], backdater: Backdater, scale: Scale | None = None,
) -> DemoContext:
    """Create every demo user and return a context holding units and staff (persons and cases come later)."""
    seats = _seats(scale)
    tenures = _tenures(seats, rng, today)
    names = _staff_names(rng, len(seats)) if scale is not None and scale.unit_count > 1 else _shuffled(rng)
    password = make_password(DEMO_PASSWORD)  # hashed once: argon2 per user would cost seconds
    staff: dict[str, dict[str, list[User]]] = {}
    former: dict[int, date] = {}
    unit_of: dict[int, Unit] = {}
    # Written as user_create and membership_add would (the rows and their audit rows, dated the morning the
    # person started), in bulk: Stockholm has 2 500 staff, and the services' eight queries each showed.
    writer = BulkWriter()
    pairs = list(zip(seats, names, strict=False))
    user_ids = iter(writer.ids(User, len(pairs)))
    users, memberships, audit = [], [], []
    admin = None
    for seat, (first, last) in pairs:
        since, left = tenures[seat.username]
        joined = _morning(since)
        unit = units[seat.unit_kind][seat.district]
        user = User(
            pk=next(user_ids), username=seat.username, password=password, first_name=first, last_name=last,
            title=seat.title, employed_since=since, date_joined=joined, is_active=left is None,
        )
        if seat.role == Role.SYSTEM_ADMIN:
            user.is_superuser = user.is_staff = True
        actor = admin  # once registered, the system administrator registers the rest
        audit.append(audit_row(event_type=EventType.USER_CREATED, actor=actor, at=joined, obj=user,
                               data={"username": user.username}))
        memberships.append(Membership(user=user, unit=unit, role=seat.role))
        audit.append(audit_row(event_type=EventType.MEMBERSHIP_CHANGED, actor=actor, at=joined, obj=user,
                               data={"unit_id": unit.pk, "role": seat.role, "added": True}))
        if seat.role == Role.SYSTEM_ADMIN:
            admin = user
        users.append(user)
        unit_of[user.pk] = unit
        if left is not None:
            former[user.pk] = left
        staff.setdefault(seat.role, {}).setdefault(seat.unit_kind, []).append(user)
    writer.create(users)
    writer.write(memberships, model=Membership)
    writer.write(audit, model=AuditEvent)
    for by_unit in staff.values():
        for users in by_unit.values():
            users.sort(key=lambda u: (not u.is_active, u.username))
    # Unit managers may see protected addresses in their own unit (a special right with an end date and a
    # reason); handläggare see the banner and a masked address.
    managers = [u for users in staff[Role.UNIT_MANAGER].values() for u in users]
    SpecialRight.objects.bulk_create(
        SpecialRight(
            user=manager, unit_id=membership.unit_id, kind=SpecialRightKind.PROTECTED_ADDRESS, valid_from=today,
            valid_to=today + timedelta(days=365), reason="Enhetschef: granskar ärenden med skyddade personuppgifter (demo)",
            granted_by=admin,
        )
        for manager in managers
        for membership in memberships
        if membership.user is manager and membership.role == Role.UNIT_MANAGER
    )
    ctx = DemoContext(
        rng=rng, today=today, scale=scale if scale is not None else Scale(1.0),
        units={kind: of_kind[0] for kind, of_kind in units.items()}, units_of=units, unit_of_user=unit_of, staff=staff, persons=[], households=[], cases={},
        admin=admin, password=DEMO_PASSWORD, former_staff=former, backdater=backdater,
    )
    ctx.audit_bulk(what="special_rights.protected_address", count=len(managers), usernames=[u.username for u in managers])
    return ctx


def _shuffled(rng: random.Random) -> list[tuple[str, str]]:
    names = list(STAFF_NAMES)
    rng.shuffle(names)
    return names


def _morning(day: date):
    return moment(day, 8)


def in_post(user: User, day: date, former: dict[int, date]) -> bool:
    since = user.employed_since or date.min
    return since <= day and (user.pk not in former or day <= former[user.pk])
