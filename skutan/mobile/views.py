"""Pages of the mobile team: the member's day on a phone, the team's assignments and week, an assignment with its
visits, and the caseworker's form to give an assignment. Reads through selectors, writes through services."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skutan.core.errors import ApplicationError
from skutan.core.web import ctx, form_error_add, staff_view
from skutan.mobile import forms, selectors, services


def home_panel(request) -> dict | None:
    """SKUTAN_HOME_PANELS: escalations from the team on the caseworker's cases; the member's visits today."""
    escalations = selectors.escalations_open_for(user=request.user)
    is_team = selectors.user_in_team(user=request.user)
    if not escalations and not is_team:
        return None
    return {"template": "mobile/_home_panel.html", "escalations": escalations, "is_team": is_team}


@staff_view
def day(request):
    return render(request, "mobile/day.html", {"day": selectors.team_day(ctx=ctx(request, "Mobila teamets dag"))})


def _monday(request):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    try:
        return monday + timedelta(weeks=int(request.GET.get("vecka", "0")))
    except ValueError:
        return monday


@staff_view
def assignments(request):
    teams = selectors.team_units_of(user=request.user)
    monday = _monday(request)
    weeks = [selectors.team_week(team=t, monday=monday) for t in teams]
    from skutan.accounts.models import Role
    from skutan.accounts.selectors import user_has_role

    managed = [t for t in teams if user_has_role(user=request.user, role=Role.UNIT_MANAGER, unit_id=t.pk)]
    return render(request, "mobile/assignments.html", {
        "assignments": selectors.assignments_for_user(ctx=ctx(request, "Mobila teamets uppdrag")),
        "weeks": weeks, "monday": monday, "managed": managed,
        "capacity_form": forms.CapacityForm(initial={
            "visits_per_member_per_day": weeks[0]["capacity"].per_member_per_day if weeks else 6}),
        "offset": int(request.GET.get("vecka", "0")) if request.GET.get("vecka", "0").lstrip("-").isdigit() else 0,
    })


@staff_view
@require_POST
def capacity(request):
    teams = selectors.team_units_of(user=request.user)
    form = forms.CapacityForm(request.POST)
    if not teams or not form.is_valid():
        messages.error(request, gettext("Ange mellan 1 och 20 besök per medarbetare och dag."))
        return redirect("mobile:assignments")
    try:
        for team in teams:
            services.team_settings_set(actor=request.user, unit=team, **form.cleaned_data)
        messages.success(request, gettext("Kapaciteten är sparad."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("mobile:assignments")


@staff_view
def assignment_new(request, case_id: int):
    from skutan.cases.selectors import case_get_for_user

    case = case_get_for_user(ctx=ctx(request, "Uppdrag till mobila teamet"), case_id=case_id)
    teams = selectors.mobile_teams()
    form = forms.AssignmentForm(request.POST or None, teams=teams)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            team = next((t for t in teams if str(t.pk) == data.pop("team")), None)
            try:
                assignment, warnings = services.assignment_create(actor=request.user, case=case, team=team, **data)
                messages.success(request, gettext("Uppdraget är givet till mobila teamet."))
                for warning in warnings:
                    messages.warning(request, warning)
                return redirect("mobile:assignment", assignment.pk)
            except ApplicationError as exc:
                form_error_add(form, exc)
    return render(request, "mobile/assignment_new.html", {"case": case, "form": form, "teams": teams},
                  status=status)


@staff_view
def assignment(request, mobile_assignment_id: int):
    a = selectors.assignment_get_for_user(ctx=ctx(request, "Uppdrag till mobila teamet"),
                                          assignment_id=mobile_assignment_id)
    from skutan.people.selectors import person_address
    from skutan.staff.selectors import colleagues_of, markers_active_for_person

    person = a.case.person
    is_team = a.team in selectors.team_units_of(user=request.user)
    return render(request, "mobile/assignment.html", {
        "a": a, "person": person, "address": person_address(user=request.user, person=person),
        "markers": markers_active_for_person(person=person), "visits": selectors.visits_of(assignment=a),
        "is_team": is_team, "capacity": selectors.team_capacity(team=a.team),
        "plan_form": forms.PlanForm(colleagues=colleagues_of(user=request.user)),
        "visit_form": forms.VisitForm(initial={"purpose": a.purpose}),
        "escalations": selectors.escalations_open_for(user=request.user, case=a.case) if not is_team else [],
        "ack_form": forms.AcknowledgeForm(),
    })


@staff_view
@require_POST
def visit_plan(request, mobile_assignment_id: int):
    a = selectors.assignment_get_for_user(ctx=ctx(request, "Planera besök"), assignment_id=mobile_assignment_id)
    from skutan.staff.selectors import colleagues_of

    colleagues = colleagues_of(user=request.user)
    form = forms.PlanForm(request.POST, colleagues=colleagues)
    if not form.is_valid():
        messages.error(request, gettext("Ange tid för besöket (ÅÅÅÅ-MM-DD TT:MM) och beräknad tid."))
        return redirect("mobile:assignment", a.pk)
    companion = next((u for u in colleagues if str(u.pk) == form.cleaned_data["companion"]), None)
    try:
        _, warnings = services.visit_plan(actor=request.user, assignment=a, planned_at=form.cleaned_data["planned_at"],
                                          minutes=form.cleaned_data["minutes"], companion=companion)
        messages.success(request, gettext("Besöket är planerat."))
        for warning in warnings:
            messages.warning(request, warning)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("mobile:assignment", a.pk)


@staff_view
@require_POST
def visit_record(request, mobile_assignment_id: int):
    c = ctx(request, "Besök av mobila teamet")
    a = selectors.assignment_get_for_user(ctx=c, assignment_id=mobile_assignment_id)
    form = forms.VisitForm(request.POST)
    back = request.POST.get("next") == "day"
    if not form.is_valid():
        messages.error(request, gettext("Ange när besöket gjordes, syfte och vad som hände."))
        return redirect("mobile:day" if back else "mobile:assignment", *([] if back else [a.pk]))
    planned = None
    if request.POST.get("visit"):
        planned = selectors.visit_get_for_user(ctx=c, visit_id=request.POST["visit"])
    try:
        visit = services.visit_record(actor=request.user, assignment=a, visit=planned, **form.cleaned_data)
        if visit.outcome == "not_reached":
            messages.warning(request, gettext("Besöket är registrerat. Handläggaren ser att klienten inte nåddes."))
        else:
            messages.success(request, gettext("Besöket är registrerat. Signera anteckningen."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("mobile:day" if back else "mobile:assignment", *([] if back else [a.pk]))


@staff_view
@require_POST
def visit_sign(request, mobile_visit_id: int):
    visit = selectors.visit_get_for_user(ctx=ctx(request, "Signera besöksanteckning"), visit_id=mobile_visit_id)
    try:
        services.visit_note_sign(actor=request.user, visit=visit)
        messages.success(request, gettext("Anteckningen är signerad i ärendets journal."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("mobile:day")


@staff_view
@require_POST
def escalation_acknowledge(request, mobile_escalation_id: int):
    escalation = selectors.escalation_get_for_user(ctx=ctx(request, "Eskalering från mobila teamet"),
                                                   escalation_id=mobile_escalation_id)
    form = forms.AcknowledgeForm(request.POST)
    try:
        services.escalation_acknowledge(actor=request.user, escalation=escalation,
                                        response=form.data.get("response", ""))
        messages.success(request, gettext("Eskaleringen är kvitterad."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("mobile:assignment", escalation.assignment_id)
