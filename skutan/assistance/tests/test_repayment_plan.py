from datetime import date
from decimal import Decimal

import pytest

from skutan.assistance.repayment_plan import instalment_states, repayment_plan


def test_a_plan_is_equal_monthly_instalments_with_the_remainder_last_and_due_days_on_weekdays():
    plan = repayment_plan(total=Decimal("2500"), instalment=Decimal("1000"), first_due_on=date(2025, 5, 30))
    # 30 May 2025 is a Friday; 30 Jun a Monday; 30 Jul a Wednesday.
    assert [(p.number, p.due_on, p.amount) for p in plan] == [
        (1, date(2025, 5, 30), Decimal("1000")),
        (2, date(2025, 6, 30), Decimal("1000")),
        (3, date(2025, 7, 30), Decimal("500")),
    ]


def test_a_due_day_on_a_closed_day_moves_to_the_next_weekday():
    # 31 Jan 2026 is a Saturday → Monday 2 Feb; 28 Feb 2026 (the month's last day) a Saturday → Monday 2 Mar.
    plan = repayment_plan(total=Decimal("600"), instalment=Decimal("300"), first_due_on=date(2026, 1, 31))
    assert [p.due_on for p in plan] == [date(2026, 2, 2), date(2026, 3, 2)]


def test_repayments_cover_the_first_instalments_and_write_offs_the_last():
    instalments = [(1, date(2025, 5, 30), Decimal("1000")), (2, date(2025, 6, 30), Decimal("1000")),
                   (3, date(2025, 7, 30), Decimal("500"))]
    states = instalment_states(instalments=instalments, repaid=Decimal("1200"), written_off=Decimal("500"),
                               today=date(2025, 7, 1))
    assert [(s.paid, s.written_off, s.overdue) for s in states] == [
        (Decimal("1000"), Decimal("0"), False),
        (Decimal("200"), Decimal("0"), True),  # 800 kr of June's instalment missing on 1 July
        (Decimal("0"), Decimal("500"), False),  # written off
    ]
    assert states[1].outstanding == Decimal("800")


@pytest.mark.parametrize(("total", "instalment"), [(Decimal("0"), Decimal("1")), (Decimal("1"), Decimal("0"))])
def test_a_plan_needs_positive_amounts(total, instalment):
    with pytest.raises(ValueError):
        repayment_plan(total=total, instalment=instalment, first_due_on=date(2025, 1, 1))
