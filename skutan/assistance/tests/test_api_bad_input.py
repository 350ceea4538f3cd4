"""Amounts of 1e400 or NaN, as a JSON number or as a string, give a 400 naming the field and store nothing
(issue 7, defect 5)."""

import json

import pytest

from skutan.accounts.services import api_token_create
from skutan.assistance.models import Application, ApplicationCost

pytestmark = pytest.mark.django_db

BAD_AMOUNTS = ["1e400", "NaN", "-1e400", "Infinity", '"1e400"', '"NaN"', '"Infinity"', "1" + "0" * 5000]
IDS = ["1e400", "NaN", "-1e400", "Infinity", "str-1e400", "str-NaN", "str-Infinity", "5000-digit-int"]

CALCULATION = (
    '{"month": "2025-05", "members": [{"id": "a", "birth_date": "1986-02-11", "role": "adult"}], '
    '"costs": [{"type": "rent", "amount": AMOUNT}], "incomes": [], "consecutive_months_on_assistance": 2}'
)


def _post_raw(client, user, path, raw: str):
    key = api_token_create(user=user)[1]
    return client.post(f"/api/v1{path}", data=raw, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.mark.parametrize("amount", BAD_AMOUNTS, ids=IDS)
def test_a_bad_amount_in_a_calculation_is_a_400(client, staff, amount):
    response = _post_raw(client, staff["eb_worker"], "/assistance/calculations", CALCULATION.replace("AMOUNT", amount))
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["field"] in ("costs[0].amount", "request"), body
    assert body["detail"]


@pytest.mark.parametrize("amount", BAD_AMOUNTS, ids=IDS)
def test_a_bad_amount_in_an_application_is_a_400_and_nothing_is_stored(client, staff, family_case, amount):
    raw = json.dumps({"month": "2025-05", "costs": [{"type": "rent", "amount": 1}], "incomes": []})
    raw = raw.replace('"amount": 1', f'"amount": {amount}')
    response = _post_raw(client, staff["eb_worker"], f"/cases/{family_case.pk}/applications", raw)
    assert response.status_code == 400, response.content[:300]
    assert response.json()["field"] in ("costs.0.amount", "request", "body")
    assert not Application.objects.exists() and not ApplicationCost.objects.exists()
