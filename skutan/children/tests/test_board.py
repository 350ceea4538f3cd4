"""The deadline board (fristbevakning): scope, forecast, alarm, one-click reallocation, and its query count."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skutan.audit.models import AccessLog
from skutan.cases.models import CaseAssignment
from skutan.children import selectors, services
from skutan.children.tests.conftest import GOAL, ready_for_decision
from skutan.conftest import make_pnr
from skutan.people.services import person_create

from .conftest import at

TODAY = date(2025, 3, 12)


def _new_child(staff, n: int):
    return person_create(
        actor=staff["bou_worker"], identity_number=make_pnr(date(2014, 1, 1 + n), 300 + 2 * n + 1),
        first_name=f"Barn{n}", last_name="Testsson",
    )


def _populate(register, staff, start: int, count: int):
    """count pairs of children: one with an open investigation and a new undecided report, one with an
    intervention whose follow-up is overdue. Six board rows per pair."""
    for n in range(start, start + count):
        kid = _new_child(staff, 2 * n)
        older = register(child=kid, received_at=at(2025, 1, 7), assign_to=staff["bou_worker"])
        investigation = services.preliminary_assessment_decide(
            actor=staff["bou_worker"], report=older, outcome="open_investigation", decided_on=date(2025, 1, 10)
        ).investigation
        services.consultation_record(actor=staff["bou_worker"], investigation=investigation, held_on=date(2025, 1, 20),
                                     agency="barnahus", participants="Polis")
        register(child=kid, received_at=at(2025, 3, 3))
        other = _new_child(staff, 2 * n + 1)
        placed = register(child=other, received_at=at(2025, 1, 8), assign_to=staff["bou_worker"])
        investigation = services.preliminary_assessment_decide(
            actor=staff["bou_worker"], report=placed, outcome="open_investigation", decided_on=date(2025, 1, 10)
        ).investigation
        ready_for_decision(investigation, staff["bou_worker"])
        services.intervention_decide(actor=staff["bou_worker"], investigation=investigation, kind="hvb",
                                     decided_on=date(2025, 2, 1), starts_on=date(2025, 2, 3), provider="HVB Ekbacken",
                                     place_name="HVB Ekbacken", follow_up_dates=[date(2025, 3, 10)], **GOAL)


def _count_board_queries(user):
    with CaptureQueriesContext(connection) as ctx:
        board = selectors.deadline_board(user=user, today=TODAY)
        # touch what the template touches
        for row in board["rows"]:
            _ = (row.case and row.case.reference, row.child_name, [a.user.display_name for a in row.assignees])
        for report in board["alarm"]:
            _ = (report.child_label, report.case and report.case.reference)
    return len(ctx.captured_queries), board


def test_board_query_count_does_not_grow_with_rows(register, staff, bou_manager):
    _populate(register, staff, 0, 2)
    _count_board_queries(bou_manager)  # the user's units and roles are cached on the user after the first call
    small, board = _count_board_queries(bou_manager)
    assert len(board["rows"]) == 14  # each HVB placement also has its six-monthly övervägande
    assert {r.kind for r in board["rows"]} == {"protection", "preliminary", "investigation", "follow_up",
                                               "care_review"}
    _populate(register, staff, 2, 5)
    large, board = _count_board_queries(bou_manager)
    assert len(board["rows"]) == 49
    assert large == small


def test_board_page_query_count_is_constant(login, register, staff, bou_manager):
    web = login(bou_manager)
    _populate(register, staff, 0, 1)
    web.get("/barn/frister/")  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert web.get("/barn/frister/").status_code == 200
    _populate(register, staff, 1, 4)
    with CaptureQueriesContext(connection) as many:
        page = web.get("/barn/frister/")
    assert page.status_code == 200 and page.content.decode().count("Barn") > 4
    assert len(many.captured_queries) == len(few.captured_queries)


def test_manager_sees_forecast_alarm_and_late_rows(register, staff, bou_manager, child):
    soon = register(received_at=at(2025, 3, 3))  # förhandsbedömning due Mon 17/3: 5 days left
    later = register(received_at=at(2025, 3, 10))  # due Mon 24/3: 12 days left
    services.protection_assessment_record(actor=staff["bou_worker"], report=later, assessed_at=at(2025, 3, 10, 15),
                                          immediate_protection_needed=False, notes="Ok")
    board = selectors.deadline_board(user=bou_manager, today=TODAY)
    assert not board["mine"]
    forecast = [(r.kind, r.report.pk, r.status.text) for r in board["forecast"]]
    assert forecast == [("preliminary", soon.pk, "5 dagar kvar")]
    assert [r.pk for r in board["alarm"]] == [soon.pk]  # received 3 March, still no skyddsbedömning
    late = [(r.kind, r.status.text) for r in board["late"]]
    assert late == [("protection", "Försenad 9 dagar")]
    assert {(r.kind, r.report.pk) for r in board["rows"]} == {
        ("protection", soon.pk), ("preliminary", soon.pk), ("preliminary", later.pk)}


def test_caseworker_sees_only_cases_assigned_to_them(register, staff, bou_worker2, bou_manager):
    mine = register(assign_to=staff["bou_worker"])
    other_kid = _new_child(staff, 9)
    theirs = register(child=other_kid, assign_to=bou_worker2)
    board = selectors.deadline_board(user=staff["bou_worker"], today=TODAY)
    assert board["mine"] is True
    assert {r.report.pk for r in board["rows"]} == {mine.pk}
    manager_board = selectors.deadline_board(user=bou_manager, today=TODAY)
    assert {r.report.pk for r in manager_board["rows"]} == {mine.pk, theirs.pk}
    assert [w.username for w in manager_board["workers"][mine.unit_id]] == ["bou.handlaggare", "bou.handlaggare2"]


def test_overdue_follow_ups_on_the_board(register, staff, bou_manager):
    report = register()
    investigation = services.preliminary_assessment_decide(
        actor=staff["bou_worker"], report=report, outcome="open_investigation", decided_on=date(2025, 3, 4)
    ).investigation
    ready_for_decision(investigation, staff["bou_worker"])
    services.intervention_decide(actor=staff["bou_worker"], investigation=investigation, kind="foster_home",
                                 decided_on=date(2025, 3, 5), starts_on=date(2025, 3, 6), provider="Familjehemmet Ek",
                                 place_name="Familjehemmet Ek",
                                 follow_up_dates=[date(2025, 3, 10), date(2025, 3, 14), date(2025, 5, 1)], **GOAL)
    board = selectors.deadline_board(user=bou_manager, today=TODAY)
    follow_rows = [(r.due, r.status.text) for r in board["rows"] if r.kind == "follow_up"]
    assert follow_rows == [(date(2025, 3, 10), "Försenad 2 dagar"), (date(2025, 3, 14), "2 dagar kvar")]
    assert [r.due for r in board["follow_ups_overdue"]] == [date(2025, 3, 10)]


def test_board_page_shows_words_and_logs_the_children_listed(login, register, staff, bou_manager):
    report = register()
    page = login(bou_manager).get("/barn/frister/").content.decode()
    assert "Försenad" in page and "tag-danger" in page
    assert "Larm: skyddsbedömning saknas (1)" in page
    assert "Elsa Ström" in page
    logged = AccessLog.objects.filter(object_type="children_board", user_id=bou_manager.pk)
    assert list(logged.values_list("person_id", flat=True)) == [report.child_id]


def test_reassign_in_one_click_with_htmx(login, register, staff, bou_manager, bou_worker2):
    report = register(assign_to=staff["bou_worker"])
    web = login(bou_manager)
    response = web.post(f"/barn/frister/fordela/{report.case_id}/", {"user": bou_worker2.pk, "row": "3"},
                        HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="assign-3"' in html and "Fördelat till Sofia Strand" in html
    current = CaseAssignment.objects.get(case_id=report.case_id, ended_at__isnull=True)
    assert current.user == bou_worker2
    assert report.case.events.filter(event_type="allocated").count() == 2


def test_reassign_refused_for_caseworker_and_other_units(login, register, staff, bou_worker2, other_unit,
                                                         with_manager_role, other_worker):
    report = register(assign_to=staff["bou_worker"])
    response = login(staff["bou_worker"]).post(
        f"/barn/frister/fordela/{report.case_id}/", {"user": bou_worker2.pk}, HTTP_HX_REQUEST="true"
    )
    assert "Bara enhetschefen" in response.content.decode()
    manager_elsewhere = with_manager_role(other_worker, other_unit)
    assert login(manager_elsewhere).post(f"/barn/frister/fordela/{report.case_id}/",
                                         {"user": bou_worker2.pk}).status_code == 404
    assert CaseAssignment.objects.get(case_id=report.case_id, ended_at__isnull=True).user == staff["bou_worker"]


@pytest.mark.parametrize("scope", ["auto", "mine"])
def test_manager_can_switch_to_own_board(register, bou_manager, scope):
    register(assign_to=bou_manager)
    board = selectors.deadline_board(user=bou_manager, scope=scope, today=TODAY)
    assert board["mine"] is (scope == "mine")
    assert len(board["rows"]) == 2
