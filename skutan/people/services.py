from datetime import date

from django.db import IntegrityError, transaction

from skutan.accounts.selectors import user_can_see_protected_identity
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.concurrency import versioned_update
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.people.identity import (
    IdentityKind,
    InvalidIdentityNumber,
    parse_identity_number,
    parse_reserve_number,
)
from skutan.people.models import Household, HouseholdMember, HouseholdRole, Person, ProtectionKind

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
        raise ApplicationError("Förnamn saknas.", field="first_name")
    if not last_name.strip():
        raise ApplicationError("Efternamn saknas.", field="last_name")


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
    parsed = _parse_number(identity_number, identity_kind)
    _check_names(first_name, last_name)
    if protection not in ProtectionKind.values:
        raise ApplicationError("Okänd typ av skyddade personuppgifter.", field="protection")
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
    allowed = {"first_name", "last_name", "street_address", "postal_code", "city", "phone", "born_abroad"}
    unknown = set(changes) - allowed
    if unknown:
        raise ApplicationError(f"Fältet kan inte ändras här: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    if person.protected_identity and set(changes) & set(ADDRESS_FIELDS):
        if not user_can_see_protected_identity(user=actor):
            raise AccessDeniedError("Du har inte behörighet att ändra adress för en person med skyddade personuppgifter.")
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
    if not user_can_see_protected_identity(user=actor):
        raise AccessDeniedError("Du har inte behörighet att ändra skyddade personuppgifter.")
    if protection not in ProtectionKind.values:
        raise ApplicationError("Okänd typ av skyddade personuppgifter.", field="protection")
    person = versioned_update(instance=person, expected_version=expected_version, fields={"protection": protection})
    audit_event_record(
        event_type=EventType.PERSON_PROTECTION_CHANGED, actor=actor, obj=person, person_id=person.pk,
        data={"protection": protection},
    )
    return person


@transaction.atomic
def household_create(*, actor, members: list[tuple[Person, str]], cohabiting: bool, since: date) -> Household:
    """``members`` are (person, role) pairs; makar/sambor are the household's adults."""
    if not any(role == HouseholdRole.ADULT for _, role in members):
        raise ApplicationError("Ett hushåll behöver minst en vuxen.", field="members")
    adults = sum(1 for _, role in members if role == HouseholdRole.ADULT)
    if cohabiting and adults != 2:
        raise ApplicationError("Sambor/makar är två vuxna.", field="cohabiting")
    household = Household.objects.create(cohabiting=cohabiting)
    audit_event_record(event_type=EventType.HOUSEHOLD_CREATED, actor=actor, obj=household)
    for person, role in members:
        household_member_add(actor=actor, household=household, person=person, role=role, since=since)
    return household


@transaction.atomic
def household_member_add(
    *, actor, household: Household, person: Person, role: str, since: date, lunch_at_home: bool = True
) -> HouseholdMember:
    if role not in HouseholdRole.values:
        raise ApplicationError("Okänd roll i hushållet.", field="role")
    if household.members.filter(person=person, left_on__isnull=True).exists():
        raise ConflictError("Personen finns redan i hushållet.", field="person")
    member = HouseholdMember.objects.create(
        household=household, person=person, role=role, joined_on=since, lunch_at_home=lunch_at_home
    )
    audit_event_record(
        event_type=EventType.HOUSEHOLD_MEMBER_ADDED, actor=actor, obj=household, person_id=person.pk,
        data={"role": role},
    )
    return member


@transaction.atomic
def household_member_remove(*, actor, member: HouseholdMember, on: date) -> HouseholdMember:
    if member.left_on is not None:
        raise ConflictError("Personen har redan lämnat hushållet.")
    member.left_on = on
    member.save(update_fields=["left_on"])
    audit_event_record(
        event_type=EventType.HOUSEHOLD_MEMBER_REMOVED, actor=actor, obj=member.household,
        person_id=member.person_id,
    )
    return member
