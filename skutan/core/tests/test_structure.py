"""The structure that keeps the guarantees easy to keep (STYLE.md), checked on every run.

- Views, API modules and forms never query the ORM: every read goes through a selector (authorizing and
  access-logged for personal data), every write through a service.
- The apps are layered one way (docs/architecture.md): import-linter's contract in pyproject.toml.
"""

import ast
import subprocess
import sys
from pathlib import Path

SKUTAN = Path(__file__).resolve().parents[2]
REPO = SKUTAN.parent


def _request_modules() -> list[Path]:
    return sorted(
        p for p in SKUTAN.rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts
        and (p.name in {"api.py", "forms.py"} or (p.name.startswith("views") and p.suffix == ".py"))
    )


def _objects_uses(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "objects"]


def test_the_scan_finds_the_modules_and_an_orm_query(tmp_path):
    names = {str(p.relative_to(SKUTAN)) for p in _request_modules()}
    assert {"cases/views.py", "cases/api.py", "accounts/forms.py", "assistance/views_simulation.py"} <= names
    sample = tmp_path / "views.py"
    sample.write_text("def view(request):\n    return Case.objects.get(pk=1)\n", encoding="utf-8")
    assert _objects_uses(sample) == [2]


def test_views_api_and_forms_never_use_the_orm():
    offenders = [
        f"{p.relative_to(REPO)}:{line}" for p in _request_modules() for line in _objects_uses(p)
    ]
    assert not offenders, (
        "Use a selector (reads) or a service (writes) instead of .objects in views, API modules and forms: "
        + ", ".join(offenders)
    )


def test_apps_are_layered_one_way():
    """A lower layer never imports a higher one (import-linter, contract in pyproject.toml)."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--config", str(REPO / "pyproject.toml"), "--no-cache"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
