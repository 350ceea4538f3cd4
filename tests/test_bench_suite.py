"""The benchmark suite's runner (bench/__main__.py): which modules it finds, and its exit status.

Cheap: no bench database is built and no figure is measured; the runner's subprocesses run stand-in modules.
"""

import importlib
import json

import pytest

from bench import __main__ as bench_main
from bench import data


def test_every_discovered_module_is_a_figure_module():
    found = bench_main.modules()
    assert "bench.pages_bench" in found and "bench.accesslog_bench" in found
    for name in found:
        module = importlib.import_module(name)
        assert callable(getattr(module, "figures", None)), f"{name} has no figures(ctx): rename it (not *_bench)"
        assert getattr(module, "DJANGO", "missing") in ("production", "own", None), name


def test_helpers_are_not_discovered():
    found = bench_main.modules()
    assert "bench.world" not in found and "bench.calc" not in found
    assert not [name for name in found if name.endswith(("django_bench", "calc_bench"))]


@pytest.fixture
def stand_in_run(tmp_path, monkeypatch):
    """main() with stand-in figure modules on the path, no database, results written under tmp_path."""
    (tmp_path / "standin_ok_bench.py").write_text(
        "from bench.figures import Figure\nDJANGO = None\n\n\n"
        "def figures(ctx):\n    return [Figure(name='standin_ms', value=ctx['runs'], unit='ms')]\n",
        encoding="utf-8",
    )
    (tmp_path / "standin_fails_bench.py").write_text(
        "DJANGO = None\n\n\ndef figures(ctx):\n    raise RuntimeError('stand-in failure')\n", encoding="utf-8",
    )
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setenv("BENCH_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setattr(bench_main, "RESULTS_FILE", tmp_path / "results.json")
    monkeypatch.setattr(bench_main, "ARCHIVE", tmp_path / "results")
    monkeypatch.setattr(data, "prepare", lambda scale, **kwargs: {
        "database_url": "postgres://unused/skutan_bench_none", "scale": scale, "built": "stand-in",
        "sizes": {"persons": 1},
    })

    def run(names):
        monkeypatch.setattr(bench_main, "modules", lambda: names)
        status = bench_main.main(["--runs", "2", "--access-log-rows", "0"])
        return status, json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))

    return run


def test_bench_exits_0_when_every_module_succeeds(stand_in_run):
    status, results = stand_in_run(["standin_ok_bench"])
    assert status == 0
    assert results["errors"] == {}
    assert [(f["name"], f["value"]) for f in results["figures"]] == [("standin_ms", 2)]


def test_bench_exits_1_and_keeps_the_other_figures_when_a_module_fails(stand_in_run):
    status, results = stand_in_run(["standin_fails_bench", "standin_ok_bench"])
    assert status == 1
    assert results["errors"] == {"standin_fails_bench": "RuntimeError: stand-in failure"}
    assert [f["name"] for f in results["figures"]] == ["standin_ms"]


def test_a_timed_build_is_kept_and_reported_as_the_generator_figure(tmp_path, monkeypatch):
    monkeypatch.setenv("BENCH_VAR_DIR", str(tmp_path))
    url = "postgres://postgres@127.0.0.1:5432/skutan_bench_stockholm"
    assert data.build_record(url) is None
    data.build_record_save(url, command="generate --scale stockholm --seed 1782", wall_s=2400.04, cpu_s=1900.0)
    record = data.build_record(url)  # as a later run that reuses the database reads it
    assert (record["wall_s"], record["cpu_s"]) == (2400.0, 1900.0)
    assert data.build_record("postgres://postgres@127.0.0.1:5432/skutan_bench_karlstad") is None

    figure = data.generator_figure("stockholm", record, {"persons": 257_164}).as_dict()
    assert figure["name"] == "generator_stockholm_s" and figure["value"] == 2400.0
    assert figure["target"] == "< 900 s" and figure["pass"] is False
    assert "1900 s" in figure["note"] and figure["data"] == {"persons": 257_164}
    small = data.generator_figure("karlstad", {**record, "wall_s": 166.0}, {}).as_dict()
    assert (small["name"], small["value"], small["pass"]) == ("generator_karlstad_s", 166.0, None)
    assert data.generator_figure("stockholm", None, {}) is None


def test_the_run_reports_the_generator_figure_of_its_database(stand_in_run, monkeypatch):
    record = {"command": "generate --scale filipstad", "wall_s": 12.5, "cpu_s": 9.0, "at": "2026-12-02T17:00:00",
              "load_average": [1.0, 1.0, 1.0]}
    monkeypatch.setattr(data, "prepare", lambda scale, **kwargs: {
        "database_url": "postgres://unused/skutan_bench_none", "scale": scale, "built": "stand-in",
        "sizes": {"persons": 1}, "build": record,
    })
    status, results = stand_in_run(["standin_ok_bench"])
    assert status == 0
    assert [(f["name"], f["value"]) for f in results["figures"]] == [("standin_ms", 2), ("generator_filipstad_s", 12.5)]
