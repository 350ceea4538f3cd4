"""retention_decide on plain facts, table by table (no database)."""

from datetime import date

import pytest

from skutan.retention.rules import PersonFacts, RetentionSettings, add_years, retention_decide, rules_load

AS_OF = date(2026, 12, 2)
OFF = RetentionSettings()


def facts(**kw) -> PersonFacts:
    base = {"person_id": 1, "birth_date": date(1970, 3, 2), "last_entry": date(2020, 6, 1)}
    return PersonFacts(**{**base, **kw})


@pytest.mark.parametrize("last_entry, purge, due_year", [
    (date(2020, 12, 31), True, 2026),   # five years ended 2025-12-31 → purged in 2026
    (date(2021, 1, 1), False, 2027),    # ends 2026-01-01 → finished in 2027, not in this year's plan
    (date(2021, 12, 2), False, 2027),   # exactly five years ago today: not yet
    (date(2010, 5, 5), True, 2016),     # long overdue
])
def test_five_years_after_the_last_entry_finished_the_following_year(last_entry, purge, due_year):
    outcome = retention_decide(facts=facts(last_entry=last_entry), year=2026, as_of=AS_OF, settings=OFF)
    assert outcome.purge is purge
    assert outcome.rule_code == "personakt_5_ar"
    assert outcome.due_year == due_year


@pytest.mark.parametrize("kw, rule", [
    ({"paternity": True}, "faderskap_foraldraskap"),
    ({"adoption": True}, "adoption"),
    ({"placements": (date(2001, 1, 1),)}, "placering_hvb_familjehem"),
    ({"custody_children_born": (date(2012, 1, 1),)}, "vardnad_boende_umgange"),
    ({"custody_children_born": (None,)}, "vardnad_boende_umgange"),
    ({"open_cases": 1}, "personakt_5_ar"),
])
def test_exemptions_keep_an_old_file(kw, rule):
    outcome = retention_decide(facts=facts(last_entry=date(2005, 1, 1), **kw), year=2026, as_of=AS_OF, settings=OFF)
    assert not outcome.purge
    assert outcome.rule_code == rule


def test_custody_ends_at_the_18th_birthday():
    born = date(2008, 12, 2)  # 18 today
    outcome = retention_decide(
        facts=facts(last_entry=date(2005, 1, 1), custody_children_born=(born,)), year=2026, as_of=AS_OF, settings=OFF
    )
    assert outcome.purge
    younger = retention_decide(
        facts=facts(last_entry=date(2005, 1, 1), custody_children_born=(date(2008, 12, 3),)), year=2026,
        as_of=AS_OF, settings=OFF,
    )
    assert not younger.purge and younger.keep_until == date(2026, 12, 3)


@pytest.mark.parametrize("day, kept", [(5, True), (15, True), (25, True), (6, False), (26, False)])
def test_research_sample_days(day, kept):
    on = RetentionSettings(research_sample=True)
    outcome = retention_decide(
        facts=facts(birth_date=date(1970, 3, day), last_entry=date(2005, 1, 1)), year=2026, as_of=AS_OF, settings=on
    )
    assert outcome.purge is not kept


def test_the_30_year_rule_is_off_until_its_day():
    f = facts(last_entry=date(2005, 1, 1), children_case=True)
    assert retention_decide(facts=f, year=2026, as_of=AS_OF, settings=OFF).purge
    on = RetentionSettings(child_records_30_years_from=date(2026, 7, 1))
    outcome = retention_decide(facts=f, year=2026, as_of=AS_OF, settings=on)
    assert not outcome.purge and outcome.rule_code == "barnakt_30_ar" and outcome.due_year == 2036
    later = RetentionSettings(child_records_30_years_from=date(2027, 1, 1))
    assert retention_decide(facts=f, year=2026, as_of=AS_OF, settings=later).purge


def test_every_rule_has_a_source_and_the_unconfirmed_are_marked():
    rules = rules_load()
    assert all(r.source for r in rules.values())
    assert not rules["forskningsurval"].confirmed
    assert not rules["barnakt_30_ar"].confirmed and rules["barnakt_30_ar"].valid_from is None
    assert set(rules["personakt_5_ar"].exemptions) <= set(rules)


def test_add_years_on_29_february():
    assert add_years(date(2020, 2, 29), 5) == date(2025, 2, 28)
