"""Above one's delegation: the page says so before deciding, and the beslutsunderlag goes to a holder's queue
(»Beslut att fatta«), who decides or sends it back with a comment the caseworker sees."""

import pytest

from skutan.assistance.models import Application, ApplicationStatus, Decision
from skutan.assistance.services import application_create, decision_make, decision_refer
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.referrals.models import DecisionReferral, ReferralStatus
from skutan.referrals.services import referral_return

from .conftest import MONTH, costs_incomes

pytestmark = pytest.mark.django_db


@pytest.fixture
def over_limit(family_case, staff, delegations):
    """A month whose calculated assistance is above the worker's limit (12 000 kr)."""
    delegations["worker"].max_amount = 12000
    delegations["worker"].save()
    return costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))


def test_the_page_says_above_delegation_before_deciding(login, over_limit, staff):
    html = login(staff["eb_worker"]).get(f"/bistand/ansokan/{over_limit.pk}/").content.decode()
    assert 'data-testid="delegation-note"' in html and "är över din delegation" in html
    assert 'data-testid="refer-block"' in html and "Maria Holm (enhetschef)" in html


def test_within_delegation_the_page_names_the_point(login, family_case, staff, delegations):
    application = costs_incomes(application_create(actor=staff["eb_worker"], case=family_case, month=MONTH))
    html = login(staff["eb_worker"]).get(f"/bistand/ansokan/{application.pk}/").content.decode()
    assert "är inom din delegation" in html and "Delegationsordning 3.1.1" in html
    assert 'data-testid="refer-block"' not in html


def test_the_live_calculation_warns_too(login, over_limit, staff):
    from .test_views import _form_post

    response = login(staff["eb_worker"]).post(
        f"/bistand/ansokan/{over_limit.pk}/berakna/", _form_post(over_limit), HTTP_HX_REQUEST="true"
    )
    assert "är över din delegation" in response.content.decode()


def test_send_then_the_holder_decides_from_the_queue(login, over_limit, staff):
    from .test_views import _form_post

    worker, manager = staff["eb_worker"], staff["eb_manager"]
    response = login(worker).post(f"/bistand/ansokan/{over_limit.pk}/", {
        **_form_post(over_limit), "action": "refer", "outcome": "granted", "amount": "", "reasons": "Styrkt behov.",
        "legal_basis": "", "refer_to": str(manager.pk), "refer_message": "Hyran är över riktlinjen, se bilaga.",
    })
    assert response.status_code == 302
    referral = DecisionReferral.objects.get()
    assert referral.sent_to == manager and referral.is_pending and referral.proposal["reasons"] == "Styrkt behov."
    assert AuditEvent.objects.filter(event_type=EventType.DECISION_REFERRAL_SENT).exists()
    page = login(worker).get(f"/bistand/ansokan/{over_limit.pk}/").content.decode()
    assert 'data-testid="referral-pending"' in page and "Maria Holm" in page

    queue = login(manager).get("/beslut-att-fatta/").content.decode()
    assert f"/bistand/ansokan/{over_limit.pk}/" in queue and "Eva Berg" in queue
    page = login(manager).get(f"/bistand/ansokan/{over_limit.pk}/").content.decode()
    assert 'data-testid="referral-received"' in page and "Styrkt behov." in page
    decision = decision_make(actor=manager, application=over_limit, outcome="granted", reasons="Styrkt behov.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECIDED and referral.resolved_by == manager
    assert decision.delegation.point == "Delegationsordning 3.1.2"
    assert f"/bistand/ansokan/{over_limit.pk}/" not in login(manager).get("/beslut-att-fatta/").content.decode()


def test_sent_back_with_a_comment_the_caseworker_sees(login, over_limit, staff):
    worker, manager = staff["eb_worker"], staff["eb_manager"]
    referral = decision_refer(actor=worker, application=over_limit, to_user=manager, outcome="granted",
                              reasons="Styrkt.")
    with pytest.raises(AccessDeniedError):
        referral_return(actor=worker, referral=referral, comment="Själv")
    with pytest.raises(ApplicationError):
        referral_return(actor=manager, referral=referral, comment=" ")
    response = login(manager).post(f"/beslut-att-fatta/{referral.pk}/skicka-tillbaka/",
                                   {"comment": "Komplettera med hyreskontraktet."})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RETURNED
    page = login(worker).get(f"/bistand/ansokan/{over_limit.pk}/").content.decode()
    assert 'data-testid="referral-returned"' in page and "Komplettera med hyreskontraktet." in page
    assert Application.objects.get(pk=over_limit.pk).status == ApplicationStatus.DRAFT
    # and it can be sent again
    decision_refer(actor=worker, application=over_limit, to_user=manager, outcome="granted", reasons="Styrkt.")


def test_only_to_a_holder_and_only_once(over_limit, staff):
    worker = staff["eb_worker"]
    with pytest.raises(ApplicationError):  # eb_worker2 has no delegation
        decision_refer(actor=worker, application=over_limit, to_user=staff["eb_worker2"], outcome="granted",
                       reasons="Styrkt.")
    with pytest.raises(ApplicationError):
        decision_refer(actor=worker, application=over_limit, to_user=worker, outcome="granted", reasons="Styrkt.")
    decision_refer(actor=worker, application=over_limit, to_user=staff["eb_manager"], outcome="granted",
                   reasons="Styrkt.")
    with pytest.raises(ConflictError):
        decision_refer(actor=worker, application=over_limit, to_user=staff["eb_manager"], outcome="granted",
                       reasons="Styrkt.")
    assert Decision.objects.count() == 0


def test_pressing_decide_above_delegation_is_no_dead_end(login, over_limit, staff):
    response = login(staff["eb_worker"]).post(
        f"/bistand/ansokan/{over_limit.pk}/beslut/",
        {"outcome": "granted", "amount": "", "reasons": "Styrkt.", "legal_basis": "", "version": over_limit.version},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "över din delegation" in html and 'data-testid="refer-block"' in html
