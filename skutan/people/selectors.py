"""Authorizing reads of persons. Every read is access-logged; protected addresses are masked."""

from django.db.models import Q

from skutan.accounts.selectors import user_can_see_protected_identity, user_is_staff_member, user_unit_ids
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessAction, AccessLog
from skutan.audit.services import access_log_record
from skutan.core.errors import NotFoundError
from skutan.people.identity import normalise_query
from skutan.people.models import Household, Person

PERSON_NOT_FOUND = "Personen finns inte, eller så har du inte behörighet att se den."
PROTECTED_ADDRESS = "Skyddad adress"
SEARCH_LIMIT = 50


def _outside_units(user, person_id: int) -> bool:
    from skutan.cases.models import Case  # cases depends on people, not the other way round

    if user.is_superuser:
        return False
    # Stricter on purpose: a person with no case in the reader's units (or none at all) is flagged,
    # since curiosity about people without a matter is exactly what loggkontroll looks for.
    return not Case.objects.filter(person_id=person_id, unit_id__in=user_unit_ids(user=user)).exists()


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


def person_search(*, ctx: AccessContext, query: str) -> list[Person]:
    """Search the person register by personnummer or by name; each person shown is logged."""
    user = ctx.user
    query = (query or "").strip()
    if not user_is_staff_member(user=user) or len(query) < 2:
        return []
    number = normalise_query(query)
    if number:
        qs = Person.objects.filter(identity_number=number)
    elif any(ch.isdigit() for ch in query):
        digits = "".join(ch for ch in query if ch.isdigit())
        match = Q(identity_number__contains=digits)
        if len(digits) > 6:  # stored as YYYYMMDD-NNNN: put the separator back after YYMMDD or YYYYMMDD
            match |= Q(identity_number__contains=f"{digits[:6]}-{digits[6:]}")
            match |= Q(identity_number__contains=f"{digits[:8]}-{digits[8:]}")
        qs = Person.objects.filter(match)
    else:
        qs = Person.objects.all()
        for word in query.split():
            qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    people = list(qs.order_by("last_name", "first_name")[:SEARCH_LIMIT])
    AccessLog.objects.bulk_create(
        AccessLog(
            user_id=user.pk, username=user.get_username(), person_id=p.pk, object_type="person",
            object_id=str(p.pk), action=AccessAction.SEARCH, purpose=ctx.purpose, channel=ctx.channel,
            path=ctx.path[:300], protected_person=p.protected_identity,
        )
        for p in people
    )
    return people


def person_address(*, user, person: Person) -> str | None:
    """The address as the user may see it: never for a protected person without the explicit right."""
    if person.protected_identity and not user_can_see_protected_identity(user=user):
        return None
    parts = [person.street_address, f"{person.postal_code} {person.city}".strip()]
    return ", ".join(p for p in parts if p)


def person_as_dict(*, user, person: Person) -> dict:
    """The one place that shapes a person for output (API, exports): protected addresses masked."""
    address_visible = not person.protected_identity or user_can_see_protected_identity(user=user)
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
        .order_by("-created_at")
        .first()
    )
