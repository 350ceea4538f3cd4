"""Personal (/personal/): the day's visits on a phone-sized page, the manager's alarms, incidents against staff,
workload weighted by difficulty and the unit's qualifications. Reads via selectors, writes via services."""

from collections import Counter
from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skutan.accounts.models import Role
from skutan.accounts.selectors import user_has_role, user_roles, user_unit_ids
from skutan.core.errors import AccessDeniedError, ApplicationError, NotFoundError
from skutan.core.web import ctx, staff_view
from skutan.staff import selectors, services
from skutan.staff.forms import (
    AcknowledgeForm,
    IncidentForm,
    IncidentUpdateForm,
    MarkerForm,
    MarkerReviewForm,
    ProfileForm,
    StepForm,
    VisitForm,
    WeightForm,
)


def _error(form, exc: ApplicationError) -> None:
    field = exc.field if exc.field in form.fields and not form.fields[exc.field].widget.is_hidden else None
    form.add_error(field, exc.message)


def _person(request, person_id: int, purpose: str):
    from skutan.people.selectors import person_get_for_user

    return person_get_for_user(ctx=ctx(request, purpose), person_id=person_id)


@staff_view
def home(request):
    user = request.user
    return render(request, "staff/home.html", {
        "visits": selectors.visits_today_for_user(user=user), "alarms": selectors.alarms_for_manager(user=user),
        "incidents": selectors.incidents_for_user(user=user),
        "is_manager": bool(selectors.managed_unit_ids(user=user)) or user.is_superuser,
        "due_markers": selectors.markers_due_for_review(user=user),
    })


@staff_view
def visit_new(request, person_id: int):
    person = _person(request, person_id, "Planera hembesök")
    units = [u for u in selectors.units_of(user=request.user)]
    colleagues = selectors.colleagues_of(user=request.user)
    markers = selectors.markers_active_for_person(person=person)
    form = VisitForm(request.POST or None, units=units, colleagues=colleagues,
                     initial={"unit": selectors.unit_for_visit(user=request.user, person=person)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            visit = services.visit_plan(
                actor=request.user, person=person, unit=selectors.unit_get(unit_id=d["unit"]),
                starts_at=d["starts_at"], expected_end=d["expected_end"],
                companion=selectors.user_get(user_id=d["companion"]) if d["companion"] else None,
                purpose=d["purpose"], override_reason=d["override_reason"])
        except ApplicationError as exc:
            _error(form, exc)
        else:
            messages.success(request, gettext("Besöket är planerat."))
            return redirect("staff:visit", visit.pk)
    return render(request, "staff/visit_new.html", {"person": person, "form": form, "markers": markers},
                  status=400 if request.method == "POST" else 200)


@staff_view
def visit(request, visit_id: int):
    v = selectors.visit_get_for_user(user=request.user, visit_id=visit_id)
    from skutan.people.selectors import person_address_for_request

    person = _person(request, v.person_id, "Hembesök")
    return render(request, "staff/visit.html", {
        "visit": v, "person": person, "address": person_address_for_request(request=request, person=person),
        "markers": selectors.markers_active_for_person(person=person),
        "is_visitor": request.user.pk in (v.visitor_id, v.companion_id),
    })


@staff_view
@require_POST
def visit_action(request, visit_id: int, action: str):
    v = selectors.visit_get_for_user(user=request.user, visit_id=visit_id)
    try:
        if action == "checka-in":
            services.visit_check_in(actor=request.user, visit=v)
            messages.success(request, gettext("Incheckad. Kom ihåg att checka ut."))
        elif action == "checka-ut":
            services.visit_check_out(actor=request.user, visit=v)
            messages.success(request, gettext("Utcheckad."))
        elif action == "kvittera":
            form = AcknowledgeForm(request.POST)
            note = form.data.get("note", "")
            services.visit_alarm_acknowledge(actor=request.user, visit=v, note=note)
            messages.success(request, gettext("Larmet är kvitterat."))
            return redirect("staff:alarms")
        else:
            raise NotFoundError(gettext("Okänd åtgärd."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        if action == "kvittera":
            return redirect("staff:alarms")
    return redirect("staff:visit", v.pk)


@staff_view
def alarms(request):
    if not (selectors.managed_unit_ids(user=request.user) or request.user.is_superuser
            or Role.MOBILE_TEAM in user_roles(user=request.user)):
        raise AccessDeniedError(gettext("Larmtavlan är till för enhetschefer och mobila teamet."))
    return render(request, "staff/alarms.html", {"alarms": selectors.alarms_for_manager(user=request.user),
                                                 "form": AcknowledgeForm(), "now": timezone.now()})


@staff_view
def marker_new(request, person_id: int):
    person = _person(request, person_id, "Säkerhetsmarkering")
    form = MarkerForm(request.POST or None, kinds=selectors.marker_kinds(),
                      initial={"review_on": timezone.localdate() + timedelta(days=180)})
    if request.method == "POST" and form.is_valid():
        try:
            services.safety_marker_set(actor=request.user, person=person, **form.cleaned_data)
        except ApplicationError as exc:
            _error(form, exc)
        else:
            messages.success(request, gettext("Markeringen är satt."))
            return redirect("people:detail", person.pk)
    return render(request, "staff/marker_new.html", {"person": person, "form": form},
                  status=400 if request.method == "POST" else 200)


@staff_view
@require_POST
def marker_review(request, marker_id: int):
    marker = selectors.marker_get(marker_id=marker_id)
    if marker.person_id:
        _person(request, marker.person_id, "Omprövning av säkerhetsmarkering")  # authorizes and logs
    form = MarkerReviewForm(request.POST)
    if form.is_valid():
        try:
            services.safety_marker_review(actor=request.user, marker=marker, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, gettext("Välj behåll eller ta bort."))
    return redirect("people:detail", marker.person_id) if marker.person_id else redirect("staff:home")


@staff_view
def incidents(request):
    user = request.user
    form = IncidentForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        units = sorted(user_unit_ids(user=user))
        try:
            if not units:
                raise ApplicationError(gettext("Du hör inte till någon enhet."), field="occurred_on")
            incident = services.threat_incident_record(actor=user, affected=user,
                                                       unit=selectors.unit_get(unit_id=units[0]), **form.cleaned_data)
        except ApplicationError as exc:
            _error(form, exc)
        else:
            messages.success(request, gettext("Händelsen är registrerad. Prata med din chef om stöd."))
            return redirect("staff:incident", incident.pk)
    return render(request, "staff/incidents.html", {"incidents": selectors.incidents_for_user(user=user),
                                                    "form": form}, status=400 if request.method == "POST" else 200)


@staff_view
def incident(request, incident_id: int):
    i = selectors.incident_get_for_user(user=request.user, incident_id=incident_id)
    form = IncidentUpdateForm(request.POST or None, initial={
        "police_status": i.police_status, "police_reported_on": i.police_reported_on,
        "police_case_number": i.police_case_number, "support_given": i.support_given,
        "follow_up_note": i.follow_up_note, "version": i.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.threat_incident_update(actor=request.user, incident=i, **form.cleaned_data)
        except ApplicationError as exc:
            _error(form, exc)
        else:
            return redirect("staff:incident", i.pk)
    return render(request, "staff/incident.html", {"incident": i, "form": form},
                  status=400 if request.method == "POST" else 200)


@staff_view
def incident_statistics(request):
    today = timezone.localdate()
    stats = selectors.incident_statistics(user=request.user, first=today.replace(day=1) - timedelta(days=365),
                                          last=today)
    return render(request, "staff/incident_statistics.html", {"stats": stats})


@staff_view
def workload(request):
    user = request.user
    managed = selectors.managed_unit_ids(user=user)
    if not managed and not user.is_superuser:
        raise AccessDeniedError(gettext("Arbetsbelastningen är till för enhetschefer."))
    form = WeightForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_weight_set(actor=user, **form.cleaned_data)
        except ApplicationError as exc:
            _error(form, exc)
        else:
            return redirect("staff:workload")
    loads = selectors.weighted_loads(unit_ids=managed)
    months = selectors.workload_over_capacity_months(unit_ids=managed)
    top = max([float(m["load"]) for m in months] + [float(m["capacity"]) for m in months] + [1])
    for i, m in enumerate(months):
        m["x"] = 30 + i * 50
        m["h"] = int(150 * float(m["load"]) / top)
        m["y"] = 170 - m["h"]
        m["cap_y"] = 170 - int(150 * float(m["capacity"]) / top)
    rows = sorted(loads.values(), key=lambda r: -r["load"])
    streaks = selectors.over_capacity_streaks(months)
    for r in rows:
        r["months_over"] = streaks.get(r["user"].pk, 0)
    distribution = Counter(r["months_over"] for r in rows if r["months_over"])
    return render(request, "staff/workload.html", {
        "rows": rows, "months": months, "table": sorted(selectors.case_weight_table().items()), "form": form,
        "over": sum(1 for r in rows if r["over"]), "distribution": sorted(distribution.items()),
    }, status=400 if request.method == "POST" else 200)


@staff_view
def unit_dashboard(request):
    managed = selectors.managed_unit_ids(user=request.user)
    if not managed and not request.user.is_superuser and not user_has_role(user=request.user, role=Role.SYSTEM_ADMIN):
        raise AccessDeniedError(gettext("Enhetens kompetensöversikt är till för enhetschefer."))
    data = selectors.unit_staff_dashboard(ctx=ctx(request, "Personaladministration"), unit_ids=managed)
    return render(request, "staff/unit_dashboard.html", {"d": data})


@staff_view
def member(request, user_id: int):
    staff_member, profile, steps = selectors.staff_profile_for_viewer(ctx=ctx(request, "Personaladministration"),
                                                                      user_id=user_id)
    can_edit = request.user.pk != staff_member.pk or request.user.is_superuser
    initial = {} if profile is None else {
        "degree": profile.degree, "validation": profile.validation, "dispensation_until": profile.dispensation_until,
        "dispensation_reason": profile.dispensation_reason,
        "child_specialist_training_on": profile.child_specialist_training_on, "capacity": profile.capacity}
    form = ProfileForm(request.POST if request.POST.get("form") == "profile" else None, initial=initial)
    step_form = StepForm(request.POST if request.POST.get("form") == "step" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "profile" and form.is_valid():
                services.staff_profile_save(actor=request.user, user=staff_member, **form.cleaned_data)
                return redirect("staff:member", staff_member.pk)
            if request.POST.get("form") == "step" and step_form.is_valid():
                services.introduction_step_add(actor=request.user, user=staff_member, **step_form.cleaned_data)
                return redirect("staff:member", staff_member.pk)
        except ApplicationError as exc:
            _error(form if request.POST.get("form") == "profile" else step_form, exc)
    from skutan.staff.rules import CHILD_INVESTIGATOR_RULE

    return render(request, "staff/member.html", {
        "member": staff_member, "profile": profile, "steps": steps, "form": form, "step_form": step_form,
        "can_edit": can_edit, "rule": CHILD_INVESTIGATOR_RULE,
        "qualified": selectors.qualified_for_child_investigation(user=staff_member, profile=profile),
    }, status=400 if request.method == "POST" else 200)
