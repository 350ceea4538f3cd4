"""``skutan norm calculate``: JSON on stdin, JSON on stdout; exit status 2 with a Swedish message on stderr."""

import io
import json

import pytest
from django.core.management import call_command

from skutan.assistance.models import NormAmountOverride

pytestmark = pytest.mark.django_db

REQUEST = {
    "month": "2025-05",
    "members": [{"id": "a", "birth_date": "1986-02-11", "role": "adult"}],
    "costs": [{"type": "rent", "amount": 6000}],
    "consecutive_months_on_assistance": 0,
}


def run(monkeypatch, data) -> tuple[int, str, str]:
    text = data if isinstance(data, str) else json.dumps(data)
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("norm", "calculate", stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_calculate_writes_the_result(monkeypatch):
    code, out, err = run(monkeypatch, REQUEST)
    assert code == 0 and err == ""
    result = json.loads(out)
    assert result["norm_total"] == 3910 + 1270 and result["assistance"] == 3910 + 1270 + 6000


def test_calculate_uses_the_database_tables(monkeypatch):
    NormAmountOverride.objects.create(year=2025, key="common_1", amount=1300, mark="⚠", source="")
    code, out, _ = run(monkeypatch, REQUEST)
    result = json.loads(out)
    assert code == 0 and result["norm_total"] == 3910 + 1300
    assert result["unconfirmed_amounts"] and result["lines"][1]["mark"] == "⚠"


@pytest.mark.parametrize(
    "data, field, words",
    [
        ({**REQUEST, "costs": [{"type": "yacht", "amount": 1}]}, "costs[0].type", "Okänd kostnadstyp"),
        ({**REQUEST, "costs": [{"type": "rent", "amount": -1}]}, "costs[0].amount", "negativt"),
        ({**REQUEST, "members": [{"id": "a", "birth_date": "1986-02-30", "role": "adult"}]},
         "members[0].birth_date", "Ogiltigt datum"),
        ({**REQUEST, "month": "2020-05"}, "month", "Riksnorm saknas för maj 2020"),
        ("{inte json", "request", "Ogiltig JSON"),
    ],
)
def test_bad_input_exits_2_with_a_swedish_message(monkeypatch, data, field, words):
    code, out, err = run(monkeypatch, data)
    assert code == 2 and out == ""
    error = json.loads(err)
    assert error["field"] == field and words in error["error"]


def test_tables_lists_the_merged_tables():
    NormAmountOverride.objects.create(year=2026, key="child_15_18", amount=4950, mark="✔", source="SFS 2025:1")
    out = io.StringIO()
    call_command("norm", "tables", "--year", "2026", stdout=out)
    tables = json.loads(out.getvalue())
    assert [t["year"] for t in tables] == [2026]
    assert tables[0]["amounts"]["child_15_18"] == {"amount": 4950, "mark": "✔", "source": "SFS 2025:1", "confirmed": True}
    assert tables[0]["amounts"]["child_lunch_0"]["amount"] is None
