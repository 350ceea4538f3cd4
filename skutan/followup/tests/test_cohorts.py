"""Cohort programmes (Projekt 200): the rule evaluated in the database and frozen, members kept, additions
audited, outcomes, progress, the assistance no longer paid, the comparison group, and the drill-down."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.services import membership_add, unit_create, user_create
from skutan.audit.models import AccessLog, AuditEvent
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.followup import services
from skutan.followup.cohorts import cohort_fact_text, cohort_members_for_user, cohort_progress
from skutan.followup.models import CohortMember
from skutan.followup.months import month_add
from skutan.payments.tests.factories import make_decision

START = date(2025, 1, 1)


@pytest.fixture
def households(staff, units, eb_case, new_person, new_case, refreshed):
    """Eight households: six with EB in all 24 months before the start (two of them in EB Norr), one with 23
    months (does not meet the rule), and eb_case's applicant with 24. After the start, decisions continue
    for three."""
    north = unit_create(name="Ekonomiskt bistånd Norr", kind=UnitKind.FINANCIAL_ASSISTANCE)
    membership_add(actor=None, user=staff["eb_worker"], unit=north, role=Role.CASEWORKER)
    manager = staff["eb_manager"]
    cases = [eb_case] + [new_case(person=new_person(n), unit=units["eb"]) for n in range(1, 6)]
    cases += [new_case(person=new_person(n), unit=north) for n in (6, 7)]
    short = new_case(person=new_person(8), unit=units["eb"])
    for i, case in enumerate(cases):
        for back in range(1, 25):
            make_decision(case=case, decided_by=manager, month=month_add(START, -back), amount=str(5000 + 100 * i))
    for back in range(1, 24):
        make_decision(case=short, decided_by=manager, month=month_add(START, -back), amount="5000")
    # After the start: three EB households with the most assistance (so in the cohort, which takes the five
    # with the most) keep getting it in January–March 2025.
    for case in cases[3:6]:
        for m in range(0, 3):
            make_decision(case=case, decided_by=manager, month=month_add(START, m), amount="5000")
    refreshed()
    return {"cases": cases, "short": short, "north": north}


@pytest.fixture
def programme(management, units):
    return services.cohort_programme_create(
        actor=management, name="Projekt 200", starts_on=START, goal_share=90,
        goal_text="90 % av hushållen till egen försörjning", rule_months=24, rule_window=24, unit=units["eb"],
        max_members=5,
    )


def test_the_rule_is_evaluated_in_the_database_and_frozen(programme, households, management, units):
    frozen = services.cohort_freeze(actor=management, programme=programme)
    members = CohortMember.objects.filter(programme=frozen)
    # Met the rule: the six EB households and the two in EB Norr (not the one with 23 months).
    assert frozen.eligible_count == 8 and members.count() == 8
    cohort = members.filter(in_cohort=True)
    # At most five, from the programme's unit; the sixth EB household and EB Norr's form the comparison group.
    assert cohort.count() == 5 and set(cohort.values_list("unit_id", flat=True)) == {units["eb"].pk}
    assert members.filter(in_cohort=False).count() == 3
    assert households["short"].person_id not in set(members.values_list("payee_id", flat=True))
    # Baseline: the month before the start, per household.
    assert all(m.baseline_month == date(2024, 12, 1) and m.baseline_granted > 0 for m in cohort)
    with pytest.raises(ConflictError):
        services.cohort_freeze(actor=management, programme=frozen)
    assert AuditEvent.objects.filter(event_type=932).count() == 1


def test_a_cohort_keeps_its_members(programme, households, management, staff, refreshed):
    """New decisions or a new rule evaluation never change who is in the cohort."""
    frozen = services.cohort_freeze(actor=management, programme=programme)
    before = set(CohortMember.objects.filter(programme=frozen, in_cohort=True).values_list("payee_id", flat=True))
    # The short household now gets its 24th month back in time, the rule would now include it:
    make_decision(case=households["short"], decided_by=staff["eb_manager"], month=month_add(START, -24),
                  amount="5000")
    refreshed()
    after = set(CohortMember.objects.filter(programme=frozen, in_cohort=True).values_list("payee_id", flat=True))
    assert before == after and len(after) == 5
    assert not hasattr(services, "cohort_member_remove")


def test_adding_a_member_later_is_an_explicit_audited_decision(programme, households, management, staff):
    frozen = services.cohort_freeze(actor=management, programme=programme)
    comparison = CohortMember.objects.filter(programme=frozen, in_cohort=False, unit_id=frozen.unit_id).get()
    manager = staff["eb_manager"]
    with pytest.raises(ApplicationError):
        services.cohort_member_add(actor=manager, programme=frozen, person=comparison.payee, reason="kort")
    member = services.cohort_member_add(actor=manager, programme=frozen, person=comparison.payee,
                                        reason="Beslut i ledningsgruppen 2025-02-03: tas in i programmet.")
    assert member.in_cohort and member.entry == "added"
    event = AuditEvent.objects.get(event_type=933)
    assert event.person_id == comparison.payee_id and event.data["was"] == "comparison"
    with pytest.raises(ConflictError):
        services.cohort_member_add(actor=manager, programme=frozen, person=comparison.payee, reason="En gång till, igen.")
    with pytest.raises(AccessDeniedError):  # a caseworker alone does not run the programme
        services.cohort_member_add(actor=staff["eb_worker"], programme=frozen, person=households["short"].person,
                                   reason="Borde vara med i programmet.")


def test_outcomes_progress_money_and_comparison(programme, households, management, staff, settings):
    settings.SKUTAN_STATISTICS_SUPPRESSION_THRESHOLD = 1
    frozen = services.cohort_freeze(actor=management, programme=programme)
    members = list(CohortMember.objects.filter(programme=frozen, in_cohort=True).order_by("id"))
    worker = staff["eb_worker"]
    services.cohort_outcome_record(actor=worker, member=members[3], kind="work", employment_form="lonebidrag",
                                   occurred_on=date(2025, 1, 20))
    services.cohort_outcome_record(actor=worker, member=members[4], kind="moved", occurred_on=date(2025, 2, 10))
    with pytest.raises(ApplicationError):  # arbete needs its form of employment
        services.cohort_outcome_record(actor=worker, member=members[0], kind="work", occurred_on=date(2025, 2, 1))
    services.cohort_effort_record(actor=worker, member=members[3], involved_unit="family", measure="Föräldrastöd",
                                  started_on=date(2025, 1, 5))
    progress = cohort_progress(programme=frozen, today=date(2025, 4, 15))
    jan, feb, mar, apr = progress.rows
    # January: 1 of 5 in work = 20.0 %. February: one moved (out of the denominator): 1 of 4 = 25.0 %.
    assert (jan["self_support"], jan["share"]) == (1, Decimal("20.0"))
    assert (feb["left"], feb["share"]) == (1, Decimal("25.0"))
    assert apr["unfinished"] and not mar["unfinished"]
    # On assistance in January: the three that kept getting decisions (all in the cohort: the first EB cases).
    assert jan["on_assistance"] == 3
    # No longer paid: the cohort's December baseline minus January's granted 3 × 5000.
    baseline = sum(m.baseline_granted for m in members)
    assert jan["no_longer_paid"] == (baseline - 15000).quantize(1)
    # The comparison group (3 households) got nothing after the start.
    assert (jan["comparison"], jan["comparison_on_assistance"]) == (3, 0)
    text = cohort_fact_text(programme=frozen, today=date(2025, 4, 15))
    assert text == "Projekt 200: 25 % till egen försörjning vid månad 3 (mål 90 %)."


def test_progress_is_suppressed_for_small_groups(programme, households, management):
    frozen = services.cohort_freeze(actor=management, programme=programme)
    progress = cohort_progress(programme=frozen, today=date(2025, 3, 15))
    row = progress.rows[0]
    # 3 comparison households, 0 of them on assistance: 3 is hidden, the zero stays 0.
    assert row["comparison"] is None and row["comparison_on_assistance"] == 0
    assert row["comparison_share_on_assistance"] is None and row["comparison_no_longer_paid"] is None
    assert row["members"] == 5


def test_drill_down_goes_through_access_control_and_is_logged(programme, households, management, staff, units):
    from skutan.audit.context import AccessContext

    frozen = services.cohort_freeze(actor=management, programme=programme)
    manager = staff["eb_manager"]
    shown, hidden = cohort_members_for_user(ctx=AccessContext(user=manager, purpose="Uppföljning"), programme=frozen)
    assert len(shown) == 5 and hidden == 0
    assert AccessLog.objects.filter(object_type="cohort_member", user_id=manager.pk).count() == 5
    outsider = user_create(username="annan", password=None, first_name="A", last_name="N",
                           memberships=[(households["north"], Role.UNIT_MANAGER)])
    shown, hidden = cohort_members_for_user(ctx=AccessContext(user=outsider, purpose="Uppföljning"), programme=frozen)
    assert shown == [] and hidden == 5


def test_cohort_pages(login, programme, households, management, staff):
    client = login(management)
    assert client.get("/uppfoljning/kohorter/").status_code == 200
    page = client.get(f"/uppfoljning/kohorter/{programme.pk}/").content.decode()
    assert "uppfyller regeln i dag" in page
    response = client.post(f"/uppfoljning/kohorter/{programme.pk}/faststall/", {"version": programme.version})
    assert response.status_code == 302
    page = client.get(f"/uppfoljning/kohorter/{programme.pk}/").content.decode()
    assert "Fastställd" in page and "utveckling mot målet" in page
    xlsx = client.get(f"/uppfoljning/kohorter/{programme.pk}/tabell.xlsx")
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]
    # A unit manager of another unit does not see the programme.
    outsider = user_create(username="annan2", password=None, first_name="A", last_name="N",
                           memberships=[(households["north"], Role.UNIT_MANAGER)])
    assert login(outsider).get(f"/uppfoljning/kohorter/{programme.pk}/").status_code == 404
    assert timezone.localdate() >= START
