"""Ledningsgruppen (/ledning/): the board, meetings with minutes that save as the secretary types,
assignments, decisions followed up, and routines. Reads through selectors, writes through services."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skutan.core.errors import AccessDeniedError, ApplicationError, NotFoundError
from skutan.core.web import staff_view
from skutan.governance import selectors, services
from skutan.governance.forms import (
    AddendumForm,
    AssignmentForm,
    DecisionForm,
    ItemForm,
    MeetingForm,
    RevisionForm,
    RoutineForm,
    StatusForm,
    VersionForm,
)
from skutan.governance.minutes import minutes_pdf


def _error(form, exc: ApplicationError) -> None:
    field = exc.field if exc.field in form.fields and not form.fields[exc.field].widget.is_hidden else None
    form.add_error(field, exc.message)


def _warn(request, warnings) -> None:
    for w in warnings:
        messages.warning(request, w["message"])


def _split_fact(value: str) -> tuple[str, str]:
    kind, _, ref = (value or "").partition(":")
    return kind, ref


@staff_view
def board(request):
    selectors.require_governance_reader(user=request.user)
    user = request.user
    today = timezone.localdate()
    direct_form = None
    if selectors.is_director(user=user):
        direct_form = AssignmentForm(request.POST or None, users=selectors.users_for_choice(), prefix="direct")
        if request.method == "POST" and direct_form.is_valid():
            d = direct_form.cleaned_data
            groups = [g for g in selectors.groups_for_user(user=user) if user.pk == g.chair_id]
            try:
                assignment, warnings = services.assignment_create(
                    actor=user, title=d["title"], owner=selectors.user_get(user_id=d["owner"]), due_on=d["due_on"],
                    description=d["description"], expected_report=d["expected_report"],
                    group=groups[0] if groups else None)
            except ApplicationError as exc:
                _error(direct_form, exc)
            else:
                _warn(request, warnings)
                messages.success(request, gettext("Uppdraget är givet."))
                return redirect("governance:assignment", assignment.pk)
    mine = selectors.assignments_for_user(user=user, owner_only=True, today=today)
    return render(request, "governance/board.html", {
        "mine": [a for a in mine if a.status in ("not_started", "in_progress")],
        "overdue_mine": [a for a in mine if a.overdue],
        "overdue_groups": selectors.assignments_for_secretary(user=user, today=today),
        "follow_ups": selectors.decisions_with_follow_up_for_user(user=user, today=today),
        "routines_due": [r for r in selectors.routines(today=today) if r.past_revision],
        "meetings": selectors.meetings_for_user(user=user, limit=12),
        "secretary_groups": [g for g in selectors.groups_for_user(user=user)
                             if user.pk in (g.secretary_id, g.chair_id) or user.is_superuser],
        "direct_form": direct_form, "today": today,
    }, status=400 if request.method == "POST" else 200)


@staff_view
def meeting_new(request):
    groups = [g for g in selectors.groups_for_user(user=request.user)
              if request.user.pk in (g.secretary_id, g.chair_id) or request.user.is_superuser]
    if not groups:
        raise AccessDeniedError(gettext("Möten skapas av gruppens sekreterare eller ordförande."))
    form = MeetingForm(request.POST or None, groups=groups, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting = services.meeting_create(actor=request.user, group=next(g for g in groups if g.pk == d["group"]),
                                              held_on=d["held_on"], location=d["location"])
        except ApplicationError as exc:
            _error(form, exc)
        else:
            return redirect("governance:meeting", meeting.pk)
    return render(request, "governance/meeting_new.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def _meeting_page(request, meeting, *, bound=None, status=200):
    user = request.user
    group = meeting.group
    is_secretary = user.is_superuser or user.pk in (group.secretary_id, group.chair_id)
    members = selectors.group_members(group=group)
    facts = selectors.fact_choices(user=user)
    items = list(meeting.items.all())
    for item in items:
        item.fact_value = selectors.fact_text(kind=item.fact_kind, ref=item.fact_ref, user=user)
        item.decision_form = DecisionForm(prefix=f"d{item.pk}")
        item.assignment_form = AssignmentForm(prefix=f"a{item.pk}", users=members)
    forms = {"item": ItemForm(facts=facts, prefix="item"), "approve": VersionForm(prefix="approve",
             initial={"version": meeting.version}), "addendum": AddendumForm(prefix="addendum")}
    forms.update(bound or {})
    return render(request, "governance/meeting.html", {
        "meeting": meeting, "group": group, "items": items, "forms": forms, "is_secretary": is_secretary,
        "is_chair": user.is_superuser or user.pk == group.chair_id, "members": members,
    }, status=status)


@staff_view
def meeting(request, meeting_id: int):
    return _meeting_page(request, selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id))


@staff_view
@require_POST
def meeting_action(request, meeting_id: int, action: str):
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    if action == "item":
        form = ItemForm(request.POST, facts=selectors.fact_choices(user=request.user), prefix="item")
        if form.is_valid():
            kind, ref = _split_fact(form.cleaned_data["fact"])
            try:
                _item, warnings = services.agenda_item_propose(
                    actor=request.user, meeting=meeting, title=form.cleaned_data["title"],
                    background=form.cleaned_data["background"], fact_kind=kind, fact_ref=ref)
            except ApplicationError as exc:
                _error(form, exc)
            else:
                _warn(request, warnings)
                return redirect("governance:meeting", meeting.pk)
    elif action == "approve":
        form = VersionForm(request.POST, prefix="approve")
        if form.is_valid():
            try:
                services.minutes_approve(actor=request.user, meeting=meeting, version=form.cleaned_data["version"])
            except ApplicationError as exc:
                _error(form, exc)
            else:
                messages.success(request, gettext("Protokollet är justerat. Ändringar görs nu som tillägg."))
                return redirect("governance:meeting", meeting.pk)
    elif action == "addendum":
        form = AddendumForm(request.POST, prefix="addendum")
        if form.is_valid():
            try:
                _a, warnings = services.addendum_add(actor=request.user, meeting=meeting, text=form.cleaned_data["text"])
            except ApplicationError as exc:
                _error(form, exc)
            else:
                _warn(request, warnings)
                return redirect("governance:meeting", meeting.pk)
    else:
        raise NotFoundError(gettext("Okänd åtgärd."))
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    return _meeting_page(request, meeting, bound={action: form}, status=400)


@staff_view
@require_POST
def item_minutes(request, agenda_item_id: int):
    """Autosave of the minutes of one item (HTMX): returns a status line."""
    item = selectors.item_get_for_user(user=request.user, item_id=agenda_item_id)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        return render(request, "governance/_save_status.html", {"error": "Versionen saknas."}, status=400)
    try:
        item, warnings = services.minutes_item_save(actor=request.user, item=item,
                                                    discussion=request.POST.get("discussion", ""), version=version)
    except ApplicationError as exc:
        return render(request, "governance/_save_status.html", {"error": exc.message}, status=exc.status)
    return render(request, "governance/_save_status.html", {"item": item, "warnings": warnings,
                                                            "saved_at": timezone.now()})


@staff_view
@require_POST
def item_decision(request, agenda_item_id: int):
    item = selectors.item_get_for_user(user=request.user, item_id=agenda_item_id)
    form = DecisionForm(request.POST, prefix=f"d{item.pk}")
    if form.is_valid():
        try:
            _d, warnings = services.decision_record(actor=request.user, item=item, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            _warn(request, warnings)
    else:
        messages.error(request, gettext("Skriv beslutet."))
    return redirect(f"/ledning/moten/{item.meeting_id}/#punkt-{item.pk}")


@staff_view
@require_POST
def item_assignment(request, agenda_item_id: int):
    item = selectors.item_get_for_user(user=request.user, item_id=agenda_item_id)
    form = AssignmentForm(request.POST, prefix=f"a{item.pk}", users=selectors.group_members(group=item.meeting.group))
    if form.is_valid():
        d = form.cleaned_data
        try:
            _a, warnings = services.assignment_create(
                actor=request.user, title=d["title"], owner=selectors.user_get(user_id=d["owner"]),
                due_on=d["due_on"], description=d["description"], expected_report=d["expected_report"], item=item)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            _warn(request, warnings)
    else:
        messages.error(request, gettext("Ange uppdrag, ansvarig och datum."))
    return redirect(f"/ledning/moten/{item.meeting_id}/#punkt-{item.pk}")


@staff_view
def meeting_pdf(request, meeting_id: int):
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    response = HttpResponse(minutes_pdf(meeting=meeting, user=request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="protokoll-{meeting.held_on:%Y-%m-%d}-{meeting.pk}.pdf"'
    return response


@staff_view
def assignment(request, assignment_id: int):
    a = selectors.assignment_get_for_user(user=request.user, assignment_id=assignment_id)
    form = StatusForm(request.POST or None, initial={"status": a.status, "version": a.version})
    if request.method == "POST" and form.is_valid():
        try:
            _a, warnings = services.assignment_status_update(actor=request.user, assignment=a, **form.cleaned_data)
        except ApplicationError as exc:
            _error(form, exc)
        else:
            _warn(request, warnings)
            messages.success(request, gettext("Statusen är uppdaterad."))
            return redirect("governance:assignment", a.pk)
    from skutan.governance.dates import effective_due, is_overdue
    from skutan.governance.models import OPEN_STATUSES

    return render(request, "governance/assignment.html", {
        "a": a, "form": form, "effective_due": effective_due(a.due_on),
        "overdue": a.status in OPEN_STATUSES and is_overdue(a.due_on, timezone.localdate()),
        "fact_value": selectors.fact_text(kind=a.fact_kind, ref=a.fact_ref, user=request.user),
    }, status=400 if request.method == "POST" else 200)


@staff_view
def routine_list(request):
    selectors.require_governance_reader(user=request.user)
    form = RoutineForm(request.POST or None, users=selectors.users_for_choice())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            routine = services.routine_create(actor=request.user, title=d["title"], kind=d["kind"],
                                              owner=selectors.user_get(user_id=d["owner"]),
                                              decided_on=d["decided_on"], revise_by=d["revise_by"],
                                              summary=d["summary"], decided_by=d["decided_by"], used_for=d["used_for"])
        except ApplicationError as exc:
            _error(form, exc)
        else:
            return redirect("governance:routine", routine.pk)
    return render(request, "governance/routines.html", {"routines": selectors.routines(), "form": form},
                  status=400 if request.method == "POST" else 200)


@staff_view
def routine(request, routine_id: int):
    selectors.require_governance_reader(user=request.user)
    r = selectors.routine_get(routine_id=routine_id)
    form = RevisionForm(request.POST or None, initial={"version": r.version, "decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.routine_revise(actor=request.user, routine=r, **form.cleaned_data)
        except ApplicationError as exc:
            _error(form, exc)
        else:
            return redirect("governance:routine", r.pk)
    return render(request, "governance/routine.html", {
        "routine": r, "form": form, "past_revision": r.revise_by < timezone.localdate()},
        status=400 if request.method == "POST" else 200)
