"""Web pages for Barn och unga. Views parse, call one service and render; rules live in services.py."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skutan.accounts.models import Role
from skutan.accounts.selectors import unit_caseworkers, user_has_role
from skutan.cases import services as case_services
from skutan.cases.selectors import case_get_for_user
from skutan.children import forms, selectors, services
from skutan.children.bbic import bbic_phases
from skutan.children.deadlines import deadline_status
from skutan.children.models import CONCERNS_REQUIRING_CHILD_CONVERSATION, Channel
from skutan.core.dates import date_from_input
from skutan.core.errors import AccessDeniedError, ApplicationError, NotFoundError
from skutan.core.pagination import page_number, url_pattern
from skutan.core.web import ctx, is_htmx, staff_view
from skutan.people.identity import normalise_query
from skutan.people.selectors import person_address_for_request, person_get_for_user, person_search

CHILD_NOT_FOUND = "Det finns ingen person med det personnumret. Registrera barnet i personregistret först."


def _apply_error(form, exc: ApplicationError, aliases: dict[str, str] | None = None) -> None:
    field = (aliases or {}).get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


def _person_context(request, person) -> dict:
    if person is None:
        return {}
    return {"person": person, "address": person_address_for_request(request=request, person=person)}


def _find_child(request, identity_number: str, purpose: str):
    """The child by full personnummer, through the logged person search (exact matches only)."""
    if not normalise_query(identity_number):
        return None
    found = person_search(ctx=ctx(request, purpose), query=identity_number)
    return found[0] if len(found) == 1 else None


# --- reports ---------------------------------------------------------------------------------------------


@staff_view
def report_new(request, person_id: int | None = None):
    child = person_get_for_user(ctx=ctx(request, "Registrering av orosanmälan"), person_id=person_id) if person_id else None
    units = selectors.children_units_for_registration(user=request.user)
    if not units:
        raise AccessDeniedError(gettext("Du hör inte till någon enhet för barn och unga."))
    form = forms.ReportForm(
        request.POST or None, units=units, child=child,
        initial={"received_at": forms._now_local(), "assign_to_me": user_has_role(user=request.user, role=Role.CASEWORKER)},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            unit = next(u for u in units if str(u.pk) == data["unit"])
            try:
                if child is None and data["child_identity_number"].strip():
                    child = _find_child(request, data["child_identity_number"].strip(), "Registrering av orosanmälan")
                    if child is None:
                        raise ApplicationError(CHILD_NOT_FOUND, field="child_identity_number")
                report = services.child_report_register(
                    actor=request.user, unit=unit, received_at=data["received_at"],
                    reporter_category=data["reporter_category"], text=data["text"], child=child,
                    child_description=data.get("child_description", ""), concerns=data["concerns"],
                    reporter_name=data["reporter_name"], reporter_contact=data["reporter_contact"],
                    reporter_confidential=data["reporter_confidential"],
                    assign_to=request.user if data["assign_to_me"] else None,
                )
            except ApplicationError as exc:
                _apply_error(form, exc, {"child": "child_identity_number" if child is None else None})
                status = exc.status
            else:
                messages.success(request, gettext("Orosanmälan är registrerad. Gör skyddsbedömningen i dag."))
                return redirect("children:report_detail", report_id=report.pk)
    return render(
        request, "children/report_new.html", {"form": form, "child": child, **_person_context(request, child)},
        status=status,
    )


def _report_page_context(request, report) -> dict:
    today = timezone.localdate()
    preliminary = getattr(report, "preliminary_assessment", None)
    protection = getattr(report, "protection_assessment", None)
    concerns = report.concern_codes
    child = report.child
    return {
        "report": report,
        "reporter": selectors.child_report_reporter(user=request.user, report=report),
        "concerns": list(report.concerns.all()),
        "protection": protection,
        "preliminary": preliminary,
        "protection_status": deadline_status(report.protection_due, today) if protection is None else None,
        "preliminary_status": deadline_status(report.preliminary_due, today) if preliminary is None else None,
        "protection_late": protection is not None and timezone.localdate(protection.assessed_at) > report.protection_due,
        "extensions": list(report.preliminary_extensions.select_related("decided_by")),
        "conversations": list(report.conversations.all()),
        "needs_conversation": bool(set(concerns) & CONCERNS_REQUIRING_CHILD_CONVERSATION),
        "related": selectors.child_report_related(
            user=request.user, report=report, ctx=ctx(request, "Orosanmälan: anmälningar om syskon")
        ),
        "child_adult": bool(child and child.birth_date and _age_on(child.birth_date, report.received_on) >= 18),
        "pattern": selectors.child_pattern(child_id=child.pk) if child else None,
        "feedback_form": forms.FeedbackForm(prefix="ak"),
        "feedback_channel_label": dict(Channel.choices).get(report.feedback_channel, ""),
        **_person_context(request, child),
    }


def _age_on(born, day) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@staff_view
def report_detail(request, report_id: int):
    report = selectors.child_report_get_for_user(ctx=ctx(request, "Orosanmälan"), report_id=report_id)
    return render(request, "children/report_detail.html", _report_page_context(request, report))


def _report_form_page(request, report_id: int, *, purpose: str, form_class, template: str, call, success: str,
                      form_kwargs=None, aliases=None):
    """GET shows the form; POST calls the service and returns to the report page."""
    report = selectors.child_report_get_for_user(ctx=ctx(request, purpose), report_id=report_id)
    form = form_class(request.POST or None, **(form_kwargs or {}))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = call(report, form.cleaned_data)
            except ApplicationError as exc:
                _apply_error(form, exc, aliases)
                status = exc.status
            else:
                messages.success(request, success)
                if isinstance(result, str):
                    return redirect(result)
                return redirect("children:report_detail", report_id=report.pk)
    context = {"report": report, "form": form, **_person_context(request, report.child)}
    return render(request, template, context, status=status)


@staff_view
def protection_new(request, report_id: int):
    def call(report, data):
        return services.protection_assessment_record(
            actor=request.user, report=report, assessed_at=data["assessed_at"],
            immediate_protection_needed=data["immediate_protection_needed"] == "yes", notes=data["notes"],
        )

    return _report_form_page(
        request, report_id, purpose="Skyddsbedömning", form_class=forms.ProtectionForm,
        template="children/protection_form.html", call=call, success="Skyddsbedömningen är dokumenterad.",
    )


@staff_view
def preliminary_new(request, report_id: int):
    def call(report, data):
        assessment = services.preliminary_assessment_decide(
            actor=request.user, report=report, outcome=data["outcome"], decided_on=data["decided_on"],
            reason=data["reason"], transferred_to=data["transferred_to"],
            no_conversation_reason=data["no_conversation_reason"],
            conversation_held_on=data["conversation_held_on"], conversation_held_by=data["conversation_held_by"],
        )
        if assessment.investigation_id:
            from django.urls import reverse

            return reverse("children:investigation_detail", kwargs={"investigation_id": assessment.investigation_id})
        return None

    return _report_form_page(
        request, report_id, purpose="Förhandsbedömning", form_class=forms.PreliminaryForm,
        template="children/preliminary_form.html", call=call, success="Förhandsbedömningen är beslutad.",
        aliases={"child_conversation": "conversation_held_on", "held_on": "conversation_held_on",
                 "held_by": "conversation_held_by"},
    )


@staff_view
def preliminary_extend(request, report_id: int):
    def call(report, data):
        return services.preliminary_assessment_extend(
            actor=request.user, report=report, new_due=data["new_due"], reason=data["reason"],
            decided_on=data["decided_on"],
        )

    return _report_form_page(
        request, report_id, purpose="Förlängning av förhandsbedömning", form_class=forms.ExtensionForm,
        template="children/extension_form.html", call=call, success="Förlängningen är registrerad.",
        form_kwargs={"reason_label": "Synnerliga skäl"},
    )


@staff_view
def conversation_new(request, report_id: int):
    def call(report, data):
        return services.child_conversation_record(
            actor=request.user, report=report, held_on=data["held_on"], held_by=data["held_by"], notes=data["notes"]
        )

    return _report_form_page(
        request, report_id, purpose="Enskilt samtal", form_class=forms.ConversationForm,
        template="children/conversation_form.html", call=call, success="Det enskilda samtalet är dokumenterat.",
        form_kwargs={"initial": {"held_by": request.user.display_name, "held_on": timezone.localdate()}},
    )


@staff_view
def report_link_child(request, report_id: int):
    def call(report, data):
        child = _find_child(request, data["identity_number"].strip(), "Identifiering av barn")
        if child is None:
            raise ApplicationError(CHILD_NOT_FOUND, field="identity_number")
        return services.child_report_link_child(actor=request.user, report=report, child=child)

    return _report_form_page(
        request, report_id, purpose="Identifiering av barn", form_class=forms.LinkChildForm,
        template="children/link_child_form.html", call=call, success="Barnet är kopplat till anmälan.",
        aliases={"child": "identity_number"},
    )


# --- investigations ----------------------------------------------------------------------------------


def _investigation_page(request, investigation, *, bbic_form=None, consultation_form=None, extension_form=None,
                        close_form=None, conversation_form=None, views_form=None, best_interest_form=None,
                        status=200):
    details = selectors.investigation_details(investigation=investigation)
    voice = selectors.investigation_voice(investigation=investigation)
    notes = {row["area"].code: row["note"] for side in details["triangle"] for row in side["areas"] if row["note"]}
    today = timezone.localdate()
    bbic_form = bbic_form or forms.BbicForm(notes=notes, prefix="bbic")
    bbic_sides = [
        {"label": side["label"], "fields": [bbic_form[row["area"].code] for row in side["areas"]]}
        for side in details["triangle"]
    ]
    return render(
        request, "children/investigation_detail.html",
        {
            "investigation": investigation, "case": investigation.case, **details,
            "due_status": deadline_status(investigation.due, today) if investigation.is_open else None,
            "bbic_form": bbic_form, "bbic_sides": bbic_sides,
            "consultation_form": consultation_form or forms.ConsultationForm(prefix="samrad"),
            "extension_form": extension_form or forms.ExtensionForm(prefix="ext", reason_label="Särskilda skäl"),
            "close_form": close_form or forms.CloseForm(prefix="avslut"),
            "conversation_form": conversation_form or forms.InvestigationConversationForm(
                prefix="samtal", initial={"held_by": request.user.display_name, "alone": True}),
            "views_form": views_form or forms.ChildViewsForm(prefix="synpunkter", initial={
                "child_views": investigation.child_views, "child_not_heard_reason": investigation.child_not_heard_reason,
                "version": investigation.version}),
            "best_interest_form": best_interest_form or forms.BestInterestForm(prefix="bb"),
            "phases": bbic_phases(case=investigation.case, investigation=investigation),
            **voice,
            **_person_context(request, investigation.case.person),
        },
        status=status,
    )


@staff_view
def investigation_detail(request, investigation_id: int):
    investigation = selectors.investigation_get_for_user(ctx=ctx(request, "Utredning"), investigation_id=investigation_id)
    return _investigation_page(request, investigation)


def _investigation_post(request, investigation_id: int, *, purpose: str, form_name: str, build, call, success: str):
    investigation = selectors.investigation_get_for_user(ctx=ctx(request, purpose), investigation_id=investigation_id)
    form = build(investigation)
    if form.is_valid():
        try:
            call(investigation, form)
        except ApplicationError as exc:
            _apply_error(form, exc)
            investigation.refresh_from_db()
            return _investigation_page(request, investigation, status=exc.status, **{form_name: form})
        messages.success(request, success)
        return redirect("children:investigation_detail", investigation_id=investigation.pk)
    return _investigation_page(request, investigation, status=400, **{form_name: form})


@staff_view
@require_POST
def investigation_bbic_save(request, investigation_id: int):
    def build(investigation):
        notes = {n.area: n for n in investigation.bbic_notes.all()}
        return forms.BbicForm(request.POST, notes=notes, prefix="bbic")

    def call(investigation, form):
        notes, versions = form.notes_and_versions()
        services.bbic_notes_save(actor=request.user, investigation=investigation, notes=notes, expected_versions=versions)

    return _investigation_post(request, investigation_id, purpose="Utredning (BBIC)", form_name="bbic_form",
                               build=build, call=call, success="BBIC-anteckningarna är sparade.")


@staff_view
@require_POST
def investigation_consultation_new(request, investigation_id: int):
    def call(investigation, form):
        d = form.cleaned_data
        services.consultation_record(
            actor=request.user, investigation=investigation, held_on=d["held_on"], agency=d["agency"],
            participants=d["participants"], agency_name=d["agency_name"], notes=d["notes"],
        )

    return _investigation_post(
        request, investigation_id, purpose="Samråd", form_name="consultation_form",
        build=lambda i: forms.ConsultationForm(request.POST, prefix="samrad"), call=call,
        success="Samrådet är dokumenterat.",
    )


@staff_view
@require_POST
def investigation_extend(request, investigation_id: int):
    def call(investigation, form):
        d = form.cleaned_data
        services.investigation_extend(
            actor=request.user, investigation=investigation, new_due=d["new_due"], reason=d["reason"],
            decided_on=d["decided_on"],
        )

    return _investigation_post(
        request, investigation_id, purpose="Förlängning av utredning", form_name="extension_form",
        build=lambda i: forms.ExtensionForm(request.POST, prefix="ext", reason_label="Särskilda skäl"), call=call,
        success="Beslutet om förlängd utredningstid är registrerat.",
    )


@staff_view
@require_POST
def investigation_close(request, investigation_id: int):
    def call(investigation, form):
        d = form.cleaned_data
        services.investigation_close(
            actor=request.user, investigation=investigation, closed_on=d["closed_on"], reason=d["reason"]
        )

    return _investigation_post(
        request, investigation_id, purpose="Avslut av utredning", form_name="close_form",
        build=lambda i: forms.CloseForm(request.POST, prefix="avslut"), call=call,
        success="Utredningen är avslutad utan insats.",
    )


@staff_view
@require_POST
def investigation_conversation_new(request, investigation_id: int):
    def call(investigation, form):
        d = form.cleaned_data
        services.investigation_conversation_record(
            actor=request.user, investigation=investigation, held_on=d["held_on"], held_by=d["held_by"],
            alone=d["alone"], not_alone_reason=d["not_alone_reason"], present=d["present"], notes=d["notes"],
        )

    return _investigation_post(
        request, investigation_id, purpose="Samtal med barnet", form_name="conversation_form",
        build=lambda i: forms.InvestigationConversationForm(request.POST, prefix="samtal"), call=call,
        success="Samtalet med barnet är dokumenterat.",
    )


@staff_view
@require_POST
def investigation_child_views(request, investigation_id: int):
    def call(investigation, form):
        d = form.cleaned_data
        services.investigation_child_views_save(
            actor=request.user, investigation=investigation, child_views=d["child_views"],
            child_not_heard_reason=d["child_not_heard_reason"], expected_version=d["version"],
        )

    return _investigation_post(
        request, investigation_id, purpose="Barnets synpunkter", form_name="views_form",
        build=lambda i: forms.ChildViewsForm(request.POST, prefix="synpunkter"), call=call,
        success="Barnets synpunkter är sparade.",
    )


@staff_view
@require_POST
def investigation_best_interest(request, investigation_id: int):
    def call(investigation, form):
        d = form.cleaned_data
        services.best_interest_assessment_record(
            actor=request.user, investigation=investigation, text=d["text"], assessed_on=d["assessed_on"]
        )

    return _investigation_post(
        request, investigation_id, purpose="Barnets bästa", form_name="best_interest_form",
        build=lambda i: forms.BestInterestForm(request.POST, prefix="bb"), call=call,
        success="Bedömningen av barnets bästa är dokumenterad.",
    )


# --- interventions -----------------------------------------------------------------------------------


@staff_view
def intervention_new(request, investigation_id: int):
    investigation = selectors.investigation_get_for_user(ctx=ctx(request, "Beslut om insats"), investigation_id=investigation_id)
    voice = selectors.investigation_voice(investigation=investigation)
    homes = selectors.foster_homes_for_user(user=request.user)
    form = forms.InterventionForm(request.POST or None, assessments=voice["best_interest"], foster_homes=homes)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                best_interest = selectors.best_interest_get_for_investigation(
                    investigation=investigation, assessment_id=int(d["best_interest"]) if d["best_interest"] else None
                )
                home = selectors.foster_home_get_for_user(
                    ctx=ctx(request, "Beslut om placering"), foster_home_id=int(d["foster_home"]) if d["foster_home"] else None
                )
                intervention = services.intervention_decide(
                    actor=request.user, investigation=investigation, kind=d["kind"], decided_on=d["decided_on"],
                    starts_on=d["starts_on"], provider=d["provider"], ends_on=d["ends_on"],
                    kind_other=d["kind_other"], follow_up_dates=form.follow_up_dates(), goal=d["goal"],
                    reasons=d["reasons"], legal_ground=d["legal_ground"], best_interest=best_interest,
                    against_party=d["against_party"], monthly_cost=d["monthly_cost"],
                    no_conversation_reason=d["no_conversation_reason"], place_name=d["place_name"], foster_home=home,
                )
            except ApplicationError as exc:
                _apply_error(form, exc, {"follow_up_dates": "follow_up_1", "child_conversation": None,
                                         "decided_by": None})
                status = exc.status
            else:
                messages.success(request, gettext(
                    "Insatsen %(intervention)s är beslutad."
                ) % {"intervention": intervention.label})
                return redirect("children:intervention_detail", intervention_id=intervention.pk)
    return render(
        request, "children/intervention_form.html",
        {"investigation": investigation, "case": investigation.case, "form": form, **voice,
         **_person_context(request, investigation.case.person)},
        status=status,
    )


def _intervention_page(request, intervention, *, plan_form=None, end_form=None, done_forms=None, status=200):
    today = timezone.localdate()
    follow_ups = list(intervention.follow_ups.select_related("done_by"))
    done_forms = done_forms or {}
    rows = [
        {
            "follow_up": f,
            "status": deadline_status(f.due_on, today) if f.done_on is None and intervention.is_active else None,
            "form": done_forms.get(f.pk) or forms.FollowUpDoneForm(prefix=f"f{f.pk}"),
        }
        for f in follow_ups
    ]
    return render(
        request, "children/intervention_detail.html",
        {
            "intervention": intervention, "case": intervention.case, "follow_ups": rows,
            "placement": getattr(intervention, "placement", None),
            "plan_form": plan_form or forms.FollowUpPlanForm(prefix="plan"),
            "end_form": end_form or forms.InterventionEndForm(prefix="slut"),
            **_person_context(request, intervention.case.person),
        },
        status=status,
    )


@staff_view
def intervention_detail(request, intervention_id: int):
    intervention = selectors.intervention_get_for_user(ctx=ctx(request, "Insats"), intervention_id=intervention_id)
    return _intervention_page(request, intervention)


@staff_view
@require_POST
def intervention_follow_up_plan(request, intervention_id: int):
    intervention = selectors.intervention_get_for_user(ctx=ctx(request, "Uppföljning av insats"), intervention_id=intervention_id)
    form = forms.FollowUpPlanForm(request.POST, prefix="plan")
    if form.is_valid():
        try:
            services.intervention_follow_up_plan(actor=request.user, intervention=intervention, due_on=form.cleaned_data["due_on"])
        except ApplicationError as exc:
            _apply_error(form, exc, {"follow_up_dates": "due_on"})
            return _intervention_page(request, intervention, plan_form=form, status=exc.status)
        messages.success(request, gettext("Uppföljningen är planerad."))
        return redirect("children:intervention_detail", intervention_id=intervention.pk)
    return _intervention_page(request, intervention, plan_form=form, status=400)


@staff_view
@require_POST
def intervention_follow_up_done(request, intervention_id: int, follow_up_id: int):
    intervention = selectors.intervention_get_for_user(ctx=ctx(request, "Uppföljning av insats"), intervention_id=intervention_id)
    follow_up = selectors.follow_up_get_for_intervention(intervention=intervention, follow_up_id=follow_up_id)
    follow_up.intervention = intervention
    form = forms.FollowUpDoneForm(request.POST, prefix=f"f{follow_up.pk}")
    if form.is_valid():
        try:
            services.intervention_follow_up_record(
                actor=request.user, follow_up=follow_up, done_on=form.cleaned_data["done_on"],
                notes=form.cleaned_data["notes"], goal_status=form.cleaned_data["goal_status"],
            )
        except ApplicationError as exc:
            _apply_error(form, exc)
            return _intervention_page(request, intervention, done_forms={follow_up.pk: form}, status=exc.status)
        messages.success(request, gettext("Uppföljningen är dokumenterad."))
        return redirect("children:intervention_detail", intervention_id=intervention.pk)
    return _intervention_page(request, intervention, done_forms={follow_up.pk: form}, status=400)


@staff_view
@require_POST
def intervention_end(request, intervention_id: int):
    intervention = selectors.intervention_get_for_user(ctx=ctx(request, "Avslut av insats"), intervention_id=intervention_id)
    form = forms.InterventionEndForm(request.POST, prefix="slut")
    if form.is_valid():
        try:
            services.intervention_end(
                actor=request.user, intervention=intervention, ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            _apply_error(form, exc)
            return _intervention_page(request, intervention, end_form=form, status=exc.status)
        messages.success(request, gettext("Insatsen är avslutad."))
        return redirect("children:intervention_detail", intervention_id=intervention.pk)
    return _intervention_page(request, intervention, end_form=form, status=400)


# --- the case's children's overview, and the deadline board -------------------------------------------


def _recipients(case, guardian_rows, *, child_is_party: bool) -> list[tuple[str, str]]:
    rows = [(f"g{r['guardian'].pk}", f"{r['person'].full_name} ({r['guardian'].get_kind_display().lower()})")
            for r in guardian_rows if r["guardian"].is_current]
    if child_is_party:
        rows.append(("child", gettext(
            "%(person)s (barnet, part från 15 år)"
        ) % {"person": case.person.full_name}))
    return rows


def _case_overview_page(request, case, *, guardian_form=None, notice_form=None, consent_form=None, lvu_form=None,
                        placement_end_form=None, status=200):
    today = timezone.localdate()
    reports = selectors.reports_for_case(case=case)
    for r in reports:
        pending = getattr(r, "preliminary_assessment", None) is None
        r.board_status = deadline_status(r.preliminary_due, today) if pending else None
    details = selectors.case_children_details(case=case, today=today)
    guardians = selectors.guardian_rows(user=request.user, case=case)
    recipients = _recipients(case, guardians, child_is_party=details["child_is_party"])
    return render(
        request, "children/case_overview.html",
        {
            "case": case, "reports": reports, "investigations": selectors.investigations_for_case(case=case),
            "interventions": selectors.interventions_for_case(case=case), "today": today,
            "guardians": guardians, **details,
            "guardian_form": guardian_form or forms.GuardianForm(prefix="vh"),
            "notice_form": notice_form or forms.NoticeForm(prefix="und", recipients=recipients),
            "consent_form": consent_form or forms.ConsentForm(prefix="samt", recipients=recipients),
            "review_form": forms.CareReviewForm(prefix="ov"),
            "lvu_form": lvu_form or forms.LvuDecisionForm(prefix="lvu"),
            "placement_end_form": placement_end_form or forms.PlacementEndForm(prefix="plavs"),
            "withdraw_form": forms.ConsentWithdrawForm(prefix="ater"),
            "phases": bbic_phases(case=case, investigation=next(iter(selectors.investigations_for_case(case=case)), None)),
            **_person_context(request, case.person),
        },
        status=status,
    )


@staff_view
def case_overview(request, case_id: int):
    case = case_get_for_user(ctx=ctx(request, "Barn och unga: ärendeöversikt"), case_id=case_id)
    return _case_overview_page(request, case)


def _recipient(case, value: str):
    if value == "child":
        return None, True
    guardian = selectors.guardian_get_for_case(case=case, guardian_id=int(value.removeprefix("g")))
    return guardian, False


def _case_post(request, case_id: int, *, purpose: str, form_name: str, build, call, success: str):
    case = case_get_for_user(ctx=ctx(request, purpose), case_id=case_id)
    guardians = selectors.guardian_rows(user=request.user, case=case)
    details = selectors.case_children_details(case=case)
    form = build(case, _recipients(case, guardians, child_is_party=details["child_is_party"]))
    if form.is_valid():
        try:
            call(case, form.cleaned_data)
        except ApplicationError as exc:
            _apply_error(form, exc, {"guardian": "recipient", "to_child": "recipient", "by_child": "recipient",
                                     "person": "identity_number"})
            return _case_overview_page(request, case, status=exc.status, **{form_name: form})
        messages.success(request, success)
        return redirect("children:case_overview", case_id=case.pk)
    return _case_overview_page(request, case, status=400, **{form_name: form})


@staff_view
@require_POST
def guardian_new(request, case_id: int):
    def call(case, d):
        person = _find_child(request, d["identity_number"].strip(), "Registrering av vårdnadshavare")
        if person is None:
            raise ApplicationError(gettext("Det finns ingen person med det personnumret. Registrera personen först."),
                                   field="identity_number")
        services.guardian_add(actor=request.user, case=case, person=person, kind=d["kind"],
                              lives_with_child=d["lives_with_child"], phone=d["phone"], email=d["email"])

    return _case_post(request, case_id, purpose="Vårdnadshavare", form_name="guardian_form",
                      build=lambda c, r: forms.GuardianForm(request.POST, prefix="vh"), call=call,
                      success="Vårdnadshavaren är registrerad.")


@staff_view
@require_POST
def notice_new(request, case_id: int):
    def call(case, d):
        guardian, to_child = _recipient(case, d["recipient"])
        services.party_notice_record(actor=request.user, case=case, subject=d["subject"], sent_on=d["sent_on"],
                                     channel=d["channel"], guardian=guardian, to_child=to_child, about=d["about"])

    return _case_post(request, case_id, purpose="Underrättelse till part", form_name="notice_form",
                      build=lambda c, r: forms.NoticeForm(request.POST, prefix="und", recipients=r), call=call,
                      success="Underrättelsen är dokumenterad.")


@staff_view
@require_POST
def consent_new(request, case_id: int):
    def call(case, d):
        guardian, by_child = _recipient(case, d["recipient"])
        services.consent_record(actor=request.user, case=case, scope=d["scope"], given_on=d["given_on"],
                                guardian=guardian, by_child=by_child)

    return _case_post(request, case_id, purpose="Samtycke", form_name="consent_form",
                      build=lambda c, r: forms.ConsentForm(request.POST, prefix="samt", recipients=r), call=call,
                      success="Samtycket är dokumenterat.")


@staff_view
@require_POST
def consent_withdraw(request, consent_id: int):
    consent = selectors.consent_get_for_user(ctx=ctx(request, "Återkallelse av samtycke"), consent_id=consent_id)
    form = forms.ConsentWithdrawForm(request.POST, prefix="ater")
    try:
        if not form.is_valid():
            raise ApplicationError(gettext("Ange datum för återkallelsen."), field="withdrawn_on")
        services.consent_withdraw(actor=request.user, consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"],
                                  note=form.cleaned_data["note"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("Samtycket är återkallat."))
    return redirect("children:case_overview", case_id=consent.case_id)


@staff_view
@require_POST
def care_review_done(request, review_id: int):
    review = selectors.care_review_get_for_user(ctx=ctx(request, "Övervägande av vård"), review_id=review_id)
    form = forms.CareReviewForm(request.POST, prefix="ov")
    try:
        if not form.is_valid():
            raise ApplicationError(gettext("Fyll i datum, om vården behövs och nämndens överväganden."), field="done_on")
        d = form.cleaned_data
        services.care_review_record(actor=request.user, review=review, done_on=d["done_on"],
                                    care_still_needed=d["care_still_needed"] == "yes", notes=d["notes"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("Övervägandet är dokumenterat."))
    return redirect("children:case_overview", case_id=review.case_id)


@staff_view
@require_POST
def lvu_decision_new(request, case_id: int):
    def call(case, d):
        services.lvu_decision_register(actor=request.user, case=case, kind=d["kind"], decided_on=d["decided_on"],
                                       executed_on=d["executed_on"], grounds=d["grounds"], reasons=d["reasons"],
                                       decided_by_text=d["decided_by"])

    return _case_post(request, case_id, purpose="LVU-beslut", form_name="lvu_form",
                      build=lambda c, r: forms.LvuDecisionForm(request.POST, prefix="lvu"), call=call,
                      success="LVU-beslutet är registrerat.")


@staff_view
@require_POST
def placement_end(request, case_id: int):
    def call(case, d):
        services.placement_end(actor=request.user, case=case, ended_on=d["ended_on"], reason=d["reason"])

    return _case_post(request, case_id, purpose="Placering avslutas", form_name="placement_end_form",
                      build=lambda c, r: forms.PlacementEndForm(request.POST, prefix="plavs"), call=call,
                      success="Placeringen är avslutad. Beslutar ni om en ny placering görs det som en ny insats.")


LVU_ACTS = {
    "understallning": ("Underställningen är registrerad.", "court"),
    "ansokan": ("Ansökan om vård är registrerad.", "application"),
    "upphor": ("Beslutet har upphört.", "end"),
}


@staff_view
@require_POST
def lvu_decision_act(request, lvu_decision_id: int, act: str):
    """Underställning done (7 §), application for care filed (8 §), or the decision ended."""
    if act not in LVU_ACTS:
        raise NotFoundError(gettext("Okänd åtgärd."))
    decision = selectors.lvu_decision_get_for_user(ctx=ctx(request, "LVU-beslut"), decision_id=lvu_decision_id)
    success, kind = LVU_ACTS[act]
    try:
        if kind == "end":
            form = forms.LvuEndForm(request.POST, prefix="slut")
            if not form.is_valid():
                raise ApplicationError(gettext("Ange datum och skäl."), field="ended_on")
            services.lvu_decision_end(actor=request.user, decision=decision, ended_on=form.cleaned_data["ended_on"],
                                      reason=form.cleaned_data["reason"])
        else:
            form = forms.LvuActForm(request.POST, prefix="akt")
            if not form.is_valid():
                raise ApplicationError(gettext("Ange datum."), field="on")
            record = (services.lvu_court_submission_record if kind == "court"
                      else services.lvu_care_application_record)
            key = "submitted_on" if kind == "court" else "applied_on"
            record(actor=request.user, decision=decision, **{key: form.cleaned_data["on"]})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("children:case_overview", case_id=decision.case_id)


@staff_view
def notice_letter(request, notice_id: int):
    """The notice as the guardian it was sent to sees it: a guardian with skyddade personuppgifter is never
    shown to another guardian."""
    notice = selectors.party_notice_get_for_user(ctx=ctx(request, "Underrättelse till vårdnadshavare"),
                                                 notice_id=notice_id)
    parties = _notice_parties(notice)
    with translation.override("sv"):  # the letter to the party is in Swedish (docs/i18n.md)
        return render(request, "children/notice_letter.html", {"notice": notice, "parties": parties})


def _pdf_response(pdf: bytes, filename: str):
    from django.http import HttpResponse

    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _notice_parties(notice) -> list[dict]:
    return (selectors.guardian_view_parties(case=notice.case, guardian=notice.guardian)
            if notice.guardian_id else [{"role": "Barnet", "name": notice.case.person.full_name}])


@staff_view
def notice_letter_pdf(request, notice_id: int):
    from skutan.audit.models import AccessAction
    from skutan.children import letters

    notice = selectors.party_notice_get_for_user(ctx=ctx(request, "Utskrift av underrättelse"), notice_id=notice_id,
                                                 action=AccessAction.PRINT)
    return _pdf_response(letters.notice_letter_pdf(notice=notice, parties=_notice_parties(notice)),
                         letters.notice_letter_filename(notice))


@staff_view
@require_POST
def notice_letter_sent(request, notice_id: int):
    from skutan.cases.views_documents import letter_sent_post

    notice = selectors.party_notice_get_for_user(ctx=ctx(request, "Underrättelse sparad som skickad"),
                                                 notice_id=notice_id)
    return letter_sent_post(
        request, case=notice.case, back=reverse("children:notice_letter", args=[notice.pk]),
        store=lambda **sent: services.notice_letter_store_sent(actor=request.user, notice=notice,
                                                               parties=_notice_parties(notice), **sent),
    )


@staff_view
def intervention_letter(request, intervention_id: int):
    """The decision on the insats as a letter (PDF); ``?informationsblad=en`` adds an information sheet."""
    from skutan.audit.models import AccessAction
    from skutan.children import letters

    intervention = selectors.intervention_get_for_user(ctx=ctx(request, "Utskrift av beslut om insats"),
                                                       intervention_id=intervention_id, action=AccessAction.PRINT)
    pdf = letters.intervention_letter_pdf(intervention=intervention,
                                          information_sheet=request.GET.get("informationsblad", ""))
    return _pdf_response(pdf, letters.intervention_letter_filename(intervention))


@staff_view
@require_POST
def intervention_letter_sent(request, intervention_id: int):
    from skutan.cases.views_documents import letter_sent_post

    intervention = selectors.intervention_get_for_user(ctx=ctx(request, "Beslutsbrev sparat som skickat"),
                                                       intervention_id=intervention_id)
    return letter_sent_post(
        request, case=intervention.case, sheet=True,
        back=reverse("children:intervention_detail", args=[intervention.pk]),
        store=lambda **sent: services.intervention_letter_store_sent(actor=request.user, intervention=intervention,
                                                                     **sent),
    )


@staff_view
def foster_homes(request):
    """The familjehem register of the user's children's units, and registering a new one."""
    units = selectors.children_units_for_registration(user=request.user)
    form = forms.FosterHomeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if not units:
            raise AccessDeniedError(gettext("Du hör inte till någon enhet för barn och unga."))
        if form.is_valid():
            d = form.cleaned_data
            try:
                members = []
                for key in ("member_1", "member_2"):
                    if d[key].strip():
                        person = _find_child(request, d[key].strip(), "Registrering av familjehem")
                        if person is None:
                            raise ApplicationError(gettext("Det finns ingen person med det personnumret."), field=key)
                        members.append(person)
                home = services.foster_home_register(
                    actor=request.user, unit=units[0], name=d["name"], members=members, consent_on=d["consent_on"],
                    consent_reference=d["consent_reference"], places=d["places"],
                )
            except ApplicationError as exc:
                _apply_error(form, exc)
                status = exc.status
            else:
                messages.success(request, gettext("Familjehemmet är registrerat."))
                return redirect("children:foster_home_detail", foster_home_id=home.pk)
    return render(request, "children/foster_homes.html",
                  {"homes": selectors.foster_homes_for_user(user=request.user), "form": form}, status=status)


@staff_view
def foster_home_detail(request, foster_home_id: int):
    home = selectors.foster_home_get_for_user(ctx=ctx(request, "Familjehem"), foster_home_id=foster_home_id)
    return render(request, "children/foster_home_detail.html",
                  selectors.foster_home_details(user=request.user, home=home))


@staff_view
def child_timeline(request, person_id: int):
    """All reports about the child and the siblings, with outcome, oldest first; the pattern flag."""
    purpose = "Barn och unga: anmälningar om barnet och syskon"
    child = person_get_for_user(ctx=ctx(request, purpose), person_id=person_id)
    timeline = selectors.child_report_timeline(ctx=ctx(request, purpose), child=child)
    for r in timeline["reports"]:
        r.outcome_label = selectors.report_outcome_label(r)
    return render(request, "children/child_timeline.html", {"child": child, **timeline,
                                                            **_person_context(request, child)})


@staff_view
@require_POST
def report_feedback(request, report_id: int):
    report = selectors.child_report_get_for_user(ctx=ctx(request, "Återkoppling till anmälare"), report_id=report_id)
    form = forms.FeedbackForm(request.POST, prefix="ak")
    try:
        if not form.is_valid():
            raise ApplicationError(gettext("Kontrollera datum och kanal."), field="given_on")
        d = form.cleaned_data
        services.child_report_feedback_record(actor=request.user, report=report, given_on=d["given_on"],
                                              channel=d["channel"], not_given_reason=d["not_given_reason"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("Återkopplingen är dokumenterad."))
    return redirect("children:report_detail", report_id=report.pk)


@staff_view
def report_feedback_letter(request, report_id: int):
    """A letter template for återkoppling to a professional reporter (printable)."""
    report = selectors.child_report_get_for_user(ctx=ctx(request, "Brev om återkoppling"), report_id=report_id)
    letter = selectors.reporter_feedback_letter(user=request.user, report=report)
    with translation.override("sv"):  # the letter to the reporter is in Swedish (docs/i18n.md)
        return render(request, "children/feedback_letter.html", {**letter, "today": timezone.localdate()})


@staff_view
def report_export(request):
    """CSV of the reports received in the manager's children's units (default: the last twelve months)."""
    import csv
    from datetime import timedelta

    from django.http import HttpResponse

    if not selectors.managed_children_unit_ids(user=request.user):
        raise AccessDeniedError(gettext("Exporten är för enhetschefer inom barn och unga."))
    today = timezone.localdate()
    try:
        until = date_from_input(request.GET.get("till") or today.isoformat())
        since = date_from_input(request.GET.get("fran") or (until - timedelta(days=365)).isoformat())
    except ValueError:
        return HttpResponse("Ange datum som ÅÅÅÅ-MM-DD.", status=400, content_type="text/plain; charset=utf-8")
    rows = selectors.child_report_export_rows(ctx=ctx(request, "Export av orosanmälningar"), since=since, until=until)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="orosanmalningar-{since}-{until}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a byte order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow([label for _, label in selectors.EXPORT_COLUMNS])
    for row in rows:
        writer.writerow([row[key] for key, _ in selectors.EXPORT_COLUMNS])
    return response


@staff_view
def deadline_board(request):
    if not selectors.user_is_children_staff(user=request.user):
        raise AccessDeniedError(gettext("Sidan är för handläggare och enhetschefer inom barn och unga."))
    scope = "mine" if request.GET.get("vy") == "mina" else "auto"
    board = selectors.deadline_board(user=request.user, scope=scope,
                                     filters=selectors.BoardFilters.from_params(request.GET),
                                     page=page_number(request.GET))
    return render(request, "children/board.html", {**board, "can_assign": not board["mine"]})


@staff_view
@require_POST
def board_reassign(request, case_id: int):
    """One-click reallocation from the deadline board (HTMX swaps the cell; without JS, back to the board)."""
    case = case_get_for_user(ctx=ctx(request, "Fördelning från fristbevakning"), case_id=case_id)
    workers = list(unit_caseworkers(unit=case.unit))
    assignee = next((w for w in workers if str(w.pk) == request.POST.get("user")), None)
    error = None
    try:
        if assignee is None:
            raise ApplicationError(gettext("Välj en handläggare i enheten."), field="user")
        case_services.case_allocate(actor=request.user, case=case, assignee=assignee)
    except ApplicationError as exc:
        error = exc
    if not is_htmx(request):
        if error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext(
                "%(case)s är fördelat till %(assignee)s."
            ) % {"case": case.reference, "assignee": assignee.display_name})
        return redirect("children:board")
    if error is None:
        case = case_get_for_user(ctx=ctx(request, "Fördelning från fristbevakning"), case_id=case_id)
    return render(
        request, "children/board.html#assign_cell",
        {"case": case, "workers": workers, "row_id": request.POST.get("row", case.pk), "error": error,
         "assigned": assignee if error is None else None, "can_assign": True,
         "reassign_url": url_pattern("children:board_reassign", "case_id")},
    )  # 200 even on error: htmx only swaps successful responses, and the message belongs in the cell
