"""A systemförvaltare confirms or corrects a legal reference with its source: audited, used everywhere."""

from datetime import date

import pytest

from skutan.assistance.legal import default_legal_basis, unconfirmed_references
from skutan.assistance.tests.conftest import sysadmin  # noqa: F401
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.core.errors import AccessDeniedError, ApplicationError
from skutan.core.tests.fixtures import *  # noqa: F401,F403
from skutan.legal.selectors import legal_sources_current, reference_in_force
from skutan.legal.services import legal_reference_correct

pytestmark = pytest.mark.django_db
NEW = date(2025, 7, 1)


def test_confirming_a_reference_is_audited_and_reaches_calculations_and_letters(sysadmin):  # noqa: F811
    assert default_legal_basis(date(2025, 8, 1)).startswith("socialtjänstlagen (2025:400)")
    # a fixture paragraph, as an administrator would enter it after checking the SFS
    legal_reference_correct(
        actor=sysadmin, key="sol.right_to_assistance", valid_from=NEW, chapter="9", paragraph="1",
        source="Testkälla: SFS 2025:400 kontrollerad", confirmed=True,
    )
    ref = reference_in_force(key="sol.right_to_assistance", day=date(2025, 8, 1))
    assert ref.confirmed and ref.letter_citation == "SoL (2025:400) 9 kap. 1 §"
    assert default_legal_basis(date(2025, 8, 1)).startswith("SoL (2025:400) 9 kap. 1 §")
    assert "sol.right_to_assistance" not in [r.key for r in unconfirmed_references(month=date(2025, 8, 1))]
    event = AuditEvent.objects.get(event_type=EventType.LEGAL_REFERENCE_CORRECTED)
    assert event.acting_user_id == sysadmin.pk
    assert event.data["old"] == "SoL (2025:400), motsvarande bestämmelse (paragrafnummer obekräftat)"
    assert event.data["new"] == "SoL (2025:400) 9 kap. 1 §" and event.data["source"].startswith("Testkälla")
    legal_reference_correct(
        actor=sysadmin, key="sol.income", valid_from=NEW, chapter="9", paragraph="2", source="Testkälla",
        confirmed=True,
    )
    income = [s for s in legal_sources_current()["income"] if s.valid_from == NEW][0]
    assert income.confirmed and income.letter_source == "SoL (2025:400) 9 kap. 2 §"


def test_a_confirmation_needs_a_paragraph_and_a_source_and_a_system_admin(sysadmin, staff):  # noqa: F811
    with pytest.raises(ApplicationError) as err:
        legal_reference_correct(actor=sysadmin, key="sol.income", valid_from=NEW, chapter="", paragraph="",
                                source="SFS", confirmed=True)
    assert err.value.field == "paragraph"
    with pytest.raises(ApplicationError) as err:
        legal_reference_correct(actor=sysadmin, key="sol.income", valid_from=NEW, chapter="4", paragraph="1",
                                source=" ", confirmed=True)
    assert err.value.field == "source"
    with pytest.raises(ApplicationError) as err:
        legal_reference_correct(actor=sysadmin, key="no.such", valid_from=NEW, chapter="4", paragraph="1",
                                source="x", confirmed=True)
    assert err.value.field == "key"
    with pytest.raises(AccessDeniedError):
        legal_reference_correct(actor=staff["eb_worker"], key="sol.income", valid_from=NEW, chapter="4",
                                paragraph="1", source="x", confirmed=True)
    assert not AuditEvent.objects.filter(event_type=EventType.LEGAL_REFERENCE_CORRECTED).exists()


def test_the_references_page_is_for_system_admins(login, sysadmin, staff):  # noqa: F811
    assert login(staff["eb_worker"]).get("/lagrum/").status_code == 403
    client = login(sysadmin)
    page = client.get("/lagrum/").content.decode()
    assert "socialtjänstlagen (2025:400)" in page and "väntar på bekräftelse" in page
    response = client.post("/lagrum/", {"key": "sol.income", "valid_from": "2025-07-01", "chapter": "",
                                        "paragraph": "", "source": "SFS 2025:400", "confirmed": "on"})
    assert response.status_code == 400 and "Ange paragrafen" in response.content.decode()
    response = client.post("/lagrum/", {"key": "sol.income", "valid_from": "2025-07-01", "chapter": "9",
                                        "paragraph": "2", "source": "Testkälla"}, follow=True)
    assert response.status_code == 200 and "Lagrummet är sparat" in response.content.decode()
    assert "SoL (2025:400) 9 kap. 2 § (obekräftat)" in response.content.decode()
