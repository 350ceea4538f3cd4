"""Apps add demo data through ``generate(ctx)``; a missing module is skipped, a broken one is not."""

import sys
import types

import pytest

from skutan.demo.generator import run_extensions


class FakeContext:
    def __init__(self):
        self.said = []

    def say(self, message):
        self.said.append(message)


@pytest.fixture
def module(monkeypatch):
    """Install a module under a dotted name whose generate() records the context it got."""

    def install(name, generate):
        mod = types.ModuleType(name)
        mod.generate = generate
        monkeypatch.setitem(sys.modules, name, mod)
        return mod

    return install


def test_each_importable_module_gets_the_context_in_order(module):
    calls = []
    module("demo_ext_first", lambda ctx: calls.append(("first", ctx)))
    module("demo_ext_second", lambda ctx: calls.append(("second", ctx)))
    ctx = FakeContext()
    ran = run_extensions(ctx, ["demo_ext_first", "skutan.no_such_app.demo", "demo_ext_second"])
    assert ran == ["demo_ext_first", "demo_ext_second"]
    assert calls == [("first", ctx), ("second", ctx)]


def test_a_module_that_does_not_exist_is_skipped_quietly():
    ctx = FakeContext()
    assert run_extensions(ctx, ["skutan.no_such_app.demo", "skutan.cases.no_demo_here"]) == []
    assert ctx.said == []


def test_an_error_in_generate_propagates(module):
    def broken(ctx):
        raise ValueError("trasig demodata")

    module("demo_ext_broken", broken)
    with pytest.raises(ValueError, match="trasig demodata"):
        run_extensions(FakeContext(), ["demo_ext_broken"])


def test_an_import_error_inside_an_existing_module_propagates(tmp_path, monkeypatch):
    (tmp_path / "demo_ext_bad_import.py").write_text("import skutan_package_that_is_missing\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ImportError):
        run_extensions(FakeContext(), ["demo_ext_bad_import"])
