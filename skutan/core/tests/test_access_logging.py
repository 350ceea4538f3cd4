"""Every URL that names personal data logs the read (loggkontroll, OSL 26 kap. / dataskyddsförordningen).

The test walks ALL URL patterns, web and API (django-ninja's routes are ordinary URL patterns under
api/v1/). Each keyword argument in a URL must be listed in URL_KWARGS below: a pattern with an unknown
kwarg fails, so a new view cannot escape the check. For every pattern that answers GET, the test calls
it as a user who may read the object and asserts that at least one new AccessLog row names the person.

Adding a view with a new kwarg (say ``report_id``)? Add one line to URL_KWARGS: a function that takes
the ``World`` and returns the id of an object *about world.person* (use world.eb_case for financial
assistance, world.bou_case for children and families), creating the object if needed, e.g.

    URL_KWARGS["report_id"] = lambda w: report_receive(actor=w.user, case=w.bou_case, ...).pk

World.user is case worker and unit manager in both units and log reviewer, so it may read everything.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from skutan.accounts.models import Role
from skutan.accounts.services import api_token_create, user_create
from skutan.audit.models import AccessLog


@dataclass
class World:
    user: object
    person: object
    eb_case: object
    bou_case: object
    signed_entry: object
    staff: dict
    units: dict
    cache: dict = field(default_factory=dict)  # for factories that build something once


def _emergency_grant(w: World) -> int:
    from skutan.cases.services import case_emergency_access

    if "grant" not in w.cache:
        # eb_worker, who holds the special right in the children's unit, takes emergency access to its case
        from skutan.conftest import emergency_right

        emergency_right(w.staff["eb_worker"], w.units["bou"])
        w.cache["grant"] = case_emergency_access(
            actor=w.staff["eb_worker"], person=w.person, reason="Akut oro, behöver se barnärendet nu"
        )[0]
    return w.cache["grant"].pk


def _assistance_application(w: World) -> int:
    from datetime import date

    from skutan.assistance.services import application_create

    if "eb_application" not in w.cache:
        w.cache["eb_application"] = application_create(actor=w.user, case=w.eb_case, month=date(2025, 3, 1))
    return w.cache["eb_application"].pk


def _assistance_decision(w: World) -> int:
    from datetime import date

    from skutan.accounts.models import Delegation
    from skutan.assistance.services import application_create, application_defaults, decision_make

    if "eb_decision" not in w.cache:
        Delegation.objects.create(
            user=w.user, decision_kind="ekonomiskt_bistand", point="Test", valid_from=date(2000, 1, 1)
        )
        data = application_defaults(case=w.eb_case, month=date(2025, 4, 1))
        for member in data.members:
            member.support_obstacle = "111" if member.role == "adult" else ""  # required before bifall
        application = application_create(actor=w.user, case=w.eb_case, month=date(2025, 4, 1), data=data)
        w.cache["eb_decision"] = decision_make(
            actor=w.user, application=application, outcome="granted", reasons="Behovet är styrkt."
        )
    return w.cache["eb_decision"].pk


# kwarg name -> function(World) returning an id of an object about world.person. Extend, don't replace.
URL_KWARGS: dict[str, Callable[[World], object]] = {
    "person_id": lambda w: w.person.pk,
    "case_id": lambda w: w.eb_case.pk,
    "entry_id": lambda w: w.signed_entry.pk,
    "grant_id": _emergency_grant,
}


def _payment_run(w: World):
    """A finished payment run paying one month of world.eb_case (skutan/payments)."""
    from skutan.payments.tests.factories import payment_run_for

    if "payment_run" not in w.cache:
        w.cache["payment_run"] = payment_run_for(
            person_case=w.eb_case, manager=w.user, registrar=w.staff["eb_worker"], verifier=w.staff["eb_worker2"]
        )
    return w.cache["payment_run"]


URL_KWARGS["run_id"] = lambda w: _payment_run(w).pk
URL_KWARGS["payment_id"] = lambda w: _payment_run(w).payments.get().pk
URL_KWARGS["account_id"] = lambda w: _payment_run(w).payments.get().account_id


def _children(w: World) -> dict:
    """A report about world.person in world.bou_case, its investigation, an intervention and a follow-up."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from skutan.children import services as children

    if "children" not in w.cache:
        report = children.child_report_register(
            actor=w.user, unit=w.units["bou"], child=w.person, reporter_category="school", concerns=["neglect"],
            received_at=datetime(2025, 3, 3, 10, tzinfo=ZoneInfo("Europe/Stockholm")),
        )
        investigation = children.preliminary_assessment_decide(
            actor=w.user, report=report, outcome="open_investigation", decided_on=date(2025, 3, 10)
        ).investigation
        from skutan.children.tests.conftest import GOAL, grant_delegations, ready_for_decision

        grant_delegations(w.user)
        ready_for_decision(investigation, w.user)
        intervention = children.intervention_decide(
            actor=w.user, investigation=investigation, kind="contact_person", decided_on=date(2025, 5, 2),
            starts_on=date(2025, 5, 5), provider="Kontaktperson", follow_up_dates=[date(2025, 9, 1)], **GOAL,
        )
        care = children.lvu_decision_register(
            actor=w.user, case=w.bou_case, kind="care", decided_on=date(2025, 5, 10), executed_on=date(2025, 5, 10),
            grounds="2 §", reasons="Vård enligt LVU.",
        )
        consent = children.consent_record(
            actor=w.user, case=w.bou_case, by_child=True, scope="Kontaktperson", given_on=date(2025, 5, 2),
        )  # world.person is an adult, so a party of their own
        from skutan.conftest import make_pnr
        from skutan.people.services import person_create

        parent = person_create(actor=w.user, identity_number=make_pnr(date(1970, 1, 5), 487), first_name="Förälder",
                               last_name="Walk")
        guardian = children.guardian_add(actor=w.user, case=w.bou_case, person=parent)
        notice = children.party_notice_record(actor=w.user, case=w.bou_case, guardian=guardian, subject="decision",
                                              sent_on=w.bou_case.opened_on, channel="letter")
        home = children.foster_home_register(actor=w.user, unit=w.units["bou"], name="Familjehemmet Walk",
                                             members=[w.person], consent_on=date(2024, 1, 1))
        w.cache["children"] = {"report": report, "investigation": investigation, "intervention": intervention,
                               "notice": notice, "foster_home": home,
                               "follow_up": intervention.follow_ups.get(), "lvu": care,
                               "review": care.reviews.get(), "consent": consent}
    return w.cache["children"]


URL_KWARGS["report_id"] = lambda w: _children(w)["report"].pk
URL_KWARGS["investigation_id"] = lambda w: _children(w)["investigation"].pk
URL_KWARGS["intervention_id"] = lambda w: _children(w)["intervention"].pk
URL_KWARGS["follow_up_id"] = lambda w: _children(w)["follow_up"].pk
URL_KWARGS["lvu_decision_id"] = lambda w: _children(w)["lvu"].pk
URL_KWARGS["review_id"] = lambda w: _children(w)["review"].pk
URL_KWARGS["consent_id"] = lambda w: _children(w)["consent"].pk
URL_KWARGS["notice_id"] = lambda w: _children(w)["notice"].pk
URL_KWARGS["foster_home_id"] = lambda w: _children(w)["foster_home"].pk
URL_KWARGS["application_id"] = _assistance_application  # skutan/assistance
URL_KWARGS["decision_id"] = _assistance_decision


def _household(w: World):
    """world.person (adult) and a child in one household (skutan/people)."""
    from datetime import date

    from skutan.conftest import make_pnr
    from skutan.people.services import household_create, person_create

    if "household" not in w.cache:
        child = person_create(actor=w.user, identity_number=make_pnr(date(2019, 6, 1), 246), first_name="Lilla",
                              last_name="Svensson")
        w.cache["household"] = household_create(
            actor=w.user, members=[(w.person, "adult"), (child, "child")], cohabiting=False, since=date(2025, 1, 1)
        )
    return w.cache["household"]


def _review_item(w: World) -> int:
    """A log-review item (skutan/logreview) about world.person: someone read the person at night."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from skutan.logreview.models import LogReviewItem
    from skutan.logreview.services import logreview_run

    if "review_item" not in w.cache:
        night = datetime(2025, 3, 4, 23, 30, tzinfo=ZoneInfo("Europe/Stockholm"))
        AccessLog.objects.create(at=night, user_id=w.staff["eb_worker"].pk, username="eb.handlaggare",
                                 person_id=w.person.pk, object_type="person", object_id=str(w.person.pk),
                                 action="view", purpose="Handläggning")
        logreview_run(since=night.date(), until=night.date())
        w.cache["review_item"] = LogReviewItem.objects.get(kind="night", user_id=w.staff["eb_worker"].pk)
    return w.cache["review_item"].pk


URL_KWARGS["item_id"] = _review_item  # skutan/logreview
URL_KWARGS["household_id"] = lambda w: _household(w).pk
URL_KWARGS["member_id"] = lambda w: _household(w).members.get(person=w.person).pk

def _quality(w: World) -> dict:
    """A deviation about world.person's EB case, made a Lex Sarah matter, with a measure (skutan/quality)."""
    from datetime import timedelta

    from django.utils import timezone

    from skutan.accounts.models import UnitKind
    from skutan.accounts.services import unit_create
    from skutan.quality import services as quality
    from skutan.quality.defaults import seed_categories
    from skutan.quality.models import DeviationCategory

    if "quality" not in w.cache:
        seed_categories(DeviationCategory)
        officer = user_create(username="kvalitet.test", password=None, first_name="Kim", last_name="Kvalitet",
                              memberships=[(unit_create(name="Kvalitetsenheten", kind=UnitKind.QUALITY),
                                            Role.QUALITY_OFFICER)])
        today = timezone.localdate()
        deviation = quality.deviation_report(
            actor=w.staff["eb_worker"], occurred_on=today - timedelta(days=3), unit=w.units["eb"],
            category="documentation", description="Anteckning saknades.", case=w.eb_case)
        matter = quality.lex_sarah_classify(actor=officer, deviation=deviation, assessment="Risk för missförhållande.")
        measure = quality.measure_add(actor=officer, matter=matter, owner=officer, description="Ny rutin",
                                      due_on=today + timedelta(days=30))
        analysis = quality.risk_analysis_create(actor=w.user, unit=w.units["eb"], process="Utbetalning till rätt konto")
        w.cache["quality"] = {"deviation": deviation, "matter": matter, "measure": measure, "analysis": analysis}
    return w.cache["quality"]


URL_KWARGS["deviation_id"] = lambda w: _quality(w)["deviation"].pk
URL_KWARGS["matter_id"] = lambda w: _quality(w)["matter"].pk

def _governance(w: World) -> dict:
    """A management group with world.user as member, a meeting, an item, an assignment, a routine."""
    from datetime import date

    from skutan.accounts.models import UnitKind
    from skutan.accounts.services import unit_create
    from skutan.governance import services as governance

    if "governance" not in w.cache:
        director = user_create(username="direktor.test", password=None, first_name="Dir", last_name="Ektor",
                               memberships=[(unit_create(name="Ledningen", kind=UnitKind.MANAGEMENT), Role.MANAGEMENT)])
        group = governance.group_create(actor=director, name="Ledningsgruppen", chair=director, secretary=director,
                                        members=[w.user])
        meeting = governance.meeting_create(actor=director, group=group, held_on=date(2026, 11, 24))
        item = governance.agenda_item_propose(actor=w.user, meeting=meeting, title="Budget")[0]
        assignment = governance.assignment_create(actor=director, title="Prognos", owner=w.user,
                                                  due_on=date(2026, 12, 15), item=item)[0]
        routine = governance.routine_create(actor=director, title="Rutin", kind="routine", owner=director,
                                            decided_on=date(2025, 1, 1), revise_by=date(2027, 1, 1), summary="Text",
                                            decided_by="SN")
        w.cache["governance"] = {"meeting": meeting, "item": item, "assignment": assignment, "routine": routine}
    return w.cache["governance"]


def _staff(w: World) -> dict:
    """A visit by world.user to world.person, a safety marker on the person and an incident (skutan/staff)."""
    from datetime import date, timedelta

    from django.utils import timezone

    from skutan.staff import services as staff
    from skutan.staff.models import SafetyMarkerKind
    from skutan.staff.rules import seed_marker_kinds

    if "staff" not in w.cache:
        seed_marker_kinds(SafetyMarkerKind)
        now = timezone.now()
        visit = staff.visit_plan(actor=w.user, person=w.person, unit=w.units["eb"], starts_at=now,
                                 expected_end=now + timedelta(hours=1))
        marker = staff.safety_marker_set(actor=w.user, person=w.person, kind="dog", reason="Stor hund",
                                         review_on=timezone.localdate() + timedelta(days=30))
        incident = staff.threat_incident_record(actor=w.user, affected=w.user, unit=w.units["eb"],
                                                occurred_on=date(2026, 11, 2), channel="phone",
                                                description="Hotfullt samtal")
        w.cache["staff"] = {"visit": visit, "marker": marker, "incident": incident}
    return w.cache["staff"]


URL_KWARGS["visit_id"] = lambda w: _staff(w)["visit"].pk

def _eb_decisions(w: World) -> dict:
    """A one-off decision, a revision, a dismissed (late) appeal and a claim on world.eb_case (skutan/assistance)."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from skutan.assistance.services_appeals import appeal_dismiss, appeal_register
    from skutan.assistance.services_claims import claim_decide
    from skutan.assistance.services_one_off import one_off_decide
    from skutan.assistance.services_revisions import decision_revise
    from skutan.payments.tests.factories import make_decision

    if "eb_decisions" not in w.cache:
        decision = w.cache.get("eb_decision") or _assistance_decision(w) and w.cache["eb_decision"]
        one_off = one_off_decide(actor=w.user, case=w.eb_case, need="glasses", description="Glasögon",
                                 rule="living", outcome="granted", requested_amount="1200", reasons="Styrkt behov.")
        revision = decision_revise(actor=w.user, decision=one_off, kind="correction", amount="1100",
                                   reasons="Skrivfel i beloppet.")
        old = make_decision(case=w.eb_case, decided_by=w.user, month=date(2025, 2, 1), amount="0",
                            outcome="rejected",
                            decided_at=datetime(2025, 3, 3, 10, tzinfo=ZoneInfo("Europe/Stockholm")))
        appeal = appeal_register(actor=w.user, decision=old, received_on=date(2025, 4, 30),
                                 decision_received_basis="handed_over", decision_received_on=date(2025, 3, 3))
        appeal = appeal_dismiss(actor=w.user, appeal=appeal, reasons="För sent.")
        claim = claim_decide(actor=w.user, case=w.eb_case, ground="wrong_information", amount="500",
                             reasons="Oriktiga uppgifter.", instalment_amount="250", first_due_on=date.today(),
                             decisions=[decision])
        w.cache["eb_decisions"] = {"one_off": one_off, "revision": revision, "appeal": appeal, "claim": claim}
    return w.cache["eb_decisions"]


URL_KWARGS["one_off_id"] = lambda w: _eb_decisions(w)["one_off"].pk
URL_KWARGS["revision_id"] = lambda w: _eb_decisions(w)["revision"].pk
URL_KWARGS["appeal_id"] = lambda w: _eb_decisions(w)["appeal"].pk
URL_KWARGS["claim_id"] = lambda w: _eb_decisions(w)["claim"].pk

def _adults(w: World) -> dict:
    """An adult case for world.person in a Vuxen unit where world.user works, and a mobile-team assignment on it
    with a visit and an escalation (skutan/adults, skutan/mobile)."""
    from datetime import timedelta

    from django.utils import timezone

    from skutan.accounts.models import UnitKind
    from skutan.accounts.services import membership_add, unit_create
    from skutan.adults.services import adult_case_open
    from skutan.mobile import services as mobile

    if "adults" not in w.cache:
        vuxen = unit_create(name="Vuxen (logg)", kind=UnitKind.ADULTS)
        team = unit_create(name="Mobila teamet (logg)", kind=UnitKind.MOBILE_TEAM)
        membership_add(actor=None, user=w.user, unit=vuxen, role=Role.CASEWORKER)
        membership_add(actor=None, user=w.user, unit=team, role=Role.MOBILE_TEAM)
        for cached in ("_skutan_unit_ids", "_skutan_roles"):  # user_unit_ids caches per user object
            w.user.__dict__.pop(cached, None)
        case = adult_case_open(actor=w.user, person=w.person, unit=vuxen, area="addiction", source="application")
        today = timezone.localdate()
        assignment, _ = mobile.assignment_create(actor=w.user, case=case, team=team, purpose="supervision",
                                                 visits_per_week=2, starts_on=today - timedelta(days=1),
                                                 ends_on=today + timedelta(days=30))
        visit = mobile.visit_record(actor=w.user, assignment=assignment, visited_at=timezone.now(),
                                    purpose="supervision", outcome="not_reached", note="")
        w.cache["adults"] = {"case": case, "assignment": assignment, "visit": visit, "escalation": visit.escalation}
    return w.cache["adults"]


URL_KWARGS["adult_case_id"] = lambda w: _adults(w)["case"].pk  # skutan/adults
URL_KWARGS["coordination_id"] = lambda w: 0  # skutan/adults: POST only


def _adult_insats(w: World) -> int:
    """A decided insats on the adult case (its decision letter, skutan/adults/letters.py)."""
    from datetime import date, timedelta

    from django.utils import timezone

    from skutan.accounts.models import Delegation
    from skutan.adults import services as adults

    if "adult_insats" not in w.cache:
        case = _adults(w)["case"]
        Delegation.objects.create(decision_kind="vuxen_insats", point="5.1 Insats", unit=case.unit,
                                  role=Role.CASEWORKER, max_amount=10000, valid_from=date(2020, 1, 1),
                                  source_body="Socialnämnden")
        today = timezone.localdate()
        insats = adults.insats_propose(actor=w.user, case=case, kind="outpatient", legal_ground="sol_living",
                                       goal="Minska alkoholkonsumtionen.", starts_on=today,
                                       ends_on=today + timedelta(days=90), provider="Beroendecentrum",
                                       monthly_cost="8500")
        w.cache["adult_insats"] = adults.insats_decide(actor=w.user, insats=insats)
    return w.cache["adult_insats"].pk


URL_KWARGS["insats_id"] = _adult_insats
URL_KWARGS["mobile_assignment_id"] = lambda w: _adults(w)["assignment"].pk  # skutan/mobile
URL_KWARGS["mobile_visit_id"] = lambda w: _adults(w)["visit"].pk  # POST only
URL_KWARGS["mobile_escalation_id"] = lambda w: _adults(w)["escalation"].pk  # POST only
# Kwargs that do not name personal data (a year of the norm tables, a guideline): filled in, but a
# route with only such kwargs is not required to log. A route with any URL_KWARGS kwarg still is.
def _document(w: World) -> int:
    """An incoming document on world.eb_case (skutan/cases documents)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from skutan.cases.services_documents import document_register

    if "document" not in w.cache:
        w.cache["document"] = document_register(
            actor=w.user, case=w.eb_case, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"), kind="lease",
            title="Hyresavi", received_on=timezone.localdate(),
        )
    return w.cache["document"].pk


URL_KWARGS["document_id"] = _document


def _journal_template(w: World) -> int:
    from skutan.cases.services import journal_template_save

    if "journal_template" not in w.cache:
        w.cache["journal_template"] = journal_template_save(
            actor=w.user, unit=w.units["eb"], event_kind="Hembesök", text="Närvarande:\nSyfte:"
        )
    return w.cache["journal_template"].pk


NON_PERSONAL_URL_KWARGS: dict[str, Callable[[World], object]] = {}
NON_PERSONAL_URL_KWARGS["journal_template_id"] = _journal_template  # skutan/cases: a unit's template text


def _subject_request(w: World) -> int:
    from datetime import date

    from skutan.retention.services_requests import data_subject_request_register

    if "subject_request" not in w.cache:
        w.cache["subject_request"] = data_subject_request_register(
            actor=w.user, person=w.person, kind="rectification", received_on=date(2026, 1, 2),
            description="Fel adress i akten",
        )
    return w.cache["subject_request"].pk


def _retention_mark(w: World) -> int:
    from datetime import date

    from skutan.retention.services import retention_mark_register

    if "retention_mark" not in w.cache:
        w.cache["retention_mark"] = retention_mark_register(
            actor=w.user, person=w.person, kind="paternity", document_date=date(2020, 5, 4),
        )
    return w.cache["retention_mark"].pk


def _purge_plan(w: World) -> int:
    from skutan.retention.models import PurgePlan

    if "purge_plan" not in w.cache:
        w.cache["purge_plan"] = PurgePlan.objects.create(year=2026, as_of="2026-12-01", created_by=w.user)
    return w.cache["purge_plan"].pk

NON_PERSONAL_URL_KWARGS["measure"] = lambda w: "eb-kostnad"  # skutan/followup: aggregate measures
NON_PERSONAL_URL_KWARGS["measure_id"] = lambda w: _quality(w)["measure"].pk  # skutan/quality (POST only)
NON_PERSONAL_URL_KWARGS["analysis_id"] = lambda w: _quality(w)["analysis"].pk  # a process, not a person
NON_PERSONAL_URL_KWARGS["action"] = lambda w: "risk"
NON_PERSONAL_URL_KWARGS["fmt"] = lambda w: "csv"
NON_PERSONAL_URL_KWARGS["export_format"] = lambda w: "csv"  # skutan/followup: a table as CSV or XLSX


def _cohort(w: World) -> dict:
    """A cohort programme of the EB unit (world.user manages it) with world.person as a member."""
    from datetime import date

    from skutan.followup.models import CohortMember
    from skutan.followup.services import cohort_programme_create

    if "cohort" not in w.cache:
        programme = cohort_programme_create(actor=w.user, name="Projekt 200", starts_on=date(2025, 1, 1),
                                            goal_share=90, goal_text="90 %", rule_months=24, rule_window=24,
                                            unit=w.units["eb"])
        member = CohortMember.objects.create(programme=programme, payee=w.person, entered_on=date(2025, 1, 1),
                                             baseline_month=date(2024, 12, 1), added_by=w.user)
        w.cache["cohort"] = {"programme": programme, "member": member}
    return w.cache["cohort"]


# skutan/followup: a programme is aggregate (its household list logs each read); a member is a household (POST only)
NON_PERSONAL_URL_KWARGS["followup_year"] = lambda w: 2025  # a year; the list it opens logs each person
NON_PERSONAL_URL_KWARGS["cohort_programme_id"] = lambda w: _cohort(w)["programme"].pk
URL_KWARGS["cohort_member_id"] = lambda w: _cohort(w)["member"].pk
# skutan/governance: the management group's material holds no client data (and warns if it is typed)
NON_PERSONAL_URL_KWARGS["meeting_id"] = lambda w: _governance(w)["meeting"].pk
NON_PERSONAL_URL_KWARGS["agenda_item_id"] = lambda w: _governance(w)["item"].pk
NON_PERSONAL_URL_KWARGS["assignment_id"] = lambda w: _governance(w)["assignment"].pk
NON_PERSONAL_URL_KWARGS["routine_id"] = lambda w: _governance(w)["routine"].pk
# skutan/staff: markers are POST only; incidents and staff profiles are about staff, read-logged without a client
NON_PERSONAL_URL_KWARGS["marker_id"] = lambda w: _staff(w)["marker"].pk
NON_PERSONAL_URL_KWARGS["incident_id"] = lambda w: _staff(w)["incident"].pk
NON_PERSONAL_URL_KWARGS["adult_action"] = lambda w: "utredning"  # skutan/adults: what is done on a case (POST)
NON_PERSONAL_URL_KWARGS["act"] = lambda w: "understallning"  # skutan/children: what is done to an LVU decision
# skutan/accounts: the user's own API keys and login sessions (POST only)
NON_PERSONAL_URL_KWARGS["token_id"] = lambda w: api_token_create(user=w.user)[0].pk
NON_PERSONAL_URL_KWARGS["session_id"] = lambda w: 1
# skutan/administration: staff data (units, users, the delegationsordning), not data about clients.
NON_PERSONAL_URL_KWARGS["unit_id"] = lambda w: w.units["eb"].pk
NON_PERSONAL_URL_KWARGS["user_id"] = lambda w: w.staff["eb_worker"].pk
NON_PERSONAL_URL_KWARGS["membership_id"] = lambda w: w.staff["eb_worker"].memberships.first().pk  # POST only
NON_PERSONAL_URL_KWARGS["delegation_id"] = lambda w: 0  # POST only
NON_PERSONAL_URL_KWARGS["right_id"] = lambda w: 0  # POST only
# skutan/retention: a plan lists persons (each logged by the selector); the registerutdrag names the person
NON_PERSONAL_URL_KWARGS["purge_plan_id"] = lambda w: _purge_plan(w)
URL_KWARGS["subject_person_id"] = lambda w: w.person.pk
URL_KWARGS["subject_request_id"] = lambda w: _subject_request(w)
URL_KWARGS["retention_mark_id"] = lambda w: _retention_mark(w)  # POST only (withdraw)
URL_KWARGS["referral_id"] = lambda w: 0  # skutan/referrals: POST only (the queue itself has no kwargs)
NON_PERSONAL_URL_KWARGS["kind"] = lambda w: "manad"  # skutan/assistance: which kind of decision (POST only)
NON_PERSONAL_URL_KWARGS["step"] = lambda w: "dom"  # skutan/assistance: a step of an appeal or claim (POST only)
# skutan/core: a background task's progress (counts and a label, only for the user who started it)
def _task_progress(w: World) -> int:
    from skutan.core.models import TaskProgress

    if "task_progress" not in w.cache:  # a background task world.user started (no personal data in it)
        w.cache["task_progress"] = TaskProgress.objects.create(kind="logreview", label="Loggkontroll",
                                                               owner_id=w.user.pk)
    return w.cache["task_progress"].pk


NON_PERSONAL_URL_KWARGS["task_progress_id"] = _task_progress


def _export_file(kind: str):
    """A finished background export of ``kind`` that world.user started, with its file in the storage."""

    def make(w: World) -> int:
        from skutan.core.exportfiles import export_file_save
        from skutan.core.models import TaskProgress, TaskStatus

        if kind not in w.cache:
            progress = TaskProgress.objects.create(kind=kind, label="Export", owner_id=w.user.pk,
                                                   status=TaskStatus.DONE)
            progress.result = export_file_save(progress_id=progress.pk, data=b"manad;antal\r\n", filename="x.csv",
                                               content_type="text/csv", download_url="/")
            progress.save(update_fields=["result"])
            w.cache[kind] = progress
        return w.cache[kind].pk

    return make


# skutan/followup and skutan/assistance: the file of a background export (aggregate, or logged per case when made)
NON_PERSONAL_URL_KWARGS["followup_export_id"] = _export_file("followup.export")
NON_PERSONAL_URL_KWARGS["register_export_id"] = _export_file("assistance.register")

# Not personal-data views, or views outside Skutan's code.
SKIP_PREFIXES = ("admin/", "i18n/", "static/", "media/", "__debug__/")

_KWARG = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")


def url_patterns() -> list[tuple[str, object]]:
    """(route, pattern) for every leaf pattern, routes joined from their includes, de-duplicated
    (django-ninja registers one pattern per operation on the same path)."""
    found: dict[str, object] = {}

    def walk(resolver, prefix):
        for p in resolver.url_patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p, route)
            else:
                found.setdefault(route, p)

    walk(get_resolver(), "")
    return [(route, p) for route, p in found.items() if not route.startswith(SKIP_PREFIXES)]


def app_of(pattern) -> str:
    """The Skutan app whose code serves the pattern ("people", "cases", …), for API routes too."""
    callback = pattern.callback
    funcs = [getattr(callback, "view_class", callback)]
    for cell in getattr(callback, "__closure__", None) or ():  # django-ninja: PathView in the closure
        operations = getattr(cell.cell_contents, "operations", None)
        if operations:
            funcs = [op.view_func for op in operations]
    modules = {getattr(f, "__module__", "") or "" for f in funcs}
    parts = sorted(m.split(".")[1] if m.startswith("skutan.") else m.split(".")[0] for m in modules)
    return parts[0] if parts else "?"


def route_kwargs(route: str) -> list[str]:
    return [m.group("name") for m in _KWARG.finditer(route)]


def fill(route: str, values: dict) -> str:
    return "/" + _KWARG.sub(lambda m: str(values[m.group("name")]), route)


def _apps() -> list[str]:
    return sorted({app_of(p) for route, p in url_patterns() if route_kwargs(route)})


@pytest.fixture
def world(staff, units, person, eb_case, bou_case, signed_entry):
    user = user_create(
        username="allt.i.allo", password=None, first_name="Alma", last_name="Allt",
        memberships=[(units["eb"], Role.CASEWORKER), (units["eb"], Role.UNIT_MANAGER),
                     (units["bou"], Role.CASEWORKER), (units["bou"], Role.UNIT_MANAGER),
                     (units["logg"], Role.LOG_REVIEWER), (units["logg"], Role.SYSTEM_ADMIN),
                     (units["logg"], Role.ARCHIVIST)],
    )
    return World(user=user, person=person, eb_case=eb_case, bou_case=bou_case, signed_entry=signed_entry,
                 staff=staff, units=units)


def test_route_helpers():
    assert route_kwargs("arenden/<int:case_id>/journal/<int:entry_id>/ratta/") == ["case_id", "entry_id"]
    assert route_kwargs("api/v1/persons/<person_id>") == ["person_id"]
    assert fill("api/v1/cases/<case_id>/events", {"case_id": 7}) == "/api/v1/cases/7/events"


def test_app_of_finds_web_and_api_views():
    apps = {route: app_of(p) for route, p in url_patterns()}
    assert apps["personer/<int:person_id>/"] == "people"
    assert apps["api/v1/persons/<person_id>"] == "people"
    assert apps["api/v1/journal-entries/<entry_id>"] == "cases"
    assert apps["konto/logga-in/"] == "accounts"
    assert apps["api/v1/access-log"] == "audit"


def test_no_regex_routes_with_kwargs():
    regex_routes = [r for r, p in url_patterns() if not hasattr(p.pattern, "converters") and "(?P<" in r]
    assert not regex_routes, f"Use path() with named kwargs, not re_path(): {regex_routes}"


@pytest.mark.parametrize("app", _apps())
def test_every_personal_data_get_writes_an_access_log_row(world, app):
    routes = [route for route, p in url_patterns() if route_kwargs(route) and app_of(p) == app]
    known = URL_KWARGS | NON_PERSONAL_URL_KWARGS
    unknown = sorted({(k, r) for r in routes for k in route_kwargs(r) if k not in known})
    assert not unknown, (
        "URL kwargs without an entry in URL_KWARGS (skutan/core/tests/test_access_logging.py): "
        + ", ".join(f"{k!r} in /{r}" for k, r in unknown)
        + ". Add a factory returning the id of an object about world.person, so the test covers the view "
        "(or NON_PERSONAL_URL_KWARGS if the kwarg names no personal data)."
    )
    client = Client()
    client.force_login(world.user)
    key = api_token_create(user=world.user)[1]
    checked, post_only, problems = [], [], []
    for route in routes:
        names = route_kwargs(route)
        url = fill(route, {name: known[name](world) for name in names})
        before = AccessLog.objects.count()
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if route.startswith("api/") else {}
        response = client.get(url, **headers)
        if response.status_code == 405:
            post_only.append(url)
            continue
        if response.status_code >= 400:
            problems.append(f"GET {url} gave {response.status_code} for a user who may read it; "
                            "make its URL_KWARGS factory return an object about world.person")
            continue
        checked.append(route)
        if not any(n in URL_KWARGS for n in names):
            continue
        new_rows = AccessLog.objects.order_by("id")[before:]
        if not any(r.person_id == world.person.pk and r.user_id == world.user.pk for r in new_rows):
            problems.append(f"GET {url} wrote no access-log row about the person: read it through "
                            "person_get_for_user / case_get_for_user or call access_log_record")
    assert not problems, "\n".join(problems)
    assert checked or post_only, f"no routes with kwargs checked for {app}"
    expected = {
        "people": ["personer/<int:person_id>/", "personer/<int:person_id>/andra/", "api/v1/persons/<person_id>"],
        "cases": ["arenden/<int:case_id>/", "arenden/<int:case_id>/journal/<int:entry_id>/ratta/",
                  "arenden/nodatkomst/<int:person_id>/", "api/v1/cases/<case_id>/journal-entries",
                  "api/v1/journal-entries/<entry_id>", "api/v1/cases/<case_id>/events"],
    }
    for route in expected.get(app, []):  # the walk really reached the foundation's views, web and API
        assert route in checked, route


def test_pages_without_kwargs_answer_without_server_error(world):
    """Lists and forms: no 500 for a user with every role (a cheap smoke test of every page)."""
    client = Client()
    client.force_login(world.user)
    key = api_token_create(user=world.user)[1]
    failures = []
    for route, _ in url_patterns():
        if route_kwargs(route) or route.startswith("konto/logga-ut"):
            continue
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if route.startswith("api/") else {}
        response = client.get("/" + route, **headers)
        if response.status_code >= 500:
            failures.append(f"/{route}: {response.status_code}")
    assert not failures, failures
