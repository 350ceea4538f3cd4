"""python -m bench [--scale filipstad] [--only pages,accesslog] [--runs 3] [--duration 15] [--rate 20] [--fresh]

Builds (or reuses) the bench database of the scale, runs every figure module (bench/*_bench.py) in its own
process, prints the table and writes bench/results.json (and a dated copy in bench/results/).
"""

import argparse
import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench import data
from bench.figures import TARGETS

HERE = Path(__file__).resolve().parent
RESULTS_FILE = HERE / "results.json"
ARCHIVE = HERE / "results"


def modules() -> list[str]:
    """Every figure module: bench/<name>_bench.py (a new one is found without editing this file). Only figure
    modules are named so: helpers (bench/world.py) and the calc command line (bench/calc.py) are not, and
    tests/test_bench_suite.py checks that each *_bench module has ``figures``."""
    return sorted(f"bench.{p.stem}" for p in HERE.glob("*_bench.py"))


def _fmt(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "andel":
        return f"{value * 100:.1f} %"
    if isinstance(value, float) and abs(value) < 100:
        return f"{value:.2f} {unit}"
    return f"{value:,.0f} {unit}".replace(",", " ")


def _row(cells, widths) -> str:
    return "  ".join(str(c)[:w].ljust(w) for c, w in zip(cells, widths, strict=True))


def print_table(figures: list[dict], sizes: dict) -> None:
    widths = (58, 22, 22, 6)
    print(_row(("Mått", "Värde (median)", "Mål", "Klarar"), widths))
    print("-" * (sum(widths) + 6))
    measured = {f["name"] for f in figures}
    for f in figures:
        ok = "" if f["pass"] is None else ("ja" if f["pass"] else "NEJ")
        print(_row((f["label"] or f["name"], _fmt(f["value"], f["unit"]), f["target"] or "(ingen)", ok), widths))
        if f.get("note"):
            print(f"    {f['note']}")
    missing = [name for name in TARGETS if name not in measured]
    if missing:
        print("\nEj mätta här (mål utan mätning i denna körning):")
        for name in missing:
            print(f"  {TARGETS[name].label}: mål {TARGETS[name].text}")
    print("\nData: " + ", ".join(f"{k} {v:_}".replace("_", " ") for k, v in sizes.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Skutans prestandamätningar.")
    parser.add_argument("--scale", default="filipstad", help="filipstad, karlstad, stockholm (eller demoskala)")
    parser.add_argument("--only", default="", help="kommaseparerade moduler, t.ex. pages,accesslog,norm")
    parser.add_argument("--runs", type=int, default=3, help="körningar per mått (medianen rapporteras)")
    parser.add_argument("--duration", type=float, default=15.0, help="sekunder last per sida och körning")
    parser.add_argument("--rate", type=float, default=20.0, help="förfrågningar per sekund (öppen loop)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn-arbetare")
    parser.add_argument("--pages", default="", help="bara dessa sidor (kommaseparerat, se pages_bench.PAGES)")
    parser.add_argument("--access-log-rows", type=int, default=20_000_000,
                        help="fyll på åtkomstloggen till så många rader (0: som den är)")
    parser.add_argument("--fresh", action="store_true", help="bygg bänkdatabasen på nytt")
    args = parser.parse_args(argv)

    chosen = modules()
    if args.only:
        wanted = {f"bench.{n.strip().removesuffix('_bench')}_bench" for n in args.only.split(",")}
        chosen = [m for m in chosen if m in wanted]
    started = time.perf_counter()
    dataset = data.prepare(args.scale, fresh=args.fresh, access_log_rows=args.access_log_rows)
    var_dir = Path(os.environ.get("BENCH_VAR_DIR") or data.REPO / "var" / "bench")
    var_dir.mkdir(parents=True, exist_ok=True)
    ctx = {
        **dataset, "runs": args.runs, "duration": args.duration, "rate": args.rate, "workers": args.workers,
        "pages": [p for p in args.pages.split(",") if p], "var_dir": str(var_dir),
        "secret_key": secrets.token_urlsafe(64),
    }
    figures, errors = [], {}
    with tempfile.TemporaryDirectory(prefix="skutan-bench-") as tmp:
        context_file = Path(tmp) / "ctx.json"
        context_file.write_text(json.dumps(ctx), encoding="utf-8")
        for name in chosen:
            print(f"== {name} …", flush=True)
            out = Path(tmp) / f"{name}.json"
            subprocess.run([sys.executable, "-m", "bench.runner", name, str(context_file), str(out)], cwd=data.REPO)
            if not out.exists():
                errors[name] = "modulen avslutades utan resultat"
                continue
            result = json.loads(out.read_text(encoding="utf-8"))
            figures.extend(result["figures"])
            if result["error"]:
                errors[name] = result["error"]
    generator = data.generator_figure(args.scale, dataset.get("build"), dataset["sizes"])
    if generator is not None:
        figures.append(generator.as_dict())
    results = {
        "at": datetime.now().isoformat(timespec="seconds"), "python": platform.python_version(),
        "machine": {"arch": platform.machine(), "cpus": os.cpu_count(), "load_average": os.getloadavg()},
        "scale": args.scale, "built": dataset["built"], "sizes": dataset["sizes"],
        "options": {k: v for k, v in vars(args).items()}, "seconds": round(time.perf_counter() - started, 1),
        "figures": figures, "errors": errors,
        "not_measured": [name for name in TARGETS if name not in {f["name"] for f in figures}],
    }
    text = json.dumps(results, indent=2, ensure_ascii=False)
    RESULTS_FILE.write_text(text, encoding="utf-8")
    ARCHIVE.mkdir(exist_ok=True)
    (ARCHIVE / f"{datetime.now():%Y%m%d-%H%M%S}-{args.scale}.json").write_text(text, encoding="utf-8")
    print()
    print_table(figures, dataset["sizes"])
    for name, error in errors.items():
        print(f"FEL i {name}: {error}")
    print(f"\nLast på maskinen (1/5/15 min): {' '.join(f'{x:.1f}' for x in os.getloadavg())} på {os.cpu_count()} "
          "kärnor. Maskinen delas: jämför kvoter och körningar på samma maskin.")
    print(f"Sparat i {RESULTS_FILE}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
