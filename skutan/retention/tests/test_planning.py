"""The gallring plan on hand-built persons. Each test writes out the outcome it expects and why."""

from datetime import date

import pytest
from django.test import override_settings
from django.utils import timezone

from skutan.children.models import Guardian, Intervention
from skutan.retention.models import ItemOutcome, MarkKind, RetentionMark
from skutan.retention.services import purge_plan_create
from skutan.retention.tests.conftest import years_ago

pytestmark = pytest.mark.django_db


def _item(plan, person):
    return plan.items.get(person=person)


def _hvb(case, staff, when):
    return Intervention.objects.create(
        case=case, kind="hvb", decided_on=when, decided_by=staff["bou_worker"], starts_on=when, ends_on=when,
        ended_on=when, provider="HVB Solgläntan",
    )


def test_a_person_whose_last_entry_is_six_years_old_is_purged(build, archivists):
    # Ett EB-ärende avslutat för sex år sedan, inget senare: fem år har gått ut förra året → gallras i år.
    six = years_ago(6)
    person = build.person("Sixten", date(1970, 3, 2), 111)
    build.case(person, unit="eb", when=six)

    plan = purge_plan_create(actor=archivists["planner"], year=timezone.localdate().year)

    item = _item(plan, person)
    assert item.outcome == ItemOutcome.PURGE
    assert item.rule_code == "personakt_5_ar"
    assert item.last_entry == six
    assert six.isoformat() in item.reason
    assert item.record_count > 5  # person, case, journal, assignment, case history…


def test_a_newer_entry_in_another_unit_keeps_the_whole_personakt(build, archivists):
    # EB-ärendet är sex år gammalt, men Barn och unga skrev för två år sedan → hela personakten bevaras.
    person = build.person("Nora", date(1980, 4, 3), 222)
    build.case(person, unit="eb", when=years_ago(6))
    build.case(person, unit="bou", when=years_ago(2))

    item = _item(purge_plan_create(actor=archivists["planner"], year=timezone.localdate().year), person)

    assert item.outcome == ItemOutcome.KEEP
    assert item.rule_code == "personakt_5_ar"
    assert item.last_entry == years_ago(2)
    assert "Barn och unga" in item.reason
    assert item.keep_until == years_ago(-5, years_ago(2))  # five years after the newer entry


def test_an_open_case_keeps_the_person(build, archivists):
    person = build.person("Otto", date(1975, 1, 2), 333)
    build.case(person, unit="eb", when=years_ago(8), closed=False)

    item = _item(purge_plan_create(actor=archivists["planner"], year=timezone.localdate().year), person)

    assert item.outcome == ItemOutcome.KEEP
    assert "pågår" in item.reason


def test_an_hvb_placement_is_never_purged_and_keeps_the_guardian_named_in_it(build, archivists, staff):
    # Barnet placerades på HVB för tolv år sedan: placeringar gallras aldrig. Vårdnadshavaren har en egen,
    # gammal EB-akt men nämns i barnets akt → bevaras också (andra uppgifter om personen bevaras).
    twelve = years_ago(12)
    child = build.person("Hilda", date(2004, 6, 2), 442)
    case = build.case(child, unit="bou", when=twelve)
    _hvb(case, staff, twelve)
    parent = build.person("Per", date(1978, 2, 2), 551)
    build.case(parent, unit="eb", when=years_ago(9))
    Guardian.objects.create(
        child=child, person=parent, recorded_by=staff["bou_worker"], recorded_at=case.created_at, since=twelve
    )

    plan = purge_plan_create(actor=archivists["planner"], year=timezone.localdate().year)

    assert _item(plan, child).outcome == ItemOutcome.KEEP
    assert _item(plan, child).rule_code == "placering_hvb_familjehem"
    assert twelve.isoformat() in _item(plan, child).reason
    assert _item(plan, parent).outcome == ItemOutcome.KEEP
    assert "annan persons akt" in _item(plan, parent).reason


def test_a_custody_agreement_is_kept_until_the_18th_birthday(build, archivists, staff):
    # Avtal om vårdnad för sju år sedan. Barnet som är tolv bevaras till sin 18-årsdag; barnet som fyllde
    # 18 förra året (och vars akt är mer än fem år gammal) gallras.
    today = timezone.localdate()
    seven = years_ago(7)
    young = build.person("Ylva", years_ago(12, date(today.year, 1, 10)), 662)
    old = build.person("Olle", years_ago(19, date(today.year, 1, 10)), 771)
    for child in (young, old):
        build.case(child, unit="bou", when=seven)
        RetentionMark.objects.create(
            person=child, kind=MarkKind.CUSTODY_AGREEMENT, document_date=seven, registered_by=staff["bou_worker"]
        )

    plan = purge_plan_create(actor=archivists["planner"], year=today.year)

    kept = _item(plan, young)
    assert kept.outcome == ItemOutcome.KEEP
    assert kept.rule_code == "vardnad_boende_umgange"
    assert kept.keep_until == young.birth_date.replace(year=young.birth_date.year + 18)
    assert _item(plan, old).outcome == ItemOutcome.PURGE


@pytest.mark.parametrize("setting_on, expected", [(True, ItemOutcome.KEEP), (False, ItemOutcome.PURGE)])
def test_research_sample_birth_days_are_kept_when_the_setting_is_on(build, archivists, setting_on, expected):
    # Född den 15:e, akten åtta år gammal: i en urvalskommun gallras den aldrig; annars som vanligt.
    person = build.person("Frida", date(1966, 7, 15), 882)
    build.case(person, unit="eb", when=years_ago(8))
    other_day = build.person("Dag", date(1966, 7, 16), 991)
    build.case(other_day, unit="eb", when=years_ago(8))

    with override_settings(SKUTAN_RETENTION_RESEARCH_SAMPLE=setting_on):
        plan = purge_plan_create(actor=archivists["planner"], year=timezone.localdate().year)

    assert _item(plan, person).outcome == expected
    if setting_on:
        assert _item(plan, person).rule_code == "forskningsurval"
    assert _item(plan, other_day).outcome == ItemOutcome.PURGE


def test_the_30_year_rule_for_childrens_records_applies_from_its_day(build, archivists):
    # Barnakt åtta år gammal: gallras enligt fem-årsregeln, men bevaras när 30-årsregeln gäller.
    person = build.person("Tova", date(2001, 5, 2), 123)
    build.case(person, unit="bou", when=years_ago(8))
    year = timezone.localdate().year

    assert _item(purge_plan_create(actor=archivists["planner"], year=year), person).outcome == ItemOutcome.PURGE
    with override_settings(SKUTAN_RETENTION_CHILD_RECORDS_30_YEARS_FROM="2026-01-01"):
        item = _item(purge_plan_create(actor=archivists["planner"], year=year), person)
    if timezone.localdate() >= date(2026, 1, 1):
        assert item.outcome == ItemOutcome.KEEP
        assert item.rule_code == "barnakt_30_ar"
    with override_settings(SKUTAN_RETENTION_CHILD_RECORDS_30_YEARS_FROM=f"{year + 1}-01-01"):
        item = _item(purge_plan_create(actor=archivists["planner"], year=year), person)
    assert item.outcome == ItemOutcome.PURGE  # not yet in force


def test_the_plan_purges_nothing(build, archivists):
    person = build.person("Sixten", date(1970, 3, 2), 111)
    build.case(person, unit="eb", when=years_ago(6))

    purge_plan_create(actor=archivists["planner"], year=timezone.localdate().year)

    person.refresh_from_db()
    assert person.cases.count() == 1


def test_the_facts_read_once_for_the_whole_plan_are_the_facts_read_per_person(build, staff):
    # plan_compute reads placements, marks, unit names and children's cases once (KnownFacts); each person's
    # facts must be what the per-person queries give, including the order of placements and custody marks.
    from skutan.people.models import Person
    from skutan.retention.holdings import entry_rows, holdings_collect_many, holdings_entries
    from skutan.retention.planning import KnownFacts, person_facts

    twelve, seven = years_ago(12), years_ago(7)
    child = build.person("Hilda", date(2004, 6, 2), 442)
    case = build.case(child, unit="bou", when=twelve)
    _hvb(case, staff, twelve)
    _hvb(build.case(child, unit="bou", when=years_ago(10)), staff, years_ago(10))
    parent = build.person("Per", date(1978, 2, 2), 551)
    build.case(parent, unit="eb", when=years_ago(9))
    Guardian.objects.create(
        child=child, person=parent, recorded_by=staff["bou_worker"], recorded_at=case.created_at, since=twelve
    )
    for when in (seven, years_ago(8)):
        RetentionMark.objects.create(person=parent, child=child, kind=MarkKind.CUSTODY_AGREEMENT, document_date=when,
                                     registered_by=staff["bou_worker"])
    RetentionMark.objects.create(person=child, kind=MarkKind.PATERNITY, document_date=seven,
                                 registered_by=staff["bou_worker"], withdrawn_at=timezone.now())
    nobody = build.person("Nils", date(1990, 1, 1), 663)
    persons = list(Person.objects.order_by("pk"))
    every = holdings_collect_many(person_ids={p.pk for p in persons})
    union = {}
    for held in every.values():
        for model, pks in held.items():
            union.setdefault(model, set()).update(pks)
    rows = entry_rows(union)
    known = KnownFacts.read(union=union, person_ids=every)

    for person in persons:
        entries = holdings_entries(every[person.pk], rows)
        assert person_facts(person=person, holdings=every[person.pk], entries=entries, known=known) == person_facts(
            person=person, holdings=every[person.pk], entries=entries
        )
    facts = person_facts(person=child, holdings=every[child.pk], known=known)
    assert facts.placements == (years_ago(10), twelve) and facts.children_case and not facts.paternity
    assert person_facts(person=parent, holdings=every[parent.pk], known=known).custody_children_born == (
        child.birth_date, child.birth_date)
    assert person_facts(person=nobody, holdings=every[nobody.pk], known=known).last_entry_unit == ""


def test_the_unit_of_the_latest_entry_does_not_depend_on_the_order_rows_are_read():
    # Two rows of the same latest day: a row made in a unit is named before one without, then the lower unit id.
    from skutan.cases.models import Case
    from skutan.people.models import Person
    from skutan.retention.holdings import EntryRows, holdings_entries

    day = years_ago(1)
    for pks in ([1, 2, 3], [3, 2, 1], [2, 3, 1]):
        rows = EntryRows(latest={Person: {pks[0]: (day, None)}, Case: {pks[1]: (day, 9), pks[2]: (day, 4)}})
        holdings = {Person: {pks[0]}, Case: {pks[1], pks[2]}}
        assert holdings_entries(holdings, rows).last_unit_id == 4
        holdings = {Case: {pks[1], pks[2]}, Person: {pks[0]}}
        assert holdings_entries(holdings, rows).last_unit_id == 4


def test_the_plan_is_the_same_for_any_batch_size_and_links_persons_across_batches(build, staff):
    # The plan walks PLAN_BATCH persons at a time (a city's holdings do not fit in memory at once). With one
    # person per batch every shared row is in two batches: the groups and the linked-keep reason must still
    # come out as when everyone is planned together.
    from skutan.retention.conf import retention_settings
    from skutan.retention.planning import LINKED_REASON, plan_compute

    twelve = years_ago(12)
    child = build.person("Hilda", date(2004, 6, 2), 442)
    case = build.case(child, unit="bou", when=twelve)
    _hvb(case, staff, twelve)  # a placement: kept for ever
    parent = build.person("Per", date(1978, 2, 2), 551)
    build.case(parent, unit="eb", when=years_ago(9))
    Guardian.objects.create(
        child=child, person=parent, recorded_by=staff["bou_worker"], recorded_at=case.created_at, since=twelve
    )
    old_child = build.person("Ove", date(2001, 5, 5), 123)
    old_case = build.case(old_child, unit="bou", when=years_ago(8))
    old_parent = build.person("Olga", date(1970, 7, 7), 234)
    build.case(old_parent, unit="eb", when=years_ago(7))
    Guardian.objects.create(
        child=old_child, person=old_parent, recorded_by=staff["bou_worker"], recorded_at=old_case.created_at,
        since=years_ago(8),
    )
    alone = build.person("Sixten", date(1970, 3, 2), 111)
    build.case(alone, unit="eb", when=years_ago(6))
    recent = build.person("Nora", date(1980, 4, 3), 222)
    build.case(recent, unit="eb", when=years_ago(1))

    def plan(batch):
        today = timezone.localdate()
        return [
            (p.person_id, p.outcome, p.record_count, p.last_entry, p.group)
            for p in plan_compute(year=today.year, as_of=today, settings=retention_settings(), batch=batch)
        ]

    together = plan(10_000)
    assert plan(1) == together and plan(2) == together
    by_person = {row[0]: row for row in together}
    assert by_person[parent.pk][4] == by_person[child.pk][4]  # one group: the guardian is named in the file
    assert by_person[parent.pk][1].reason == LINKED_REASON and not by_person[child.pk][1].purge
    assert by_person[old_parent.pk][4] == by_person[old_child.pk][4] != by_person[child.pk][4]
    assert by_person[old_parent.pk][1].purge and by_person[old_child.pk][1].purge  # purged together
    assert by_person[alone.pk][1].purge and not by_person[recent.pk][1].purge
    assert len({by_person[p.pk][4] for p in (child, old_child, alone, recent)}) == 4
