"""Every write service that takes a case, or something of a case or a person, goes through the one write check.

A static scan of every ``skutan/<app>/services.py``: a public function with an ``actor`` and an argument naming
such an object must call ``case_write_check`` or ``person_write_check`` (directly, or through a function of the
same module that does). The few that do not are listed below with the rule they follow instead.
The behaviour itself is proven by skutan/core/tests/test_emergency_read_only.py.
"""

import ast
from pathlib import Path

SKUTAN = Path(__file__).resolve().parents[2]
CHECKS = {"case_write_check", "person_write_check", "person_register_check", "persons_may_change",
          "household_may_change"}
OBJECTS = {"case", "application", "entry", "report", "investigation", "intervention", "payment", "person",
           "household", "member", "account", "follow_up", "decision", "child"}
EXEMPT = {
    # asking for emergency access is the read-only grant itself; it writes only the grant and its log rows
    "cases.case_emergency_access",
    # a new report is registered by the children's staff of the receiving unit; there is no case to check yet
    "children.child_report_register",
    # the protected-identity marking needs accounts.view_protected_identity (docs/access-control.md)
    "people.person_protection_set",
    # reporting a deviation or a threat against staff about a case is not a write to the case: anyone who works
    # in the activity reports (the case link is checked to be one the reporter may see)
    "quality.deviation_report",
    "staff.threat_incident_record",
}


def _unchecked() -> list[str]:
    found = []
    for path in sorted(SKUTAN.glob("*/services.py")):
        app = path.parent.name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        funcs = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
        calls = {
            name: {
                c.func.id if isinstance(c.func, ast.Name) else c.func.attr
                for c in ast.walk(f) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name | ast.Attribute)
            }
            for name, f in funcs.items()
        }
        checked: set[str] = set()
        grew = True
        while grew:  # a function that calls a checking function of the same module is checked too
            grew = False
            for name, called in calls.items():
                if name not in checked and (called & CHECKS or called & checked):
                    checked.add(name)
                    grew = True
        for name, f in funcs.items():
            args = {a.arg for a in f.args.kwonlyargs}
            if name.startswith("_") or "actor" not in args or not args & OBJECTS:
                continue
            if name not in checked and f"{app}.{name}" not in EXEMPT:
                found.append(f"{app}/services.py::{name}")
    return found


def test_every_write_service_on_a_case_or_person_calls_the_write_check():
    assert not _unchecked(), (
        "These write services take a case or a person but never call case_write_check/person_write_check: "
        + ", ".join(_unchecked())
    )
