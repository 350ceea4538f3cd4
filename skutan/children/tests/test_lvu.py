"""LVU through the API and the services: 6 § with its 7 § and 8 § clocks, care and its 13 § clock, the board."""

from datetime import date

import pytest
from django.test import override_settings

from skutan.children import selectors, services
from skutan.children.models import LvuDecision
from skutan.core.errors import ApplicationError, ConflictError


@pytest.fixture
def case(register):
    return register().case


@pytest.fixture
def worker_api(api, staff):
    return api(staff["bou_worker"])


def _custody(**overrides):
    body = {"kind": "immediate_custody", "decided_on": "2025-04-11", "executed_on": "2025-04-11",
            "grounds": "2 §", "reasons": "Pappan har slagit barnet; barnet kan inte bo kvar hemma."}
    body.update(overrides)
    return body


def test_immediate_custody_answers_with_both_court_deadlines(worker_api, case):
    r = worker_api.post(f"/cases/{case.pk}/lvu-decisions", _custody())
    assert r.status_code == 201, r.content
    body = r.json()
    # 7 §: one week from Friday 11 April 2025 is långfredagen 18 April → Tuesday 22 April after Easter
    assert body["court_submission_due"] == "2025-04-22"
    assert body["court_submission_source"] == "LVU (1990:52) 7 §"
    # 8 §: four weeks from the execution, Friday 9 May 2025 (an ordinary day)
    assert body["care_application_due"] == "2025-05-09"
    assert body["care_application_source"] == "LVU (1990:52) 8 §"
    assert body["next_weekday_rule"] is True and body["in_force"] is True


def test_care_application_counts_from_execution_not_decision(worker_api, case):
    # decided Friday 13 June 2025, carried out Saturday 14 June
    r = worker_api.post(f"/cases/{case.pk}/lvu-decisions", _custody(decided_on="2025-06-13", executed_on="2025-06-14"))
    body = r.json()
    assert body["court_submission_due"] == "2025-06-23"  # 20 June 2025 midsommarafton, 21 midsommardagen, 22 Sunday
    assert body["care_application_due"] == "2025-07-14"  # Saturday 12 July → Monday 14 July


@override_settings(SKUTAN_LVU_NEXT_WEEKDAY=False)
def test_next_weekday_rule_is_a_setting(worker_api, case):
    body = worker_api.post(f"/cases/{case.pk}/lvu-decisions", _custody()).json()
    assert body["court_submission_due"] == "2025-04-18" and body["next_weekday_rule"] is False


def test_executed_before_decided_is_refused(worker_api, case):
    r = worker_api.post(f"/cases/{case.pk}/lvu-decisions", _custody(decided_on="2025-04-11", executed_on="2025-04-10"))
    assert r.status_code == 400 and r.json()["field"] == "executed_on"
    assert LvuDecision.objects.count() == 0


def test_second_custody_in_force_is_a_conflict(worker_api, case):
    assert worker_api.post(f"/cases/{case.pk}/lvu-decisions", _custody()).status_code == 201
    r = worker_api.post(f"/cases/{case.pk}/lvu-decisions", _custody(decided_on="2025-04-14", executed_on="2025-04-14"))
    assert r.status_code == 409
    assert LvuDecision.objects.count() == 1


def test_other_unit_cannot_register(api, other_worker, case):
    r = api(other_worker).post(f"/cases/{case.pk}/lvu-decisions", _custody())
    assert r.status_code == 404


def test_lvu_clocks_on_the_board_and_done_acts_leave_it(staff, bou_manager, case):
    custody = services.lvu_decision_register(
        actor=staff["bou_worker"], case=case, kind="immediate_custody", decided_on=date(2025, 4, 11),
        executed_on=date(2025, 4, 11), grounds="2 §", reasons="Akut fara.",
    )
    board = selectors.deadline_board(user=bou_manager, today=date(2025, 4, 17))
    lvu_rows = {r.kind: r for r in board["rows"] if r.kind.startswith("lvu")}
    assert lvu_rows["lvu_court"].due == date(2025, 4, 22) and lvu_rows["lvu_application"].due == date(2025, 5, 9)
    assert lvu_rows["lvu_court"] in board["forecast"]  # within 7 days
    services.lvu_court_submission_record(actor=staff["bou_worker"], decision=custody, submitted_on=date(2025, 4, 14))
    board = selectors.deadline_board(user=bou_manager, today=date(2025, 4, 17))
    assert {r.kind for r in board["rows"] if r.kind.startswith("lvu")} == {"lvu_application"}
    with pytest.raises(ConflictError):
        services.lvu_court_submission_record(actor=staff["bou_worker"], decision=custody,
                                             submitted_on=date(2025, 4, 15))


def test_the_court_may_extend_the_time_for_the_application(staff, bou_manager, case):
    custody = services.lvu_decision_register(
        actor=staff["bou_worker"], case=case, kind="immediate_custody", decided_on=date(2025, 4, 11),
        executed_on=date(2025, 4, 11), grounds="2 §", reasons="Akut fara.",
    )
    with pytest.raises(ApplicationError):
        services.lvu_care_application_extend(actor=staff["bou_worker"], decision=custody, new_due=date(2025, 5, 2),
                                             reason="Förvaltningsrättens beslut")
    services.lvu_care_application_extend(actor=staff["bou_worker"], decision=custody, new_due=date(2025, 5, 23),
                                         reason="Förvaltningsrättens beslut 2025-05-05, mål 123-25")
    board = selectors.deadline_board(user=bou_manager, today=date(2025, 5, 12))
    assert [r.due for r in board["rows"] if r.kind == "lvu_application"] == [date(2025, 5, 23)]


def test_care_under_3_ends_custody_and_starts_the_six_monthly_clock(staff, bou_manager, case):
    services.lvu_decision_register(
        actor=staff["bou_worker"], case=case, kind="immediate_custody", decided_on=date(2025, 3, 3),
        executed_on=date(2025, 3, 3), grounds="3 §", reasons="Missbruk och brott.",
    )
    care = services.lvu_decision_register(
        actor=staff["bou_worker"], case=case, kind="care", decided_on=date(2025, 3, 28),
        executed_on=date(2025, 3, 31), grounds="3 §", reasons="Förvaltningsrätten beslutade om vård.",
    )
    assert LvuDecision.objects.get(kind="immediate_custody").ended_on == date(2025, 3, 31)
    review = care.reviews.get()
    assert (review.kind, review.due_on, review.limit_source) == (
        "lvu_reconsideration", date(2025, 9, 30), "LVU (1990:52) 13 § andra stycket")  # 31 March → 30 September
    board = selectors.deadline_board(user=bou_manager, today=date(2025, 9, 25))
    assert [r.due for r in board["rows"] if r.kind == "care_review"] == [date(2025, 9, 30)]
    services.care_review_record(actor=staff["bou_worker"], review=review, done_on=date(2025, 9, 26),
                                care_still_needed=True, notes="Vården behövs fortfarande.")
    assert care.reviews.filter(done_on__isnull=True).get().due_on == date(2026, 3, 26)
    services.lvu_decision_end(actor=staff["bou_worker"], decision=care, ended_on=date(2025, 12, 1),
                              reason="Vården upphör (21 §).")
    assert not [r for r in selectors.deadline_board(user=bou_manager, today=date(2025, 12, 2))["rows"]
                if r.kind == "care_review"]


def test_parties_through_the_api(worker_api, case, parent, staff):
    from skutan.children.models import Consent

    r = worker_api.post(f"/cases/{case.pk}/guardians", {"person": parent.pk, "lives_with_child": True})
    assert r.status_code == 201, r.content
    guardian = r.json()["id"]
    listed = worker_api.get(f"/cases/{case.pk}/guardians").json()
    assert [(g["name"], g["protected"]) for g in listed] == [("Lena Ström", False)]
    assert worker_api.post(f"/cases/{case.pk}/party-notices", {
        "guardian": guardian, "subject": "investigation_opened", "sent_on": "2025-03-12", "channel": "letter",
    }).status_code == 201
    r = worker_api.post(f"/cases/{case.pk}/party-notices", {
        "to_child": True, "subject": "decision", "sent_on": "2025-03-12", "channel": "letter"})
    assert r.status_code == 400 and r.json()["field"] == "to_child"
    consent = worker_api.post(f"/cases/{case.pk}/consents", {
        "guardian": guardian, "scope": "Kontaktperson", "given_on": "2025-04-01"}).json()["id"]
    assert worker_api.post(f"/consents/{consent}/withdraw", {"withdrawn_on": "2025-05-01"}).status_code == 200
    assert worker_api.post(f"/consents/{consent}/withdraw", {"withdrawn_on": "2025-05-02"}).status_code == 409
    assert Consent.objects.get().withdrawn_on == date(2025, 5, 1)
    assert [d["kind"] for d in worker_api.get(f"/cases/{case.pk}/lvu-decisions").json()] == []
