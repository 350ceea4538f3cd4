"""A figure of the benchmark: a median of several runs, with its target, whether it passes, and the data size.

Every figure module (``bench/*_bench.py``) returns a list of Figure. The targets live in TARGETS (one place,
from issue 11's table), so a module only says what it measured; a figure with no target is informational.
"""

import operator
import statistics
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Target:
    label: str
    unit: str
    op: str  # "<", "<=", ">=", ">"
    value: float
    note: str = ""

    def passes(self, value: float) -> bool:
        return {"<": operator.lt, "<=": operator.le, ">=": operator.ge, ">": operator.gt}[self.op](value, self.value)

    @property
    def text(self) -> str:
        return f"{self.op} {self.value:g} {self.unit}"


# name -> target. calc, gen and followup measure their own figures in their own modules; the names are kept
# here so the table always shows every target, measured or not.
TARGETS: dict[str, Target] = {
    "calculate_throughput": Target("calculate(), en kärna", "hushållsmånader/s", ">=", 20_000),
    "simulator_100k_s": Target("simulatorn, 100 000 hushåll i minnet", "s", "<", 0.5),
    "simulator_1m_s": Target("simulatorn, 1 000 000 hushåll i minnet", "s", "<", 5),
    "simulator_read_100k_s": Target("simulatorn: läsa 100 000 hushåll ur databasen", "s", "<", 2),
    "payment_run_12000_s": Target("utbetalningskörning, 12 000 hushåll", "s", "<", 30),
    "proposals_12000_s": Target("förslag för 12 000 förnyelser", "s", "<", 30),
    "dashboard_p95_ms": Target("uppföljningens översikt, p95 vid 20 req/s", "ms", "<", 500),
    "person_search_p95_ms": Target("personsökning på namn, p95 vid 20 req/s", "ms", "<", 150),
    "deadline_board_p95_ms": Target("fristtavlan, p95 vid 20 req/s", "ms", "<", 150),
    "case_page_cpu_ms": Target("CPU per sida (ärendesidan), median", "ms", "<=", 20),
    "person_overview_queries": Target("SQL-frågor, personöversikt med hushåll om 10", "frågor", "<=", 25),
    "generator_stockholm_s": Target("generatorn i Stockholmsskala", "s", "<", 900),
    "accesslog_overhead": Target("åtkomstloggens merkostnad på ärendesidan", "andel", "<", 0.10),
    "accesslog_review_person_ms": Target("loggranskarens fråga för en person", "ms", "<", 200,
                                         note="målet gäller 20 miljoner rader"),
}


@dataclass
class Figure:
    name: str
    value: float | None
    unit: str
    runs: list[float] = field(default_factory=list)
    data: dict = field(default_factory=dict)  # the data size this was measured on
    note: str = ""
    label: str = ""
    target: str = ""
    passed: bool | None = None

    def __post_init__(self):
        target = TARGETS.get(self.name)
        if target is not None:
            self.label = self.label or target.label
            self.target = target.text
            if self.value is not None:
                self.passed = target.passes(self.value)

    def as_dict(self) -> dict:
        out = asdict(self)
        out["pass"] = out.pop("passed")
        return out


def median_figure(name: str, runs: list[float], unit: str, **kwargs) -> Figure:
    """A figure whose value is the median of its runs."""
    return Figure(name=name, value=statistics.median(runs) if runs else None, unit=unit, runs=runs, **kwargs)


def not_measured(name: str, reason: str) -> Figure:
    return Figure(name=name, value=None, unit=TARGETS[name].unit if name in TARGETS else "", note=reason)
