from datetime import date

from django.utils.translation import gettext
from ninja import Router, Schema, Status

from skutan.audit.context import AccessContext
from skutan.core.apierrors import Error
from skutan.core.errors import ApplicationError, NotFoundError
from skutan.core.schema import Day, FreeText
from skutan.people import selectors, services
from skutan.people.extensions import person_detail_extras
from skutan.people.identity import IdentityKind

router = Router(tags=["Personer"])


class PersonIn(Schema):
    personal_identity_number: FreeText
    first_name: FreeText
    last_name: FreeText
    identity_kind: FreeText = IdentityKind.PERSONNUMMER
    street_address: FreeText = ""
    postal_code: FreeText = ""
    city: FreeText = ""
    protection: FreeText = ""


class PersonPatch(Schema):
    version: int
    first_name: FreeText | None = None
    last_name: FreeText | None = None
    street_address: FreeText | None = None
    postal_code: FreeText | None = None
    city: FreeText | None = None
    phone: FreeText | None = None


class SafetyMarkerSummary(Schema):
    kind: str
    reason: str
    review_on: date


class PersonOut(Schema):
    id: int
    personal_identity_number: str
    identity_kind: str
    first_name: str
    last_name: str
    birth_date: str | None
    protected_identity: bool
    street_address: str | None
    postal_code: str | None
    city: str | None
    version: int
    safety_markers: list[SafetyMarkerSummary] = []  # filled on GET /persons/{id} (skutan/staff)


def _ctx(request, purpose="Handläggning via API"):
    return AccessContext.from_request(request, purpose=purpose, channel="api")


@router.post("/persons", response={201: PersonOut, 400: Error, 409: Error})
def person_create(request, payload: PersonIn):
    person = services.person_create(
        actor=request.user, identity_number=payload.personal_identity_number, first_name=payload.first_name,
        last_name=payload.last_name, identity_kind=payload.identity_kind, street_address=payload.street_address,
        postal_code=payload.postal_code, city=payload.city, protection=payload.protection,
    )
    return Status(201, selectors.person_as_dict(user=request.user, person=person))


@router.get("/persons", response=list[PersonOut])
def person_search(request, q: FreeText):
    people = selectors.person_search(ctx=_ctx(request, "Sökning via API"), query=q)
    return [selectors.person_as_dict(user=request.user, person=p) for p in people]


@router.get("/persons/{person_id}", response={200: PersonOut, 404: Error})
def person_detail(request, person_id: int):
    person = selectors.person_get_for_user(ctx=_ctx(request), person_id=person_id)
    return selectors.person_as_dict(user=request.user, person=person) | person_detail_extras(
        user=request.user, person=person)


@router.patch("/persons/{person_id}", response={200: PersonOut, 400: Error, 403: Error, 404: Error, 409: Error})
def person_update(request, person_id: int, payload: PersonPatch):
    person = selectors.person_get_for_user(ctx=_ctx(request, "Ändring via API"), person_id=person_id)
    # null means "no change": the columns are NOT NULL and the names are required
    changes = payload.dict(exclude_unset=True, exclude_none=True, exclude={"version"})
    person = services.person_update(actor=request.user, person=person, expected_version=payload.version, **changes)
    return selectors.person_as_dict(user=request.user, person=person)


# -- households ----------------------------------------------------------------------------------------------


class HouseholdMemberIn(Schema):
    person: int
    role: FreeText  # "adult" or "child"
    lunch_at_home: bool = True  # children 0–6: lunch at home, or at förskola (lower riksnorm amount)


class HouseholdIn(Schema):
    members: list[HouseholdMemberIn]
    cohabiting: bool = False
    since: Day


class HouseholdMemberAddIn(HouseholdMemberIn):
    since: Day


class HouseholdMemberEndIn(Schema):
    left_on: Day


class HouseholdPatch(Schema):
    version: int
    cohabiting: bool


class HouseholdMemberOut(Schema):
    id: int
    person: PersonOut
    role: str
    lunch_at_home: bool | None
    joined_on: date
    left_on: date | None


class HouseholdOut(Schema):
    id: int
    cohabiting: bool
    version: int
    addresses_hidden: bool
    members: list[HouseholdMemberOut]


def _member_person(request, person_id: int, *, field: str, row: str = ""):
    """A person named in the body, read through the authorizing selector; unknown is bad input (400)."""
    try:
        return selectors.person_get_for_user(ctx=_ctx(request, "Hushåll via API"), person_id=person_id)
    except NotFoundError:
        raise ApplicationError(row + gettext("Personen %(person_id)s finns inte.") % {"person_id": person_id},
                               field=field) from None


def _household_out(request, household_id: int) -> dict:
    household = selectors.household_get_for_user(ctx=_ctx(request, "Hushåll via API"), household_id=household_id)
    return selectors.household_as_dict(user=request.user, household=household)


@router.get("/persons/{person_id}/household", response={200: HouseholdOut, 404: Error})
def person_household(request, person_id: int):
    """The person's current household with every member (current and former)."""
    person = selectors.person_get_for_user(ctx=_ctx(request, "Hushåll via API"), person_id=person_id)
    household = selectors.household_current_for_user(ctx=_ctx(request, "Hushåll via API"), person=person)
    if household is None:
        raise NotFoundError(gettext("Personen ingår inte i något hushåll."))
    return selectors.household_as_dict(user=request.user, household=household)


@router.post("/households", response={201: HouseholdOut, 400: Error, 403: Error, 409: Error})
def household_create(request, payload: HouseholdIn):
    members = [
        (_member_person(request, m.person, field=f"members[{i}].person", row=gettext(
            "Hushållsmedlem %(i)s: "
        ) % {"i": i + 1}),
         m.role, m.lunch_at_home)
        for i, m in enumerate(payload.members)
    ]
    household = services.household_create(
        actor=request.user, members=members, cohabiting=payload.cohabiting, since=payload.since
    )
    return Status(201, _household_out(request, household.pk))


@router.get("/households/{household_id}", response={200: HouseholdOut, 404: Error})
def household_detail(request, household_id: int):
    return _household_out(request, household_id)


@router.patch(
    "/households/{household_id}", response={200: HouseholdOut, 400: Error, 403: Error, 404: Error, 409: Error}
)
def household_update(request, household_id: int, payload: HouseholdPatch):
    """Mark the adults as sambor/makar or not. ``version`` is the household's version as read (409 if stale)."""
    household = selectors.household_get_for_user(ctx=_ctx(request, "Ändring via API"), household_id=household_id)
    services.household_cohabiting_set(
        actor=request.user, household=household, cohabiting=payload.cohabiting, expected_version=payload.version
    )
    return _household_out(request, household_id)


@router.post(
    "/households/{household_id}/members",
    response={201: HouseholdOut, 400: Error, 403: Error, 404: Error, 409: Error},
)
def household_member_add(request, household_id: int, payload: HouseholdMemberAddIn):
    household = selectors.household_get_for_user(ctx=_ctx(request, "Ändring via API"), household_id=household_id)
    person = _member_person(request, payload.person, field="person")
    services.household_member_add(
        actor=request.user, household=household, person=person, role=payload.role, since=payload.since,
        lunch_at_home=payload.lunch_at_home,
    )
    return Status(201, _household_out(request, household_id))


@router.post(
    "/households/{household_id}/members/{member_id}/end",
    response={200: HouseholdOut, 400: Error, 403: Error, 404: Error, 409: Error},
)
def household_member_end(request, household_id: int, member_id: int, payload: HouseholdMemberEndIn):
    """End a membership: ``left_on`` is the day the person left the household."""
    member = selectors.household_member_get_for_user(
        ctx=_ctx(request, "Ändring via API"), household_id=household_id, member_id=member_id
    )
    services.household_member_remove(actor=request.user, member=member, on=payload.left_on)
    return _household_out(request, household_id)
