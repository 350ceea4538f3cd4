"""python -m bench.calc [--households 100000] [--million] [--runs 12000] [--renewals 12000]

The figures of issue 11 part 3 that the calculation side owns: calculate() throughput, the simulator (arrays
and calculate() on the same households, and the read from the database), the payment run and the proposals
for a month's renewals. PostgreSQL with BENCH_DATABASE_URL. Writes bench/results/calc.json.
"""

import argparse
import json
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).with_name("results")


def calculate_throughput(n: int = 20_000, runs: int = 5) -> dict:
    from bench.households import households
    from norm import calculate, load_bundled_tables, parse_request

    tables = load_bundled_tables()
    requests = [parse_request(h) for h in households(n, seed=1782)]
    for request in requests[:500]:
        calculate(request, tables)
    rates = []
    for _ in range(runs):
        started = time.perf_counter()
        for request in requests:
            calculate(request, tables)
        rates.append(n / (time.perf_counter() - started))
    rates.sort()
    return {"households": n, "household_months_per_s_median": rates[len(rates) // 2], "best": rates[-1]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.calc")
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--million", action="store_true", help="also 1 000 000 households in memory (arrays only)")
    parser.add_argument("--read", type=int, default=100_000, help="households to read from the database")
    parser.add_argument("--runs", type=int, default=12_000, help="households in the payment run")
    parser.add_argument("--renewals", type=int, default=12_000)
    parser.add_argument("--no-django", action="store_true")
    args = parser.parse_args(argv)
    from bench import simulation_bench

    out: dict = {"calculate": calculate_throughput()}
    print("calculate():", round(out["calculate"]["household_months_per_s_median"]), "household-months/s", flush=True)
    out["simulator"] = simulation_bench.in_memory(args.households)
    print("simulator", json.dumps(out["simulator"]), flush=True)
    if args.million:
        out["simulator_million"] = simulation_bench.in_memory(1_000_000, pure=False)
        print("simulator 1M", json.dumps(out["simulator_million"]), flush=True)
    if not args.no_django:
        from bench import payments_bench, proposals_bench, world

        out["database"] = world.setup().split("@")[-1]
        out["simulator_read"] = simulation_bench.database_read(args.read)
        print("read", json.dumps(out["simulator_read"]), flush=True)
        out["payment_run"] = payments_bench.run(args.runs)
        print("payment run", json.dumps(out["payment_run"]), flush=True)
        out["proposals"] = proposals_bench.run(args.renewals)
        print("proposals", json.dumps(out["proposals"]), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "calc.json").write_text(json.dumps(out, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
