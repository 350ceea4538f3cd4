"""Mark the user-facing Swedish strings of Skutan's Python modules for translation (a helper for i18n work;
see docs/i18n.md): ``python scripts/i18n_tag_python.py [files…]``.

Wraps plain string literals (not f-strings) in the places users read them:
form and model ``label``/``help_text``/``verbose_name``/``empty_label``/``error_messages``, the labels of
``TextChoices`` and of ``choices=[…]`` lists, ``messages.success/error/info/warning(request, …)``, and the first
argument of the user-facing errors (ApplicationError, AccessDeniedError, NotFoundError, ConflictError,
ValidationError) and of ``add_error``. Inside a function the call is ``gettext``; at import time (class bodies,
module constants) ``gettext_lazy``. Letters, PDFs, the demo, migrations, tests and CLI commands are left alone.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = re.compile(r"/(tests|migrations|management|demo)/|/demo\.py$|/letters[^/]*\.py$|pdf[^/]*\.py$|/settings/|conftest")
KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}
ERRORS = {"ApplicationError", "AccessDeniedError", "NotFoundError", "ConflictError", "ValidationError",
          "UserFacingHttp404", "UserFacingPermissionDenied", "PermissionDenied"}
LETTER = re.compile(r"[A-Za-zÅÄÖåäö]")


def _name(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


class Finder(ast.NodeVisitor):
    def __init__(self):
        self.targets: list[tuple[ast.Constant, bool]] = []  # (string node, lazy)
        self.depth = 0

    def _add(self, node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and LETTER.search(node.value):
            self.targets.append((node, self.depth == 0))

    def visit_FunctionDef(self, node):
        for d in node.decorator_list:
            self.visit(d)
        self.depth += 1
        for stmt in node.body:
            self.visit(stmt)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    def visit_ClassDef(self, node):
        choices = any(_name(b) in ("TextChoices", "IntegerChoices", "Choices") for b in node.bases)
        for stmt in node.body:
            if choices and isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Tuple) and len(stmt.value.elts) == 2:
                self._add(stmt.value.elts[1])
        self.generic_visit(node)

    def _choices(self, value):
        if isinstance(value, (ast.List, ast.Tuple)):
            for elt in value.elts:
                if isinstance(elt, ast.Tuple) and len(elt.elts) == 2:
                    self._add(elt.elts[1])

    def visit_Assign(self, node):
        if any(isinstance(t, ast.Name) and t.id.endswith(("_CHOICES", "_KINDS")) for t in node.targets):
            self._choices(node.value)
        self.generic_visit(node)

    def visit_Call(self, node):
        func = _name(node.func)
        for kw in node.keywords:
            if kw.arg in KEYWORDS:
                self._add(kw.value)
            elif kw.arg == "choices":
                self._choices(kw.value)
            elif kw.arg == "error_messages" and isinstance(kw.value, ast.Dict):
                for v in kw.value.values:
                    self._add(v)
            elif kw.arg == "message" and func in ERRORS:
                self._add(kw.value)
        if isinstance(node.func, ast.Attribute) and _name(node.func.value) == "messages" and func in (
                "success", "error", "info", "warning", "debug") and len(node.args) >= 2:
            self._add(node.args[1])
        if func in ERRORS | {"NavItem", "HomePanel"} and node.args:
            self._add(node.args[0])
        if func == "add_error" and len(node.args) >= 2:
            self._add(node.args[1])
        self.generic_visit(node)


def tag_file(path: Path) -> bool:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    finder = Finder()
    finder.visit(tree)
    if not finder.targets:
        return False
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line.encode("utf-8")))
    data = source.encode("utf-8")
    edits = []
    seen = set()
    for node, lazy in finder.targets:
        start = offsets[node.lineno - 1] + node.col_offset
        end = offsets[node.end_lineno - 1] + node.end_col_offset
        if start in seen:
            continue
        seen.add(start)
        edits.append((start, end, "gettext_lazy" if lazy else "gettext"))
    used = {fn for _, _, fn in edits}
    for start, end, fn in sorted(edits, reverse=True):
        data = data[:start] + f"{fn}(".encode() + data[start:end] + b")" + data[end:]
    text = data.decode("utf-8")
    have = re.search(r"^from django\.utils\.translation import (.+)$", text, re.M)
    names = sorted(used | (set(n.strip() for n in have.group(1).split(",")) if have else set()))
    line = "from django.utils.translation import " + ", ".join(names)
    if have:
        text = text[:have.start()] + line + text[have.end():]
    else:
        # after the docstring and the __future__ import, before the first other import
        m = re.search(r"^(from (?!__future__)\S+ import|import )", text, re.M)
        pos = m.start() if m else 0
        text = text[:pos] + line + "\n" + text[pos:]
    path.write_text(text, encoding="utf-8")
    return True


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "skutan").rglob("*.py"))
    for path in paths:
        if SKIP.search(str(path)):
            continue
        source = path.read_text(encoding="utf-8")
        if "gettext(" in source and "# i18n: tagged" in source:
            continue
        if tag_file(path):
            print("tagged:", path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
