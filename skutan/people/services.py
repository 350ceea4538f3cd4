from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.concurrency import versioned_update
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.people.access import person_register_check, person_write_check
from skutan.people.identity import (
    IdentityKind,
    InvalidIdentityNumber,
    parse_identity_number,
    parse_reserve_number,
)
from skutan.people.models import Household, HouseholdMember, HouseholdRole, Person, ProtectionKind
from skutan.people.selectors import household_may_change, user_may_see_protected_address

DUPLICATE = "Det finns redan en person med personnumret {number}."
FIELD = "personal_identity_number"
ADDRESS_FIELDS = ("street_address", "postal_code", "city")


def _parse_number(raw: str, kind: str):
    try:
        if kind == IdentityKind.RESERVNUMMER:
            return parse_reserve_number(raw)
        return parse_identity_number(raw)
    except InvalidIdentityNumber as exc:
        raise ApplicationError(exc.message, field=FIELD) from None


def _check_names(first_name: str, last_name: str) -> None:
    if not first_name.strip():
        raise ApplicationError(gettext("Förnamn saknas."), field="first_name")
    if not last_name.strip():
        raise ApplicationError(gettext("Efternamn saknas."), field="last_name")


@transaction.atomic
def person_create(
    *,
    actor,
    identity_number: str,
    first_name: str,
    last_name: str,
    identity_kind: str = IdentityKind.PERSONNUMMER,
    street_address: str = "",
    postal_code: str = "",
    city: str = "",
    phone: str = "",
    protection: str = "",
    born_abroad: bool | None = None,
    synthetic: bool = False,
) -> Person:
    if actor is not None:  # None: a system write (demo generator, data migration), not a user's request
        person_register_check(user=actor)
    parsed = _parse_number(identity_number, identity_kind)
    _check_names(first_name, last_name)
    if protection not in ProtectionKind.values:
        raise ApplicationError(gettext("Okänd typ av skyddade personuppgifter."), field="protection")
    if Person.objects.filter(identity_number=parsed.normalised).exists():
        raise ConflictError(DUPLICATE.format(number=parsed.normalised), field=FIELD)
    try:
        with transaction.atomic():
            person = Person.objects.create(
                identity_number=parsed.normalised, identity_kind=parsed.kind, first_name=first_name.strip(),
                last_name=last_name.strip(), birth_date=parsed.birth_date, sex=parsed.sex,
                street_address=street_address.strip(), postal_code=postal_code.replace(" ", ""),
                city=city.strip(), phone=phone.strip(), protection=protection, born_abroad=born_abroad,
                synthetic=synthetic,
            )
    except IntegrityError:  # a concurrent create won the race
        raise ConflictError(DUPLICATE.format(number=parsed.normalised), field=FIELD) from None
    audit_event_record(
        event_type=EventType.PERSON_CREATED, actor=actor, obj=person, person_id=person.pk,
        data={"identity_kind": parsed.kind, "protected": bool(protection)},
    )
    return person


@transaction.atomic
def person_update(*, actor, person: Person, expected_version: int, **changes) -> Person:
    """Change name, address or contact details. A stale ``expected_version`` is refused (409).
    Address fields of a protected person need the explicit right, so they cannot be probed."""
    person_write_check(user=actor, person=person)
    allowed = {"first_name", "last_name", "street_address", "postal_code", "city", "phone", "born_abroad"}
    unknown = set(changes) - allowed
    if unknown:
        raise ApplicationError(gettext(
            "Fältet kan inte ändras här: %(unknown)s."
        ) % {"unknown": ', '.join(sorted(unknown))}, field=sorted(unknown)[0])
    if set(changes) & set(ADDRESS_FIELDS):
        from skutan.people.selectors import person_address  # the one rule for whose address is hidden

        if person_address(user=actor, person=person) is None:
            raise AccessDeniedError(gettext("Du har inte behörighet att ändra adress för en person med skyddade personuppgifter."))
    _check_names(changes.get("first_name", person.first_name), changes.get("last_name", person.last_name))
    before = {k: getattr(person, k) for k in changes}
    person = versioned_update(instance=person, expected_version=expected_version, fields=changes)
    changed = sorted(k for k in changes if before[k] != changes[k])
    audit_event_record(
        event_type=EventType.PERSON_UPDATED, actor=actor, obj=person, person_id=person.pk,
        data={"fields": changed},  # field names only: values are personal data
    )
    return person


@transaction.atomic
def person_protection_set(*, actor, person: Person, protection: str, expected_version: int) -> Person:
    if not user_may_see_protected_address(user=actor, persons=[person]):
        raise AccessDeniedError(gettext("Du har inte behörighet att ändra skyddade personuppgifter."))
    if protection not in ProtectionKind.values:
        raise ApplicationError(gettext("Okänd typ av skyddade personuppgifter."), field="protection")
    person = versioned_update(instance=person, expected_version=expected_version, fields={"protection": protection})
    audit_event_record(
        event_type=EventType.PERSON_PROTECTION_CHANGED, actor=actor, obj=person, person_id=person.pk,
        data={"protection": protection},
    )
    return person


# -- households ----------------------------------------------------------------------------------------------
# A household is makar/sambor and the children under 21 they support (SoF 2 kap. 1 §, the riksnorm's units).
# Who may change one: see people.selectors.household_may_change. Every change locks the household row and moves
# its version, so a form that still shows the old household gets a 409 instead of overwriting what it never saw.

HOUSEHOLD_DENIED = (
    "Du kan inte ändra hushållet: dess medlemmar har ärenden bara i enheter där du inte handlägger."
)


def _require_household_change(*, actor, person_ids, household: Household | None = None) -> None:
    if actor is None:  # a system write (demo generator, data migration), not a user's request
        return
    if not household_may_change(user=actor, person_ids=person_ids, household=household):
        raise AccessDeniedError(HOUSEHOLD_DENIED)


def _check_not_future(value: date, *, field: str, label: str) -> None:
    if value > timezone.localdate():
        raise ApplicationError(gettext(
            "%(label)s kan inte ligga i framtiden."
        ) % {"label": label}, field=field)


def _lock(household: Household) -> Household:
    """Serialise writes to one household: the member rules depend on the other members."""
    return Household.objects.select_for_update().get(pk=household.pk)


def _bump(household: Household, locked: Household) -> None:
    Household.objects.filter(pk=household.pk).update(version=F("version") + 1)
    household.version = locked.version + 1
    household.cohabiting = locked.cohabiting


def _current(household: Household):
    return household.members.filter(left_on__isnull=True)


def _member_add(
    *, actor, household: Household, person: Person, role: str, since: date, lunch_at_home: bool, cohabiting: bool
) -> HouseholdMember:
    if role not in HouseholdRole.values:
        raise ApplicationError(gettext("Okänd roll i hushållet: välj vuxen eller barn."), field="role")
    _check_not_future(since, field="since", label=gettext("Datum då personen kom in i hushållet"))
    if person.birth_date and since < person.birth_date:
        raise ApplicationError(
            gettext("Datum då personen kom in i hushållet kan inte vara före personens födelsedatum."), field="since"
        )
    active = HouseholdMember.objects.filter(person=person, left_on__isnull=True)
    if active.filter(household=household).exists():
        raise ConflictError(gettext(
            "%(person)s finns redan i hushållet."
        ) % {"person": person.full_name}, field="person")
    if active.exists():
        raise ConflictError(
            gettext(
                "%(person)s ingår redan i ett annat hushåll. Avsluta det medlemskapet först."
            ) % {"person": person.full_name}, field="person"
        )
    if role == HouseholdRole.ADULT and cohabiting and _current(household).filter(role=HouseholdRole.ADULT).count() >= 2:
        raise ApplicationError(
            gettext("Hushållet har redan två vuxna som är sambor/makar. En annan vuxen är ett eget hushåll."), field="role"
        )
    member = HouseholdMember.objects.create(
        household=household, person=person, role=role, joined_on=since,
        # Lunch at home only changes a child's riksnorm amount (ages 0–6); for an adult it means nothing.
        lunch_at_home=lunch_at_home if role == HouseholdRole.CHILD else True,
    )
    audit_event_record(
        event_type=EventType.HOUSEHOLD_MEMBER_ADDED, actor=actor, obj=household, person_id=person.pk,
        data={"role": role, "member_id": member.pk},
    )
    return member


def _member_spec(entry) -> tuple[Person, str, bool]:
    person, role, *rest = entry
    return person, role, (rest[0] if rest else True)


@transaction.atomic
def household_create(*, actor, members: list[tuple], cohabiting: bool, since: date) -> Household:
    """``members`` are (person, role) or (person, role, lunch_at_home); makar/sambor are the household's adults.
    A member's problem names its row: ``members[1].person``."""
    specs = [_member_spec(m) for m in members]
    if not any(role == HouseholdRole.ADULT for _, role, _ in specs):
        raise ApplicationError(gettext("Ett hushåll behöver minst en vuxen."), field="members")
    adults = sum(1 for _, role, _ in specs if role == HouseholdRole.ADULT)
    if cohabiting and adults != 2:
        raise ApplicationError(gettext("Sambor/makar är två vuxna: ange exakt två vuxna i hushållet."), field="cohabiting")
    _check_not_future(since, field="since", label=gettext("Datum då hushållet bildades"))
    seen: set[int] = set()
    for i, (person, _, _) in enumerate(specs):
        if person.pk in seen:
            raise ConflictError(gettext(
                "Hushållsmedlem %(i)s: personen står med två gånger."
            ) % {"i": i + 1}, field=f"members[{i}].person")
        seen.add(person.pk)
    _require_household_change(actor=actor, person_ids=seen)
    household = Household.objects.create(cohabiting=cohabiting)
    audit_event_record(event_type=EventType.HOUSEHOLD_CREATED, actor=actor, obj=household)
    for i, (person, role, lunch) in enumerate(specs):
        try:
            _member_add(actor=actor, household=household, person=person, role=role, since=since,
                        lunch_at_home=lunch, cohabiting=cohabiting)
        except ApplicationError as exc:
            raise type(exc)(gettext(
                "Hushållsmedlem %(i)s: %(message)s"
            ) % {"i": i + 1, "message": exc.message}, field=f"members[{i}].{exc.field}") from None
    return household


@transaction.atomic
def household_member_add(
    *, actor, household: Household, person: Person, role: str, since: date, lunch_at_home: bool = True
) -> HouseholdMember:
    locked = _lock(household)
    _require_household_change(
        actor=actor, person_ids=set(_current(household).values_list("person_id", flat=True)), household=household
    )
    member = _member_add(actor=actor, household=household, person=person, role=role, since=since,
                         lunch_at_home=lunch_at_home, cohabiting=locked.cohabiting)
    _bump(household, locked)
    return member


@transaction.atomic
def household_member_remove(*, actor, member: HouseholdMember, on: date) -> HouseholdMember:
    """End a membership on ``on`` (the day the person left). When one of two sambor/makar leaves, the
    household is no longer one of sambor/makar."""
    household = member.household
    locked = _lock(household)
    current = _current(household)
    _require_household_change(
        actor=actor, person_ids=set(current.values_list("person_id", flat=True)), household=household
    )
    row = HouseholdMember.objects.get(pk=member.pk)
    if row.left_on is not None:
        raise ConflictError(gettext("Personen har redan lämnat hushållet."), field="member")
    if on < row.joined_on:
        raise ApplicationError(
            gettext(
                "Slutdatum kan inte vara före datumet då personen kom in i hushållet (%(joined_on)s)."
            ) % {"joined_on": row.joined_on.isoformat()},
            field="left_on",
        )
    _check_not_future(on, field="left_on", label=gettext("Slutdatum"))
    others = current.exclude(pk=row.pk)
    if row.role == HouseholdRole.ADULT and others.exists() and not others.filter(role=HouseholdRole.ADULT).exists():
        raise ApplicationError(
            gettext("Barnen kan inte bo kvar utan en vuxen i hushållet. Avsluta barnens medlemskap först, "
            "eller lägg till en annan vuxen."), field="member",
        )
    ended_cohabiting = locked.cohabiting and row.role == HouseholdRole.ADULT
    if ended_cohabiting:
        Household.objects.filter(pk=household.pk).update(cohabiting=False)
        locked.cohabiting = False
    HouseholdMember.objects.filter(pk=row.pk).update(left_on=on)
    member.left_on = on
    _bump(household, locked)
    audit_event_record(
        event_type=EventType.HOUSEHOLD_MEMBER_REMOVED, actor=actor, obj=household, person_id=member.person_id,
        data={"member_id": member.pk, "left_on": on.isoformat(), "cohabiting_ended": ended_cohabiting},
    )
    return member


@transaction.atomic
def household_cohabiting_set(*, actor, household: Household, cohabiting: bool, expected_version: int) -> Household:
    """Mark the household's two adults as sambor/makar, or not. A stale ``expected_version`` is refused (409)."""
    _require_household_change(
        actor=actor, person_ids=set(_current(household).values_list("person_id", flat=True)), household=household
    )
    if cohabiting and _current(household).filter(role=HouseholdRole.ADULT).count() != 2:
        raise ApplicationError(gettext("Sambor/makar är två vuxna: hushållet behöver exakt två vuxna."), field="cohabiting")
    old = household.cohabiting
    household = versioned_update(instance=household, expected_version=expected_version,
                                 fields={"cohabiting": cohabiting})
    audit_event_record(
        event_type=EventType.HOUSEHOLD_UPDATED, actor=actor, obj=household, data={"cohabiting": [old, cohabiting]}
    )
    return household
