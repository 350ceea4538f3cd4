"""Refusals of a decision on an insats, and of extensions, by the rules of issue 10: barnets bästa, the
honour/child-marriage conversation, the child heard, delegation; and a placement with its övervägande."""

from datetime import date
from decimal import Decimal

import pytest

from skutan.accounts.models import Role
from skutan.accounts.services import user_create
from skutan.children import selectors, services
from skutan.children.models import CareReview, Intervention, Placement
from skutan.children.tests.conftest import GOAL, grant_delegations, ready_for_decision
from skutan.core.errors import AccessDeniedError, ApplicationError


def _investigation(register, staff, **report):
    r = register(**report)
    return services.preliminary_assessment_decide(
        actor=staff["bou_worker"], report=r, outcome="open_investigation", decided_on=date(2025, 3, 12)
    ).investigation


def _decide(investigation, actor, **kw):
    params = {"actor": actor, "investigation": investigation, "kind": "contact_person",
              "decided_on": date(2025, 5, 2), "starts_on": date(2025, 5, 5), "provider": "KP Anders", **GOAL}
    params.update(kw)
    return services.intervention_decide(**params)


def test_refused_without_a_best_interest_assessment(register, staff):
    investigation = _investigation(register, staff)
    services.investigation_conversation_record(actor=staff["bou_worker"], investigation=investigation,
                                               held_on=date(2025, 3, 20), held_by="Bo Ek")
    with pytest.raises(ApplicationError) as exc:
        _decide(investigation, staff["bou_worker"])
    assert exc.value.field == "best_interest" and "barnets bästa" in exc.value.message
    assert Intervention.objects.count() == 0


def test_refused_when_the_child_was_not_heard_and_no_reason(register, staff):
    investigation = _investigation(register, staff)
    services.best_interest_assessment_record(actor=staff["bou_worker"], investigation=investigation,
                                             text="Bedömning.", assessed_on=date(2025, 4, 1))
    with pytest.raises(ApplicationError) as exc:
        _decide(investigation, staff["bou_worker"])
    assert exc.value.field == "child_conversation"
    investigation = services.investigation_child_views_save(
        actor=staff["bou_worker"], investigation=investigation, child_views="",
        child_not_heard_reason="Barnet är två år.",
    )
    assert _decide(investigation, staff["bou_worker"]).best_interest.text == "Bedömning."


def test_honour_case_needs_an_enskilt_samtal_before_a_decision(register, staff):
    investigation = _investigation(register, staff, concerns=["honour_related"])
    ready_for_decision(investigation, staff["bou_worker"], alone=False)  # heard, but with the mother present
    with pytest.raises(ApplicationError) as exc:
        _decide(investigation, staff["bou_worker"])
    assert exc.value.field == "no_conversation_reason" and "enskilt samtal" in exc.value.message
    services.investigation_conversation_record(actor=staff["bou_worker"], investigation=investigation,
                                               held_on=date(2025, 4, 2), held_by="Bo Ek", alone=True)
    assert _decide(investigation, staff["bou_worker"]).pk


def test_conversation_not_alone_needs_a_reason(register, staff):
    investigation = _investigation(register, staff)
    with pytest.raises(ApplicationError) as exc:
        services.investigation_conversation_record(actor=staff["bou_worker"], investigation=investigation,
                                                   held_on=date(2025, 3, 20), held_by="Bo Ek", alone=False)
    assert exc.value.field == "not_alone_reason"


@pytest.fixture
def capped_worker(units, staff):
    user = user_create(username="bou.ny", password="Skutan-demo-2026", first_name="Ny", last_name="Handläggare",
                       memberships=[(units["bou"], Role.CASEWORKER)])
    return grant_delegations(user, max_amount=Decimal(20000))


def test_refused_above_delegation(register, staff, capped_worker):
    investigation = _investigation(register, staff)
    ready_for_decision(investigation, staff["bou_worker"])
    with pytest.raises(AccessDeniedError) as exc:
        _decide(investigation, capped_worker, kind="hvb", place_name="HVB Ekbacken", provider="HVB Ekbacken",
                monthly_cost=Decimal(95000))
    assert "över din delegation" in exc.value.message
    intervention = _decide(investigation, capped_worker, monthly_cost=Decimal(4000))
    assert intervention.delegation_source == "Testdelegation bou_insats"


def test_refused_without_any_delegation_also_for_extensions(register, staff, units):
    nobody = user_create(username="bou.utan", password="Skutan-demo-2026", first_name="Utan", last_name="Delegation",
                         memberships=[(units["bou"], Role.CASEWORKER)])
    report = register()
    with pytest.raises(AccessDeniedError):
        services.preliminary_assessment_extend(actor=nobody, report=report, new_due=date(2025, 3, 31),
                                               reason="Synnerliga skäl.", decided_on=date(2025, 3, 10))
    investigation = _investigation(register, staff)
    with pytest.raises(AccessDeniedError):
        services.investigation_extend(actor=nobody, investigation=investigation, new_due=date(2025, 9, 1),
                                      reason="Särskilda skäl.", decided_on=date(2025, 7, 1))
    ready_for_decision(investigation, staff["bou_worker"])
    with pytest.raises(AccessDeniedError):
        _decide(investigation, nobody)


def test_against_the_party_carries_appeal_information(register, staff):
    investigation = _investigation(register, staff)
    ready_for_decision(investigation, staff["bou_worker"])
    intervention = _decide(investigation, staff["bou_worker"], against_party=True)
    assert "förvaltningsrätten" in intervention.appeal_information and "tre veckor" in intervention.appeal_information
    assert intervention.legal_source.startswith("SoL (2001:453) 4 kap. 1 §")


def test_lvu_ground_needs_lvu_in_force(register, staff):
    investigation = _investigation(register, staff)
    ready_for_decision(investigation, staff["bou_worker"])
    with pytest.raises(ApplicationError) as exc:
        _decide(investigation, staff["bou_worker"], legal_ground="lvu_2")
    assert exc.value.field == "legal_ground"


def test_placement_starts_with_its_six_monthly_consideration_across_a_month_end(register, staff, bou_manager):
    investigation = _investigation(register, staff)
    ready_for_decision(investigation, staff["bou_worker"])
    home = services.foster_home_register(actor=staff["bou_worker"], unit=investigation.case.unit,
                                         name="Familjehemmet Lind", consent_on=date(2024, 11, 1))
    _decide(investigation, staff["bou_worker"], kind="foster_home", provider="Familjehemmet Lind", foster_home=home,
            decided_on=date(2025, 8, 29), starts_on=date(2025, 8, 31))
    placement = Placement.objects.get()
    assert (placement.place_name, placement.starts_on) == ("Familjehemmet Lind", date(2025, 8, 31))
    review = CareReview.objects.get()
    # 31 August + six months = 28 February; after 1 July 2025 under the new SoL, its paragraph unconfirmed
    assert (review.due_on, review.limit_confirmed) == (date(2026, 2, 28), False)
    assert review.limit_source.startswith("SoL (2025:400)")
    board = selectors.deadline_board(user=bou_manager, today=date(2026, 2, 23))
    rows = [r for r in board["rows"] if r.kind == "care_review"]
    assert [r.due for r in rows] == [date(2026, 2, 28)] and rows[0] in board["forecast"]
    assert selectors.foster_home_details(user=staff["bou_worker"], home=home)["placed"] == [placement]


def _placed(register, staff):
    investigation = _investigation(register, staff)
    ready_for_decision(investigation, staff["bou_worker"])
    _decide(investigation, staff["bou_worker"], kind="hvb", provider="HVB Ekbacken", place_name="HVB Ekbacken",
            decided_on=date(2025, 5, 2), starts_on=date(2025, 5, 5))
    return investigation.case


def test_ending_a_placement_takes_its_consideration_off_the_board_and_keeps_the_history(register, staff,
                                                                                         bou_manager):
    case = _placed(register, staff)
    assert CareReview.objects.filter(case=case, done_on__isnull=True).count() == 1
    with pytest.raises(ApplicationError) as exc:  # no reason, nothing changed
        services.placement_end(actor=staff["bou_worker"], case=case, ended_on=date(2025, 9, 1), reason=" ")
    assert exc.value.field == "reason" and Placement.objects.get().ended_on is None
    with pytest.raises(ApplicationError) as exc:
        services.placement_end(actor=staff["bou_worker"], case=case, ended_on=date(2025, 5, 1), reason="Flytt hem.")
    assert exc.value.field == "ended_on"
    placement = services.placement_end(actor=staff["bou_worker"], case=case, ended_on=date(2025, 9, 1),
                                       reason="Flyttar hem till mamma.")
    assert (placement.ended_on, placement.end_reason, placement.ended_by) == (
        date(2025, 9, 1), "Flyttar hem till mamma.", staff["bou_worker"])
    assert not CareReview.objects.filter(case=case, done_on__isnull=True).exists()
    board = selectors.deadline_board(user=bou_manager, today=date(2025, 10, 1))
    assert not [r for r in board["rows"] if r.kind == "care_review" and r.case_id == case.pk]
    from skutan.cases.models import CaseEvent

    assert CaseEvent.objects.filter(case=case, event_type="placement_ended").count() == 1
    from skutan.core.errors import ConflictError

    with pytest.raises(ConflictError):  # nothing in progress any more
        services.placement_end(actor=staff["bou_worker"], case=case, ended_on=date(2025, 9, 2), reason="Igen.")


def test_placement_end_api_and_page(register, staff, api, login):
    case = _placed(register, staff)
    r = api(staff["bou_worker"]).post(f"/cases/{case.pk}/placement/end", {"ended_on": "2025-13-01", "reason": "x"})
    assert r.status_code in (400, 422) and Placement.objects.get().ended_on is None
    page = login(staff["bou_worker"]).get(f"/barn/arende/{case.pk}/").content.decode()
    assert "Avsluta placeringen" in page
    r = login(staff["bou_worker"]).post(f"/barn/arende/{case.pk}/placering/avsluta/",
                                        {"plavs-ended_on": "2025-09-01", "plavs-reason": "Flytt till familjehem."})
    assert r.status_code == 302 and Placement.objects.get().end_reason == "Flytt till familjehem."
    r = api(staff["bou_worker"]).post(f"/cases/{case.pk}/placement/end", {"ended_on": "2025-09-02", "reason": "x"})
    assert r.status_code == 409


# -- the point of the delegationsordning (issue 8: every decision records which point it used) -------------


def _role_point(unit, kind, *, valid_from=date(2024, 1, 1), valid_to=None, max_amount=None):
    from skutan.accounts.models import Delegation

    return Delegation.objects.create(decision_kind=kind, point=f"3.{kind}", unit=unit, role=Role.UNIT_MANAGER,
                                     valid_from=valid_from, valid_to=valid_to, max_amount=max_amount,
                                     source_body="Socialnämnden", source_date=date(2023, 12, 14),
                                     source_paragraph="§ 112")


def test_a_role_point_in_the_case_unit_lets_the_manager_decide_and_is_recorded(register, staff, units):
    from skutan.children.delegation import INTERVENTION, INVESTIGATION_EXTENSION, PRELIMINARY_EXTENSION

    manager = user_create(username="bou.chef2", password="Skutan-demo-2026", first_name="Rut", last_name="Chef",
                          memberships=[(units["bou"], Role.UNIT_MANAGER)])
    points = {kind: _role_point(units["bou"], kind) for kind in (INTERVENTION, INVESTIGATION_EXTENSION,
                                                                  PRELIMINARY_EXTENSION)}
    report = register()
    extension = services.preliminary_assessment_extend(actor=manager, report=report, new_due=date(2025, 3, 31),
                                                       reason="Synnerliga skäl.", decided_on=date(2025, 3, 10))
    assert extension.delegation == points[PRELIMINARY_EXTENSION]
    investigation = _investigation(register, staff)
    extension = services.investigation_extend(actor=manager, investigation=investigation, new_due=date(2025, 9, 1),
                                              reason="Särskilda skäl.", decided_on=date(2025, 7, 1))
    assert extension.delegation == points[INVESTIGATION_EXTENSION]
    ready_for_decision(investigation, staff["bou_worker"])
    intervention = _decide(investigation, manager)
    assert intervention.delegation == points[INTERVENTION]
    assert "Socialnämnden" in intervention.delegation_source and "§ 112" in intervention.delegation_source


def test_a_role_point_of_another_unit_does_not_apply(register, staff, units):
    from skutan.children.delegation import INTERVENTION

    manager = user_create(username="bou.chef3", password="Skutan-demo-2026", first_name="Rut", last_name="Chef",
                          memberships=[(units["bou"], Role.UNIT_MANAGER), (units["eb"], Role.UNIT_MANAGER)])
    _role_point(units["eb"], INTERVENTION)  # a point for the EB unit's managers, not for Barn och unga's
    investigation = _investigation(register, staff)
    ready_for_decision(investigation, staff["bou_worker"])
    with pytest.raises(AccessDeniedError):
        _decide(investigation, manager)


def test_an_expired_point_lets_no_one_decide(register, staff, units):
    from skutan.children.delegation import INTERVENTION

    manager = user_create(username="bou.chef4", password="Skutan-demo-2026", first_name="Rut", last_name="Chef",
                          memberships=[(units["bou"], Role.UNIT_MANAGER)])
    _role_point(units["bou"], INTERVENTION, valid_to=date(2025, 4, 30))
    investigation = _investigation(register, staff)
    ready_for_decision(investigation, staff["bou_worker"])
    with pytest.raises(AccessDeniedError):
        _decide(investigation, manager, decided_on=date(2025, 5, 2))  # the day after the point ended
    assert _decide(investigation, manager, decided_on=date(2025, 4, 30)).delegation.valid_to == date(2025, 4, 30)
