"""Every assistance URL that names personal data logs the read (the project-wide walk in
skutan/core/tests/test_access_logging.py, restricted to this app's web and API routes)."""

import pytest
from django.test import Client

from skutan.accounts.services import api_token_create
from skutan.audit.models import AccessLog
from skutan.core.tests.test_access_logging import (  # noqa: F401
    NON_PERSONAL_URL_KWARGS,
    URL_KWARGS,
    fill,
    route_kwargs,
    url_patterns,
    world,
)

pytestmark = pytest.mark.django_db

PREFIXES = ("bistand/", "api/v1/applications", "api/v1/decisions", "api/v1/cases/<case_id>/applications",
            "api/v1/one-off-decisions", "api/v1/appeals", "api/v1/claims", "api/v1/cases/<case_id>/one-off-decisions",
            "api/v1/cases/<case_id>/claims")


def test_the_assistance_kwargs_are_registered():
    routes = [r for r, _ in url_patterns() if r.startswith(PREFIXES)]
    names = {name for r in routes for name in route_kwargs(r)}
    assert names == {"case_id", "application_id", "decision_id", "one_off_id", "revision_id", "appeal_id",
                     "claim_id", "kind", "step", "register_export_id"}
    assert names <= set(URL_KWARGS) | set(NON_PERSONAL_URL_KWARGS)


def test_every_assistance_get_writes_an_access_log_row(world):  # noqa: F811
    client = Client()
    client.force_login(world.user)
    key = api_token_create(user=world.user)[1]
    checked, problems = [], []
    for route, _ in url_patterns():
        if not route.startswith(PREFIXES) or not route_kwargs(route):
            continue
        if set(route_kwargs(route)) & set(NON_PERSONAL_URL_KWARGS):  # a finished export's file: logged when made
            continue
        known = URL_KWARGS | NON_PERSONAL_URL_KWARGS
        url = fill(route, {name: known[name](world) for name in route_kwargs(route)})
        before = AccessLog.objects.count()
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if route.startswith("api/") else {}
        response = client.get(url, **headers)
        if response.status_code == 405:
            continue
        if response.status_code >= 400:
            problems.append(f"GET {url}: {response.status_code}")
            continue
        rows = AccessLog.objects.order_by("id")[before:]
        if not any(r.person_id == world.person.pk for r in rows):
            problems.append(f"GET {url} wrote no access-log row about the person")
        checked.append(route)
    assert not problems, problems
    for expected in ("bistand/ansokan/<int:application_id>/", "bistand/beslut/<int:decision_id>/brev.pdf",
                     "api/v1/applications/<application_id>", "api/v1/decisions/<decision_id>/letter.pdf"):
        assert expected in checked, expected
