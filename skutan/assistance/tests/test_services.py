from datetime import date, timedelta
from decimal import Decimal

import pytest

from skutan.accounts.models import Delegation
from skutan.assistance import selectors
from skutan.assistance.models import (
    Application,
    ApplicationCost,
    ApplicationStatus,
    Decision,
    Guideline,
    NormAmountOverride,
)
from skutan.assistance.services import (
    CostInput,
    application_create,
    application_input_from,
    application_renew,
    application_update,
    decision_make,
    guideline_create,
    norm_amount_reset,
    norm_amount_set,
)
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.conftest import make_pnr
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.people.services import household_member_add, person_create

from .conftest import MONTH, costs_incomes

pytestmark = pytest.mark.django_db


def _calc(application):
    application = Application.objects.get(pk=application.pk)
    return selectors.application_outcome(application=application)


# -- applications -------------------------------------------------------------------------------------------


def test_application_create_prefills_the_household_of_the_case(family_case, staff, person, child):
    application = application_create(actor=staff["eb_worker"], case=family_case, month=MONTH)
    members = list(application.members.all())
    assert [(m.person_id, m.role) for m in members] == [(person.pk, "adult"), (child.pk, "child")]
    assert members[1].birth_date == date(2016, 1, 20)
    assert application.status == ApplicationStatus.DRAFT
    assert application.consecutive_months_on_assistance == 0
    event = AuditEvent.objects.get(event_type=EventType.ASSISTANCE_APPLICATION_CREATED)
    assert event.case_id == family_case.pk and event.person_id == person.pk


def test_the_calculation_of_an_application_follows_the_riksnorm(family_case, staff):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    result = _calc(application).result
    # DOMAIN.md §4, 2025: single adult 3 910, child 7–10 3 790, common 2 persons 1 400.
    assert result["norm_total"] == 3910 + 3790 + 1400
    assert result["costs_total"] == 8200
    assert result["income_total"] == 1250
    assert result["assistance"] == 3910 + 3790 + 1400 + 8200 - 1250
    assert {line["kind"] for line in result["lines"]} == {"personal", "common", "cost", "income"}


def test_application_only_on_an_eb_case(bou_case, staff):
    with pytest.raises(ApplicationError) as exc:
        application_create(actor=staff["bou_worker"], case=bou_case, month=MONTH)
    assert exc.value.field == "case"
    assert Application.objects.count() == 0


def test_the_same_month_twice_is_a_conflict(family_case, staff):
    application_create(actor=staff["eb_worker"], case=family_case, month=MONTH)
    with pytest.raises(ConflictError) as exc:
        application_create(actor=staff["eb_worker"], case=family_case, month=MONTH)
    assert "maj 2025" in exc.value.message
    assert Application.objects.count() == 1


def test_month_must_be_its_first_day(family_case, staff):
    with pytest.raises(ApplicationError) as exc:
        application_create(actor=staff["eb_worker"], case=family_case, month=date(2025, 5, 3))
    assert exc.value.field == "month"


def test_a_negative_cost_is_refused_and_nothing_is_saved(family_case, staff):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    data = application_input_from(application)
    data.costs = [CostInput(type="rent", amount=Decimal("-100"))]
    with pytest.raises(ApplicationError) as exc:
        application_update(
            actor=staff["eb_worker"], application=application, data=data, expected_version=application.version
        )
    assert exc.value.field == "costs[0].amount"
    assert "negativt" in exc.value.message and exc.value.message.startswith("Kostnad rad 1")
    assert list(ApplicationCost.objects.filter(application=application).values_list("amount", flat=True)) == [
        Decimal("8200.00")
    ]


def test_a_stale_version_is_refused(family_case, staff):
    application = application_create(actor=staff["eb_worker"], case=family_case, month=MONTH)
    data = application_input_from(application)
    with pytest.raises(ConflictError):
        application_update(actor=staff["eb_worker"], application=application, data=data, expected_version=99)


# -- decisions and the frozen month -------------------------------------------------------------------------


def test_decision_freezes_the_month(family_case, staff, delegations, person):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    decision = decision_make(
        actor=staff["eb_worker"], application=application, outcome="granted", amount=None, reasons="Behovet är styrkt."
    )
    assert decision.amount == Decimal(16050)
    assert decision.payee == person and decision.decided_by == staff["eb_worker"]
    assert decision.month == MONTH and decision.case == family_case
    assert decision.delegation == delegations["worker"]
    assert decision.inputs["costs"] == [{"type": "rent", "amount": 8200}]
    frozen = dict(decision.calculation)
    assert frozen["assistance"] == 16050
    assert "4 kap. 1 §" in decision.legal_basis

    # Later: the household changes, a new baby arrives, and the administrator corrects the norm.
    baby = person_create(actor=staff["eb_worker"], identity_number=make_pnr(date(2025, 4, 1), 456), first_name="Bo", last_name="S")
    household_member_add(
        actor=staff["eb_worker"], household=family_case.household, person=baby, role="child", since=date(2025, 4, 1)
    )
    NormAmountOverride.objects.create(year=2025, key="adult_single", amount=Decimal(5000), mark="✔", source="Test")

    decision.refresh_from_db()
    assert decision.calculation == frozen
    application = Application.objects.get(pk=application.pk)
    assert application.status == ApplicationStatus.DECIDED
    assert selectors.application_outcome(application=application).result == frozen
    assert application.members.count() == 2

    data = application_input_from(application)
    with pytest.raises(ConflictError):
        application_update(
            actor=staff["eb_worker"], application=application, data=data, expected_version=application.version
        )
    with pytest.raises(ConflictError):
        decision_make(actor=staff["eb_manager"], application=application, outcome="rejected", reasons="Nej.")
    assert Decision.objects.count() == 1
    event = AuditEvent.objects.get(event_type=EventType.ASSISTANCE_DECISION_MADE)
    assert event.data["outcome"] == "granted" and event.data["amount"] == "16050"
    assert family_case.events.filter(event_type="assistance_decided").exists()


def test_granted_amount_must_be_the_calculated_one(family_case, staff, delegations):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    with pytest.raises(ApplicationError) as exc:
        decision_make(actor=staff["eb_worker"], application=application, outcome="granted", amount=20000, reasons="x")
    assert exc.value.field == "amount" and "16050" in exc.value.message
    with pytest.raises(ApplicationError) as exc:
        decision_make(
            actor=staff["eb_worker"], application=application, outcome="partly_granted", amount=17000, reasons="x"
        )
    assert exc.value.field == "amount"
    with pytest.raises(ApplicationError) as exc:
        decision_make(actor=staff["eb_worker"], application=application, outcome="rejected", amount=10, reasons="x")
    assert exc.value.field == "amount"
    with pytest.raises(ApplicationError) as exc:
        decision_make(actor=staff["eb_worker"], application=application, outcome="granted", reasons="  ")
    assert exc.value.field == "reasons"
    assert Decision.objects.count() == 0


def test_partly_granted(family_case, staff, delegations):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    decision = decision_make(
        actor=staff["eb_worker"], application=application, outcome="partly_granted", amount=9000,
        reasons="Hyran är högre än skäligt; bistånd ges för skälig hyra.",
    )
    assert decision.amount == 9000 and decision.calculated_amount == 16050 and decision.is_adverse


# -- delegation ---------------------------------------------------------------------------------------------


def test_without_delegation_nobody_decides_and_the_message_names_who_can(family_case, staff, delegations):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    with pytest.raises(AccessDeniedError) as exc:
        decision_make(actor=staff["eb_worker2"], application=application, outcome="granted", reasons="Styrkt.")
    assert "ingen delegation" in exc.value.message
    assert "Maria Holm (enhetschef)" in exc.value.message
    assert Decision.objects.count() == 0
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT


def test_above_max_amount_the_unit_manager_decides(family_case, staff, delegations):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    delegations["worker"].max_amount = 12000
    delegations["worker"].save()
    with pytest.raises(AccessDeniedError) as exc:
        decision_make(actor=staff["eb_worker"], application=application, outcome="granted", reasons="Styrkt.")
    assert "över din delegation" in exc.value.message and "Maria Holm" in exc.value.message
    assert "Eva Berg" not in exc.value.message  # she cannot decide this amount
    # the same worker may still decide a lower amount (delvis bifall) within delegation
    decision = decision_make(
        actor=staff["eb_manager"], application=application, outcome="granted", reasons="Styrkt."
    )
    assert decision.decided_by == staff["eb_manager"] and decision.delegation == delegations["manager"]


def test_an_expired_delegation_does_not_count(family_case, staff, delegations):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    Delegation.objects.filter(pk=delegations["worker"].pk).update(valid_to=date.today() - timedelta(days=1))
    with pytest.raises(AccessDeniedError):
        decision_make(actor=staff["eb_worker"], application=application, outcome="granted", reasons="Styrkt.")
    Delegation.objects.filter(pk=delegations["worker"].pk).update(
        valid_to=None, valid_from=date.today() + timedelta(days=1)
    )
    with pytest.raises(AccessDeniedError):
        decision_make(actor=staff["eb_worker"], application=application, outcome="granted", reasons="Styrkt.")


def test_a_delegation_for_another_kind_of_decision_does_not_count(family_case, staff):
    Delegation.objects.create(
        user=staff["eb_worker"], decision_kind="bistand_vuxen", max_amount=None, point="x", valid_from=date(2020, 1, 1)
    )
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    with pytest.raises(AccessDeniedError):
        decision_make(actor=staff["eb_worker"], application=application, outcome="granted", reasons="Styrkt.")


# -- guidelines ---------------------------------------------------------------------------------------------


def test_a_cost_above_a_guideline_warns_but_is_never_capped(family_case, staff, delegations):
    guideline_create(
        actor=staff["eb_manager"], cost_type="rent", household_size=2, max_amount="6500",
        source="Socialnämnden 2024-12-10 § 88", valid_from=date(2025, 1, 1),
    )
    guideline_create(  # for every size, but the exact size wins
        actor=staff["eb_manager"], cost_type="rent", household_size=None, max_amount="9000",
        source="Allmän riktlinje", valid_from=date(2025, 1, 1),
    )
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    outcome = _calc(application)
    assert len(outcome.guideline_warnings) == 1
    warning = outcome.guideline_warnings[0]
    assert warning["max_amount"] == "6500.00" and "Socialnämnden 2024-12-10 § 88" in warning["message"]
    assert "inte begränsad" in warning["message"]
    rent = next(line for line in outcome.result["lines"] if line["kind"] == "cost")
    assert rent["amount"] == 8200  # never silently capped
    decision = decision_make(actor=staff["eb_worker"], application=application, outcome="granted", reasons="Styrkt.")
    assert decision.guideline_warnings and decision.guideline_warnings[0]["amount"] == "8200"


def test_a_guideline_not_in_force_does_not_warn(family_case, staff):
    guideline_create(
        actor=staff["eb_manager"], cost_type="rent", household_size=2, max_amount="6500", source="Gammal riktlinje",
        valid_from=date(2020, 1, 1), valid_to=date(2024, 12, 31),
    )
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    assert _calc(application).guideline_warnings == []


def test_only_admins_and_managers_edit_guidelines(staff):
    with pytest.raises(AccessDeniedError):
        guideline_create(
            actor=staff["eb_worker"], max_amount="6500", source="x", valid_from=date(2025, 1, 1)
        )
    with pytest.raises(ApplicationError) as exc:
        guideline_create(actor=staff["eb_manager"], max_amount="6500", source=" ", valid_from=date(2025, 1, 1))
    assert exc.value.field == "source"
    assert Guideline.objects.count() == 0


# -- riksnorm corrections -----------------------------------------------------------------------------------


def test_an_amount_without_source_is_unconfirmed_everywhere(family_case, staff, sysadmin):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    assert _calc(application).result["assistance"] == 16050
    row = norm_amount_set(actor=sysadmin, year=2025, key="child_7_10", amount="3800", source="", mark="✔")
    assert row.mark == "⚠" and row.entered_by == sysadmin
    result = _calc(application).result  # the very next calculation uses it: no stale cache
    assert result["assistance"] == 16060
    child_line = next(line for line in result["lines"] if "7–10" in line["label"])
    assert child_line["mark"] == "⚠" and child_line["confirmed"] is False
    assert any("3 800 kr ⚠" in u for u in result["unconfirmed_amounts"])
    event = AuditEvent.objects.get(event_type=EventType.NORM_AMOUNT_SET)
    assert event.data["old"]["amount"] == "3790" and event.data["old"]["mark"] == "✔"
    assert event.data["new"]["amount"] == "3800.00" and event.data["new"]["mark"] == "⚠"
    assert event.acting_user_id == sysadmin.pk

    norm_amount_reset(actor=sysadmin, year=2025, key="child_7_10")
    assert _calc(application).result["assistance"] == 16050
    reset = AuditEvent.objects.get(event_type=EventType.NORM_AMOUNT_RESET)
    assert reset.data["old"]["amount"] == "3800.00" and reset.data["new"]["amount"] == "3790"


def test_an_amount_with_an_official_source_is_confirmed(sysadmin):
    norm_amount_set(actor=sysadmin, year=2026, key="child_lunch_0", amount="2740", source="SFS 2025:9999", mark="✔")
    table = next(t for t in selectors.norm_tables_current() if t.year == 2026)
    cell = table.amounts["child_lunch_0"]
    assert cell.amount == Decimal("2740.00") and cell.mark == "✔" and cell.confirmed


def test_a_new_year_can_be_added(sysadmin):
    norm_amount_set(actor=sysadmin, year=2027, key="adult_single", amount="4000", source="SFS 2026:1", mark="✔")
    table = next(t for t in selectors.norm_tables_current() if t.year == 2027)
    assert table.amounts["adult_single"].amount == 4000
    assert table.amounts["common_1"].amount is None and table.amounts["common_1"].mark == "—"


def test_only_the_system_admin_corrects_the_norm(staff):
    with pytest.raises(AccessDeniedError):
        norm_amount_set(actor=staff["eb_manager"], year=2025, key="adult_single", amount="1", source="x")
    with pytest.raises(ApplicationError):
        norm_amount_set(actor=None, year=2025, key="adult_singel", amount="1", source="x")
    assert NormAmountOverride.objects.count() == 0


def test_norm_tables_current_is_cached_per_request_and_refreshed_on_change(sysadmin, django_assert_num_queries):
    class Request:
        pass

    request = Request()
    first = selectors.norm_tables_current(request=request)
    with django_assert_num_queries(0):
        assert selectors.norm_tables_current(request=request) is first
    norm_amount_set(actor=sysadmin, year=2025, key="adult_single", amount="3999", source="SFS", mark="✔")
    fresh = selectors.norm_tables_current()
    assert next(t for t in fresh if t.year == 2025).amounts["adult_single"].amount == Decimal("3999.00")


# -- renewal and proposal -----------------------------------------------------------------------------------


def _decided(case, staff, month, **money):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=case, month=month), **money)
    decision_make(actor=staff["eb_manager"], application=application, outcome="granted", reasons="Styrkt.")
    return Application.objects.get(pk=application.pk)


def test_consecutive_months_come_from_earlier_decisions(family_case, staff, delegations):
    for month in (date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)):
        _decided(family_case, staff, month)
    april = application_create(actor=staff["eb_worker"], case=family_case, month=date(2025, 4, 1))
    assert april.consecutive_months_on_assistance == 3 == april.consecutive_months_computed
    june = application_create(actor=staff["eb_worker"], case=family_case, month=date(2025, 6, 1))
    assert june.consecutive_months_computed == 0  # April and May were not granted: the run is broken


def test_new_month_is_prefilled_from_this_month(family_case, staff, delegations):
    may = _decided(family_case, staff, MONTH, salary="4000")
    Application.objects.filter(pk=may.pk).update(attachments=[{"name": "Hyresavi", "received": True}])
    may.refresh_from_db()
    june = application_renew(actor=staff["eb_worker"], application=may)
    assert june.month == date(2025, 6, 1) and june.previous == may
    assert [(c.type, c.amount) for c in june.costs.all()] == [("rent", Decimal("8200.00"))]
    assert sorted((i.type, i.amount) for i in june.incomes.all()) == [
        ("child_allowance", Decimal("1250.00")), ("salary", Decimal("4000.00"))
    ]
    assert [m.person_id for m in june.members.all()] == [m.person_id for m in may.members.all()]
    assert june.consecutive_months_on_assistance == 1
    assert june.attachments == [{"name": "Hyresavi", "received": False}]
    assert AuditEvent.objects.filter(event_type=EventType.ASSISTANCE_APPLICATION_RENEWED).count() == 1
    with pytest.raises(ConflictError):
        application_renew(actor=staff["eb_worker"], application=may)


def test_a_proposal_never_creates_a_decision(family_case, staff, delegations):
    may = _decided(family_case, staff, MONTH)
    june = application_renew(actor=staff["eb_worker"], application=may)
    before = (Decision.objects.count(), AuditEvent.objects.count())
    proposal = selectors.application_proposal(application=june)
    assert proposal.outcome == "granted" and proposal.amount == Decimal(16050)
    assert proposal.attention == []  # same as last month, nothing to flag
    assert proposal.to_dict()["auto_decided"] is False
    assert (Decision.objects.count(), AuditEvent.objects.count()) == before
    assert Application.objects.get(pk=june.pk).status == ApplicationStatus.DRAFT


def test_a_proposal_that_reduces_or_rejects_is_flagged_for_review(family_case, staff, delegations):
    may = _decided(family_case, staff, MONTH)
    june = application_renew(actor=staff["eb_worker"], application=may)
    june = costs_incomes(june, salary="5000")
    proposal = selectors.application_proposal(application=Application.objects.get(pk=june.pk))
    assert proposal.outcome == "granted" and proposal.amount < proposal.previous_amount
    assert any("lägre än förra beslutet" in a for a in proposal.attention)

    june = costs_incomes(Application.objects.get(pk=june.pk), salary="40000")
    proposal = selectors.application_proposal(application=Application.objects.get(pk=june.pk))
    assert proposal.outcome == "rejected" and proposal.amount == 0
    assert any("avslag" in a for a in proposal.attention)
    assert "inkomster" in proposal.reasons and "juni 2025" in proposal.reasons
    assert Decision.objects.filter(application=june).count() == 0


def test_a_proposal_is_fast(family_case, staff, delegations):
    may = _decided(family_case, staff, MONTH)
    june = application_renew(actor=staff["eb_worker"], application=may)
    june = Application.objects.get(pk=june.pk)
    proposal = selectors.application_proposal(application=june)
    assert proposal.elapsed_ms < 500, proposal.elapsed_ms


def test_the_database_refuses_to_change_a_decided_month(family_case, staff, delegations):
    from django.db import DatabaseError, transaction

    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    decision = decision_make(actor=staff["eb_worker"], application=application, outcome="granted", reasons="Ok.")
    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(amount=1)
    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(calculation={"assistance": 1})
    with pytest.raises(DatabaseError), transaction.atomic():
        ApplicationCost.objects.filter(application=application).update(amount=1)
    with pytest.raises(DatabaseError), transaction.atomic():
        ApplicationCost.objects.create(application=application, type="other", amount=5, description="x")
    assert Decision.objects.get(pk=decision.pk).amount == 16050
    assert list(ApplicationCost.objects.filter(application=application).values_list("amount", flat=True)) == [8200]


def _renewals(staff, units, count):
    """``count`` EB cases, each with May decided and June renewed (a month's renewals)."""
    from skutan.cases.services import case_open

    drafts = []
    for i in range(count):
        person = person_create(actor=staff["eb_worker"], identity_number=make_pnr(date(1980, 1, 1 + i), 100 + i),
                               first_name="Förnyad", last_name=f"Person {i}")
        case = case_open(actor=staff["eb_worker"], person=person, unit=units["eb"], case_type="financial_assistance",
                         opening_kind="application", assign_to=staff["eb_worker"])
        may = _decided(case, staff, MONTH, salary=str(1000 * i) if i else None)
        drafts.append(application_renew(actor=staff["eb_worker"], application=may))
    return [Application.objects.get(pk=a.pk) for a in drafts]


def test_the_proposals_of_many_renewals_are_read_together(staff, units, delegations):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    drafts = _renewals(staff, units, 4)
    one_by_one = [selectors.application_proposal(application=a).to_dict() for a in drafts]
    with CaptureQueriesContext(connection) as four:
        together = [p.to_dict() for p in selectors.application_proposals(applications=drafts)]
    first = Application.objects.get(pk=drafts[0].pk)
    with CaptureQueriesContext(connection) as one:
        selectors.application_proposals(applications=[first])
    for proposal in one_by_one + together:
        proposal.pop("elapsed_ms")
    assert together == one_by_one
    assert [p["previous_amount"] is not None for p in together] == [True] * 4
    assert len({p["amount"] for p in together}) == 4  # different households, different amounts
    assert len(four.captured_queries) == len(one.captured_queries)  # no query per application
