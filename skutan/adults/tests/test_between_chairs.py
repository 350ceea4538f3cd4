"""Between the chairs (issue 15, part 5): the person overview shows every active case and insats in the units
the reader may see with each unit's contact, only a logged line for a case in another unit, the SIPs of
participating units, and the samordningsmöte with consent."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from skutan.adults import services
from skutan.adults.selectors import OTHER_UNIT_LINE, person_between_chairs
from skutan.audit.context import AccessContext
from skutan.audit.models import AccessLog, AuditEvent
from skutan.core.errors import AccessDeniedError, ApplicationError

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_insats(adult_case, adult_staff):
    today = timezone.localdate()
    insats = services.insats_propose(actor=adult_staff["worker"], case=adult_case, kind="treatment_home",
                                     legal_ground="sol_living", goal="Hemlig målformulering", starts_on=today,
                                     ends_on=today + timedelta(days=60), provider="Behandlingshemmet Tallgården",
                                     monthly_cost="9000")
    return services.insats_decide(actor=adult_staff["worker"], insats=insats)


def test_person_page_shows_own_cases_and_only_a_line_for_the_other_unit(client, person, eb_case, adult_case,
                                                                         secret_insats, adult_staff):
    client.force_login(adult_staff["eb_worker"])
    before = AccessLog.objects.filter(object_type="person_other_units").count()
    html = client.get(f"/personer/{person.pk}/").content.decode()
    assert OTHER_UNIT_LINE in html
    assert eb_case.reference in html and "Eva Berg" in html  # own unit's case with its contact
    for secret in (adult_case.reference, "Vuxen/missbruk", "Birgitta", "Tallgården", "Hemlig", "Behandlingshem"):
        assert secret not in html, secret
    row = AccessLog.objects.filter(object_type="person_other_units").order_by("-id").first()
    assert AccessLog.objects.filter(object_type="person_other_units").count() == before + 1
    assert row.person_id == person.pk and row.user_id == adult_staff["eb_worker"].pk and row.outside_units


def test_the_adults_worker_sees_the_insats_and_contact(client, person, eb_case, adult_case, secret_insats,
                                                        adult_staff):
    chairs = person_between_chairs(ctx=AccessContext(user=adult_staff["worker"]), person=person)
    rows = {row.unit.name: row for row in chairs["units"]}
    assert set(rows) == {"Vuxen/missbruk"} and chairs["other_unit"]  # the EB case is the other unit's
    assert rows["Vuxen/missbruk"].contacts == ["Birgitta Bånk"]
    assert [i.pk for i in rows["Vuxen/missbruk"].insatser] == [secret_insats.pk]


def test_no_line_without_another_unit(person, adult_case, adult_staff):
    before = AccessLog.objects.count()
    chairs = person_between_chairs(ctx=AccessContext(user=adult_staff["worker"]), person=person)
    assert not chairs["other_unit"] and not chairs["may_request"]
    assert not AccessLog.objects.filter(id__gt=0, object_type="person_other_units").exists()
    assert AccessLog.objects.count() == before


def test_sip_shows_on_the_overview_of_every_participating_unit(person, adult_case, eb_case, adult_staff,
                                                                adult_units):
    services.sip_create(
        actor=adult_staff["worker"], case=adult_case, title="SIP med psykiatrin", consent_on=date(2026, 1, 5),
        consent_scope="Vuxen, EB och psykiatrin", next_meeting_on=date(2026, 2, 1),
        participants=[{"organisation": "Vuxen/missbruk", "unit": adult_units["vuxen"], "responsibility": "Samordnar"},
                      {"organisation": "Ekonomiskt bistånd", "unit": adult_units["eb"], "responsibility": "Hyran"},
                      {"organisation": "Region Värmland", "responsibility": "Medicinering"}])
    eb = person_between_chairs(ctx=AccessContext(user=adult_staff["eb_worker"]), person=person)
    bou = person_between_chairs(ctx=AccessContext(user=adult_staff["bou_worker"]), person=person)
    assert [s.title for s in eb["sips"]] == ["SIP med psykiatrin"]
    assert bou["sips"] == []  # Barn och unga takes no part


def test_samordningsmote_request_with_consent_and_answer(person, eb_case, adult_case, adult_staff, adult_units):
    with pytest.raises(AccessDeniedError):  # a unit without a case for the person cannot ask
        services.coordination_request(actor=adult_staff["bou_worker"], person=person, consent_on=date(2026, 1, 5),
                                      consent_how="oral")
    with pytest.raises(ApplicationError) as exc:
        services.coordination_request(actor=adult_staff["eb_worker"], person=person, consent_on=None,
                                      consent_how="oral")
    assert exc.value.field == "consent_on"
    [request] = services.coordination_request(actor=adult_staff["eb_worker"], person=person,
                                              consent_on=date(2026, 1, 5), consent_how="written",
                                              message="Hyresskulder, behöver samordna.")
    assert request.to_unit == adult_units["vuxen"] and request.from_unit == adult_units["eb"]
    event = AuditEvent.objects.get(event_type=1150)
    assert event.data["consent_on"] == "2026-01-05" and event.person_id == person.pk
    with pytest.raises(AccessDeniedError):  # only the asked unit answers
        services.coordination_answer(actor=adult_staff["eb_worker2"], request=request, accept=True, answer="Ja",
                                     meeting_on=date(2026, 2, 1))
    request = services.coordination_answer(actor=adult_staff["worker"], request=request, accept=True,
                                           answer="Välkomna på tisdag.", meeting_on=date(2026, 2, 3))
    assert request.status == "accepted" and request.meeting_on == date(2026, 2, 3)


def test_person_page_request_form_posts_a_request(client, person, eb_case, adult_case, adult_staff):
    client.force_login(adult_staff["eb_worker"])
    response = client.post(f"/vuxen/person/{person.pk}/samordning/",
                           {"consent_on": "2026-01-05", "consent_how": "oral", "message": ""})
    assert response.status_code == 302
    client.force_login(adult_staff["worker"])
    html = client.get("/vuxen/").content.decode()
    assert "Ekonomiskt bistånd" in html and "ber om samordningsmöte" in html
