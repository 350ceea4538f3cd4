from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skutan.core.errors import AccessDeniedError, ApplicationError, ConflictError, NotFoundError
from skutan.core.web import ctx, is_htmx, staff_view
from skutan.people import selectors, services
from skutan.people.access import person_write_check
from skutan.people.case_links import cases_for_person
from skutan.people.forms import (
    HouseholdCohabitingForm,
    HouseholdCreateForm,
    HouseholdMemberAddForm,
    HouseholdMemberEndForm,
    PersonCreateForm,
    PersonEditForm,
)
from skutan.people.models import HouseholdRole


@staff_view
def person_search(request):
    query = request.GET.get("q", "").strip()
    results = selectors.person_search(ctx=ctx(request, "Sökning i personregistret"), query=query) if query else []
    template = "people/_search_results.html" if is_htmx(request) else "people/search.html"
    return render(request, template, {"query": query, "results": results})


@staff_view
def person_create(request):
    form = PersonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=request.user, identity_number=form.cleaned_data["identity_number"],
                identity_kind=form.cleaned_data["identity_kind"], first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"], street_address=form.cleaned_data["street_address"],
                postal_code=form.cleaned_data["postal_code"], city=form.cleaned_data["city"],
                protection=form.cleaned_data.get("protection") or "",
            )
        except ApplicationError as exc:
            field = "identity_number" if exc.field == services.FIELD else exc.field
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            messages.success(request, gettext("%(person)s är registrerad.") % {"person": person.full_name})
            return redirect("people:detail", person_id=person.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "people/create.html", {"form": form}, status=status)


@staff_view
def person_detail(request, person_id: int):
    person = selectors.person_get_for_user(ctx=ctx(request, "Personöversikt"), person_id=person_id)
    cases, hidden_count = cases_for_person(user=request.user, person=person)
    context = {"person": person, "cases": cases, "hidden_count": hidden_count}
    context.update(_household_context(request, person, purpose="Personöversikt"))
    # The household section has decided the addresses of its members already, the person's own among them.
    addresses = context.pop("member_addresses")
    context["address"] = selectors.person_address_for_request(request=request, person=person, decided=addresses)
    return render(request, "people/detail.html", context)


@staff_view
def person_edit(request, person_id: int):
    person = selectors.person_get_for_user(ctx=ctx(request, "Ändring av personuppgifter"), person_id=person_id)
    person_write_check(user=request.user, person=person)  # the form is not even shown to someone who may not
    # hidden for a protected person, and for anyone sharing their home (the same address)
    can_address = selectors.person_address(user=request.user, person=person) is not None
    initial = {
        "version": person.version, "first_name": person.first_name, "last_name": person.last_name,
        "phone": person.phone,
    }
    if can_address:
        initial.update(street_address=person.street_address, postal_code=person.postal_code, city=person.city)
    form = PersonEditForm(request.POST or None, initial=initial)
    if not can_address:
        for name in ("street_address", "postal_code", "city"):
            del form.fields[name]
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = 400
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.person_update(actor=request.user, person=person, expected_version=version, **data)
        except (ApplicationError, AccessDeniedError) as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            messages.success(request, gettext("Personuppgifterna är sparade."))
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/edit.html", {"form": form, "person": person}, status=status)


# -- households ----------------------------------------------------------------------------------------------
# One section on the person page (people/_household.html). With HTMX every form swaps the section and the
# answer is 200 even when the change is refused (htmx swaps only successful responses; the message belongs in
# the section). Without JavaScript a change redirects back to the person page, and a refusal renders the
# household page with the form and the error, with status 400/403/409.

STALE_HOUSEHOLD = (
    "Hushållet har ändrats av någon annan sedan du öppnade sidan. Kontrollera uppgifterna och gör om ändringen."
)
NO_HOUSEHOLD = "Personen ingår inte i något hushåll. Skapa hushållet först."


def _age(born, today) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _household_context(
    request, person, *, purpose: str, create_form=None, add_form=None, end_forms=None, message: str = "",
    error: str = "",
) -> dict:
    household = selectors.household_current_for_user(ctx=ctx(request, purpose), person=person)
    today = timezone.localdate()
    members = list(household.members.all()) if household else []
    current = [m for m in members if m.left_on is None]
    hide_all = not selectors.user_may_see_protected_address(user=request.user, persons=[m.person for m in current]) and any(
        m.person.protected_identity for m in current
    )
    addresses = {} if hide_all else selectors.person_addresses(user=request.user, persons=[m.person for m in current])
    rows = []
    for m in current:
        age = _age(m.person.birth_date, today)
        end_form = (end_forms or {}).get(m.pk) or HouseholdMemberEndForm(
            prefix=f"end-{m.pk}", initial={"left_on": today}
        )
        rows.append({
            "member": m, "age": age, "end_form": end_form,
            "address": None if hide_all else addresses[m.person_id],
            "lunch_relevant": m.role == HouseholdRole.CHILD and age is not None and age <= 6,
        })
    person_ids = selectors.household_person_ids(household=household) if household else {person.pk}
    adults = sum(1 for m in current if m.role == HouseholdRole.ADULT)
    return {
        "person": person, "household": household, "member_rows": rows, "hide_all_addresses": hide_all,
        "member_addresses": addresses,
        "former_members": [m for m in members if m.left_on is not None],
        "can_change_household": selectors.household_may_change(
            user=request.user, person_ids=person_ids, household=household
        ),
        "can_mark_cohabiting": household is not None and (household.cohabiting or adults == 2),
        "household_create_form": create_form or HouseholdCreateForm(
            prefix="create", initial={"since": today, "role": _default_role(person, today)}
        ),
        "household_add_form": add_form or HouseholdMemberAddForm(
            prefix="add", initial={"joined_on": today, "household": household.pk if household else None}
        ),
        "household_message": message, "household_error": error,
    }


def _default_role(person, today) -> str:
    age = _age(person.birth_date, today)
    return HouseholdRole.CHILD if age is not None and age < 18 else HouseholdRole.ADULT


def _household_response(request, person, *, status: int = 200, **kwargs):
    context = _household_context(request, person, purpose="Hushåll", **kwargs)
    if is_htmx(request):
        return render(request, "people/_household.html", context)
    context["address"] = selectors.person_address_for_request(request=request, person=person)
    return render(request, "people/household.html", context, status=status)


def _household_done(request, person, message: str):
    if is_htmx(request):
        return _household_response(request, person, message=message)
    messages.success(request, message)
    return redirect(reverse("people:detail", args=[person.pk]) + "#hushall")


def _form_error(form, exc: ApplicationError, fields: dict[str, str]) -> None:
    """Put a service error on the form field it names (``fields`` maps service names to form names)."""
    name = fields.get(exc.field or "", exc.field)
    visible = {f.name for f in form.visible_fields()}
    form.add_error(name if name in visible else None, exc.message)


@staff_view
def household(request, person_id: int):
    """GET: the household section (HTMX) or page. POST: create a household for the person."""
    person = selectors.person_get_for_user(ctx=ctx(request, "Hushåll"), person_id=person_id)
    if request.method != "POST":
        return _household_response(request, person)
    form = HouseholdCreateForm(request.POST, prefix="create")
    if not form.is_valid():
        return _household_response(request, person, create_form=form, status=400)
    data = form.cleaned_data
    try:
        members = [(person, data["role"], data["lunch_at_home"])]
        if data["other_adult"].strip():
            other = selectors.person_find_by_number_for_user(
                ctx=ctx(request, "Hushåll: lägg till person"), identity_number=data["other_adult"],
                field="other_adult",
            )
            members.append((other, HouseholdRole.ADULT, True))
        services.household_create(
            actor=request.user, members=members, cohabiting=data["cohabiting"], since=data["since"]
        )
    except AccessDeniedError as exc:  # the section then has no form to show the error in
        return _household_response(request, person, error=exc.message, status=exc.status)
    except ApplicationError as exc:
        _form_error(form, exc, {
            "members": "other_adult", "members[0].role": "role", "members[0].since": "since",
            "members[1].person": "other_adult", "members[1].since": "other_adult", "members[1].role": "other_adult",
        })
        return _household_response(request, person, create_form=form, status=exc.status)
    return _household_done(request, person, "Hushållet är skapat.")


@staff_view
@require_POST
def household_member_add(request, person_id: int):
    person = selectors.person_get_for_user(ctx=ctx(request, "Hushåll: ny medlem"), person_id=person_id)
    form = HouseholdMemberAddForm(request.POST, prefix="add")
    current = selectors.household_current_for_person(person=person)
    if not form.is_valid():
        return _household_response(request, person, add_form=form, status=400)
    data = form.cleaned_data
    try:
        if current is None:
            raise ConflictError(NO_HOUSEHOLD)
        if data["household"] != current.pk:
            raise ConflictError(STALE_HOUSEHOLD, field="household")
        member_person = selectors.person_find_by_number_for_user(
            ctx=ctx(request, "Hushåll: ny medlem"), identity_number=data["identity_number"],
        )
        services.household_member_add(
            actor=request.user, household=current, person=member_person, role=data["role"], since=data["joined_on"],
            lunch_at_home=data["lunch_at_home"],
        )
    except AccessDeniedError as exc:
        return _household_response(request, person, error=exc.message, status=exc.status)
    except ApplicationError as exc:
        _form_error(form, exc, {"person": "identity_number", "since": "joined_on"})
        return _household_response(request, person, add_form=form, status=exc.status)
    return _household_done(request, person, gettext(
        "%(member_person)s är tillagd i hushållet."
    ) % {"member_person": member_person.full_name})


@staff_view
@require_POST
def household_cohabiting(request, person_id: int):
    """Mark the household's two adults as sambor/makar, or remove the mark (optimistic locking on the version)."""
    person = selectors.person_get_for_user(ctx=ctx(request, "Hushåll: sambor/makar"), person_id=person_id)
    form = HouseholdCohabitingForm(request.POST, prefix="cohab")
    current = selectors.household_current_for_person(person=person)
    try:
        if current is None:
            raise ConflictError(NO_HOUSEHOLD)
        if not form.is_valid():
            raise ApplicationError(gettext("Välj om de vuxna är sambor eller makar."), field="cohabiting")
        if form.cleaned_data["household"] != current.pk:
            raise ConflictError(STALE_HOUSEHOLD, field="household")
        household = services.household_cohabiting_set(
            actor=request.user, household=current, cohabiting=form.cleaned_data["cohabiting"],
            expected_version=form.cleaned_data["version"],
        )
    except ApplicationError as exc:
        return _household_response(request, person, error=exc.message, status=exc.status)
    if household.cohabiting:
        return _household_done(request, person, "De vuxna i hushållet är markerade som sambor/makar.")
    return _household_done(request, person, "Markeringen sambor/makar är borttagen.")


@staff_view
def household_member_end(request, person_id: int, member_id: int):
    """GET: a page with the form. POST: end the membership (the person left the household)."""
    purpose = "Hushåll: avsluta medlemskap"
    person = selectors.person_get_for_user(ctx=ctx(request, purpose), person_id=person_id)
    current = selectors.household_current_for_person(person=person)
    if current is None:
        raise NotFoundError(selectors.MEMBER_NOT_FOUND)
    member = selectors.household_member_get_for_user(ctx=ctx(request, purpose), household_id=current.pk,
                                                      member_id=member_id)
    if member.left_on is not None:
        raise NotFoundError(selectors.MEMBER_NOT_FOUND)
    form = HouseholdMemberEndForm(request.POST or None, prefix=f"end-{member.pk}",
                                  initial={"left_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.household_member_remove(actor=request.user, member=member, on=form.cleaned_data["left_on"])
            except AccessDeniedError as exc:
                return _household_response(request, person, error=exc.message, status=exc.status)
            except ApplicationError as exc:
                _form_error(form, exc, {})
                status = exc.status
            else:
                return _household_done(request, person, gettext(
                    "%(person)s har lämnat hushållet."
                ) % {"person": member.person.full_name})
        if is_htmx(request):
            return _household_response(request, person, end_forms={member.pk: form})
    return render(
        request, "people/household_member_end.html",
        {"person": person, "member": member, "form": form,
         "address": selectors.person_address_for_request(request=request, person=person)},
        status=status,
    )
