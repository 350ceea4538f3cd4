"""Authorizing reads of persons. Every read is access-logged; protected addresses are masked."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext

from skutan.accounts.selectors import user_can_see_protected_identity, user_is_staff_member, user_unit_ids
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction, AccessLog
from skutan.audit.services import access_log_record
from skutan.core.errors import ApplicationError, NotFoundError
from skutan.people.access import persons_may_change
from skutan.people.case_links import persons_with_case_in_units
from skutan.people.identity import normalise_query
from skutan.people.models import Household, HouseholdMember, HouseholdRole, Person

PERSON_NOT_FOUND = "Personen finns inte, eller så har du inte behörighet att se den."
PROTECTED_ADDRESS = "Skyddad adress"
SEARCH_LIMIT = 50


def _outside_units(user, person_id: int) -> bool:
    if user.is_superuser:
        return False
    # Stricter on purpose: a person with no case in the reader's units (or none at all) is flagged,
    # since curiosity about people without a matter is exactly what loggkontroll looks for.
    return not persons_with_case_in_units(person_ids=[person_id], unit_ids=user_unit_ids(user=user))


def person_get_for_user(*, ctx: AccessContext, person_id: int, action: str = AccessAction.VIEW) -> Person:
    user = ctx.user
    if not user_is_staff_member(user=user):
        raise NotFoundError(PERSON_NOT_FOUND)
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFoundError(PERSON_NOT_FOUND)
    access_log_record(
        user=user, action=action, purpose=ctx.purpose, object_type="person", object_id=person.pk,
        person=person, channel=ctx.channel, path=ctx.path, outside_units=_outside_units(user, person.pk),
    )
    return person


def number_prefixes(digits: str) -> list[str]:
    """The prefixes of the stored form YYYYMMDD-NNNN that a partial number of six digits or more stands
    for: ``860211`` is 19860211 or 20860211, ``86021112`` is 19860211-12 or 20860211-12, ``1986021134`` is
    19860211-34 (a number that starts with 19 or 20 and has eight digits or more
    is read with its century). Fewer than six digits are no date: an empty list."""
    if len(digits) < 6:
        return []

    def stored(full: str) -> str:
        return full[:8] + ("-" + full[8:12] if len(full) > 8 else "")

    if len(digits) >= 8 and digits[:2] in ("19", "20"):
        return [stored(digits)]  # written with the century
    return [stored(century + digits) for century in ("19", "20")]


def person_search_queryset(*, query: str) -> QuerySet[Person]:
    """The register search itself, unauthorized and unlogged: only ``person_search`` and the tests of its
    query plan call it. ``query`` is stripped and at least two characters long."""
    number = normalise_query(query)
    if number:
        qs = Person.objects.filter(identity_number=number)
    elif any(ch.isdigit() for ch in query):
        digits = "".join(ch for ch in query if ch.isdigit())
        prefixes = number_prefixes(digits)
        if prefixes:  # a date of birth, perhaps with the start of the last four: the prefix index
            match = Q()
            for prefix in prefixes:
                match |= Q(identity_number__startswith=prefix)
        else:  # a few digits, such as the last four: no index helps, but such searches are rare
            match = Q(identity_number__contains=digits)
        qs = Person.objects.filter(match)
    else:
        # On PostgreSQL each UPPER(name) LIKE '%word%' uses a trigram index (people 0002).
        qs = Person.objects.all()
        for word in query.split():
            qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return qs.order_by("last_name", "first_name")


def person_search(*, ctx: AccessContext, query: str) -> list[Person]:
    """Search the person register by personnummer or by name; each person shown is logged."""
    user = ctx.user
    query = (query or "").strip()
    if not user_is_staff_member(user=user) or len(query) < 2:
        return []
    qs = person_search_queryset(query=query)
    people = list(qs[:SEARCH_LIMIT])
    AccessLog.objects.bulk_create(
        AccessLog(
            user_id=user.pk, username=user.get_username(), person_id=p.pk, object_type="person",
            object_id=str(p.pk), action=AccessAction.SEARCH, purpose=ctx.purpose, channel=ctx.channel,
            path=ctx.path[:300], protected_person=p.protected_identity,
        )
        for p in people
    )
    return people


def protected_address_unit_ids(*, persons) -> set[int]:
    """The units of the cases of these persons (or of their households): a special right to see protected
    addresses granted in one of them covers the address."""
    from skutan.people.case_links import person_matters

    return set(person_matters(user=None, person_ids=[p.pk for p in persons]).handling_unit_ids)


def user_may_see_protected_address(*, user, persons) -> bool:
    """The special right to see protected addresses, in a unit where one of these persons has a case."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not user_can_see_protected_identity(user=user):  # no such right anywhere (cached): no query per person
        return False
    return user_can_see_protected_identity(user=user, unit_ids=protected_address_unit_ids(persons=persons))


def _address_hidden(*, user, person: Person) -> bool:
    """A protected person's address, and that of anyone living with them (the same home), is hidden."""
    if user_may_see_protected_address(user=user, persons=[person]):
        return False
    if person.protected_identity:
        return True
    from skutan.people.models import HouseholdMember

    homes = HouseholdMember.objects.filter(person=person, left_on__isnull=True).values("household_id")
    return (
        HouseholdMember.objects.filter(household_id__in=homes, left_on__isnull=True)
        .exclude(person=person)
        .exclude(person__protection="")
        .exists()
    )


def person_address(*, user, person: Person) -> str | None:
    """The address as the user may see it: never for a protected person, or someone sharing their home,
    without the explicit right."""
    if _address_hidden(user=user, person=person):
        return None
    parts = [person.street_address, f"{person.postal_code} {person.city}".strip()]
    return ", ".join(p for p in parts if p)


def person_address_for_request(*, request, person: Person, decided: dict | None = None) -> str | None:
    """person_address, decided once per request and person (the view and the page header both show it).
    ``decided``: addresses person_addresses already gave for this request's user."""
    memo = request.__dict__.setdefault("_skutan_addresses", {})
    if decided:
        memo.update(decided)
    if person.pk not in memo:
        memo[person.pk] = person_address(user=request.user, person=person)
    return memo[person.pk]


def person_addresses(*, user, persons) -> dict[int, str | None]:
    """person_address for many persons (a household's members) in one query: only a protected person, or
    someone who shares a home with one, is decided one by one (it is rare, and the rule is person_address's)."""
    from skutan.people.models import HouseholdMember

    persons = list(persons)
    if not persons:
        return {}
    protected_homes = HouseholdMember.objects.filter(left_on__isnull=True).exclude(person__protection="").values(
        "household_id"
    )
    near_protected = set(
        HouseholdMember.objects.filter(
            person_id__in=[p.pk for p in persons], left_on__isnull=True, household_id__in=protected_homes
        ).values_list("person_id", flat=True)
    )
    out: dict[int, str | None] = {}
    for p in persons:
        if p.protected_identity or p.pk in near_protected:
            out[p.pk] = person_address(user=user, person=p)
        else:
            parts = [p.street_address, f"{p.postal_code} {p.city}".strip()]
            out[p.pk] = ", ".join(x for x in parts if x)
    return out


def person_address_for_letter(*, person: Person) -> str | None:
    """The address a letter may print: the person's own, never a protected one and never that of a home
    shared with a protected person, whoever prints the letter (a letter leaves the office)."""
    from skutan.people.models import HouseholdMember

    if person.protected_identity:
        return None
    homes = HouseholdMember.objects.filter(person=person, left_on__isnull=True).values("household_id")
    shared_with_protected = (
        HouseholdMember.objects.filter(household_id__in=homes, left_on__isnull=True)
        .exclude(person=person)
        .exclude(person__protection="")
        .exists()
    )
    if shared_with_protected:
        return None
    parts = [person.street_address, f"{person.postal_code} {person.city}".strip()]
    return ", ".join(p for p in parts if p) or None
def person_id_by_identity_query(*, value: str) -> int | None:
    """For the log reviewer's filter: the id of the person with the personnummer typed (as a person knows it),
    -1 if the number is valid but nobody has it, None if the text is no number. Not itself logged: the log
    review logs every person it shows."""
    number = normalise_query(value)
    if not number:
        return None
    return Person.objects.filter(identity_number=number).values_list("pk", flat=True).first() or -1


def persons_by_ids(*, ids) -> dict[int, Person]:
    """Persons by id for the log review's display (the log rows were authorized by the reviewer's role)."""
    return {p.pk: p for p in Person.objects.filter(pk__in=set(ids))}


def person_as_dict(*, user, person: Person) -> dict:
    """The one place that shapes a person for output (API, exports): protected addresses masked."""
    address_visible = not _address_hidden(user=user, person=person)
    return {
        "id": person.pk,
        "personal_identity_number": person.identity_number,
        "identity_kind": person.identity_kind,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "protected_identity": person.protected_identity,
        "street_address": person.street_address if address_visible else None,
        "postal_code": person.postal_code if address_visible else None,
        "city": person.city if address_visible else None,
        "version": person.version,
    }


def household_current_for_person(*, person: Person) -> Household | None:
    return (
        Household.objects.filter(members__person=person, members__left_on__isnull=True)
        .prefetch_related("members__person")
        .order_by("-created_at", "-pk")
        .first()
    )


# -- households: authorizing reads, and who may change one -----------------------------------------------

HOUSEHOLD_NOT_FOUND = "Hushållet finns inte, eller så har du inte behörighet att se det."
MEMBER_NOT_FOUND = "Hushållsmedlemmen finns inte, eller så har du inte behörighet att se den."


def _household_members(household: Household) -> list:
    """Every membership of the household (current and ended), persons included, from the prefetch if any."""
    return list(household.members.all())


def _log_household_read(*, ctx: AccessContext, household: Household) -> None:
    """Showing a household shows every member's name: one access-log row per member, in one INSERT."""
    user = ctx.user
    members = _household_members(household)
    person_ids = {m.person_id for m in members}
    if user.is_superuser:
        inside = person_ids
    else:
        inside = persons_with_case_in_units(person_ids=person_ids, unit_ids=user_unit_ids(user=user))
    seen: set[int] = set()
    rows = []
    for m in members:
        if m.person_id in seen:  # a person who left and joined again is one read
            continue
        seen.add(m.person_id)
        rows.append(
            AccessLog(
                user_id=user.pk, username=user.get_username(), person_id=m.person_id, object_type="household",
                object_id=str(household.pk), action=AccessAction.VIEW, purpose=ctx.purpose[:200],
                channel=ctx.channel, path=ctx.path[:300], protected_person=m.person.protected_identity,
                outside_units=m.person_id not in inside,
            )
        )
    AccessLog.objects.bulk_create(rows)


def _households_with_members():
    return Household.objects.prefetch_related(
        Prefetch("members", queryset=HouseholdMember.objects.select_related("person").order_by(
            "role", "person__birth_date", "pk"
        ))
    )


def household_get_for_user(*, ctx: AccessContext, household_id: int) -> Household:
    """A household with its members (``household.members.all()`` is prefetched); every member's read is logged."""
    if not user_is_staff_member(user=ctx.user):
        raise NotFoundError(HOUSEHOLD_NOT_FOUND)
    household = _households_with_members().filter(pk=household_id).first()
    if household is None:
        raise NotFoundError(HOUSEHOLD_NOT_FOUND)
    _log_household_read(ctx=ctx, household=household)
    return household


def household_current_for_user(*, ctx: AccessContext, person: Person) -> Household | None:
    """The person's current household for a page or the API (``person`` already read through
    person_get_for_user or case_get_for_user); every member's read is logged."""
    if not user_is_staff_member(user=ctx.user):
        raise NotFoundError(HOUSEHOLD_NOT_FOUND)
    # The household and its members in two queries (the filter's join does not reach the prefetch).
    household = (
        _households_with_members().filter(members__person=person, members__left_on__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    if household is None:
        return None
    _log_household_read(ctx=ctx, household=household)
    return household


def household_member_get_for_user(*, ctx: AccessContext, household_id: int, member_id: int):
    """One membership of a household, read with the whole household (every member's read is logged)."""
    household = household_get_for_user(ctx=ctx, household_id=household_id)
    member = next((m for m in household.members.all() if m.pk == member_id), None)
    if member is None:
        raise NotFoundError(MEMBER_NOT_FOUND, field="member")
    member.household = household
    return member


def person_find_by_number_for_user(*, ctx: AccessContext, identity_number: str, field: str = "identity_number") -> Person:
    """Look a person up by personnummer, samordningsnummer or reservnummer (to add them to a household);
    the hit is access-logged as a search. Bad or unknown numbers raise ApplicationError naming ``field``."""
    from skutan.people.identity import InvalidIdentityNumber, parse_identity_number, parse_reserve_number

    user = ctx.user
    if not user_is_staff_member(user=user):
        raise NotFoundError(PERSON_NOT_FOUND, field=field)
    raw = (identity_number or "").strip()
    try:
        number = parse_identity_number(raw).normalised
    except InvalidIdentityNumber as exc:
        try:
            number = parse_reserve_number(raw).normalised if raw.upper().startswith("RS") else None
        except InvalidIdentityNumber:
            number = None
        if number is None:
            raise ApplicationError(exc.message, field=field) from None
    person = Person.objects.filter(identity_number=number).first()
    if person is None:
        raise ApplicationError(
            gettext(
                "Det finns ingen person med nummer %(number)s i registret. Registrera personen först."
            ) % {"number": number}, field=field
        )
    access_log_record(
        user=user, action=AccessAction.SEARCH, purpose=ctx.purpose, object_type="person", object_id=person.pk,
        person=person, channel=ctx.channel, path=ctx.path, outside_units=_outside_units(user, person.pk),
    )
    return person


def household_person_ids(*, household: Household) -> set[int]:
    """Current members (from the prefetch if the household was read with its members)."""
    return {m.person_id for m in household.members.all() if m.left_on is None}


def household_may_change(*, user, person_ids, household: Household | None = None) -> bool:
    """Who may create or change a household: whoever may change its people's data (people.access), with the
    cases linked to the household counted too. Emergency access only reads, so it does not count."""
    if not user_is_staff_member(user=user):
        return False
    household_id = household.pk if household is not None and household.pk else None
    return persons_may_change(user=user, person_ids=person_ids, household_id=household_id)


def household_as_dict(*, user, household: Household) -> dict:
    """The API's shape of a household. A member's address is hidden when the member is protected, and so is
    every member's when anyone in the household is: people who live together share the address."""
    members = _household_members(household)
    may_see = user_may_see_protected_address(user=user, persons=[m.person for m in members])
    hide_all = not may_see and any(m.person.protected_identity for m in members if m.left_on is None)
    out = []
    for m in members:
        person = person_as_dict(user=user, person=m.person)
        if hide_all:
            person.update(street_address=None, postal_code=None, city=None)
        out.append({
            "id": m.pk, "person": person, "role": m.role,
            "lunch_at_home": m.lunch_at_home if m.role == HouseholdRole.CHILD else None,
            "joined_on": m.joined_on, "left_on": m.left_on,
        })
    return {
        "id": household.pk, "cohabiting": household.cohabiting, "version": household.version,
        "addresses_hidden": hide_all, "members": out,
    }
