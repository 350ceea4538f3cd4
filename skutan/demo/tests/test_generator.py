"""The demo municipality at a small scale (0.05): who is in it, and that it looks like real work."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from skutan.accounts.models import Role, Unit, UnitKind, User
from skutan.audit.catalogue import EventType
from skutan.audit.models import AuditEvent
from skutan.cases.models import ACTIVE_STATUSES, Case, CaseAssignment, CaseType, JournalEntry
from skutan.demo.generator import DemoRefused, generate_municipality
from skutan.demo.identity import birth_number_of
from skutan.people.identity import IdentityKind, parse_identity_number, parse_reserve_number
from skutan.people.models import Person, ProtectionKind
from skutan.people.services import person_create

SCALE = 0.05
TODAY = date(2026, 11, 20)  # fixed, so the seed gives the same municipality on every run


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        summary = generate_municipality(scale=SCALE, seed=7, today=TODAY, extensions=[])
        yield summary
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_every_unit_of_the_organisation_exists(demo):
    assert set(Unit.objects.values_list("kind", flat=True)) == set(UnitKind.values)


def test_staff_hold_every_role_and_the_systemforvaltare_is_superuser(demo):
    active = User.objects.filter(is_active=True)
    held = set(active.values_list("memberships__role", flat=True))
    assert held == set(Role.values) - {Role.ARCHIVIST}  # the archivists come with the retention plug-in
    assert 30 <= active.count() <= 40
    admins = active.filter(memberships__role=Role.SYSTEM_ADMIN)
    assert admins.exists() and all(u.is_superuser for u in admins)
    for kind in (UnitKind.INTAKE, UnitKind.FINANCIAL_ASSISTANCE, UnitKind.CHILDREN, UnitKind.ADULTS):
        roles = set(active.filter(memberships__unit__kind=kind).values_list("memberships__role", flat=True))
        assert {Role.CASEWORKER, Role.UNIT_MANAGER} <= roles, kind


def test_about_two_thirds_of_the_caseworkers_have_less_than_two_years_in_post(demo):
    today = TODAY
    workers = User.objects.filter(is_active=True, memberships__role=Role.CASEWORKER).distinct()
    new = [u for u in workers if u.employed_since > today - timedelta(days=730)]
    assert 0.55 <= len(new) / workers.count() <= 0.75


def test_every_person_is_synthetic_with_a_valid_number_in_the_synthetic_range(demo):
    persons = list(Person.objects.all())
    assert len(persons) == demo.persons > 0
    kinds = set()
    for person in persons:
        assert person.synthetic
        kinds.add(person.identity_kind)
        if person.identity_kind == IdentityKind.RESERVNUMMER:
            assert parse_reserve_number(person.identity_number).normalised == person.identity_number
            continue
        parsed = parse_identity_number(person.identity_number)
        assert parsed.normalised == person.identity_number
        assert (parsed.kind, parsed.birth_date, parsed.sex) == (person.identity_kind, person.birth_date, person.sex)
        assert 980 <= birth_number_of(person.identity_number) <= 999
    assert kinds == {IdentityKind.PERSONNUMMER, IdentityKind.SAMORDNINGSNUMMER, IdentityKind.RESERVNUMMER}


def test_some_persons_are_born_abroad_and_some_are_protected(demo):
    abroad = Person.objects.filter(born_abroad=True).count()
    assert 0.1 < abroad / Person.objects.count() < 0.6
    protection = set(Person.objects.exclude(protection="").values_list("protection", flat=True))
    assert protection == {ProtectionKind.CONFIDENTIALITY_MARK, ProtectionKind.PROTECTED_REGISTRATION}


def test_cases_of_every_type_open_and_closed_with_signed_journals(demo):
    cases = Case.objects.annotate(
        signed=Count("journal_entries", filter=Q(journal_entries__signed_at__isnull=False))
    )
    for case_type in CaseType.values:
        of_type = cases.filter(case_type=case_type)
        assert of_type.filter(status__in=ACTIVE_STATUSES).exists(), case_type
        assert of_type.filter(status="closed").exists(), case_type
    assert not cases.filter(signed=0).exists()  # every case has at least one signed entry
    assert not Case.objects.filter(status="closed").filter(Q(closing_reason="") | Q(closed_on__isnull=True)).exists()
    years = set(Case.objects.values_list("opened_on__year", flat=True))
    assert min(years) == 2019 and len(years) >= 6  # spread over the years since 2019
    assert JournalEntry.objects.filter(signed_at__isnull=True).exists()  # a few drafts
    assert JournalEntry.objects.filter(corrects__isnull=False).exists()  # and a correction


def test_journal_entries_lie_within_their_case_and_never_in_the_future(demo):
    now = timezone.now()
    signed = JournalEntry.objects.filter(signed_at__isnull=False).select_related("case")
    assert not signed.filter(signed_at__gt=now).exists()
    assert not signed.filter(signed_at__lt=F("created_at")).exists()
    for entry in signed.filter(corrects__isnull=True):
        assert entry.event_date >= entry.case.opened_on
        if entry.case.closed_on:
            assert entry.event_date <= entry.case.closed_on


def test_children_are_under_18_when_their_case_opens(demo):
    for case in Case.objects.filter(case_type=CaseType.CHILDREN).select_related("person"):
        born = case.person.birth_date
        assert born < case.opened_on
        assert (case.opened_on.year - born.year - ((case.opened_on.month, case.opened_on.day) < (born.month, born.day))) < 18


def test_each_allocated_open_case_has_one_current_handlaggare_of_its_unit(demo):
    active = Case.objects.filter(status__in=ACTIVE_STATUSES)
    unallocated = 0
    for case in active:
        current = list(CaseAssignment.objects.filter(case=case, ended_at__isnull=True).select_related("user"))
        if not current:
            unallocated += 1
            continue
        assert len(current) == 1
        assert current[0].user.is_active
        assert current[0].user.memberships.filter(unit=case.unit, role=Role.CASEWORKER).exists()
    assert 0 < unallocated < active.count() / 2  # a few wait for the enhetschef
    assert not CaseAssignment.objects.filter(case__status="closed", ended_at__isnull=True).exists()


def test_services_left_audit_rows_dated_when_the_work_happened(demo):
    assert AuditEvent.objects.filter(event_type=EventType.PERSON_CREATED).count() == demo.persons
    opened = dict(
        AuditEvent.objects.filter(event_type=EventType.CASE_OPENED).values_list("case_id", "at")
    )
    cases = list(Case.objects.all())
    assert set(opened) == {c.pk for c in cases}
    for case in cases:
        assert timezone.localdate(opened[case.pk]) == case.opened_on
        assert timezone.localdate(case.created_at) == case.opened_on


def test_bulk_steps_record_their_counts(demo):
    bulk = {e.data["what"]: e.data["count"] for e in AuditEvent.objects.filter(event_type=EventType.DEMO_DATA_CREATED)}
    signed_via_service = AuditEvent.objects.filter(event_type=EventType.JOURNAL_SIGNED).count()
    signed = JournalEntry.objects.filter(signed_at__isnull=False).count()
    assert bulk["journal_entries"] + bulk["journal_corrections"] + signed_via_service == signed
    assert bulk["access_log"] > 0


def test_a_second_generation_is_refused(demo):
    with pytest.raises(DemoRefused):
        generate_municipality(scale=SCALE, extensions=[])


def test_a_database_with_a_real_person_is_refused(demo):
    person_create(actor=None, identity_number="19811218-9876", first_name="Verklig", last_name="Person")
    with pytest.raises(DemoRefused, match="inte är syntetiska"):
        generate_municipality(scale=SCALE, extensions=[])

