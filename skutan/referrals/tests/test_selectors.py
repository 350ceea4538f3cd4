"""Only the sender and the receiver reach a referral; the queue lists what waits for the user."""

from datetime import date
from decimal import Decimal

import pytest

from skutan.accounts.models import Delegation
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessLog
from skutan.core.errors import NotFoundError
from skutan.referrals.selectors import referral_get_for_user, referrals_to_decide
from skutan.referrals.services import referral_complete, referral_send


@pytest.fixture
def referral(staff, eb_case):
    Delegation.objects.create(user=staff["eb_manager"], decision_kind="ekonomiskt_bistand", point="3.1.2",
                              valid_from=date(2020, 1, 1))
    return referral_send(
        actor=staff["eb_worker"], case=eb_case, decision_kind="ekonomiskt_bistand", subject_type="test.subject",
        subject_id=1, path="/x/", summary="Ett beslut", amount=Decimal(30000), proposal={}, to_user=staff["eb_manager"],
    )


def test_queue_and_access(referral, staff):
    ctx = AccessContext(user=staff["eb_manager"], purpose="Beslut att fatta")
    assert referrals_to_decide(ctx=ctx) == [referral]
    assert AccessLog.objects.filter(user_id=staff["eb_manager"].pk, case_id=referral.case_id).exists()
    assert referral_get_for_user(ctx=ctx, referral_id=referral.pk) == referral
    with pytest.raises(NotFoundError):
        referral_get_for_user(ctx=AccessContext(user=staff["eb_worker2"]), referral_id=referral.pk)
    referral_complete(actor=staff["eb_manager"], subject_type="test.subject", subject_id=1)
    assert referrals_to_decide(ctx=ctx) == []
