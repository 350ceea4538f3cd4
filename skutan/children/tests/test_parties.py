"""Guardians, notices and samtycke; a guardian with skyddade personuppgifter is never shown to the other."""

from datetime import date

import pytest

from skutan.children import selectors, services
from skutan.children.models import Consent, PartyNotice
from skutan.conftest import make_pnr
from skutan.core.errors import ApplicationError, ConflictError
from skutan.people.services import person_create


@pytest.fixture
def case(register):
    return register().case


@pytest.fixture
def hidden_parent(staff):
    return person_create(
        actor=staff["bou_worker"], identity_number=make_pnr(date(1983, 9, 9), 493), first_name="Maja",
        last_name="Dold", street_address="Hemliga vägen 1", postal_code="68291", city="Okänd",
        protection="skyddad_folkbokforing",
    )


def test_guardians_notices_and_consent_with_a_protected_guardian_never_shown(staff, case, parent, hidden_parent,
                                                                           login, bou_manager):
    actor = staff["bou_worker"]
    lena = services.guardian_add(actor=actor, case=case, person=parent, phone="070-174 06 10")
    maja = services.guardian_add(actor=actor, case=case, person=hidden_parent, lives_with_child=False)
    with pytest.raises(ApplicationError):  # at most two
        third = person_create(actor=actor, identity_number=make_pnr(date(1960, 1, 2), 495), first_name="Tre",
                              last_name="Tredje")
        services.guardian_add(actor=actor, case=case, person=third)
    with pytest.raises(ConflictError):
        services.guardian_add(actor=actor, case=case, person=parent)

    # What Lena is shown about the parties: the child, and not Maja (name, address or that she exists)
    seen_by_lena = selectors.guardian_view_parties(case=case, guardian=lena)
    text = repr(seen_by_lena)
    assert "Elsa" in text and "Maja" not in text and "Hemliga" not in text and len(seen_by_lena) == 1
    # Maja, who is protected, may be shown Lena
    assert "Lena" in repr(selectors.guardian_view_parties(case=case, guardian=maja))

    services.party_notice_record(actor=actor, case=case, guardian=lena, subject="investigation_opened",
                                 sent_on=date(2025, 3, 12), channel="letter")
    services.party_notice_record(actor=actor, case=case, guardian=maja, subject="investigation_opened",
                                 sent_on=date(2025, 3, 12), channel="phone")
    assert list(PartyNotice.objects.values_list("channel", "sent_on")) == [
        ("letter", date(2025, 3, 12)), ("phone", date(2025, 3, 12))]
    with pytest.raises(ApplicationError) as exc:  # Elsa (born 2015) is not a party of her own
        services.party_notice_record(actor=actor, case=case, to_child=True, subject="decision",
                                     sent_on=date(2025, 3, 12), channel="letter")
    assert exc.value.field == "to_child"

    consent = services.consent_record(actor=actor, case=case, guardian=lena, scope="Kontaktperson",
                                      given_on=date(2025, 4, 1))
    assert consent.in_force
    with pytest.raises(ApplicationError):
        services.consent_withdraw(actor=actor, consent=consent, withdrawn_on=date(2025, 3, 1))
    services.consent_withdraw(actor=actor, consent=consent, withdrawn_on=date(2025, 5, 1), note="Per telefon.")
    consent = Consent.objects.get()
    assert (consent.withdrawn_on, consent.in_force) == (date(2025, 5, 1), False)
    with pytest.raises(ConflictError):
        services.consent_withdraw(actor=actor, consent=consent, withdrawn_on=date(2025, 5, 2))

    # The caseworker's page: Maja is listed with the warning, but her address is never shown to a caseworker
    page = login(actor).get(f"/barn/arende/{case.pk}/").content.decode()
    assert "Maja" in page and "Skyddade personuppgifter" in page and "Hemliga vägen" not in page
    assert "Återkallat" in page and "Skolvägen 3" in page


def test_a_child_of_fifteen_is_a_party(staff, units, register):
    teen = person_create(actor=staff["bou_worker"], identity_number=make_pnr(date(2009, 2, 1), 471),
                         first_name="Ali", last_name="Ung")
    case = register(child=teen).case
    details = selectors.case_children_details(case=case, today=date(2025, 3, 3))
    assert details["child_is_party"] and details["child_age"] == 16
    notice = services.party_notice_record(actor=staff["bou_worker"], case=case, to_child=True, subject="decision",
                                          sent_on=date(2025, 3, 4), channel="meeting")
    assert notice.to_child
    consent = services.consent_record(actor=staff["bou_worker"], case=case, by_child=True,
                                      scope="Öppenvård", given_on=date(2025, 3, 4))
    assert consent.by_child


def test_notice_letter_to_one_guardian_never_shows_the_protected_other(staff, case, parent, hidden_parent, login):
    actor = staff["bou_worker"]
    lena = services.guardian_add(actor=actor, case=case, person=parent)
    maja = services.guardian_add(actor=actor, case=case, person=hidden_parent)
    to_lena = services.party_notice_record(actor=actor, case=case, guardian=lena, subject="investigation_opened",
                                           sent_on=date(2025, 3, 12), channel="letter")
    to_maja = services.party_notice_record(actor=actor, case=case, guardian=maja, subject="investigation_opened",
                                           sent_on=date(2025, 3, 12), channel="letter")
    web = login(actor)
    letter = web.get(f"/barn/underrattelser/{to_lena.pk}/brev/").content.decode()
    assert "Elsa" in letter and "Maja" not in letter and "Hemliga" not in letter
    assert "Lena Ström" in web.get(f"/barn/underrattelser/{to_maja.pk}/brev/").content.decode()


def test_lvu_and_foster_home_through_the_web(staff, case, login, parent):
    web = login(staff["bou_worker"])
    r = web.post(f"/barn/arende/{case.pk}/lvu/", {
        "lvu-kind": "immediate_custody", "lvu-grounds": "2 §", "lvu-decided_on": "2025-04-11",
        "lvu-executed_on": "2025-04-10", "lvu-reasons": "Akut fara.",
    })
    assert r.status_code == 400 and "före beslutsdagen" in r.content.decode()
    r = web.post(f"/barn/arende/{case.pk}/lvu/", {
        "lvu-kind": "immediate_custody", "lvu-grounds": "2 §", "lvu-decided_on": "2025-04-11",
        "lvu-executed_on": "2025-04-11", "lvu-reasons": "Akut fara.",
    })
    assert r.status_code == 302
    from skutan.children.models import FosterHome, LvuDecision

    decision = LvuDecision.objects.get()
    page = web.get(f"/barn/arende/{case.pk}/").content.decode()
    assert "2025-04-22" in page and "2025-05-09" in page
    r = web.post(f"/barn/lvu/{decision.pk}/understallning/", {"akt-on": "2025-04-14"})
    assert r.status_code == 302
    decision.refresh_from_db()
    assert decision.court_submitted_on == date(2025, 4, 14)

    r = web.post("/barn/familjehem/", {"name": "Familjehemmet Ström", "member_1": parent.identity_number,
                                      "consent_on": "2024-05-01", "places": "2"})
    assert r.status_code == 302
    home = FosterHome.objects.get()
    detail = web.get(f"/barn/familjehem/{home.pk}/").content.decode()
    assert "Lena Ström" in detail and "Inga barn placerade just nu." in detail
