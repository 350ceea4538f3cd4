"""The shared API input types (skutan/core/schema.py), and what schemathesis found with them."""

import pytest
from pydantic import TypeAdapter, ValidationError

from skutan.core.schema import Amount, Day, FreeText

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["2026-01-01"])
def test_a_day_is_iso(value):
    assert TypeAdapter(Day).validate_python(value).isoformat() == value


@pytest.mark.parametrize("value", [0, "0", "20260101", 1767225600, "2026-1-1"])
def test_a_day_is_nothing_else(value):
    with pytest.raises(ValidationError):
        TypeAdapter(Day).validate_python(value)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400", float("nan"), "100000000"])
def test_an_amount_is_finite_and_bounded(value):
    with pytest.raises(ValidationError):
        TypeAdapter(Amount).validate_python(value)


@pytest.mark.parametrize("value", ["a\x00b", "\ud800", "a\x07"])
def test_free_text_has_no_control_characters_or_lone_surrogates(value):
    with pytest.raises(ValidationError):
        TypeAdapter(FreeText).validate_python(value)
    assert TypeAdapter(FreeText).validate_python("Rad ett\nRad två\tmed tab") == "Rad ett\nRad två\tmed tab"


def test_a_number_as_a_date_in_the_access_log_query_is_a_400(api, staff):
    """Schemathesis (as the log reviewer) found ``until=0`` accepted as 1970-01-01."""
    response = api(staff["reviewer"]).get("/access-log?until=0")
    assert response.status_code == 400
    assert response.json()["field"] == "until"
