"""Writes to cases and journals. Each runs in one transaction with its audit row and case event."""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import Role, SpecialRightKind, Unit
from skutan.accounts.selectors import (
    special_right_unit_ids,
    user_can_review_log,
    user_has_role,
    user_unit_ids,
)
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.cases import events
from skutan.cases.access import case_write_check
from skutan.cases.extensions import ALLOCATION_CHECKS
from skutan.cases.models import (
    ACTIVE_STATUSES,
    Case,
    CaseAccessGrant,
    CaseAssignment,
    CaseStatus,
    CaseType,
    JournalEntry,
    OpeningKind,
)
from skutan.core.concurrency import versioned_update
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.core.text import TEXT_MAX_LENGTH, text_check

# The documented maximum of one journal entry (docs/api.md): longer text is refused with a 400 naming "text".
JOURNAL_TEXT_MAX_LENGTH = TEXT_MAX_LENGTH
SIGNED_IMMUTABLE = "Anteckningen är signerad och kan inte ändras. Skriv en ny anteckning som rättar den."
EMERGENCY_ACCESS_HOURS = getattr(settings, "SKUTAN_EMERGENCY_ACCESS_HOURS", 12)
REFERENCE_PREFIX = {
    CaseType.FINANCIAL_ASSISTANCE: "EB",
    CaseType.CHILDREN: "BU",
    CaseType.ADULTS: "VU",
}


def _require_unit_role(*, user, unit_id: int, roles: tuple[str, ...], message: str) -> None:
    if user.is_superuser:
        return
    if not any(user_has_role(user=user, role=r, unit_id=unit_id) for r in roles):
        raise AccessDeniedError(message)


def _next_reference(case_type: str, year: int) -> str:
    prefix = f"{REFERENCE_PREFIX[case_type]}-{year}-"
    last = (
        Case.objects.filter(reference__startswith=prefix).order_by("-reference").values_list("reference", flat=True)
    ).first()
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


def _check_not_future(value: date, field: str, label: str) -> None:
    if value > timezone.localdate():
        raise ApplicationError(gettext(
            "%(label)s kan inte ligga i framtiden."
        ) % {"label": label}, field=field)


@transaction.atomic
def case_open(
    *,
    actor,
    person,
    unit: Unit,
    case_type: str,
    opening_kind: str,
    opened_on: date | None = None,
    household=None,
    summary: str = "",
    assign_to=None,
) -> Case:
    if case_type not in CaseType.values:
        raise ApplicationError(gettext("Okänd ärendetyp."), field="case_type")
    if opening_kind not in OpeningKind.values:
        raise ApplicationError(gettext("Okänd aktualisering: välj ansökan, anmälan eller övrigt."), field="opening_kind")
    _require_unit_role(
        user=actor, unit_id=unit.pk, roles=(Role.CASEWORKER, Role.UNIT_MANAGER),
        message="Du kan bara öppna ärenden i din egen enhet.",
    )
    if unit.closed_on is not None and unit.closed_on <= timezone.localdate():
        # A closed unit keeps its history; nothing new is opened in it.
        raise ApplicationError(gettext(
            "Enheten %(unit)s är stängd sedan %(closed_on)s."
        ) % {"unit": unit.name, "closed_on": format(unit.closed_on, "%Y-%m-%d")}, field="unit")
    opened_on = opened_on or timezone.localdate()
    _check_not_future(opened_on, "opened_on", "Aktualiseringsdatum")
    for _ in range(3):  # two workers may race for the same reference number
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    reference=_next_reference(case_type, opened_on.year), person=person, household=household,
                    case_type=case_type, unit=unit, opening_kind=opening_kind, opened_on=opened_on,
                    summary=summary,
                )
            break
        except IntegrityError:
            continue
    else:
        raise ConflictError(gettext("Kunde inte ge ärendet ett diarienummer. Försök igen."))
    events.case_event_opened(case=case, user=actor)
    audit_event_record(
        event_type=EventType.CASE_OPENED, actor=actor, obj=case, person_id=person.pk, case_id=case.pk,
        data={"case_type": case_type, "unit_id": unit.pk, "opening_kind": opening_kind},
    )
    if assign_to is not None:
        case_allocate(actor=actor, case=case, assignee=assign_to, _check_manager=False)
    return case


@transaction.atomic
def case_allocate(*, actor, case: Case, assignee, _check_manager: bool = True) -> CaseAssignment:
    """A unit manager (re)allocates a case to a social worker of the case's unit."""
    case_write_check(user=actor, case=case)
    if _check_manager:
        _require_unit_role(
            user=actor, unit_id=case.unit_id, roles=(Role.UNIT_MANAGER,),
            message="Bara enhetschefen kan fördela ärenden i enheten.",
        )
    if not assignee.is_superuser and case.unit_id not in user_unit_ids(user=assignee):
        raise ApplicationError(gettext("Handläggaren hör inte till ärendets enhet."), field="user")
    for check in ALLOCATION_CHECKS:  # rules of higher layers, e.g. the staff app's qualification rule
        check(case=case, assignee=assignee)
    now = timezone.now()
    CaseAssignment.objects.filter(case=case, ended_at__isnull=True).update(ended_at=now)
    assignment = CaseAssignment.objects.create(case=case, user=assignee, assigned_by=actor, assigned_at=now)
    events.case_event_allocated(case=case, user=actor, assignee=assignee)
    audit_event_record(
        event_type=EventType.CASE_ALLOCATED, actor=actor, obj=case, person_id=case.person_id, case_id=case.pk,
        data={"assignee_id": assignee.pk},
    )
    return assignment


@transaction.atomic
def case_status_set(*, actor, case: Case, status: str, expected_version: int) -> Case:
    if status not in CaseStatus.values or status == CaseStatus.CLOSED:
        raise ApplicationError(gettext("Ogiltig status. Använd avsluta för att stänga ärendet."), field="status")
    case_write_check(user=actor, case=case)
    old = case.status
    case = versioned_update(instance=case, expected_version=expected_version, fields={"status": status})
    events.case_event_status_changed(case=case, user=actor, old=old, new=status)
    audit_event_record(
        event_type=EventType.CASE_UPDATED, actor=actor, obj=case, person_id=case.person_id, case_id=case.pk,
        data={"status": [old, status]},
    )
    return case


@transaction.atomic
def case_close(*, actor, case: Case, reason: str, expected_version: int, closed_on: date | None = None) -> Case:
    case_write_check(user=actor, case=case)
    if not case.is_active:
        raise ConflictError(gettext("Ärendet är redan avslutat."))
    if not reason.strip():
        raise ApplicationError(gettext("Ange varför ärendet avslutas."), field="reason")
    closed_on = closed_on or timezone.localdate()
    if closed_on < case.opened_on:
        raise ApplicationError(gettext("Avslutsdatum kan inte vara före aktualiseringsdatum."), field="closed_on")
    case = versioned_update(
        instance=case, expected_version=expected_version,
        fields={"status": CaseStatus.CLOSED, "closed_on": closed_on, "closing_reason": reason.strip()},
    )
    CaseAssignment.objects.filter(case=case, ended_at__isnull=True).update(ended_at=timezone.now())
    events.case_event_closed(case=case, user=actor)
    audit_event_record(
        event_type=EventType.CASE_CLOSED, actor=actor, obj=case, person_id=case.person_id, case_id=case.pk,
        data={"reason": reason.strip()},
    )
    return case


@transaction.atomic
def case_household_set(*, actor, case: Case, household, expected_version: int) -> Case:
    """Link a case that has no household yet to the household its person lives in now (the assistance
    module pre-fills applications from it). A stale ``expected_version`` is refused (409)."""
    from skutan.people.models import HouseholdMember

    case_write_check(user=actor, case=case)
    if not case.is_active:
        raise ConflictError(gettext("Ärendet är avslutat."), field="case")
    if case.household_id is not None:
        raise ConflictError(gettext("Ärendet är redan kopplat till ett hushåll."), field="household")
    if not HouseholdMember.objects.filter(household=household, person_id=case.person_id, left_on__isnull=True).exists():
        raise ApplicationError(gettext("Ärendets person ingår inte i hushållet."), field="household")
    case = versioned_update(instance=case, expected_version=expected_version, fields={"household": household})
    events.case_event_custom(case=case, event_type="household_linked", user=actor, data={"household_id": household.pk})
    audit_event_record(
        event_type=EventType.CASE_HOUSEHOLD_SET, actor=actor, obj=case, person_id=case.person_id, case_id=case.pk,
        data={"household_id": household.pk},
    )
    return case


@transaction.atomic
def case_emergency_access(*, actor, person, reason: str) -> list[CaseAccessGrant]:
    """Nödåtkomst: access to the person's other active cases for a few hours, with a written reason.
    Every such access is flagged for the log reviewer."""
    reason = reason.strip()
    if len(reason) < 10:
        raise ApplicationError(gettext("Skriv ett utförligt skäl (minst 10 tecken) för nödåtkomsten."), field="reason")
    # Nödåtkomst is a special right granted in advance, per unit, by the systemförvaltare (accounts.SpecialRight).
    allowed = special_right_unit_ids(user=actor, kind=SpecialRightKind.EMERGENCY_ACCESS)
    if not actor.is_superuser and not allowed:
        raise AccessDeniedError(
            gettext("Du har ingen behörighet till nödåtkomst. Systemförvaltaren beviljar den per enhet, med slutdatum och skäl.")
        )
    others = Case.objects.filter(person=person, status__in=ACTIVE_STATUSES).exclude(unit_id__in=user_unit_ids(user=actor))
    if not actor.is_superuser:
        if others.exists() and not others.filter(unit_id__in=allowed).exists():
            raise AccessDeniedError(gettext("Du har inte nödåtkomst i de enheter där personen har ärenden."))
        others = others.filter(unit_id__in=allowed)
    until = timezone.now() + timedelta(hours=EMERGENCY_ACCESS_HOURS)
    grants = []
    for case in others:
        grants.append(
            CaseAccessGrant.objects.create(case=case, user=actor, reason=reason, emergency=True, valid_until=until)
        )
        events.case_event_access(case=case, user=actor, emergency=True, reason=reason)
        audit_event_record(
            event_type=EventType.CASE_EMERGENCY_ACCESS, actor=actor, obj=case, person_id=person.pk,
            case_id=case.pk, data={"reason": reason, "valid_until": until.isoformat()},
        )
    if not grants:
        raise ApplicationError(gettext("Det finns inga andra aktiva ärenden att begära nödåtkomst till."))
    return grants


@transaction.atomic
def case_access_grant(*, actor, case: Case, user, reason: str, days: int = 30) -> CaseAccessGrant:
    case_write_check(user=actor, case=case)
    _require_unit_role(
        user=actor, unit_id=case.unit_id, roles=(Role.UNIT_MANAGER,),
        message="Bara enhetschefen kan ge behörighet till enhetens ärenden.",
    )
    if not reason.strip():
        raise ApplicationError(gettext("Ange skäl för behörigheten."), field="reason")
    grant = CaseAccessGrant.objects.create(
        case=case, user=user, granted_by=actor, reason=reason.strip(),
        valid_until=timezone.now() + timedelta(days=days),
    )
    events.case_event_access(case=case, user=actor, emergency=False, reason=reason.strip())
    audit_event_record(
        event_type=EventType.CASE_ACCESS_GRANTED, actor=actor, obj=case, person_id=case.person_id,
        case_id=case.pk, data={"user_id": user.pk, "reason": reason.strip()},
    )
    return grant


@transaction.atomic
def emergency_access_review(*, actor, grant: CaseAccessGrant) -> CaseAccessGrant:
    if not user_can_review_log(user=actor):
        raise AccessDeniedError(gettext("Bara loggranskare kan granska nödåtkomst."))
    grant.reviewed_by = actor
    grant.reviewed_at = timezone.now()
    grant.save(update_fields=["reviewed_by", "reviewed_at"])
    audit_event_record(
        event_type=EventType.CASE_EMERGENCY_ACCESS_REVIEWED, actor=actor, obj=grant,
        person_id=grant.case.person_id, case_id=grant.case_id,
    )
    return grant


def emergency_access_review_by_id(*, actor, grant_id: int) -> bool:
    """The log reviewer marks an emergency access reviewed; False if there is no such emergency grant."""
    grant = CaseAccessGrant.objects.select_related("case").filter(pk=grant_id, emergency=True).first()
    if grant is None:
        return False
    emergency_access_review(actor=actor, grant=grant)
    return True


CORRECTION_UNCHANGED = "Rättelsen är likadan som originalet. Ändra texten eller händelsedatumet, eller avbryt rättelsen."


def _check_correction_changes(*, text: str, event_date: date, original: JournalEntry) -> None:
    """A correction that changes nothing would mark the original "rättad" for no reason: refused."""
    if " ".join(text.split()) == " ".join(original.text.split()) and event_date == original.event_date:
        raise ApplicationError(CORRECTION_UNCHANGED, field="text")


def _check_journal_input(*, text: str, event_date: date) -> None:
    text_check(text, field="text", max_length=JOURNAL_TEXT_MAX_LENGTH)
    if not text.strip():
        raise ApplicationError(gettext("Anteckningen är tom."), field="text")
    _check_not_future(event_date, "event_date", "Händelsedatum")


@transaction.atomic
def journal_entry_create(
    *, actor, case: Case, text: str, event_date: date | None = None, corrects: JournalEntry | None = None
) -> JournalEntry:
    """Create a draft. A correction points at a signed entry of the same case."""
    case_write_check(user=actor, case=case)
    event_date = event_date or timezone.localdate()
    _check_journal_input(text=text, event_date=event_date)
    if not case.is_active and corrects is None:
        raise ConflictError(gettext("Ärendet är avslutat. Bara rättelser kan skrivas i ett avslutat ärende."))
    if corrects is not None and (corrects.case_id != case.pk or not corrects.is_signed):
        raise ApplicationError(gettext("Bara en signerad anteckning i samma ärende kan rättas."), field="corrects")
    if corrects is not None:
        _check_correction_changes(text=text, event_date=event_date, original=corrects)
    entry = JournalEntry.objects.create(
        case=case, text=text, event_date=event_date, author=actor, corrects=corrects
    )
    audit_event_record(
        event_type=EventType.JOURNAL_DRAFT_SAVED, actor=actor, obj=entry, person_id=case.person_id,
        case_id=case.pk, data={"created": True},
    )
    return entry


@transaction.atomic
def journal_entry_update(
    *, actor, entry: JournalEntry, text: str, event_date: date | None, expected_version: int
) -> JournalEntry:
    """Autosave and edit of a draft. A signed entry is refused here, and by the database itself."""
    case_write_check(user=actor, case=entry.case)
    if entry.is_signed:
        raise ConflictError(SIGNED_IMMUTABLE)
    if entry.author_id != actor.pk:
        raise AccessDeniedError(gettext("Bara den som skrev utkastet kan ändra det."))
    event_date = event_date or entry.event_date
    _check_journal_input(text=text, event_date=event_date)
    entry = versioned_update(
        instance=entry, expected_version=expected_version,
        fields={"text": text, "event_date": event_date, "updated_at": timezone.now()},
    )
    audit_event_record(
        event_type=EventType.JOURNAL_DRAFT_SAVED, actor=actor, obj=entry, person_id=entry.case.person_id,
        case_id=entry.case_id,
    )
    return entry


@transaction.atomic
def journal_entry_sign(*, actor, entry: JournalEntry) -> JournalEntry:
    case_write_check(user=actor, case=entry.case)
    if entry.is_signed:
        raise ConflictError(gettext("Anteckningen är redan signerad."))
    if entry.author_id != actor.pk:
        raise AccessDeniedError(gettext("Bara den som skrev anteckningen kan signera den."))
    if entry.corrects_id is not None:
        _check_correction_changes(text=entry.text, event_date=entry.event_date, original=entry.corrects)
    # The version moves too, so an autosave still holding the draft gets a 409 instead of the trigger's error.
    updated = JournalEntry.objects.filter(pk=entry.pk, signed_at__isnull=True).update(
        signed_at=timezone.now(), signed_by=actor, version=F("version") + 1
    )
    if updated != 1:
        raise ConflictError(gettext("Anteckningen är redan signerad."))
    entry.refresh_from_db()
    events.case_event_journal_signed(case=entry.case, user=actor, entry_id=entry.pk, corrects_id=entry.corrects_id)
    audit_event_record(
        event_type=EventType.JOURNAL_SIGNED, actor=actor, obj=entry, person_id=entry.case.person_id,
        case_id=entry.case_id, data={"corrects_id": entry.corrects_id},
    )
    return entry


@transaction.atomic
def journal_entry_delete_draft(*, actor, entry: JournalEntry) -> None:
    case_write_check(user=actor, case=entry.case)
    if entry.is_signed:
        raise ConflictError(SIGNED_IMMUTABLE)
    if entry.author_id != actor.pk:
        raise AccessDeniedError(gettext("Bara den som skrev utkastet kan ta bort det."))
    audit_event_record(
        event_type=EventType.JOURNAL_DRAFT_DELETED, actor=actor, obj=entry, person_id=entry.case.person_id,
        case_id=entry.case_id, data={"text": entry.text},
    )
    entry.delete()


@transaction.atomic
def journal_template_save(
    *, actor, unit: Unit, event_kind: str, text: str, active: bool = True,
    template=None, expected_version: int | None = None,
):
    """Create or change a journal template of a unit: only the unit's manager maintains them."""
    from skutan.cases.models import JournalTemplate

    _require_unit_role(
        user=actor, unit_id=unit.pk, roles=(Role.UNIT_MANAGER,),
        message="Bara enhetschefen kan ändra enhetens journalmallar.",
    )
    event_kind = " ".join((event_kind or "").split())
    if not event_kind:
        raise ApplicationError(gettext("Ange vilken typ av händelse mallen gäller, t.ex. Hembesök."), field="event_kind")
    text_check(event_kind, field="event_kind", max_length=100)
    if not (text or "").strip():
        raise ApplicationError(gettext("Mallen är tom."), field="text")
    text_check(text, field="text", max_length=JOURNAL_TEXT_MAX_LENGTH)
    clash = JournalTemplate.objects.filter(unit=unit, event_kind__iexact=event_kind)
    if template is not None:
        clash = clash.exclude(pk=template.pk)
    if clash.exists():
        raise ConflictError(gettext(
            "Enheten har redan en mall för %(event_kind)s."
        ) % {"event_kind": event_kind}, field="event_kind")
    fields = {"unit": unit, "event_kind": event_kind, "text": text, "active": active, "updated_by": actor,
              "updated_at": timezone.now()}
    if template is None:
        template = JournalTemplate.objects.create(**fields)
    else:
        if template.unit_id != unit.pk:
            _require_unit_role(
                user=actor, unit_id=template.unit_id, roles=(Role.UNIT_MANAGER,),
                message="Bara enhetschefen kan ändra enhetens journalmallar.",
            )
        template = versioned_update(
            instance=template, expected_version=expected_version if expected_version is not None else -1,
            fields=fields,
        )
    audit_event_record(
        event_type=EventType.JOURNAL_TEMPLATE_SAVED, actor=actor, obj=template,
        data={"unit_id": unit.pk, "event_kind": event_kind, "active": active},
    )
    return template
