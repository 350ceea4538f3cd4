"""The legal grounds of an adult insats and the LVM clock, as data with their source.

The grounds in socialtjänstlagen are cited from the one dated data set (lawref, through skutan.legal, so an
administrator's correction applies). LVM (lag 1988:870 om vård av missbrukare i vissa fall) has no confirmed
time limit in DOMAIN.md (§6): the limits are settings, and every page that shows them says "obekräftad".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from timelimits import TimeLimit, deadline

# legal_ground code -> (label, lawref key or None, fixed citation when there is no lawref key)
LEGAL_GROUNDS: dict[str, tuple[str, str | None, str]] = {
    "sol_living": ("Bistånd till livsföring i övrigt (socialtjänstlagen)", "sol.living_otherwise", ""),
    "sol_beyond": ("Bistånd utöver rätten till bistånd (socialtjänstlagen)", "sol.assistance_beyond", ""),
    "lvm": ("Vård enligt LVM", None, "Lag (1988:870) om vård av missbrukare i vissa fall (paragraf obekräftad)"),
}
LEGAL_GROUND_CHOICES = [(code, label) for code, (label, _, _) in LEGAL_GROUNDS.items()]


@dataclass(frozen=True)
class Citation:
    text: str
    confirmed: bool


def legal_ground_citation(*, code: str, on: date) -> Citation:
    label, key, fixed = LEGAL_GROUNDS[code]
    if key is None:
        return Citation(text=fixed, confirmed=False)
    from skutan.legal.selectors import reference_in_force

    ref = reference_in_force(key=key, day=on)
    return Citation(text=ref.citation, confirmed=ref.confirmed)


def legal_ground_letter_citation(*, code: str, on: date) -> str:
    """The citation a letter prints: never an unconfirmed paragraph (the law by name and SFS number only)."""
    label, key, _fixed = LEGAL_GROUNDS.get(code, (code, None, ""))
    if key is None:
        return "Lag (1988:870) om vård av missbrukare i vissa fall" if code == "lvm" else label
    from skutan.legal.selectors import reference_in_force

    return reference_in_force(key=key, day=on).letter_citation


LVM_SOURCE = "LVM (1988:870): frist obekräftad (DOMAIN.md §6), inställning {setting} = {value} {unit}"


def lvm_limits() -> tuple[TimeLimit, TimeLimit]:
    """(decide whether to open an utredning after the anmälan, finish the utredning), both unconfirmed."""
    decide_days = int(getattr(settings, "SKUTAN_LVM_DECIDE_DAYS", 7))
    investigate_days = int(getattr(settings, "SKUTAN_LVM_INVESTIGATION_DAYS", 60))
    decide = TimeLimit(
        code="lvm_decide", length=decide_days, unit="days", label_sv="Beslut om LVM-utredning",
        source=LVM_SOURCE.format(setting="SKUTAN_LVM_DECIDE_DAYS", value=decide_days, unit="dagar"),
        valid_from=date(2013, 1, 1), movable=True, confirmed=False,
    )
    investigate = TimeLimit(
        code="lvm_investigation", length=investigate_days, unit="days", label_sv="LVM-utredningen klar",
        source=LVM_SOURCE.format(setting="SKUTAN_LVM_INVESTIGATION_DAYS", value=investigate_days, unit="dagar"),
        valid_from=date(2013, 1, 1), movable=True, confirmed=False,
    )
    return decide, investigate


def lvm_decide_due(received_on: date) -> tuple[date, str]:
    limit = lvm_limits()[0]
    return deadline(received_on, limit).due, limit.source


def lvm_investigation_due(opened_on: date) -> tuple[date, str]:
    limit = lvm_limits()[1]
    return deadline(opened_on, limit).due, limit.source
