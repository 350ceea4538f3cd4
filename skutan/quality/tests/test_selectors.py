"""Who sees a deviation (issue 13 part 5): reporter, unit manager, quality role; never the case's caseworkers."""

import pytest

from skutan.audit.context import AccessContext
from skutan.audit.models import AccessLog
from skutan.core.errors import NotFoundError
from skutan.quality import selectors

pytestmark = pytest.mark.django_db


def _ctx(user):
    return AccessContext(user=user, purpose="Kvalitetsarbete")


def test_reporter_unit_manager_and_quality_role_see_the_deviation(deviation, staff, officer):
    for user in (staff["eb_worker"], staff["eb_manager"], officer):
        assert selectors.deviation_get_for_user(ctx=_ctx(user), deviation_id=deviation.pk) == deviation


def test_anyone_else_gets_not_found(deviation, staff):
    for user in (staff["eb_worker2"], staff["bou_worker"], staff["reviewer"]):
        with pytest.raises(NotFoundError):
            selectors.deviation_get_for_user(ctx=_ctx(user), deviation_id=deviation.pk)


def test_every_read_is_logged_with_the_person_of_the_case(deviation, staff, eb_case):
    before = AccessLog.objects.count()
    selectors.deviation_get_for_user(ctx=_ctx(staff["eb_manager"]), deviation_id=deviation.pk)
    row = AccessLog.objects.order_by("-id").first()
    assert AccessLog.objects.count() == before + 1
    assert (row.object_type, row.person_id, row.case_id, row.user_id) == (
        "deviation", eb_case.person_id, eb_case.pk, staff["eb_manager"].pk)


def test_on_the_case_page_only_the_manager_and_quality_role_see_deviations(deviation, staff, officer, eb_case):
    assert selectors.deviations_for_case(ctx=_ctx(staff["eb_worker"]), case=eb_case) is None  # reporter, caseworker
    assert selectors.deviations_for_case(ctx=_ctx(staff["eb_worker2"]), case=eb_case) is None
    assert selectors.deviations_for_case(ctx=_ctx(staff["eb_manager"]), case=eb_case) == [deviation]
    assert selectors.deviations_for_case(ctx=_ctx(officer), case=eb_case) == [deviation]


def test_the_reporter_is_visible_to_the_quality_role_only(staff, officer):
    assert selectors.deviation_reporter_visible(user=officer)
    assert not selectors.deviation_reporter_visible(user=staff["eb_manager"])
    assert not selectors.deviation_reporter_visible(user=staff["eb_worker"])


def test_a_reporter_cannot_link_a_case_they_cannot_see(bou_case, staff):
    with pytest.raises(NotFoundError):
        selectors.deviation_case_for_report(user=staff["eb_worker"], case_id=bou_case.pk)
    assert selectors.deviation_case_for_report(user=staff["bou_worker"], case_id=bou_case.pk) == bou_case


def test_drafts_are_private_to_their_author(staff, units, officer, categories):
    from skutan.quality import services

    draft = services.deviation_draft_save(actor=staff["eb_worker"], draft=None,
                                          data={"unit": units["eb"], "category": "other", "description": "Halvfärdig"})
    with pytest.raises(NotFoundError):
        selectors.deviation_get_for_user(ctx=_ctx(officer), deviation_id=draft.pk)
    assert selectors.deviation_list_for_user(ctx=_ctx(officer)) == []
    assert selectors.deviation_get_for_user(ctx=_ctx(staff["eb_worker"]), deviation_id=draft.pk) == draft


def test_statistics_scope(staff, officer, management):
    from skutan.core.errors import AccessDeniedError

    assert selectors.statistics_scope(user=officer) is None
    assert selectors.statistics_scope(user=management) is None
    assert selectors.statistics_scope(user=staff["eb_manager"]) == {staff["eb_manager"].memberships.first().unit_id}
    with pytest.raises(AccessDeniedError):
        selectors.statistics_scope(user=staff["eb_worker"])
