"""The command line: JSON in, JSON out, exit 2 with a JSON error for anything it refuses."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from norm.cli import main

from .helpers import adult, contract, household

REPO = Path(__file__).resolve().parents[2]


def _run(text: str, tables=None) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(io.StringIO(text), stdout, stderr, tables=tables)
    return code, stdout.getvalue(), stderr.getvalue()


def test_result_on_stdout_exit_0():
    code, out, err = _run(json.dumps(contract(consecutive_months_on_assistance=6)))
    assert (code, err) == (0, "")
    result = json.loads(out)
    # 17940 − (12000 + 1250 − 3000) = 7690, see test_calculate
    assert (result["need"], result["income_total"], result["assistance"]) == (17940, 10250, 7690)


def test_amounts_with_ore_stay_exact():
    # 4180 − 3679.50 = 500.50 → 501
    code, out, _ = _run(
        '{"month": "2021-05", "members": [{"id": "a", "birth_date": "1980-01-01", '
        '"role": "adult"}], "incomes": [{"type": "pension", "amount": 3679.50}], '
        '"consecutive_months_on_assistance": 0}'
    )
    assert code == 0
    result = json.loads(out)
    assert result["assistance"] == 501
    assert result["lines"][-1]["amount"] == -3679.5


@pytest.mark.parametrize(
    ("text", "field", "fragment"),
    [
        ("{not json", "request", "Ogiltig JSON"),
        ("[]", "request", "JSON-objekt"),
        (json.dumps(contract(month="2021-13")), "month", "Ogiltig månad"),
        (json.dumps(household("2020-05", [adult()])), "month", "Riksnorm saknas för maj 2020"),
    ],
)
def test_refusals_exit_2_with_json_error(text, field, fragment):
    code, out, err = _run(text)
    assert (code, out) == (2, "")
    error = json.loads(err)
    assert error["field"] == field and fragment in error["error"]


def test_missing_amount_exit_2_names_it():
    # child born 2010-03-03 is 16 on 2026-05-01; child_15_18 is — in 2026
    data = household("2026-05", [adult(), {"id": "c", "birth_date": "2010-03-03", "role": "child"}])
    code, out, err = _run(json.dumps(data))
    assert (code, out) == (2, "")
    assert json.loads(err) == {
        "error": "Riksnormen 2026 saknar belopp för barn 15–18 år — beräkningen kan inte göras",
        "field": None,
        "amount": "child_15_18",
    }


def test_tables_argument_is_used():
    code, _, err = _run(json.dumps(contract()), tables=[])
    assert code == 2 and "Riksnorm saknas för maj 2021" in json.loads(err)["error"]


def test_python_dash_m_norm():
    done = subprocess.run(
        [sys.executable, "-m", "norm"],
        input=json.dumps(contract()),
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["assistance"] == 4690  # 17940 − 13250
    bad = subprocess.run(
        [sys.executable, "-m", "norm"], input="[]", capture_output=True, text=True, cwd=REPO, check=False
    )
    assert bad.returncode == 2 and json.loads(bad.stderr)["field"] == "request"
