"""POST/GET /api/v1/deviations, POST …/lex-sarah, GET /api/v1/statistics/deviations (issue 13 part 6)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from skutan.quality.models import Deviation, LexSarahMatter

pytestmark = pytest.mark.django_db


def _body(units, **overrides):
    body = {"occurred_on": str(timezone.localdate()), "unit": units["eb"].pk, "category": "documentation",
            "description": "Anteckningen försvann när jag sparade.", "case": None, "immediate_action": "Skrev om"}
    body.update(overrides)
    return body


def test_post_answers_201_with_id_and_status(api, staff, units, eb_case, categories):
    response = api(staff["eb_worker"]).post("/deviations", _body(units, case=eb_case.pk))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "reported" and Deviation.objects.get(pk=data["id"]).case == eb_case
    assert data["reported_by"] is None  # the reporter is not echoed back to non-quality users


@pytest.mark.parametrize(("overrides", "field"), [
    ({"occurred_on": "tomorrow"}, "occurred_on"),  # computed in the test: collection may be on another day
    ({"category": "unknown"}, "category"),
    ({"description": ""}, "description"),
    ({"unit": 999999}, "unit"),
])
def test_bad_input_is_400_naming_the_field(api, staff, units, categories, overrides, field):
    if overrides.get("occurred_on") == "tomorrow":
        overrides = {"occurred_on": str(timezone.localdate() + timedelta(days=1))}
    response = api(staff["eb_worker"]).post("/deviations", _body(units, **overrides))
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not Deviation.objects.exists()


def test_linking_a_case_outside_ones_units_is_404(api, staff, units, bou_case, categories):
    response = api(staff["eb_worker"]).post("/deviations", _body(units, case=bou_case.pk))
    assert response.status_code == 404 and not Deviation.objects.exists()


def test_get_is_for_reporter_manager_and_quality_role_and_404_for_others(api, deviation, staff, officer):
    for user in (staff["eb_worker"], staff["eb_manager"], officer):
        assert api(user).get(f"/deviations/{deviation.pk}").status_code == 200
    for user in (staff["eb_worker2"], staff["bou_worker"]):
        assert api(user).get(f"/deviations/{deviation.pk}").status_code == 404
    assert api(officer).get(f"/deviations/{deviation.pk}").json()["reported_by"] == staff["eb_worker"].pk
    assert api(staff["eb_manager"]).get(f"/deviations/{deviation.pk}").json()["reported_by"] is None


def test_lex_sarah_by_the_quality_role(api, deviation, staff, officer):
    assert api(staff["eb_manager"]).post(f"/deviations/{deviation.pk}/lex-sarah",
                                         {"assessment": "Allvarligt"}).status_code == 403
    response = api(officer).post(f"/deviations/{deviation.pk}/lex-sarah", {"assessment": "Påtaglig risk"})
    assert response.status_code == 201
    assert LexSarahMatter.objects.get(pk=response.json()["id"]).deviation == deviation
    assert api(officer).post(f"/deviations/{deviation.pk}/lex-sarah", {"assessment": "Igen"}).status_code == 409



def test_lex_sarah_needs_an_assessment(api, deviation, officer):
    response = api(officer).post(f"/deviations/{deviation.pk}/lex-sarah", {"assessment": " "})
    assert response.status_code == 400 and response.json()["field"] == "assessment"
    assert not LexSarahMatter.objects.exists()


def test_openapi_lists_the_category_codes(client):
    schema = client.get("/api/v1/openapi.json").json()
    text = str(schema["components"]["schemas"]["DeviationIn"])
    for code in ("documentation", "case_handling", "confidentiality", "conduct", "threat_violence", "it_fault",
                 "deadline_missed", "other"):
        assert code in text


@pytest.mark.parametrize(("query", "field"), [
    ("from=2026-13&to=2026-12", "from"), ("from=2026-05&to=2026-01", "from"), ("from=2016-01&to=2026-01", "to"),
    ("from=2026-01&to=x", "to"),
])
def test_statistics_bad_parameters_are_400(api, officer, query, field):
    response = api(officer).get(f"/statistics/deviations?{query}")
    assert response.status_code == 400 and response.json()["field"] == field


def test_statistics_are_not_for_caseworkers(api, staff):
    assert api(staff["eb_worker"]).get("/statistics/deviations?from=2026-01&to=2026-02").status_code == 403
