"""Emergency access (nödåtkomst) only ever reads: no write route of the API or the web lets it change anything.

The test enumerates every non-GET operation of the API (from the OpenAPI document) and every web URL pattern,
fills the path parameters with the ids of world.person's cases and of everything that belongs to them (the
factories of skutan/core/tests/test_access_logging.py::URL_KWARGS, so a new kwarg is covered there first),
and sends each one as a case worker of another unit who holds only emergency grants to those cases. Each must
be refused (403 or 404, 405 for a page that takes no POST) and no row of any table may change.

The API bodies are built from the operation's request schema, with plausible values, so that the request
passes validation and reaches the service: a 400/422 would prove nothing about the write check.
"""

import json
from datetime import date
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.test import Client

from skutan.accounts.models import ApiToken, Role, UnitKind, UserSession
from skutan.accounts.services import api_token_create, unit_create, user_create
from skutan.api import api
from skutan.audit.models import AccessLog
from skutan.cases.models import CaseAccessGrant
from skutan.cases.services import case_emergency_access
from skutan.core.tests.test_access_logging import (
    NON_PERSONAL_URL_KWARGS,
    URL_KWARGS,
    fill,
    route_kwargs,
    url_patterns,
    world,  # noqa: F401  (the fixture: world.person with an EB and a children's case, and all their objects)
)

REFUSED = {403, 404}
# Body fields that name an object of the world by another name.
ALIASES = {"corrects": "entry_id"}
# POSTs that only compute and store nothing (reading is what emergency access is for).
READS = {("post", "/api/v1/applications/{application_id}/calculate")}
# Tables a refused request may still write to: the access log records the refused reader's reads, and a
# token notes when it was last used.
# The reads themselves leave rows (the access log, a token's last use, the login session's "last seen");
# none of them is data about the person.
MAY_GROW = {AccessLog, ApiToken, UserSession}
# Asking for emergency access is what the intruder did; asking again is no write to a case.
EMERGENCY_REQUEST = "arenden/nodatkomst/"
# Web routes that are not about a case (logging in and out, the API, asking for emergency access).
WEB_SKIP = ("konto/logga-in/", "konto/logga-ut/", "konto/sessioner/", "api/", EMERGENCY_REQUEST)  # own sessions


def _api_operations() -> list[tuple[str, str, dict]]:
    """(method, path template, operation) for every non-GET operation of the API."""
    schema = api.get_openapi_schema()
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method.lower() not in {"get", "head", "options"}:
                found.append((method.lower(), path, operation))
    return sorted(found, key=lambda x: (x[1], x[0]))


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _example(schema: dict, components: dict, name: str, ids: dict):
    """A plausible value for a schema: ids of the world for id-like fields, valid dates, non-empty texts."""
    schema = _resolve(schema, components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if _resolve(s, components).get("type") != "null"]
            return _example(options[0], components, name, ids) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {k: _example(v, components, k, ids) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        return []
    if kind == "integer":
        name = ALIASES.get(name, name)
        return ids.get(name, ids.get(f"{name}_id", 1))
    if kind == "number":
        return 100
    if kind == "boolean":
        return True
    fmt = schema.get("format")
    if fmt == "date":
        return date(2025, 3, 1).isoformat()
    if fmt == "date-time":
        return "2025-03-03T10:00:00+01:00"
    if name == "month":
        return "2025-03"
    return ids.get(name, "Skäl som är tillräckligt utförligt")


def _body(operation: dict, components: dict, ids: dict, path: str):
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    body = _example(content["application/json"]["schema"], components, "", ids)
    if isinstance(body, dict) and path == "/api/v1/cases/{case_id}/close":
        # Two apps name their schema "CloseIn" and the document keeps only one of them.
        body.setdefault("version", 1)
    return body


def _snapshot() -> dict:
    """Every row of every table (but those that may grow), as comparable values."""
    out = {}
    for model in apps.get_models():
        if model in MAY_GROW or model._meta.app_label in {"sessions", "admin", "contenttypes"}:
            continue
        out[model._meta.label] = sorted(map(repr, model.objects.order_by("pk").values_list()))
    return out


def _changed(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


@pytest.fixture
def intruder_world(world):  # noqa: F811  (the fixture imported above)
    """Every object about world.person exists; a case worker of a third unit holds emergency grants to
    world.person's cases (and nothing else)."""
    known = URL_KWARGS | NON_PERSONAL_URL_KWARGS
    ids = {name: factory(world) for name, factory in known.items()}
    ids.update(person=world.person.pk, case=world.eb_case.pk, unit=world.units["eb"].pk, user=world.user.pk)
    adults = unit_create(name="Vuxen", kind=UnitKind.ADULTS)
    intruder = user_create(
        username="vuxen.handlaggare", password=None, first_name="Vera", last_name="Vux",
        memberships=[(adults, Role.CASEWORKER), (adults, Role.UNIT_MANAGER)],
    )
    from skutan.conftest import emergency_right

    for unit in (world.units["eb"], world.units["bou"]):  # nödåtkomst is a special right per unit
        emergency_right(intruder, unit)
    grants = case_emergency_access(actor=intruder, person=world.person, reason="Akut oro, behöver se ärendena nu")
    assert {g.case_id for g in grants} == {world.eb_case.pk, world.bou_case.pk}
    assert not CaseAccessGrant.objects.filter(user=intruder, emergency=False).exists()
    return world, intruder, ids


def test_the_enumeration_reaches_the_write_routes_of_every_app():
    operations = {(m, p) for m, p, _ in _api_operations()}
    for expected in [
        ("post", "/api/v1/applications/{application_id}/renew"),
        ("post", "/api/v1/cases/{case_id}/applications"),
        ("patch", "/api/v1/applications/{application_id}"),
        ("patch", "/api/v1/persons/{person_id}"),
        ("post", "/api/v1/cases/{case_id}/journal-entries"),
    ]:
        assert expected in operations, expected
    assert len(operations) > 20


@pytest.mark.parametrize(
    "method,path", [(m, p) for m, p, _ in _api_operations() if "{" in p], ids=lambda v: v
)
def test_emergency_access_never_writes_through_the_api(intruder_world, method, path):
    _, intruder, ids = intruder_world
    operation = next(op for m, p, op in _api_operations() if (m, p) == (method, path))
    components = api.get_openapi_schema()["components"].get("schemas", {})
    query = {
        p["name"]: _example(p.get("schema", {}), components, p["name"], ids)
        for p in operation.get("parameters", []) if p.get("in") == "query"
    }
    url = path.format(**ids) + ("?" + urlencode(query) if query else "")
    body = _body(operation, components, ids, path)
    key = api_token_create(user=intruder)[1]
    before = _snapshot()
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    response = getattr(Client(), method)(url, **kwargs)
    after = _snapshot()
    assert not _changed(before, after), f"{method.upper()} {url} changed {_changed(before, after)}"
    if (method, path) in READS:
        return
    assert response.status_code in REFUSED, (
        f"{method.upper()} {url} with {body} answered {response.status_code}: {response.content[:300]!r}"
    )


def _web_routes() -> list[str]:
    return [route for route, _ in url_patterns() if route_kwargs(route) and not route.startswith(WEB_SKIP)]


@pytest.mark.parametrize("route", _web_routes())
def test_emergency_access_never_writes_through_the_web(intruder_world, route):
    _, intruder, ids = intruder_world
    url = fill(route, ids)
    client = Client()
    client.force_login(intruder)
    # A form post with fields the views commonly read. A web view answers a refusal with a message on the page
    # or a redirect, or a form error first, so here the proof is that nothing changed (the API test above
    # proves the refusal itself, with bodies that pass validation).
    data = {"version": 1, "text": "Försök", "reason": "Skäl som är tillräckligt utförligt", "first_name": "X",
            "last_name": "Y", "status": "sent", "outcome": "granted", "notes": "Försök", "amount": "100"}
    before = _snapshot()
    response = client.post(url, data)
    after = _snapshot()
    assert not _changed(before, after), f"POST {url} changed {_changed(before, after)}"
    assert response.status_code < 500, f"POST {url} answered {response.status_code}"
