"""Repayment plans for återkrav: instalments, and how the money paid back covers them. Pure Python.

A plan is equal monthly instalments from the first due day, the last one the remainder. A due day that falls on
a Saturday, Sunday, public holiday or one of the three aftnar moves to the next weekday (lag 1930:173 2 §, via
``timelimits``), so a person is never late for paying on the first open day. Money paid back covers the
instalments in order; a write-off removes what is left from the last instalments first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from timelimits import add_months, next_open_day


@dataclass(frozen=True)
class PlannedInstalment:
    number: int
    due_on: date
    amount: Decimal


def repayment_plan(*, total: Decimal, instalment: Decimal, first_due_on: date) -> list[PlannedInstalment]:
    """Instalments of ``instalment`` kr a month from ``first_due_on`` until ``total`` is covered."""
    if total <= 0:
        raise ValueError("total must be positive")
    if instalment <= 0:
        raise ValueError("instalment must be positive")
    plan: list[PlannedInstalment] = []
    left, number = total, 0
    while left > 0:
        amount = min(instalment, left)
        due = next_open_day(add_months(first_due_on, number))
        number += 1
        plan.append(PlannedInstalment(number=number, due_on=due, amount=amount))
        left -= amount
    return plan


@dataclass(frozen=True)
class InstalmentState:
    number: int
    due_on: date
    amount: Decimal
    paid: Decimal  # covered by money paid back
    written_off: Decimal
    overdue: bool

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid - self.written_off


def instalment_states(
    *, instalments: list[tuple[int, date, Decimal]], repaid: Decimal, written_off: Decimal, today: date
) -> list[InstalmentState]:
    """Each instalment's state: repayments cover them from the first, write-offs from the last."""
    written: dict[int, Decimal] = {}
    rest = written_off
    for number, _due, amount in reversed(instalments):
        take = min(rest, amount)
        written[number] = take
        rest -= take
    states = []
    money = repaid
    for number, due, amount in instalments:
        payable = amount - written[number]
        paid = min(money, payable)
        money -= paid
        states.append(InstalmentState(
            number=number, due_on=due, amount=amount, paid=paid, written_off=written[number],
            overdue=due < today and paid < payable,
        ))
    return states
