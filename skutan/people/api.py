from ninja import Router, Schema, Status

from skutan.audit.context import AccessContext
from skutan.people import selectors, services
from skutan.people.identity import IdentityKind

router = Router(tags=["Personer"])


class PersonIn(Schema):
    personal_identity_number: str
    first_name: str
    last_name: str
    identity_kind: str = IdentityKind.PERSONNUMMER
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    protection: str = ""


class PersonPatch(Schema):
    version: int
    first_name: str | None = None
    last_name: str | None = None
    street_address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    phone: str | None = None


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


class Error(Schema):
    detail: str
    field: str | None = None


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
def person_search(request, q: str):
    people = selectors.person_search(ctx=_ctx(request, "Sökning via API"), query=q)
    return [selectors.person_as_dict(user=request.user, person=p) for p in people]


@router.get("/persons/{person_id}", response={200: PersonOut, 404: Error})
def person_detail(request, person_id: int):
    person = selectors.person_get_for_user(ctx=_ctx(request), person_id=person_id)
    return selectors.person_as_dict(user=request.user, person=person)


@router.patch("/persons/{person_id}", response={200: PersonOut, 400: Error, 403: Error, 404: Error, 409: Error})
def person_update(request, person_id: int, payload: PersonPatch):
    person = selectors.person_get_for_user(ctx=_ctx(request, "Ändring via API"), person_id=person_id)
    # null means "no change": the columns are NOT NULL and the names are required
    changes = payload.dict(exclude_unset=True, exclude_none=True, exclude={"version"})
    person = services.person_update(actor=request.user, person=person, expected_version=payload.version, **changes)
    return selectors.person_as_dict(user=request.user, person=person)
