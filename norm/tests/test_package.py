"""norm is framework-free: importing all of it loads no Django and nothing outside the standard library
but its sibling lawref (the legal references, itself framework-free)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import sys
before = set(sys.modules)  # the interpreter's own start-up (site, editable-install finders)
import norm, norm.calculate, norm.cli, norm.legal, norm.model, norm.parse, norm.tables
norm.calculate(norm.parse_request({
    "month": "2021-05", "members": [{"id": "a", "birth_date": "1980-01-01", "role": "adult"}],
    "consecutive_months_on_assistance": 0}), norm.load_bundled_tables())
outside = sorted({name.split(".")[0] for name in set(sys.modules) - before}
                 - set(sys.stdlib_module_names) - {"norm", "lawref"})
print(",".join(outside))
"""


def test_norm_imports_no_django_and_only_the_standard_library():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
