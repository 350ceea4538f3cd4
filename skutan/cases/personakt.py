"""The printed personakt: a PDF of a person's cases in one unit for a chosen period, for aktinsyn, for a
transfer to another municipality, or for the archive.

It prints only what the reader may see (the cases of the unit visible to them, signed journal entries, the
history in words, the documents' register entries) and never an address that is protected, whoever prints it
(the print leaves the office: ``person_address_for_letter``). Apps above cases add their parts through
``cases.extensions.PERSONAKT_SECTIONS``. The print is access-logged as PRINT, once for the person and once per
case printed.
"""

from datetime import date, datetime, time

from django.template.loader import render_to_string
from django.utils import timezone, translation

from skutan.audit.models import AccessAction
from skutan.audit.services import access_log_record
from skutan.cases.events import case_event_phrase
from skutan.cases.extensions import PERSONAKT_SECTIONS
from skutan.cases.models import Case
from skutan.cases.selectors import case_visible_q
from skutan.people.selectors import person_address_for_letter

PURPOSES = {
    "aktinsyn": "Aktinsyn",
    "overflyttning": "Överflyttning till annan kommun",
    "arkiv": "Arkivering",
}


def personakt_units(*, user, person) -> list:
    """The units in which the person has a case the user may see (the choices of the print)."""
    from skutan.accounts.models import Unit

    unit_ids = Case.objects.filter(case_visible_q(user=user), person=person).values("unit_id")
    return list(Unit.objects.filter(pk__in=unit_ids).order_by("name"))


def _bounds(date_from: date, date_to: date):
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(date_from, time.min), tz),
            timezone.make_aware(datetime.combine(date_to, time.max), tz))


def personakt_content(*, ctx, person, unit, date_from: date, date_to: date, purpose: str) -> dict:
    """What the print shows, and the PRINT rows of the access log."""
    from django.contrib.auth import get_user_model

    user = ctx.user
    start, end = _bounds(date_from, date_to)
    cases = list(
        Case.objects.filter(case_visible_q(user=user), person=person, unit=unit)
        .filter(opened_on__lte=date_to).select_related("unit").order_by("opened_on", "id")
    )
    names: dict[int, str] = {}
    parts = []
    for case in cases:
        entries = list(
            case.journal_entries.filter(signed_at__isnull=False, event_date__gte=date_from, event_date__lte=date_to)
            .select_related("author", "corrects").order_by("event_date", "id")
        )
        corrected = set(case.journal_entries.filter(corrects__isnull=False, signed_at__isnull=False)
                        .values_list("corrects_id", flat=True))
        events = list(case.events.filter(at__gte=start, at__lte=end).order_by("at", "id"))
        names.update({e.user_id: "" for e in events if e.user_id})
        documents = list(case.documents.filter(registered_at__gte=start, registered_at__lte=end)
                         .select_related("registered_by").order_by("registered_at", "id"))
        extra = [s for provider in PERSONAKT_SECTIONS for s in provider(case=case, date_from=date_from, date_to=date_to)]
        parts.append({"case": case, "entries": entries, "corrected": corrected, "events": events,
                      "documents": documents, "sections": extra})
    users = {u.pk: u.get_full_name() for u in get_user_model().objects.filter(pk__in=names)}
    for part in parts:
        part["history"] = [
            {"at": e.at, "who": (users.get(e.user_id) or "Okänd användare") if e.user_id else "Systemet",
             "what": case_event_phrase(e)}
            for e in part.pop("events")
        ]
    access_log_record(
        user=user, action=AccessAction.PRINT, purpose=f"Personakt: {PURPOSES.get(purpose, purpose)}",
        object_type="personakt", object_id=person.pk, person=person, channel=ctx.channel, path=ctx.path,
    )
    for case in cases:
        access_log_record(
            user=user, action=AccessAction.PRINT, purpose=f"Personakt: {PURPOSES.get(purpose, purpose)}",
            object_type="case", object_id=case.pk, person=person, case_id=case.pk, channel=ctx.channel, path=ctx.path,
        )
    return {
        "person": person, "unit": unit, "date_from": date_from, "date_to": date_to,
        "purpose": PURPOSES.get(purpose, purpose), "address": person_address_for_letter(person=person),
        "address_protected": person.protected_identity, "parts": parts, "printed_at": timezone.localtime(),
        "printed_by": user.get_full_name() or "",
    }


def personakt_pdf(*, content: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("sv"):  # the personakt is a Swedish record, whatever the reader's language
        html = render_to_string("cases/personakt_pdf.html", content)
    return HTML(string=html).write_pdf()


def personakt_filename(*, content: dict) -> str:
    return f"personakt-{content['unit'].pk}-{content['date_from']:%Y%m%d}-{content['date_to']:%Y%m%d}.pdf"
