"""Schemathesis over /api/v1/openapi.json, in-process through the WSGI application (issue 7, defect 5).

Every operation of the API gets a fixed number of generated requests (deterministic: the same requests on
every run), sent with the bearer key of a caseworker who has a case, a journal, an application and a
decision, so that ids in the generated paths sometimes hit real rows. Every check of schemathesis runs: no
5xx, statuses, content types and bodies as the schema declares, rejection of data the schema forbids and
acceptance of data it allows (a business rule that refuses schema-valid data answers 400, 403, 404 or
409, which the schema declares). The run is bounded: ``MAX_EXAMPLES`` per operation.
"""

from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from skutan.accounts.services import api_token_create

MAX_EXAMPLES = 15

pytestmark = pytest.mark.django_db


@pytest.fixture
def fuzz_headers(staff, eb_case, person):
    from skutan.assistance.services import application_create
    from skutan.cases.services import journal_entry_create, journal_entry_sign

    worker = staff["eb_worker"]
    entry = journal_entry_create(actor=worker, case=eb_case, text="Besök på kontoret.")
    journal_entry_sign(actor=worker, entry=entry)
    journal_entry_create(actor=worker, case=eb_case, text="Utkast.")
    application_create(actor=worker, case=eb_case, month=date(2025, 5, 1))
    return {"Authorization": f"Bearer {api_token_create(user=worker)[1]}"}


@pytest.fixture
def connection_kept_open(db):
    """As Django's own test client does, the connection stays open across requests: it holds the test's
    transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


CONFIG = schemathesis.config.SchemathesisConfig.from_dict({
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "mode": "all"},
    "checks": {
        # A business rule may refuse schema-valid data (an unknown person, a month already decided): those
        # answers are declared in each operation's responses.
        "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409"]},
    },
})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=CONFIG)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_its_schema_says(case, fuzz_headers, connection_kept_open):
    case.call_and_validate(headers=fuzz_headers)
