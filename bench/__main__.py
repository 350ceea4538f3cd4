"""python -m bench [--households N] [--proposals N] [--runs 1000,250] [--no-django]"""

import argparse
import json
import platform
import sys
from datetime import datetime
from pathlib import Path

RESULTS = Path(__file__).with_name("results")
TARGETS = {
    "calculate_us": "ingen (rent Python; jämförelsevärde)",
    "proposal_ms": "< 1 000 ms per ansökan",
    "payment_run": "ingen fastställd (en månads körning ska vara klar medan man väntar)",
}


def _row(label: str, value: str, target: str) -> str:
    return f"{label:<52} {value:>24}   {target}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Skutans prestandamätningar.")
    parser.add_argument("--households", type=int, default=5000, help="hushåll för calculate() (standard 5 000)")
    parser.add_argument("--proposals", type=int, default=200, help="ansökningar för förslaget (standard 200)")
    parser.add_argument("--runs", default="1000,demo", help="hushåll per utbetalningskörning, kommaseparerat")
    parser.add_argument("--no-django", action="store_true", help="bara den rena normberäkningen")
    args = parser.parse_args(argv)

    from bench import norm_bench

    results: dict = {"at": datetime.now().isoformat(timespec="seconds"), "python": platform.python_version(),
                     "machine": platform.machine(), "targets": TARGETS}
    print("Mäter calculate() …", flush=True)
    results["norm"] = norm_bench.run(args.households)

    if not args.no_django:
        from bench import django_bench

        results["database"] = django_bench.setup().split("://")[0]
        print("Mäter förslag per ansökan …", flush=True)
        try:
            results["proposal"] = django_bench.proposals(args.proposals)
        except Exception as exc:  # noqa: BLE001 — the assistance app changes; report, don't crash the bench
            results["proposal"] = {"skipped": f"{type(exc).__name__}: {exc}"}
        results["payment_runs"] = []
        for size in args.runs.split(","):
            n = django_bench.DEMO_HOUSEHOLDS if size.strip() == "demo" else int(size)
            print(f"Mäter utbetalningskörning med {n} hushåll …", flush=True)
            run = django_bench.payment_run(n)
            run["label"] = "demokommunen" if size.strip() == "demo" else f"{n} hushåll"
            results["payment_runs"].append(run)

    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print()
    print(_row("Mätning", "Resultat", "Mål"))
    print("-" * 110)
    norm = results["norm"]
    calc = norm["calculate_us"]
    print(_row(f"calculate() per hushåll ({norm['households']} hushåll)",
               f"median {calc['median']:.0f} µs, p95 {calc['p95']:.0f} µs", TARGETS["calculate_us"]))
    both = norm["parse_and_calculate_us"]
    print(_row("parse_request() + calculate() per hushåll",
               f"median {both['median']:.0f} µs, p95 {both['p95']:.0f} µs", ""))
    proposal = results.get("proposal")
    if proposal is not None:
        if "skipped" in proposal:
            print(_row("Förslag per ansökan", "hoppades över", proposal["skipped"]))
        else:
            ms = proposal["proposal_ms"]
            ok = "OK" if ms["p95"] < 1000 else "ÖVER MÅLET"
            print(_row(f"Förslag per ansökan ({proposal['applications']} ansökningar)",
                       f"median {ms['median']:.1f} ms, p95 {ms['p95']:.1f} ms", f"{TARGETS['proposal_ms']} ({ok})"))
    for run in results.get("payment_runs", []):
        print(_row(f"Utbetalningskörning, {run['label']} ({run['payments']} betalningar)",
                   f"{run['total_s']:.2f} s", TARGETS["payment_run"]))
        print(_row("  varav planering och urval", f"{run['plan_and_create_s']:.2f} s", ""))
        print(_row("  varav betalningar + fil + XSD-validering", f"{run['execute_s']:.2f} s", ""))
        print(_row("  filen: hämtning / bygge / XSD-validering",
                   f"{run['file_query_s']:.2f} / {run['file_build_s']:.2f} / {run['xsd_validation_s']:.2f} s", ""))
    print(f"\nSparat i {RESULTS / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
