"""Reports that stay findable: the pattern flag (pure and on the page), the timeline, återkoppling."""

from datetime import date

import pytest
from django.test import override_settings

from skutan.children import selectors, services
from skutan.children.patterns import screened_out_pattern
from skutan.children.tests.conftest import at
from skutan.core.errors import ApplicationError, ConflictError

D = date


@pytest.mark.parametrize(
    "reports, threshold, months, expected",
    [
        ([(D(2025, 1, 10), True), (D(2025, 5, 2), True), (D(2025, 12, 20), True)], 3, 12, 3),
        # the third falls outside twelve months of the first
        ([(D(2025, 1, 10), True), (D(2025, 5, 2), True), (D(2026, 1, 10), True)], 3, 12, None),
        # one that led to an investigation breaks the run inside its window
        ([(D(2025, 1, 10), True), (D(2025, 5, 2), False), (D(2025, 6, 1), True)], 3, 12, None),
        # a later window of three all screened out still counts
        ([(D(2024, 1, 1), False), (D(2025, 2, 1), True), (D(2025, 3, 1), True), (D(2025, 4, 1), True)], 3, 12, 3),
        ([(D(2025, 1, 10), True), (D(2025, 5, 2), True)], 2, 12, 2),
        ([], 3, 12, None),
    ],
)
def test_screened_out_pattern(reports, threshold, months, expected):
    found = screened_out_pattern(reports, threshold=threshold, months=months)
    assert (found.count if found else None) == expected


def _screen_out(report, actor, day):
    return services.preliminary_assessment_decide(actor=actor, report=report, outcome="no_investigation",
                                                  decided_on=day, reason="Ingen oro som kräver utredning.")


def test_pattern_flag_and_timeline_with_siblings(register, staff, family, sibling, child, login):
    actor = staff["bou_worker"]
    for month in (1, 4, 9):
        _screen_out(register(received_at=at(2025, month, 6)), actor, D(2025, month, 8))
    register(child=sibling, received_at=at(2025, 10, 1))
    pattern = selectors.child_pattern(child_id=child.pk)
    assert (pattern.count, pattern.first, pattern.last) == (3, D(2025, 1, 6), D(2025, 9, 6))
    with override_settings(SKUTAN_CHILDREN_PATTERN_REPORTS=4):
        assert selectors.child_pattern(child_id=child.pk) is None
    page = login(actor).get(f"/barn/barn/{child.pk}/anmalningar/").content.decode()
    assert "Mönster:" in page and "3 anmälningar inom 12 månader" in page
    assert page.count("Utredning inleds inte") == 3 and "syskon: Nils" in page and "Förhandsbedömning pågår" in page


def test_reporter_feedback_recorded_letter_and_board(register, staff, bou_manager, login):
    actor = staff["bou_worker"]
    report = register()
    with pytest.raises(ApplicationError):  # not before the förhandsbedömning
        services.child_report_feedback_record(actor=actor, report=report, given_on=D(2025, 3, 5), channel="letter")
    services.preliminary_assessment_decide(actor=actor, report=report, outcome="open_investigation",
                                           decided_on=D(2025, 3, 12))
    board = selectors.deadline_board(user=bou_manager, today=D(2025, 3, 13))
    assert [r.pk for r in board["feedback_pending"]] == [report.pk]
    letter = login(actor).get(f"/barn/orosanmalningar/{report.pk}/aterkoppling/brev/").content.decode()
    assert "en utredning har inletts" in letter and "Rektor Berit Lund" in letter and "blåmärken" not in letter
    services.child_report_feedback_record(actor=actor, report=report, given_on=D(2025, 3, 13), channel="letter")
    assert selectors.deadline_board(user=bou_manager, today=D(2025, 3, 13))["feedback_pending"] == []
    with pytest.raises(ConflictError):
        services.child_report_feedback_record(actor=actor, report=report, given_on=D(2025, 3, 14), channel="email")
    private = register(reporter_category="private_person", reporter_name="", reporter_contact="")
    with pytest.raises(ApplicationError):
        services.child_report_feedback_record(actor=actor, report=private, given_on=D(2025, 3, 14), channel="email")


def test_the_person_page_links_to_the_timeline_for_the_children_unit_only(register, staff, family, child, sibling,
                                                                          login):
    register(received_at=at(2025, 2, 6))
    register(child=sibling, received_at=at(2025, 3, 1))
    link = f'href="/barn/barn/{child.pk}/anmalningar/"'
    page = login(staff["bou_worker"]).get(f"/personer/{child.pk}/").content.decode()
    assert link in page and "Orosanmälningar om barnet och syskon (2)" in page
    page = login(staff["eb_worker"]).get(f"/personer/{child.pk}/")
    assert link not in page.content.decode()  # EB is not told that reports exist (or may not see the person)
