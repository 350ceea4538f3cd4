"""calculate() per household: pure norm, no database (calc owns this module; the figure keeps its slot)."""

import time

from bench.households import households
from bench.stats import summary


def run(n: int = 5000, seed: int = 1782) -> dict:
    from norm import calculate, load_bundled_tables, parse_request

    tables = load_bundled_tables()
    requests = [parse_request(h) for h in households(n, seed)]
    for request in requests[:200]:  # warm up
        calculate(request, tables)
    calc_us, parse_calc_us = [], []
    raw = households(n, seed)
    for request, data in zip(requests, raw, strict=True):
        started = time.perf_counter_ns()
        calculate(request, tables)
        calc_us.append((time.perf_counter_ns() - started) / 1000)
        started = time.perf_counter_ns()
        calculate(parse_request(data), tables)
        parse_calc_us.append((time.perf_counter_ns() - started) / 1000)
    granted = sum(1 for r in requests if calculate(r, tables).assistance > 0)
    return {
        "households": n,
        "granted_share": round(granted / n, 3),
        "calculate_us": summary(calc_us),
        "parse_and_calculate_us": summary(parse_calc_us),
    }


DJANGO = None


def figures(ctx: dict) -> list:
    from bench.figures import Figure, median_figure

    n = 5000
    runs = [run(n) for _ in range(max(1, ctx["runs"]))]
    per_second = [1_000_000 / r["calculate_us"]["median"] for r in runs]
    data = {"households": n, "source": "bench/households.py (syntetiska hushåll som demons)"}
    return [
        median_figure("calculate_throughput", per_second, "hushållsmånader/s", data=data,
                      note="en kärna, 1 / median per hushåll; parse_request() ej medräknad"),
        Figure(name="calculate_parse_us", value=runs[len(runs) // 2]["parse_and_calculate_us"]["median"], unit="µs",
               label="parse_request() + calculate() per hushåll", data=data),
    ]
