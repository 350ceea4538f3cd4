"""How big the generated municipality is: one generator, three sizes (docs/scaling-data.md).

``Scale`` is a float (the factor every ``ctx.scaled(n)`` multiplies by, 1.0 = Filipstad, the demo), so the
apps' demo plug-ins keep multiplying by ``ctx.scale``; it also names the size and carries the size factors
that do not grow in proportion:

- ``unit_count``: units of each kind (Mottagning, EB, Barn och unga, Vuxen): a Stockholm stadsdel has
  several, each of 30–60 handläggare;
- ``staff``: handläggare per unit, relative to the demo's unit, kept within ``unit_caseworkers`` (min, max);
- ``access_log_days``: how far back the generated access log goes (the demo: the last month), and
  ``access_log_reads``: how often (min, max) a reader opens a case in each 30 days;
- ``returns``: the mean number of earlier, closed spells each person with a case had before it (EB
  periods that ended and came back, earlier reports on the same child, earlier adult cases). A city's
  register over the years holds several cases per person; the demo's has none of these (0), so its data
  stay as they were;
- ``assistance_months``: how many months back the EB plug-in writes monthly applications, decisions and
  payments (0: since 2019, as the demo does; the issue asks for five years at Stockholm's size).
"""

from dataclasses import dataclass


class Scale(float):
    name: str
    unit_count: int
    staff: float
    access_log_days: int
    unit_caseworkers: tuple[int, int] | None
    access_log_reads: tuple[int, int]
    returns: float
    assistance_months: int

    def __new__(cls, factor: float, *, name: str = "", unit_count: int = 1, staff: float = 1.0,
                access_log_days: int = 30, unit_caseworkers: tuple[int, int] | None = None,
                access_log_reads: tuple[int, int] = (1, 3), returns: float = 0.0,
                assistance_months: int = 0):
        self = super().__new__(cls, factor)
        self.name, self.unit_count, self.staff, self.access_log_days = (
            name or f"{factor:g}", unit_count, staff, access_log_days
        )
        self.unit_caseworkers, self.access_log_reads, self.returns = unit_caseworkers, access_log_reads, returns
        self.assistance_months = assistance_months
        return self

    def __reduce__(self):
        return (Scale, (float(self),), {"name": self.name, "unit_count": self.unit_count, "staff": self.staff,
                                         "access_log_days": self.access_log_days,
                                         "unit_caseworkers": self.unit_caseworkers,
                                         "access_log_reads": self.access_log_reads, "returns": self.returns,
                                         "assistance_months": self.assistance_months})


@dataclass(frozen=True)
class Municipality:
    name: str
    inhabitants: int
    scale: Scale


RETURNS = 3.5  # earlier closed spells per person with a case, in a city's register (see Scale.returns)

SCALES = {
    # The demo: about 1 900 persons, 1 300 cases, 14 000 journal entries.
    "filipstad": Municipality("Filipstad", 10_500, Scale(1.0, name="filipstad")),
    # Karlstad: nine times Filipstad, two units of each kind, and a city's register: several cases per
    # person over the years, as in Stockholm (so a Karlstad run is Stockholm's in small).
    "karlstad": Municipality("Karlstad", 97_000, Scale(9.0, name="karlstad", unit_count=2, staff=4.0,
                                                       access_log_days=90, returns=RETURNS,
                                                       assistance_months=60)),
    # Stockholm's IFO over many stadsdel units of 30–60 handläggare: about 250 000 persons with 530 000
    # cases and 5 million journal entries, over 12 000 EB households a month for five years (docs/scaling-data.md).
    "stockholm": Municipality("Stockholm", 990_000, Scale(135.0, name="stockholm", unit_count=12, staff=6.5,
                                                          access_log_days=1825, unit_caseworkers=(30, 60),
                                                          access_log_reads=(3, 8), returns=RETURNS,
                                                          assistance_months=60)),
}


def scale_named(name: str) -> Scale:
    try:
        return SCALES[name].scale
    except KeyError:
        raise ValueError(f"Okänd skala {name!r}: välj {', '.join(SCALES)}.") from None


def scale_of(value) -> Scale:
    """A Scale from a Scale, a scale name or a plain factor (``skutan demo --scale 0.5``)."""
    if isinstance(value, Scale):
        return value
    if isinstance(value, str):
        return scale_named(value)
    return Scale(float(value))
