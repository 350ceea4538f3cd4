"""Quality statistics on hand-built months, with suppression of small counts (issue 13 part 4)."""

from datetime import date

import pytest
from django.utils import timezone

from skutan.core.statistics import suppress_row
from skutan.quality import services
from skutan.quality.models import Deviation
from skutan.quality.selectors import deviation_statistics, deviation_statistics_months

pytestmark = pytest.mark.django_db


def _report(staff, unit, day, category="documentation", **kw):
    return services.deviation_report(actor=staff["eb_worker"], occurred_on=day, unit=unit, category=category,
                                     description="Händelse", **kw)


def _lex_sarah(officer, deviation, *, to_ivo: bool):
    m = services.lex_sarah_classify(actor=officer, deviation=deviation, assessment="Risk")
    if to_ivo:
        m = services.lex_sarah_first_assessment(actor=officer, matter=m, first_assessment="a", immediate_remedy="",
                                                version=m.version)
        m = services.lex_sarah_investigate(actor=officer, matter=m, what_happened="a", causes="b",
                                           measures_summary="c", informed="d", complete=True, version=m.version)
        m = services.lex_sarah_decide_seriousness(actor=officer, matter=m, serious=True, reasons="x",
                                                  version=m.version)
        services.lex_sarah_ivo_sent(actor=officer, matter=m, sent_on=timezone.localdate(), reference="",
                                    version=m.version)


def test_a_hand_built_year(staff, units, officer):
    """March 2025: 7 deviations, 5 of them Lex Sarah, 5 reported to IVO; April: 2 (suppressed); May: none.

    The month is the month it happened, not the day it was reported (all are reported today)."""
    march = [_report(staff, units["eb"], date(2025, 3, d)) for d in (1, 5, 9, 14, 20, 25, 31)]
    for d in march[:5]:
        _lex_sarah(officer, d, to_ivo=True)
    _report(staff, units["eb"], date(2025, 4, 2))
    _report(staff, units["bou"], date(2025, 4, 30))
    result = deviation_statistics_months(unit_ids=None, first=date(2025, 3, 1), last=date(2025, 5, 1))
    assert [(m["month"], m["deviations"], m["lex_sarah"], m["reported_to_ivo"]) for m in result["months"]] == [
        ("2025-03", 7, 5, 5),
        ("2025-04", None, 0, 0),  # 2 is below the threshold 5: suppressed; a zero stays 0
        ("2025-05", 0, 0, 0),
    ]
    assert result["suppressed"] == ["2025-04.deviations"]
    assert all(m["complete"] for m in result["months"])


def test_unit_scope(staff, units, officer):
    for d in range(1, 7):
        _report(staff, units["eb"], date(2025, 3, d))
    for d in range(1, 7):
        _report(staff, units["bou"], date(2025, 3, d))
    only_bou = deviation_statistics_months(unit_ids={units["bou"].pk}, first=date(2025, 3, 1), last=date(2025, 3, 1))
    assert only_bou["months"][0]["deviations"] == 6
    everyone = deviation_statistics_months(unit_ids=None, first=date(2025, 3, 1), last=date(2025, 3, 1))
    assert everyone["months"][0]["deviations"] == 12


def test_drafts_are_never_counted(staff, units, categories):
    for d in range(1, 6):
        _report(staff, units["eb"], date(2025, 3, d))
    services.deviation_draft_save(actor=staff["eb_worker"], draft=None,
                                  data={"unit": units["eb"], "category": "other", "occurred_on": date(2025, 3, 9)})
    assert Deviation.objects.count() == 6
    result = deviation_statistics_months(unit_ids=None, first=date(2025, 3, 1), last=date(2025, 3, 1))
    assert result["months"][0]["deviations"] == 5


def test_tables_by_category_unit_and_system_fault_page(staff, units, officer):
    for d in range(1, 7):
        _report(staff, units["eb"], date(2025, 3, d), category="it_fault", system_fault=True,
                page_path="/utbetalningar/")
    _report(staff, units["eb"], date(2025, 3, 10), category="conduct")
    stats = deviation_statistics(unit_ids=None, first=date(2025, 3, 1), last=date(2025, 3, 31),
                                 today=date(2025, 4, 15))
    assert {r["label"]: r["count"] for r in stats["by_category"]} == {"IT-fel": 6, "Bemötande": None}
    assert stats["system_faults"] == [{"label": "/utbetalningar/", "count": 6}]
    assert stats["by_unit"][0]["count"] == 7
    assert stats["lex_sarah"] == 0 and stats["ivo_share"] is None


def test_recurring_categories_this_quarter_against_last(staff, units, officer):
    for d in range(1, 7):
        _report(staff, units["eb"], date(2025, 2, d), category="deadline_missed")
    for d in range(1, 6):
        _report(staff, units["eb"], date(2025, 4, d), category="deadline_missed")
    stats = deviation_statistics(unit_ids=None, first=date(2025, 1, 1), last=date(2025, 6, 30),
                                 today=date(2025, 5, 20))
    rows = stats["recurring"]["rows"]
    assert stats["recurring"]["this_start"] == date(2025, 4, 1)
    assert rows == [{"label": "Missad tidsfrist", "this_quarter": 5, "last_quarter": 6}]


def test_ivo_share_and_time_to_decision(staff, units, officer):
    deviations = [_report(staff, units["eb"], date(2025, 3, d)) for d in range(1, 7)]
    for d in deviations[:5]:
        _lex_sarah(officer, d, to_ivo=True)
    _lex_sarah(officer, deviations[5], to_ivo=False)
    stats = deviation_statistics(unit_ids=None, first=date(2025, 3, 1), last=date(2025, 3, 31))
    assert stats["lex_sarah"] == 6 and stats["reported_to_ivo"] == 5 and stats["ivo_share"] == 83
    assert stats["median_days_to_decision"] == 0.0  # all decided on the day they were reported


@pytest.mark.parametrize(("row", "has_total", "hidden"), [
    ({"a": 3, "b": 10, "c": 0}, False, ["a"]),
    ({"a": 3, "b": 10, "c": 7}, True, ["a", "c"]),  # 3 alone could be read as total − 10 − 7
    ({"a": 3, "b": 2, "c": 9}, True, ["a", "b"]),
    ({"a": 0, "b": 5, "c": 9}, True, []),
])
def test_complementary_suppression(row, has_total, hidden):
    assert suppress_row(row, ("a", "b", "c"), has_total=has_total) == hidden
    assert all(row[k] is None for k in hidden)
