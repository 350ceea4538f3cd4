from django.contrib import messages
from django.shortcuts import redirect, render

from skutan.accounts.selectors import user_can_see_protected_identity
from skutan.cases.selectors import cases_for_person
from skutan.core.errors import AccessDeniedError, ApplicationError
from skutan.core.web import ctx, is_htmx, staff_view
from skutan.people import selectors, services
from skutan.people.forms import PersonCreateForm, PersonEditForm


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
            messages.success(request, f"{person.full_name} är registrerad.")
            return redirect("people:detail", person_id=person.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "people/create.html", {"form": form}, status=status)


@staff_view
def person_detail(request, person_id: int):
    person = selectors.person_get_for_user(ctx=ctx(request, "Personöversikt"), person_id=person_id)
    cases, hidden_count = cases_for_person(user=request.user, person=person)
    household = selectors.household_current_for_person(person=person)
    return render(
        request, "people/detail.html",
        {
            "person": person, "address": selectors.person_address(user=request.user, person=person),
            "cases": cases, "hidden_count": hidden_count, "household": household,
        },
    )


@staff_view
def person_edit(request, person_id: int):
    person = selectors.person_get_for_user(ctx=ctx(request, "Ändring av personuppgifter"), person_id=person_id)
    can_address = not person.protected_identity or user_can_see_protected_identity(user=request.user)
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
            messages.success(request, "Personuppgifterna är sparade.")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/edit.html", {"form": form, "person": person}, status=status)
