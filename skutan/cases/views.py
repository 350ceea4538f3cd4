from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from skutan.accounts.models import Role
from skutan.accounts.selectors import (
    unit_caseworkers,
    unit_caseworkers_of,
    units_for_opening,
    units_managed_by,
    user_has_role,
)
from skutan.audit.services import access_log_list_record
from skutan.cases import selectors, services
from skutan.cases.events import case_history
from skutan.cases.forms import CaseHouseholdForm, CaseOpenForm, CloseForm, EmergencyAccessForm, JournalForm
from skutan.cases.models import ACTIVE_STATUSES, CaseStatus, CaseType
from skutan.cases.rendering import journal_items_html
from skutan.cases.workday import CASEWORKER, MANAGER, SECTIONS, workday_items, worker_loads
from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError
from skutan.core.pagination import page_number, page_of, url_pattern
from skutan.core.web import ctx, is_htmx, staff_view, url_for_ids
from skutan.people.selectors import (
    household_current_for_person,
    household_current_for_user,
    person_address_for_request,
    person_get_for_user,
)


@staff_view
def home(request):
    """The start page (core:home), »Min dag«: what the user has to do today, from every app
    (``cases.workday``), then their cases. A caseworker's and a unit manager's sections differ."""
    user = request.user
    my_cases = list(selectors.cases_assigned_to(user=user)[:200])
    access_log_list_record(ctx=ctx(request, "Startsida: mina ärenden"), cases=my_cases)
    items = workday_items(ctx=ctx(request, "Min dag"))
    roles = {CASEWORKER: user_has_role(user=user, role=Role.CASEWORKER) or user.is_superuser,
             MANAGER: user_has_role(user=user, role=Role.UNIT_MANAGER)}
    sections = [
        {"key": key, "heading": heading, "items": items[key], "role": role}
        for key, heading, role in SECTIONS
        if roles[role] or items[key]
    ]
    return render(
        request, "core/home.html",
        {"my_cases": my_cases, "sections": sections, "is_manager": roles[MANAGER],
         "workday_count": sum(len(s["items"]) for s in sections if s["key"] != "workload"),
         "home_panels": home_panels(request)},
    )


def home_panels(request) -> list[dict]:
    """The panels that other apps register in SKUTAN_HOME_PANELS (the start page imports none of them)."""
    panels = (import_string(path)(request) for path in getattr(settings, "SKUTAN_HOME_PANELS", []))
    return [p for p in panels if p]


def _units_for_opening(user):
    return units_for_opening(user=user)


@staff_view
def case_open(request, person_id: int):
    person = person_get_for_user(ctx=ctx(request, "Aktualisering av ärende"), person_id=person_id)
    units = list(_units_for_opening(request.user))
    form = CaseOpenForm(request.POST or None, units=units, initial={"opened_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            unit = next(u for u in units if str(u.pk) == form.cleaned_data["unit"])
            try:
                case = services.case_open(
                    actor=request.user, person=person, unit=unit, case_type=form.cleaned_data["case_type"],
                    opening_kind=form.cleaned_data["opening_kind"], opened_on=form.cleaned_data["opened_on"],
                    summary=form.cleaned_data["summary"],
                    assign_to=request.user if user_has_role(user=request.user, role=Role.CASEWORKER, unit_id=unit.pk) else None,
                )
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                messages.success(request, gettext("Ärende %(case)s är öppnat.") % {"case": case.reference})
                return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/open.html", {"form": form, "person": person}, status=status)


def _case_links(case) -> list[dict]:
    """Links from the case page into the apps that work on this kind of case."""
    from django.urls import reverse

    links = []
    if case.case_type == "financial_assistance":
        links.append({"label": "Ekonomiskt bistånd", "url": reverse("assistance:case_months", args=[case.pk])})
    if case.case_type == "children":
        links.append({"label": "Orosanmälningar och utredningar", "url": reverse("children:case_overview", args=[case.pk])})
    if case.case_type == "adults":
        links.append({"label": "Utredning, insatser, LVM, SIP och boplan", "url": reverse("adults:case", args=[case.pk])})
    return links


JOURNAL_PAGE_SIZE = 20


def _journal_page(request, journal, user):
    """The journal as the reader may see it (signed entries and their own drafts), newest first, searched
    (``jq``) and paged (``sida``); ``visa=<entry id>`` opens the page that holds that entry."""
    visible = [e for e in journal if e.is_signed or e.author_id == user.pk]
    corrected_by: dict[int, list] = {}
    for e in visible:
        if e.corrects_id and e.is_signed:
            corrected_by.setdefault(e.corrects_id, []).append(e)
    for e in visible:
        e.corrected_by = sorted(corrected_by.get(e.pk, []), key=lambda c: c.pk)
    query = " ".join(request.GET.get("jq", "").split())[:100]
    shown = [e for e in visible if query.lower() in e.text.lower()] if query else visible
    paginator = Paginator(shown, JOURNAL_PAGE_SIZE)
    number = request.GET.get("sida") or 1
    target = request.GET.get("visa", "")
    if target.isdigit():
        index = next((i for i, e in enumerate(shown) if e.pk == int(target)), None)
        if index is not None:
            number = index // JOURNAL_PAGE_SIZE + 1
    return paginator.get_page(number), query, len(visible)


def _case_page(request, case, *, form=None, status=200):
    journal = selectors.case_journal(case=case, with_signer=False)
    draft = next((e for e in journal if not e.is_signed and e.author_id == request.user.pk), None)
    if form is None:
        initial = {"event_date": timezone.localdate(), "version": ""}
        if draft:
            initial = {"event_date": draft.event_date, "text": draft.text, "version": draft.version}
        form = JournalForm(initial=initial)
    can_allocate = user_has_role(user=request.user, role=Role.UNIT_MANAGER, unit_id=case.unit_id)
    # An EB case without a household may be linked to the one its person lives in (applications are pre-filled
    # from it). Showing that household shows its members' names, so the read is logged.
    household_offer = None
    household_missing = case.case_type == CaseType.FINANCIAL_ASSISTANCE and case.is_active and not case.household_id
    if household_missing:
        household_offer = household_current_for_user(ctx=ctx(request, "Ärendehandläggning"), person=case.person)
    page, journal_query, journal_total = _journal_page(request, journal, request.user)
    correct_urls = url_for_ids("cases:journal_correct", args=(case.pk,),
                               ids=[e.pk for e in page.object_list if e.is_signed])
    for e in page.object_list:
        e.correct_url = correct_urls.get(e.pk)
    journal_html = journal_items_html(page.object_list)
    return render(
        request, "cases/detail.html",
        {
            "case": case, "person": case.person,
            "address": person_address_for_request(request=request, person=case.person),
            "journal": page.object_list, "journal_html": journal_html, "journal_page": page, "journal_query": journal_query,
            "journal_total": journal_total,
            "draft": draft, "form": form, "history": case_history(case=case),
            "journal_templates": selectors.journal_templates_for_unit(unit_id=case.unit_id),
            "document_count": selectors.document_count(case=case),
            "can_allocate": can_allocate, "case_links": _case_links(case), "close_form": CloseForm(initial={"version": case.version}),
            "household_missing": household_missing, "household_offer": household_offer,
            "household_offer_members": [m for m in household_offer.members.all() if m.left_on is None]
            if household_offer else [],
        },
        status=status,
    )


@staff_view
def case_detail(request, case_id: int):
    case = selectors.case_get_for_user(ctx=ctx(request, "Ärendehandläggning"), case_id=case_id,
                                       with_document_count=True)
    return _case_page(request, case)


def _autosave_is_stale(user, case, data) -> bool:
    """An autosave that arrives after its draft was signed must not resurrect it as a new draft:
    the client still holds a version of a draft that no longer exists, or the text equals what
    the user signed a moment ago."""
    if data.get("version") is not None:
        return True
    recent = timezone.now() - timedelta(minutes=2)
    return case.journal_entries.filter(
        author=user, signed_at__gte=recent, text=data["text"], event_date=data["event_date"]
    ).exists()


@staff_view
@require_POST
def journal_save(request, case_id: int):
    """One endpoint for autosave (HTMX), save as draft, and save-and-sign."""
    case = selectors.case_get_for_user(ctx=ctx(request, "Journalföring"), case_id=case_id)
    action = request.POST.get("action", "draft")
    form = JournalForm(request.POST)
    draft = case.journal_entries.filter(author=request.user, signed_at__isnull=True).order_by("-id").first()
    if not form.is_valid():
        if is_htmx(request):
            return render(request, "cases/_autosave_status.html", {"error": "Utkastet kunde inte sparas: kontrollera datum och text."}, status=400)
        return _case_page(request, case, form=form, status=400)
    data = form.cleaned_data
    if action == "autosave" and draft is None and _autosave_is_stale(request.user, case, data):
        return render(request, "cases/_autosave_status.html", {"error": "Anteckningen är redan signerad."}, status=409)
    try:
        if draft is None:
            draft = services.journal_entry_create(
                actor=request.user, case=case, text=data["text"], event_date=data["event_date"]
            )
        else:
            version = data["version"] if data["version"] is not None else draft.version
            draft = services.journal_entry_update(
                actor=request.user, entry=draft, text=data["text"], event_date=data["event_date"],
                expected_version=version,
            )
        if action == "sign":
            services.journal_entry_sign(actor=request.user, entry=draft)
    except ApplicationError as exc:
        if is_htmx(request):
            return render(request, "cases/_autosave_status.html", {"error": exc.message}, status=exc.status)
        form.add_error(None, exc.message)
        return _case_page(request, case, form=form, status=exc.status)
    if is_htmx(request):
        return render(request, "cases/_autosave_status.html", {"draft": draft, "saved_at": timezone.now()})
    messages.success(request, "Anteckningen är signerad." if action == "sign" else "Utkastet är sparat.")
    return redirect("cases:detail", case_id=case.pk)


@staff_view
def journal_correct(request, case_id: int, entry_id: int):
    case = selectors.case_get_for_user(ctx=ctx(request, "Rättelse av journal"), case_id=case_id)
    original = case.journal_entries.filter(pk=entry_id, signed_at__isnull=False).select_related("author").first()
    if original is None:
        messages.error(request, gettext("Bara en signerad anteckning kan rättas."))
        return redirect("cases:detail", case_id=case.pk)
    form = JournalForm(request.POST or None, initial={"event_date": original.event_date, "text": original.text})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                entry = services.journal_entry_create(
                    actor=request.user, case=case, text=form.cleaned_data["text"],
                    event_date=form.cleaned_data["event_date"], corrects=original,
                )
                services.journal_entry_sign(actor=request.user, entry=entry)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                status = exc.status
            else:
                messages.success(request, gettext("Rättelsen är signerad."))
                return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/correct.html", {"case": case, "person": case.person, "original": original, "form": form}, status=status)


@staff_view
@require_POST
def journal_draft_delete(request, case_id: int, entry_id: int):
    case = selectors.case_get_for_user(ctx=ctx(request, "Journalföring"), case_id=case_id)
    entry = selectors.journal_entry_of_case(case=case, entry_id=entry_id)
    if entry is not None:
        try:
            services.journal_entry_delete_draft(actor=request.user, entry=entry)
            messages.success(request, gettext("Utkastet är borttaget."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return redirect("cases:detail", case_id=case.pk)


@staff_view
def case_allocate(request, case_id: int):
    case = selectors.case_get_for_user(ctx=ctx(request, "Fördelning av ärende"), case_id=case_id)
    if not user_has_role(user=request.user, role=Role.UNIT_MANAGER, unit_id=case.unit_id):
        raise AccessDeniedError(gettext("Bara enhetschefen kan fördela ärenden i enheten."))
    workers = list(unit_caseworkers(unit=case.unit))
    status = 200
    if request.method == "POST":
        assignee = next((w for w in workers if str(w.pk) == request.POST.get("user")), None)
        if assignee is None:
            messages.error(request, gettext("Välj en handläggare i enheten."))
            status = 400
        else:
            services.case_allocate(actor=request.user, case=case, assignee=assignee)
            messages.success(request, gettext(
                "%(case)s är fördelat till %(assignee)s."
            ) % {"case": case.reference, "assignee": assignee.display_name})
            next_url = request.POST.get("next", "")
            if next_url.startswith("/") and url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                return redirect(next_url)
            return redirect("cases:detail", case_id=case.pk)
    loads = {row["user"].pk: row for row in worker_loads(unit=case.unit)}
    options = [{"user": w, "summary": loads[w.pk]["summary"] if w.pk in loads else ""} for w in workers]
    return render(request, "cases/allocate.html", {"case": case, "person": case.person, "workers": workers,
                                                   "options": options}, status=status)


@staff_view
@require_POST
def case_household_link(request, case_id: int):
    """Link the case to the household its person lives in now (the one the case page showed)."""
    case = selectors.case_get_for_user(ctx=ctx(request, "Koppling av hushåll till ärende"), case_id=case_id)
    form = CaseHouseholdForm(request.POST)
    household = household_current_for_person(person=case.person)
    try:
        if not form.is_valid() or household is None or form.cleaned_data["household"] != household.pk:
            raise ConflictError(
                gettext("Personens hushåll har ändrats sedan du öppnade sidan. Kontrollera hushållet och försök igen."),
                field="household",
            )
        services.case_household_set(
            actor=request.user, case=case, household=household, expected_version=form.cleaned_data["version"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("Ärendet är kopplat till hushållet."))
    return redirect("cases:detail", case_id=case.pk)


@staff_view
@require_POST
def case_close(request, case_id: int):
    case = selectors.case_get_for_user(ctx=ctx(request, "Avslut av ärende"), case_id=case_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Ange en avslutsorsak."))
        return redirect("cases:detail", case_id=case.pk)
    try:
        services.case_close(
            actor=request.user, case=case, reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
        messages.success(request, gettext("Ärendet är avslutat."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("cases:detail", case_id=case.pk)


@staff_view
def emergency_access(request, person_id: int):
    person = person_get_for_user(ctx=ctx(request, "Nödåtkomst"), person_id=person_id)
    form = EmergencyAccessForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                grants = services.case_emergency_access(actor=request.user, person=person, reason=form.cleaned_data["reason"])
            except ApplicationError as exc:
                form.add_error("reason", exc.message)
            else:
                messages.warning(request, ngettext(
                    "Nödåtkomst till %(n)s ärende. Åtkomsten granskas av loggranskare.",
                    "Nödåtkomst till %(n)s ärenden. Åtkomsten granskas av loggranskare.", len(grants),
                ) % {"n": len(grants)})
                return redirect("people:detail", person_id=person.pk)
    return render(request, "cases/emergency.html", {"person": person, "form": form}, status=status)


@staff_view
def unit_board(request):
    """The unit manager's view of the unit's active cases, with one-click allocation."""
    units = list(units_managed_by(user=request.user))
    if not units:
        raise AccessDeniedError(gettext("Sidan är för enhetschefer."))
    worker = request.GET.get("handlaggare", "")
    worker = worker if worker == "ingen" or worker.isdigit() else ""
    status = request.GET.get("status", "")
    status = status if status in ACTIVE_STATUSES else ""
    page = page_of(
        selectors.cases_in_units(unit_ids=[u.pk for u in units], unallocated_only=worker == "ingen",
                                 assigned_to_id=int(worker) if worker.isdigit() else None, status=status or None),
        number=page_number(request.GET), keep={"handlaggare": worker, "status": status},
    )
    access_log_list_record(ctx=ctx(request, "Enhetens ärenden"), cases=page.items)
    workers = {u.pk: list(unit_caseworkers(unit=u)) for u in units}
    return render(request, "cases/unit_board.html", {
        "units": units, "cases": page.items, "page": page, "workers": workers, "worker": worker, "status": status,
        "worker_choices": unit_caseworkers_of(unit_ids=[u.pk for u in units]),
        "statuses": [(value, label) for value, label in CaseStatus.choices if value in ACTIVE_STATUSES],
        **case_table_urls(),
    })


def case_table_urls() -> dict:
    """The case table's links, reversed once per page rather than once per row."""
    return {"case_url": url_pattern("cases:detail", "case_id"), "allocate_url": url_pattern("cases:allocate", "case_id")}


@staff_view
def my_cases(request):
    cases = list(selectors.cases_assigned_to(user=request.user))
    access_log_list_record(ctx=ctx(request, "Mina ärenden"), cases=cases)
    return render(request, "cases/my_cases.html", {"cases": cases, **case_table_urls()})

