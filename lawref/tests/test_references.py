"""lawref: one dated data set of legal references; citations for the screen and for letters."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from lawref import MissingReferenceError, load_references

REPO = Path(__file__).resolve().parents[2]


def test_lawref_imports_no_django():
    code = (
        "import sys; before = set(sys.modules); import lawref; lawref.load_references();"
        "print(','.join(sorted({m.split('.')[0] for m in set(sys.modules) - before}"
        " - set(sys.stdlib_module_names) - {'lawref'})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.strip() == ""


@pytest.mark.parametrize(
    ("key", "day", "citation", "letter", "confirmed"),
    [
        ("sol.reasonable_costs", date(2025, 6, 30), "SoL (2001:453) 4 kap. 3 §", "SoL (2001:453) 4 kap. 3 §", True),
        (
            "sol.reasonable_costs", date(2025, 7, 1),
            "SoL (2025:400), motsvarande bestämmelse (paragrafnummer obekräftat)", "socialtjänstlagen (2025:400)",
            False,
        ),
        # DOMAIN.md §5 confirms the new law's paragraph for the förhandsbedömning, and only that one.
        ("sol.preliminary_assessment", date(2025, 7, 1), "SoL (2025:400) 20 kap. 2 §", "SoL (2025:400) 20 kap. 2 §",
         True),
        ("fl.appeal_time", date(2026, 1, 1), "Förvaltningslagen (2017:900) 44 §", "Förvaltningslagen (2017:900) 44 §",
         True),
        # A paragraph recorded but unconfirmed: shown with its note on screen, never printed in a letter.
        (
            "sol.child_work_income", date(2025, 1, 1),
            "SoL (2001:453) 4 kap. 1 § (regeln om barns arbetsinkomst; stycke obekräftat)",
            "socialtjänstlagen (2001:453)", False,
        ),
    ],
)
def test_citations_by_date(key, day, citation, letter, confirmed):
    ref = load_references().get(key, day)
    assert (ref.citation, ref.letter_citation, ref.confirmed) == (citation, letter, confirmed)


def test_nothing_else_of_the_new_social_services_act_is_confirmed():
    new_sol = [r for r in load_references().all() if r.sfs == "2025:400"]
    assert new_sol
    assert [r.key for r in new_sol if r.confirmed] == ["sol.preliminary_assessment"]
    for ref in new_sol:
        if not ref.confirmed:
            assert ref.paragraph is None and ref.letter_citation == "socialtjänstlagen (2025:400)"


def test_every_version_has_law_text_and_source():
    for ref in load_references().all():
        assert ref.law and ref.sfs and ref.text and ref.source, ref.key


def test_a_correction_replaces_the_version_and_an_unknown_key_is_refused():
    refs = load_references()
    corrected = refs.with_corrections(
        [{"key": "sol.reasonable_costs", "valid_from": "2025-07-01", "chapter": "11", "paragraph": "7",
          "confirmed": True, "source": "SFS 2025:400 (riksdagen.se), kontrollerad av kommunjuristen"}]
    )
    ref = corrected.get("sol.reasonable_costs", date(2026, 1, 1))
    assert ref.corrected and ref.citation == "SoL (2025:400) 11 kap. 7 §" == ref.letter_citation
    # the shipped set is unchanged
    assert not refs.get("sol.reasonable_costs", date(2026, 1, 1)).confirmed
    with pytest.raises(MissingReferenceError):
        refs.get("no.such.key", date(2026, 1, 1))
    with pytest.raises(MissingReferenceError):
        refs.get("fl.appeal_time", date(2010, 1, 1))
