"""Pages of the adults module: the unit's board, opening a case, the adult case page with its actions, and the
samordningsmöte between units. Reads go through selectors, writes through services."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from skutan.accounts.models import Role, UnitKind
from skutan.accounts.selectors import user_has_role
from skutan.adults import forms, selectors, services
from skutan.core.dates import parse_swedish_date
from skutan.core.errors import ApplicationError, NotFoundError
from skutan.core.web import ctx, staff_view
from skutan.people.selectors import person_get_for_user


def home_panel(request) -> dict | None:
    """SKUTAN_HOME_PANELS: flagged drug tests and steps to decide, for the adults unit's staff."""
    if not selectors.user_in_adults_unit(user=request.user):
        return None
    board = selectors.adults_board(user=request.user)
    return {"template": "adults/_home_panel.html", "flags": len(board["flags"]), "proposals": len(board["proposals"]),
            "lvm": len(board["lvm"]), "requests": len(board["requests"])}


@staff_view
def board(request):
    return render(request, "adults/board.html", {"board": selectors.adults_board(user=request.user)})


def _adult_units(user):
    from skutan.accounts.selectors import units_for_opening

    return [u for u in units_for_opening(user=user) if u.kind == UnitKind.ADULTS]


@staff_view
def case_new(request, person_id: int):
    person = person_get_for_user(ctx=ctx(request, "Aktualisering av vuxenärende"), person_id=person_id)
    units = _adult_units(request.user)
    form = forms.OpenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not units:
            form.add_error(None, gettext("Du tillhör ingen vuxenenhet."))
        else:
            try:
                data = form.cleaned_data
                case = services.adult_case_open(
                    actor=request.user, person=person, unit=units[0], area=data["area"], source=data["source"],
                    received_on=data["received_on"], reporter=data["reporter"],
                    reporter_contact=data["reporter_contact"], text=data["text"], assign_to=request.user,
                )
                messages.success(request, gettext(
                    "Ärendet %(case)s är aktualiserat."
                ) % {"case": case.reference})
                return redirect("adults:case", case.pk)
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "adults/case_new.html", {"person": person, "form": form, "units": units}, status=status)


@staff_view
def case(request, adult_case_id: int):
    c = selectors.adult_case_get_for_user(ctx=ctx(request, "Vuxenärende"), case_id=adult_case_id)
    overview = selectors.adult_case_overview(user=request.user, case=c)
    open_investigation = next((i for i in overview["investigations"] if i.status == "open"), None)
    context = {
        "case": c, **overview, "open_investigation": open_investigation,
        "investigation_form": forms.InvestigationForm(initial={
            "wishes": getattr(open_investigation, "wishes", ""), "needs": getattr(open_investigation, "needs", ""),
            "assessment": getattr(open_investigation, "assessment", ""),
            "version": getattr(open_investigation, "version", None)}, prefix="inv"),
        "insats_form": forms.InsatsForm(prefix="ins"), "follow_up_form": forms.FollowUpForm(prefix="fu"),
        "lvm_form": forms.LvmForm(prefix="lvm"), "lvm_conclude_form": forms.LvmConcludeForm(prefix="lvmc"),
        "sip_form": forms.SipForm(prefix="sip"), "boplan_form": forms.BoplanForm(prefix="bp"),
        "test_form": forms.TestForm(prefix="dt"), "step_form": forms.StepDecisionForm(prefix="st"),
        "participant_rows": range(4), "step_rows": range(3), "sip_units": selectors.units_for_sip(),
        "is_manager": user_has_role(user=request.user, role=Role.UNIT_MANAGER, unit_id=c.unit_id),
    }
    return render(request, "adults/case.html", context)


def _form(form_class, request, prefix):
    form = form_class(request.POST, prefix=prefix)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        label = form.fields[field].label if field in form.fields else ""
        raise ApplicationError(f"{label}: {errors[0]}" if label else errors[0], field=field)
    return form.cleaned_data


def _int(request, name):
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise ApplicationError(gettext("Uppgiften saknas."), field=name) from None


def _participants(request, units_by_id):
    rows = []
    for i in range(10):
        org = request.POST.get(f"p{i}-organisation", "").strip()
        if not org:
            continue
        unit_id = request.POST.get(f"p{i}-unit", "")
        rows.append({"organisation": org, "name": request.POST.get(f"p{i}-name", ""),
                     "responsibility": request.POST.get(f"p{i}-responsibility", ""),
                     "unit": units_by_id.get(unit_id)})
    return rows


def _steps(request):

    rows = []
    for i in range(10):
        day = request.POST.get(f"s{i}-planned_on", "").strip()
        if not day:
            continue
        try:
            planned_on = parse_swedish_date(day)
            if planned_on is None:
                raise ValueError(day)
            rows.append({"planned_on": planned_on,
                         "tests_per_month": int(request.POST.get(f"s{i}-tests_per_month", "0") or 0),
                         "visits_per_week": int(request.POST.get(f"s{i}-visits_per_week", "0") or 0)})
        except ValueError:
            raise ApplicationError(gettext(
                "Steg %(i)s: ange datum ÅÅÅÅ-MM-DD och antal som heltal."
            ) % {"i": i + 1}, field="steps") from None
    return rows


def _do(request, c, action: str) -> str:  # noqa: C901 - one branch per action of the case page
    user = request.user
    if action == "utredning":
        services.investigation_open(actor=user, case=c)
        return "Utredningen är inledd."
    if action == "utredning-spara":
        inv = selectors.open_investigation_of(case=c)
        data = _form(forms.InvestigationForm, request, "inv")
        services.investigation_update(actor=user, investigation=inv, wishes=data["wishes"], needs=data["needs"],
                                      assessment=data["assessment"], expected_version=data["version"] or 0)
        return "Utredningen är sparad."
    if action == "utredning-avsluta":
        inv = selectors.open_investigation_of(case=c)
        services.investigation_conclude(actor=user, investigation=inv, expected_version=inv.version)
        return "Utredningen är avslutad."
    if action == "insats":
        data = _form(forms.InsatsForm, request, "ins")
        inv = selectors.latest_investigation_of(case=c)
        services.insats_propose(actor=user, case=c, investigation=inv, **data)
        return "Förslaget till beslut är sparat."
    if action == "insats-besluta":
        insats = selectors.insats_of_case(case=c, insats_id=request.POST.get("insats"))
        services.insats_decide(actor=user, insats=insats, expected_version=_int(request, "version"))
        return "Insatsen är beviljad."
    if action == "insats-skicka":
        insats = selectors.insats_of_case(case=c, insats_id=request.POST.get("insats"))
        views = {v.insats.pk: v for v in selectors._insats_views(user=user, case=c)}
        holders = {str(u.pk): u for u in views[insats.pk].holders}
        to_user = holders.get(request.POST.get("to_user", ""))
        referral = services.insats_refer(actor=user, insats=insats, to_user=to_user,
                                         message=request.POST.get("message", ""))
        return gettext(
            "Beslutsunderlaget är skickat till %(sent_to)s."
        ) % {"sent_to": referral.sent_to.display_name}
    if action == "uppfoljning":
        insats = selectors.insats_of_case(case=c, insats_id=request.POST.get("insats"))
        data = _form(forms.FollowUpForm, request, "fu")
        services.insats_follow_up(actor=user, insats=insats, **data)
        return "Uppföljningen är sparad."
    if action == "lvm":
        data = _form(forms.LvmForm, request, "lvm")
        services.lvm_report_register(actor=user, case=c, **data)
        return "LVM-anmälan är registrerad."
    if action == "lvm-utredning":
        matter = selectors.lvm_of_case(case=c, lvm_id=request.POST.get("lvm"))
        services.lvm_investigation_open(actor=user, matter=matter, expected_version=matter.version)
        return "LVM-utredningen är inledd."
    if action == "lvm-avsluta":
        matter = selectors.lvm_of_case(case=c, lvm_id=request.POST.get("lvm"))
        data = _form(forms.LvmConcludeForm, request, "lvmc")
        services.lvm_conclude(actor=user, matter=matter, expected_version=matter.version, **data)
        return "LVM-ärendet är avslutat."
    if action == "sip":
        data = _form(forms.SipForm, request, "sip")
        units_by_id = {str(u.pk): u for u in selectors.units_for_sip()}
        services.sip_create(actor=user, case=c, participants=_participants(request, units_by_id), **data)
        return "SIP:en är sparad."
    if action == "boplan":
        data = _form(forms.BoplanForm, request, "bp")
        insats = selectors.housing_contract_of(case=c)
        services.boplan_create(actor=user, case=c, steps=_steps(request), insats=insats, **data)
        return "Boplanen är sparad."
    if action == "boplan-underskrift":
        plan = selectors.boplan_of_case(case=c, boplan_id=request.POST.get("boplan"))

        def _d(name):
            value = request.POST.get(name, "").strip()
            try:
                if not value:
                    return None
                day = parse_swedish_date(value)
                if day is None:
                    raise ValueError(value)
                return day
            except ValueError:
                raise ApplicationError(gettext("Ange datum som ÅÅÅÅ-MM-DD."), field=name) from None

        services.boplan_update(actor=user, boplan=plan, signed_on=_d("signed_on") or plan.signed_on,
                               landlord_informed_on=_d("landlord_informed_on") or plan.landlord_informed_on,
                               expected_version=_int(request, "version"))
        return "Boplanen är uppdaterad."
    if action == "drogtest":
        plan = selectors.boplan_of_case(case=c, boplan_id=request.POST.get("boplan"))
        data = _form(forms.TestForm, request, "dt")
        test = services.drug_test_record(actor=user, boplan=plan, **data)
        return "Testet är registrerat och flaggat till handläggaren." if test.flagged else "Testet är registrerat."
    if action == "kvittera-test":
        test = selectors.test_of_case(case=c, test_id=request.POST.get("test"))
        services.drug_test_flag_acknowledge(actor=user, test=test)
        return "Flaggan är kvitterad."
    if action == "steg":
        step = selectors.step_of_case(case=c, step_id=request.POST.get("step"))
        data = _form(forms.StepDecisionForm, request, "st")
        services.boplan_step_decide(actor=user, step=step, ease=data["ease"] == "yes", note=data["note"],
                                    postpone_to=data["postpone_to"])
        return "Steget är beslutat." if data["ease"] == "yes" else "Steget är uppskjutet."
    raise NotFoundError(gettext("Okänd åtgärd."))


@staff_view
@require_POST
def case_action(request, adult_case_id: int, adult_action: str):
    c = selectors.adult_case_get_for_user(ctx=ctx(request, "Vuxenärende"), case_id=adult_case_id)
    try:
        messages.success(request, _do(request, c, adult_action))
    except NotFoundError:
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("adults:case", c.pk)


def _insats(request, adult_case_id: int, insats_id: int, purpose: str, **kw):
    case = selectors.adult_case_get_for_user(ctx=ctx(request, purpose), case_id=adult_case_id, **kw)
    return selectors.insats_of_case(case=case, insats_id=insats_id)


@staff_view
def insats_letter(request, adult_case_id: int, insats_id: int):
    """The decision letter of a decided insats (PDF); ``?informationsblad=en`` adds an information sheet."""
    from django.http import HttpResponse

    from skutan.adults import letters
    from skutan.audit.models import AccessAction

    insats = _insats(request, adult_case_id, insats_id, "Utskrift av beslut om insats", action=AccessAction.PRINT)
    pdf = letters.insats_letter_pdf(insats=insats, information_sheet=request.GET.get("informationsblad", ""))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letters.insats_letter_filename(insats)}"'
    return response


@staff_view
@require_POST
def insats_letter_sent(request, adult_case_id: int, insats_id: int):
    from skutan.cases.views_documents import letter_sent_post

    insats = _insats(request, adult_case_id, insats_id, "Beslutsbrev sparat som skickat")
    return letter_sent_post(
        request, case=insats.case, sheet=True, back=reverse("adults:case", args=[insats.case_id]),
        store=lambda **sent: services.insats_letter_store_sent(actor=request.user, insats=insats, **sent),
    )


@staff_view
@require_POST
def coordination_request(request, person_id: int):
    person = person_get_for_user(ctx=ctx(request, "Begäran om samordningsmöte"), person_id=person_id)
    try:
        data = _form(forms.CoordinationForm, request, None)
        services.coordination_request(actor=request.user, person=person, **data)
        messages.success(request, gettext("Begäran om samordningsmöte är skickad till den andra enheten."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("people:detail", person.pk)


@staff_view
@require_POST
def coordination_answer(request, coordination_id: int):
    req = selectors.coordination_request_get_for_user(ctx=ctx(request, "Samordningsmöte"), request_id=coordination_id)
    try:
        data = _form(forms.CoordinationAnswerForm, request, None)
        services.coordination_answer(actor=request.user, request=req, accept=data["accept"] == "yes",
                                     answer=data["answer"], meeting_on=data["meeting_on"])
        messages.success(request, gettext("Svaret är skickat."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("adults:board")
