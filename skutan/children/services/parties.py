"""The parties of a children's case: the vårdnadshavare (persons, with their own secrecy), notices to them
(and to the child of 15 or more), and samtycke to an insats with its withdrawal."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from skutan.audit.catalogue import EventType
from skutan.cases.models import Case, CaseType
from skutan.children.models import (
    Channel,
    Consent,
    Guardian,
    GuardianKind,
    Intervention,
    NoticeSubject,
    PartyNotice,
)
from skutan.children.parties import MAX_GUARDIANS, child_is_party
from skutan.children.services._common import (
    _audit,
    _check_day,
    _event,
    _require_children_staff,
    _required_text,
)
from skutan.core.errors import ApplicationError, ConflictError
from skutan.people.models import Person


def _children_case(case: Case) -> None:
    if case is None or case.case_type != CaseType.CHILDREN:
        raise ApplicationError(gettext("Gäller ett ärende om barn och unga."), field="case")


@transaction.atomic
def guardian_add(
    *, actor, case: Case, person: Person, kind: str = GuardianKind.PARENT, lives_with_child: bool = True,
    phone: str = "", email: str = "", since: date | None = None,
) -> Guardian:
    """Link a vårdnadshavare to the child of the case: one or two, parents or särskilt förordnade."""
    _require_children_staff(user=actor, unit_id=case.unit_id, case=case)
    _children_case(case)
    if kind not in GuardianKind.values:
        raise ApplicationError(gettext(
            "Okänt slag av vårdnadshavare: %(kind)s."
        ) % {"kind": repr(kind)}, field="kind")
    if person.pk == case.person_id:
        raise ApplicationError(gettext("Barnet kan inte vara sin egen vårdnadshavare."), field="person")
    current = Guardian.objects.select_for_update().filter(child_id=case.person_id, ended_on__isnull=True)
    if current.filter(person=person).exists():
        raise ConflictError(gettext("Personen är redan registrerad som vårdnadshavare för barnet."))
    if current.count() >= MAX_GUARDIANS:
        raise ApplicationError(gettext("Ett barn har högst två vårdnadshavare. Avsluta en först."), field="person")
    try:
        with transaction.atomic():
            guardian = Guardian.objects.create(
                child_id=case.person_id, person=person, kind=kind, lives_with_child=bool(lives_with_child),
                phone=(phone or "").strip(), email=(email or "").strip(), since=since, recorded_by=actor,
            )
    except IntegrityError:
        raise ConflictError(gettext("Personen har tidigare registrerats som vårdnadshavare för barnet.")) from None
    # Never the guardian's name or address in the history: only ids and the kind.
    data = {"guardian_id": guardian.pk, "person_id": person.pk, "kind": kind}
    _event(case=case, event_type="guardian_added", actor=actor, data=data)
    _audit(EventType.GUARDIAN_ADDED, actor=actor, obj=guardian, case=case, data=data)
    return guardian


@transaction.atomic
def guardian_end(*, actor, case: Case, guardian: Guardian, ended_on: date) -> Guardian:
    _require_children_staff(user=actor, unit_id=case.unit_id, case=case)
    if guardian.child_id != case.person_id:
        raise ApplicationError(gettext("Vårdnadshavaren hör till ett annat barn."), field="guardian")
    if guardian.ended_on is not None:
        raise ConflictError(gettext("Vårdnaden är redan avslutad."))
    _check_day(ended_on, field="ended_on", label=gettext("Datum"))
    guardian.ended_on = ended_on
    guardian.save(update_fields=["ended_on"])
    _audit(EventType.GUARDIAN_ENDED, actor=actor, obj=guardian, case=case,
           data={"guardian_id": guardian.pk, "ended_on": ended_on.isoformat()})
    return guardian


def _guardian_of_case(case: Case, guardian: Guardian | None) -> None:
    if guardian is not None and guardian.child_id != case.person_id:
        raise ApplicationError(gettext("Vårdnadshavaren hör till ett annat barn."), field="guardian")


def _child_party_check(case: Case, on: date, *, field: str) -> None:
    if not child_is_party(born=case.person.birth_date, on=on):
        raise ApplicationError(gettext("Barnet är inte part i eget ärende förrän det fyllt 15 år."), field=field)


@transaction.atomic
def party_notice_record(
    *, actor, case: Case, subject: str, sent_on: date, channel: str, guardian: Guardian | None = None,
    to_child: bool = False, about: str = "",
) -> PartyNotice:
    """A notice to a guardian (or to the child who is a party) that an investigation was opened, or of a
    decision: with its date and channel."""
    _require_children_staff(user=actor, unit_id=case.unit_id, case=case)
    _children_case(case)
    if subject not in NoticeSubject.values:
        raise ApplicationError(gettext(
            "Okänt ämne: %(subject)s."
        ) % {"subject": repr(subject)}, field="subject")
    if channel not in Channel.values:
        raise ApplicationError(gettext(
            "Okänd kanal: %(channel)s."
        ) % {"channel": repr(channel)}, field="channel")
    if (guardian is None) == (not to_child):
        raise ApplicationError(gettext("Ange vem underrättelsen gick till: en vårdnadshavare eller barnet."), field="guardian")
    if sent_on is None:
        raise ApplicationError(gettext("Ange datum."), field="sent_on")
    _check_day(sent_on, field="sent_on", label=gettext("Datum"), not_before=case.opened_on, before_label="ärendets start")
    _guardian_of_case(case, guardian)
    if to_child:
        _child_party_check(case, sent_on, field="to_child")
    notice = PartyNotice.objects.create(
        case=case, guardian=guardian, to_child=bool(to_child), subject=subject, about=(about or "").strip()[:300],
        sent_on=sent_on, channel=channel, recorded_by=actor,
    )
    data = {"notice_id": notice.pk, "guardian_id": guardian.pk if guardian else None, "to_child": notice.to_child,
            "subject": subject, "channel": channel, "sent_on": sent_on.isoformat()}
    _event(case=case, event_type="party_notice", actor=actor, data=data)
    _audit(EventType.PARTY_NOTICE_RECORDED, actor=actor, obj=notice, case=case, data=data)
    return notice


@transaction.atomic
def consent_record(
    *, actor, case: Case, scope: str, given_on: date, guardian: Guardian | None = None, by_child: bool = False,
    intervention: Intervention | None = None,
) -> Consent:
    """Samtycke: who gave it (a guardian, or the child of 15 or more), when, and to what."""
    _require_children_staff(user=actor, unit_id=case.unit_id, case=case)
    _children_case(case)
    if (guardian is None) == (not by_child):
        raise ApplicationError(gettext("Ange vem som lämnade samtycket: en vårdnadshavare eller barnet."), field="guardian")
    _guardian_of_case(case, guardian)
    scope = _required_text(scope, field="scope", message="Ange vad samtycket gäller.")
    if given_on is None:
        raise ApplicationError(gettext("Ange datum."), field="given_on")
    _check_day(given_on, field="given_on", label=gettext("Datum"))
    if by_child:
        _child_party_check(case, given_on, field="by_child")
    if intervention is not None and intervention.case_id != case.pk:
        raise ApplicationError(gettext("Insatsen hör till ett annat ärende."), field="intervention")
    consent = Consent.objects.create(
        case=case, guardian=guardian, by_child=bool(by_child), scope=scope[:300], given_on=given_on,
        intervention=intervention, recorded_by=actor,
    )
    data = {"consent_id": consent.pk, "guardian_id": guardian.pk if guardian else None, "by_child": consent.by_child,
            "given_on": given_on.isoformat(), "intervention_id": intervention.pk if intervention else None}
    _event(case=case, event_type="consent_given", actor=actor, data=data)
    _audit(EventType.CONSENT_RECORDED, actor=actor, obj=consent, case=case, data=data)
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, withdrawn_on: date, note: str = "") -> Consent:
    """A samtycke withdrawn: dated and kept, never deleted."""
    case = consent.case
    _require_children_staff(user=actor, unit_id=case.unit_id, case=case)
    if withdrawn_on is None:
        raise ApplicationError(gettext("Ange datum."), field="withdrawn_on")
    _check_day(withdrawn_on, field="withdrawn_on", label=gettext("Datum"), not_before=consent.given_on,
               before_label="dagen samtycket lämnades")
    updated = Consent.objects.filter(pk=consent.pk, withdrawn_on__isnull=True).update(
        withdrawn_on=withdrawn_on, withdrawal_note=(note or "").strip()
    )
    if updated != 1:
        raise ConflictError(gettext("Samtycket är redan återkallat."))
    consent.refresh_from_db()
    data = {"consent_id": consent.pk, "withdrawn_on": withdrawn_on.isoformat()}
    _event(case=case, event_type="consent_withdrawn", actor=actor, data=data)
    _audit(EventType.CONSENT_WITHDRAWN, actor=actor, obj=consent, case=case, data=data)
    return consent
