"""Systemförvaltning pages (/forvaltning/): organisation, users, the delegationsordning and special rights.

Every page is for the systemförvaltare (or the superuser); the selectors and services check it."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skutan.accounts.models import Role, SpecialRightKind
from skutan.administration import forms as aforms
from skutan.administration import selectors, services
from skutan.administration.user_import import COLUMNS, user_import_apply, user_import_plan
from skutan.core.dates import date_from_input
from skutan.core.errors import ApplicationError
from skutan.core.web import form_error_add, staff_view


def _pick(rows, value):
    """The row of a select whose value is its primary key (the rows came from an authorizing selector)."""
    return next((r for r in rows if str(r.pk) == str(value or "")), None)


def _render(request, template, context, form=None, status=None):
    if status is None:
        status = 400 if form is not None and form.errors else 200
    return render(request, template, context, status=status)


@staff_view
def home(request):
    services.require_system_admin(request.user)
    municipality = selectors.municipality_current()
    form = aforms.MunicipalityForm(initial={
        **({k: getattr(municipality, k) for k in services.MUNICIPALITY_FIELDS} if municipality else {}),
        "version": municipality.version if municipality else None,
    })
    if request.method == "POST":
        form = aforms.MunicipalityForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            logo, version = data.pop("logo"), data.pop("version")
            try:
                services.municipality_update(actor=request.user, expected_version=version, logo=logo, **data)
            except ApplicationError as exc:
                form_error_add(form, exc)
            else:
                messages.success(request, gettext("Kommunens uppgifter är sparade."))
                return redirect("administration:home")
    return _render(request, "administration/home.html", {
        "form": form, "municipality": municipality,
        "units": selectors.units_list(actor=request.user),
        "expiring": selectors.special_rights_list(actor=request.user, status="expiring"),
    }, form)


# -- departments and units ------------------------------------------------------------------------------------


@staff_view
def departments(request):
    rows = list(selectors.departments_list(actor=request.user))
    form = aforms.DepartmentForm(request.POST or None, departments=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.department_create(
                actor=request.user, name=form.cleaned_data["name"], parent=_pick(rows, form.cleaned_data["parent"])
            )
        except ApplicationError as exc:
            form_error_add(form, exc)
        else:
            messages.success(request, gettext("Förvaltningen/avdelningen är skapad."))
            return redirect("administration:departments")
    return _render(request, "administration/departments.html", {"departments": rows, "form": form}, form)


@staff_view
def units(request):
    departments = list(selectors.departments_list(actor=request.user))
    form = aforms.UnitForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version")
        department = _pick(departments, data.pop("department"))
        try:
            unit = services.unit_create(actor=request.user, department=department, **data)
        except ApplicationError as exc:
            form_error_add(form, exc)
        else:
            messages.success(request, gettext("Enheten %(unit)s är skapad.") % {"unit": unit.name})
            return redirect("administration:unit", unit_id=unit.pk)
    return _render(request, "administration/units.html", {
        "units": selectors.units_list(actor=request.user), "form": form,
    }, form)


@staff_view
def unit_detail(request, unit_id: int):
    unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
    departments = list(selectors.departments_list(actor=request.user))
    initial = {k: getattr(unit, k) for k in ("name", "kind", "address", "phone", "email", "opening_hours", "anonymous_to_clients", "version")}
    initial["department"] = unit.department_id or ""
    form = aforms.UnitForm(initial=initial, departments=departments)
    close_form = aforms.UnitCloseForm(prefix="close", initial={"closed_on": timezone.localdate(), "version": unit.version})
    failed = None
    if request.method == "POST" and request.POST.get("do") == "close":
        close_form = failed = aforms.UnitCloseForm(request.POST, prefix="close")
        if close_form.is_valid():
            try:
                services.unit_close(actor=request.user, unit=unit, closed_on=close_form.cleaned_data["closed_on"],
                                    expected_version=close_form.cleaned_data["version"])
            except ApplicationError as exc:
                form_error_add(close_form, exc)
            else:
                messages.success(request, gettext(
                    "Enheten %(unit)s är stängd. Dess ärenden och historik finns kvar."
                ) % {"unit": unit.name})
                return redirect("administration:unit", unit_id=unit.pk)
    elif request.method == "POST":
        form = failed = aforms.UnitForm(request.POST, departments=departments)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            department = _pick(departments, data.pop("department"))
            try:
                services.unit_update(actor=request.user, unit=unit, expected_version=version, department=department,
                                     **data)
            except ApplicationError as exc:
                form_error_add(form, exc)
            else:
                messages.success(request, gettext("Enheten är sparad."))
                return redirect("administration:unit", unit_id=unit.pk)
    return _render(request, "administration/unit.html", {
        "unit": unit, "form": form, "close_form": close_form,
        "members": selectors.unit_members(actor=request.user, unit=unit),
    }, failed)


# -- users ----------------------------------------------------------------------------------------------------


def _filters(form) -> selectors.UserFilter:
    if not form.is_valid():
        return selectors.UserFilter()
    data = form.cleaned_data
    active = {"1": True, "0": False}.get(data.get("active") or "")
    return selectors.UserFilter(
        unit_id=int(data["unit"]) if data.get("unit") else None, role=data.get("role") or "", active=active,
        last_login_before=data.get("inloggad_fore"), query=data.get("q") or "",
    )


@staff_view
def users(request):
    units = list(selectors.units_list(actor=request.user))
    filter_form = aforms.UserFilterForm(request.GET or None, units=units)
    form = aforms.UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form_error_add(form, exc)
        else:
            messages.success(request, gettext(
                "Användaren %(user)s är skapad. Ge hen en roll i en enhet."
            ) % {"user": user.username})
            return redirect("administration:user", user_id=user.pk)
    rows = selectors.users_list(actor=request.user, filters=_filters(filter_form))
    return _render(request, "administration/users.html", {
        "users": rows, "filter_form": filter_form, "form": form,
    }, form)


@staff_view
def user_detail(request, user_id: int):
    user = selectors.user_get(actor=request.user, user_id=user_id)
    units = list(selectors.units_list(actor=request.user, include_closed=False))
    form = aforms.UserEditForm(initial={**{k: getattr(user, k) for k in services.USER_FIELDS}, "version": user.version})
    membership_form = aforms.MembershipForm(units=units)
    password_form = aforms.PasswordForm()
    failed = None
    do = request.POST.get("do", "")
    try:
        if request.method == "POST" and do == "save":
            form = failed = aforms.UserEditForm(request.POST)
            if form.is_valid():
                data = dict(form.cleaned_data)
                services.user_update(actor=request.user, user=user, expected_version=data.pop("version"), **data)
                messages.success(request, gettext("Användaren är sparad."))
                return redirect("administration:user", user_id=user.pk)
        elif request.method == "POST" and do == "membership":
            membership_form = failed = aforms.MembershipForm(request.POST, units=units)
            if membership_form.is_valid():
                unit = _pick(units, membership_form.cleaned_data["unit"])
                if unit is None:
                    raise ApplicationError(gettext("Välj en öppen enhet."), field="unit")
                services.membership_create(actor=request.user, user=user, unit=unit,
                                           role=membership_form.cleaned_data["role"])
                messages.success(request, gettext("Rollen i %(unit)s är tillagd.") % {"unit": unit.name})
                return redirect("administration:user", user_id=user.pk)
        elif request.method == "POST" and do == "password":
            password_form = failed = aforms.PasswordForm(request.POST)
            if password_form.is_valid():
                services.user_set_password(actor=request.user, user=user, password=password_form.cleaned_data["password"])
                messages.success(request, gettext("Lösenordet är bytt."))
                return redirect("administration:user", user_id=user.pk)
    except ApplicationError as exc:
        form_error_add(failed, exc)
        status = exc.status
    else:
        status = None
    return _render(request, "administration/user.html", {
        "subject": user, "form": form, "membership_form": membership_form, "password_form": password_form,
        "rights": [r for r in selectors.special_rights_list(actor=request.user, status="all") if r.user_id == user.pk],
    }, failed, status=status)


@staff_view
@require_POST
def user_active(request, user_id: int):
    user = selectors.user_get(actor=request.user, user_id=user_id)
    try:
        if request.POST.get("active") == "0":
            services.user_deactivate(actor=request.user, user=user)
            messages.success(request, gettext(
                "%(user)s är inaktiverad och kan inte längre logga in."
            ) % {"user": user.display_name})
        else:
            services.user_reactivate(actor=request.user, user=user)
            messages.success(request, gettext("%(user)s är aktiv igen.") % {"user": user.display_name})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("administration:user", user_id=user.pk)


@staff_view
@require_POST
def membership_remove(request, membership_id: int):
    membership = selectors.membership_get(actor=request.user, membership_id=membership_id)
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(request, gettext(
        "Rollen %(role)s i %(unit)s är borttagen."
    ) % {"role": membership.get_role_display(), "unit": membership.unit.name})
    return redirect("administration:user", user_id=membership.user_id)


@staff_view
def user_import(request):
    """Upload → dry run (the diff) → apply. The file's text travels in a hidden field between the two steps."""
    services.require_system_admin(request.user)
    form = aforms.ImportForm(request.POST or None, request.FILES or None)
    plan = None
    text = ""
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        text = upload.read().decode("utf-8-sig", errors="replace") if upload else request.POST.get("text", "")
        try:
            if request.POST.get("do") == "apply":
                plan = user_import_apply(actor=request.user, text=text)
                messages.success(request, (
                    gettext(
                        "Importen är genomförd: %(created)s nya användare, %(updated)s ändrade, %(roles)s nya "
                        "roller."
                    ) % {
                        "created": plan.count("user_create"),
                        "updated": plan.count("user_update"),
                        "roles": plan.count("membership_add"),
                    }
                ))
                return redirect("administration:user_import")
            plan = user_import_plan(actor=request.user, text=text)
            status = 200 if plan.ok else 400
        except ApplicationError as exc:
            plan = user_import_plan(actor=request.user, text=text)
            messages.error(request, exc.message)
            status = exc.status
    return render(request, "administration/user_import.html",
                  {"form": form, "plan": plan, "text": text, "columns": COLUMNS}, status=status)


# -- delegation -----------------------------------------------------------------------------------------------


@staff_view
def delegations(request):
    users = list(selectors.users_list(actor=request.user, filters=selectors.UserFilter(active=True)))
    units = list(selectors.units_list(actor=request.user, include_closed=False))
    form = aforms.DelegationForm(request.POST or None, users=users, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["user"] = _pick(users, data["user"])
        data["unit"] = _pick(units, data["unit"])
        try:
            services.delegation_create(actor=request.user, **data)
        except ApplicationError as exc:
            form_error_add(form, exc)
        else:
            messages.success(request, gettext("Delegationspunkten är tillagd."))
            return redirect("administration:delegations")
    return _render(request, "administration/delegations.html", {
        "delegations": selectors.delegations_list(actor=request.user), "form": form,
        "end_form": aforms.EndForm(initial={"valid_to": timezone.localdate()}), "today": timezone.localdate(),
    }, form)


@staff_view
@require_POST
def delegation_end(request, delegation_id: int):
    delegation = selectors.delegation_get(actor=request.user, delegation_id=delegation_id)
    form = aforms.EndForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError(gettext("Ange sista giltighetsdag som ÅÅÅÅ-MM-DD."), field="valid_to")
        services.delegation_end(actor=request.user, delegation=delegation, valid_to=form.cleaned_data["valid_to"])
        messages.success(request, gettext(
            "Punkten %(point)s gäller till och med %(valid_to)s."
        ) % {"point": delegation.point, "valid_to": format(delegation.valid_to, "%Y-%m-%d")})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("administration:delegations")


@staff_view
def delegation_report(request):
    """Who may decide what, today or on a chosen date (?datum=ÅÅÅÅ-MM-DD)."""
    try:
        on = date_from_input(request.GET.get("datum", "")) if request.GET.get("datum") else timezone.localdate()
    except ValueError:
        on = timezone.localdate()
        messages.error(request, gettext("Ange datumet som ÅÅÅÅ-MM-DD. Rapporten visar i dag."))
    return render(request, "administration/delegation_report.html", {
        "rows": selectors.delegation_report(actor=request.user, on=on), "on": on,
    })


# -- special rights -------------------------------------------------------------------------------------------


@staff_view
def special_rights(request):
    status = request.GET.get("visa", "active")
    users = list(selectors.users_list(actor=request.user, filters=selectors.UserFilter(active=True)))
    units = list(selectors.units_list(actor=request.user, include_closed=False))
    form = aforms.SpecialRightForm(request.POST or None, users=users, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, unit = _pick(users, data["user"]), _pick(units, data["unit"])
            if user is None or unit is None:
                raise ApplicationError(gettext("Välj användare och enhet."), field="user" if user is None else "unit")
            services.special_right_grant(actor=request.user, user=user, unit=unit, kind=data["kind"],
                                         valid_to=data["valid_to"], reason=data["reason"])
        except ApplicationError as exc:
            form_error_add(form, exc)
        else:
            messages.success(request, gettext("Behörigheten är beviljad."))
            return redirect("administration:special_rights")
    return _render(request, "administration/special_rights.html", {
        "rights": selectors.special_rights_list(actor=request.user, status=status), "status": status, "form": form,
        "kinds": SpecialRightKind.choices, "roles": Role,
    }, form)


@staff_view
@require_POST
def special_right_revoke(request, right_id: int):
    right = selectors.special_right_get(actor=request.user, right_id=right_id)
    try:
        services.special_right_revoke(actor=request.user, right=right)
        messages.success(request, gettext("Behörigheten är återkallad."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("administration:special_rights")
