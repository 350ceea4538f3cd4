"""The application form: rows of household members, costs, incomes and documents, posted as flat fields
(``costs-0-amount``). Parsing only turns text into typed input; the rules are in services and ``norm``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from skutan.assistance.inputs import ApplicationInput, CostInput, IncomeInput, MemberInput
from skutan.assistance.models import COST_TYPE_CHOICES, INCOME_TYPE_CHOICES, Application, DecisionOutcome
from skutan.core.dates import date_from_input
from skutan.core.forms import DateInput

BLANK_ROWS = {"members": 1, "costs": 2, "incomes": 2, "attachments": 1}
LUNCH_CHOICES = [("", gettext_lazy("Ej aktuellt / okänt")), ("yes", gettext_lazy("Ja, äter lunch hemma")), ("no", gettext_lazy("Nej, lunch i förskola/skola"))]
ROLE_CHOICES = [("adult", gettext_lazy("Vuxen")), ("child", gettext_lazy("Barn"))]


def parse_amount_sv(text: str) -> Decimal:
    """'8 200,50' or '8200.50' → Decimal; ValueError otherwise."""
    cleaned = (text or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if cleaned.lower().endswith("kr"):
        cleaned = cleaned[:-2]
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def _indexes(post, prefix: str) -> list[int]:
    found = set()
    for key in post:
        if key.startswith(f"{prefix}-"):
            parts = key.split("-")
            if len(parts) == 3 and parts[1].isdigit():
                found.add(int(parts[1]))
    return sorted(found)


def _int_or_none(text: str, field: str, label: str, errors: list) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit():
        errors.append((field, f"{label}: ange ett heltal, 0 eller mer."))
        return None
    return int(text)


def raw_from_post(post) -> dict[str, Any]:
    """The posted rows as text, to re-render the form exactly as typed."""
    def rows(prefix: str, fields: tuple[str, ...]) -> list[dict[str, str]]:
        return [{f: post.get(f"{prefix}-{i}-{f}", "") for f in fields} for i in _indexes(post, prefix)]

    return {
        "members": rows(
            "members",
            ("key", "person_id", "name", "birth_date", "role", "lunch_at_home", "support_obstacle",
             "labour_market_measure", "remove"),
        ),
        "costs": rows("costs", ("type", "amount", "description")),
        "incomes": rows("incomes", ("type", "amount", "member", "description")),
        "attachments": rows("attachments", ("name", "received")),
        "cohabiting": post.get("cohabiting") in ("on", "true", "1"),
        "shared_household_size": post.get("shared_household_size", ""),
        "consecutive_months_on_assistance": post.get("consecutive_months_on_assistance", ""),
        "job_stimulus_months_used": post.get("job_stimulus_months_used", ""),
        "received_on": post.get("received_on", ""),
        "notes": post.get("notes", ""),
        "version": post.get("version", ""),
    }


def _amount_text(amount: Decimal) -> str:
    return str(int(amount)) if amount == amount.to_integral() else str(amount.normalize()).replace(".", ",")


def raw_from_application(application: Application) -> dict[str, Any]:
    return {
        "members": [
            {
                "key": m.member_key, "person_id": str(m.person_id or ""), "name": m.name,
                "birth_date": m.birth_date.isoformat(), "role": m.role,
                "lunch_at_home": "" if m.lunch_at_home is None else ("yes" if m.lunch_at_home else "no"),
                "support_obstacle": m.support_obstacle,
                "labour_market_measure": (m.labour_market_measures or [""])[0],
                "remove": "",
            }
            for m in application.members.all()
        ],
        "costs": [
            {"type": c.type, "amount": _amount_text(c.amount), "description": c.description}
            for c in application.costs.all()
        ],
        "incomes": [
            {"type": i.type, "amount": _amount_text(i.amount), "member": i.member_key, "description": i.description}
            for i in application.incomes.all()
        ],
        "attachments": [
            {"name": a.get("name", ""), "received": "on" if a.get("received") else ""}
            for a in application.attachments or []
        ],
        "cohabiting": application.cohabiting,
        "shared_household_size": str(application.shared_household_size or ""),
        "consecutive_months_on_assistance": str(application.consecutive_months_on_assistance),
        "job_stimulus_months_used": str(application.job_stimulus_months_used),
        "received_on": application.received_on.isoformat() if application.received_on else "",
        "notes": application.notes,
        "version": str(application.version),
    }


def with_blank_rows(raw: dict[str, Any]) -> dict[str, Any]:
    """Add empty rows so a member, cost, income or document can be added without JavaScript."""
    blanks = {
        "members": {"key": "", "person_id": "", "name": "", "birth_date": "", "role": "child", "lunch_at_home": "",
                    "support_obstacle": "", "labour_market_measure": "", "remove": ""},
        "costs": {"type": "", "amount": "", "description": ""},
        "incomes": {"type": "", "amount": "", "member": "", "description": ""},
        "attachments": {"name": "", "received": ""},
    }
    raw = dict(raw)
    for prefix, count in BLANK_ROWS.items():
        raw[prefix] = list(raw[prefix]) + [dict(blanks[prefix], blank=True) for _ in range(count)]
    return raw


def parse_application_post(post) -> tuple[ApplicationInput, list[tuple[str, str]], dict[str, list[int]]]:
    """Typed input from the posted form, and the fields that could not be read (path, Swedish message).

    Paths follow the norm contract ("costs[1].amount") so errors from the norm land on the same inputs.
    Empty rows are skipped; the third value maps each kept row to its row on the page (see page_path).
    """
    errors: list[tuple[str, str]] = []
    page_rows: dict[str, list[int]] = {"members": [], "costs": [], "incomes": []}
    members: list[MemberInput] = []
    for i in _indexes(post, "members"):
        get = lambda f, i=i: (post.get(f"members-{i}-{f}") or "").strip()  # noqa: E731
        if get("remove") or (not get("birth_date") and not get("name")):
            continue
        birth_date = None
        if get("birth_date"):
            try:
                birth_date = date_from_input(get("birth_date"))
            except ValueError:
                errors.append((f"members[{i}].birth_date", gettext(
                    "Hushållsmedlem rad %(i)s: ogiltigt födelsedatum."
                ) % {"i": i + 1}))
        else:
            errors.append((f"members[{i}].birth_date", gettext(
                "Hushållsmedlem rad %(i)s: födelsedatum saknas."
            ) % {"i": i + 1}))
        role = get("role")
        if role not in ("adult", "child"):
            errors.append((f"members[{i}].role", gettext(
                "Hushållsmedlem rad %(i)s: välj vuxen eller barn."
            ) % {"i": i + 1}))
        lunch = {"yes": True, "no": False}.get(get("lunch_at_home"))
        person_id = int(get("person_id")) if get("person_id").isdigit() else None
        page_rows["members"].append(i)
        members.append(
            MemberInput(
                birth_date=birth_date, role=role, lunch_at_home=lunch if role == "child" else None,
                name=get("name"), person_id=person_id, key=get("key"),
                support_obstacle=get("support_obstacle") if role == "adult" else "",
                labour_market_measures=[get("labour_market_measure")] if role == "adult" and get("labour_market_measure") else [],
            )
        )
    costs: list[CostInput] = []
    for i in _indexes(post, "costs"):
        get = lambda f, i=i: (post.get(f"costs-{i}-{f}") or "").strip()  # noqa: E731
        if not get("type") and not get("amount"):
            continue
        if get("type") not in dict(COST_TYPE_CHOICES):
            errors.append((f"costs[{i}].type", gettext("Kostnad rad %(i)s: välj kostnadstyp.") % {
                "i": i + 1,
            }))
            continue
        try:
            amount = parse_amount_sv(get("amount"))
        except ValueError:
            errors.append((f"costs[{i}].amount", gettext(
                "Kostnad rad %(i)s: beloppet måste vara ett tal."
            ) % {"i": i + 1}))
            continue
        page_rows["costs"].append(i)
        costs.append(CostInput(type=get("type"), amount=amount, description=get("description")))
    incomes: list[IncomeInput] = []
    for i in _indexes(post, "incomes"):
        get = lambda f, i=i: (post.get(f"incomes-{i}-{f}") or "").strip()  # noqa: E731
        if not get("type") and not get("amount"):
            continue
        if get("type") not in dict(INCOME_TYPE_CHOICES):
            errors.append((f"incomes[{i}].type", gettext(
                "Inkomst rad %(i)s: välj inkomsttyp."
            ) % {"i": i + 1}))
            continue
        try:
            amount = parse_amount_sv(get("amount"))
        except ValueError:
            errors.append((f"incomes[{i}].amount", gettext(
                "Inkomst rad %(i)s: beloppet måste vara ett tal."
            ) % {"i": i + 1}))
            continue
        page_rows["incomes"].append(i)
        incomes.append(
            IncomeInput(type=get("type"), amount=amount, member_key=get("member"), description=get("description"))
        )
    attachments = []
    for i in _indexes(post, "attachments"):
        name = (post.get(f"attachments-{i}-name") or "").strip()
        if name:
            attachments.append({"name": name, "received": post.get(f"attachments-{i}-received") in ("on", "true", "1")})
    received_on = None
    if (post.get("received_on") or "").strip():
        try:
            received_on = date_from_input(post["received_on"].strip())
        except ValueError:
            errors.append(("received_on", "Ansökan inkom: ogiltigt datum."))
    data = ApplicationInput(
        members=members,
        costs=costs,
        incomes=incomes,
        cohabiting=post.get("cohabiting") in ("on", "true", "1"),
        shared_household_size=_int_or_none(
            post.get("shared_household_size", ""), "shared_household_size", "Antal i delat hushåll", errors
        ),
        consecutive_months_on_assistance=_int_or_none(
            post.get("consecutive_months_on_assistance", ""), "consecutive_months_on_assistance",
            "Månader i följd med bistånd", errors,
        ),
        job_stimulus_months_used=_int_or_none(
            post.get("job_stimulus_months_used", ""), "job_stimulus_months_used",
            "Använda månader med jobbstimulans", errors,
        ),
        attachments=attachments,
        notes=(post.get("notes") or "").strip(),
        received_on=received_on,
    )
    return data, errors, page_rows


def page_path(path: str | None, page_rows: dict[str, list[int]]) -> str | None:
    """A norm error path ("costs[0].amount", index among kept rows) as the page's row ("costs[2].amount")."""
    if not path or "[" not in path:
        return path
    head, rest = path.split("[", 1)
    index, _, tail = rest.partition("]")
    rows = page_rows.get(head)
    if rows is None or not index.isdigit() or int(index) >= len(rows):
        return path
    return f"{head}[{rows[int(index)]}]{tail}"


def field_id(path: str | None) -> str:
    """'costs[1].amount' → 'id_costs-1-amount', the input's id on the page."""
    if not path:
        return ""
    if "[" in path:
        head, rest = path.split("[", 1)
        index, _, sub = rest.partition("].")
        return f"id_{head}-{index}-{sub or 'type'}"
    return f"id_{path}"


class NewApplicationForm(forms.Form):
    month = forms.CharField(label=gettext_lazy("Månad (ÅÅÅÅ-MM)"), max_length=7)

    def clean_month(self) -> date:
        text = self.cleaned_data["month"].strip()
        try:
            year, month = (int(p) for p in text.split("-"))
            return date(year, month, 1)
        except (ValueError, TypeError):
            raise forms.ValidationError(gettext("Ange månaden som ÅÅÅÅ-MM, t.ex. 2026-03.")) from None


def default_new_month() -> str:
    today = timezone.localdate()
    return f"{today:%Y-%m}"


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Beslut"), choices=DecisionOutcome.choices)
    amount = forms.CharField(label=gettext_lazy("Beviljat belopp (kr)"), max_length=20, required=False)
    reasons = forms.CharField(label=gettext_lazy("Motivering"), widget=forms.Textarea(attrs={"rows": 5}))
    legal_basis = forms.CharField(label=gettext_lazy("Lagrum"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_amount(self) -> Decimal | None:
        if not (self.cleaned_data.get("amount") or "").strip():
            return None  # bifall: the calculated assistance; avslag: 0
        try:
            return parse_amount_sv(self.cleaned_data["amount"])
        except ValueError:
            raise forms.ValidationError(gettext("Ange beloppet i hela kronor.")) from None


class NormAmountForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    amount = forms.CharField(label=gettext_lazy("Belopp (kr)"), max_length=20)
    source = forms.CharField(label=gettext_lazy("Källa (t.ex. SFS-nummer)"), max_length=500, required=False)
    mark = forms.ChoiceField(
        label=gettext_lazy("Märkning"),
        choices=[("✔✔", gettext_lazy("✔✔ två oberoende källor")), ("✔", gettext_lazy("✔ en källa")), ("⚠", gettext_lazy("⚠ obekräftat"))],
        initial="✔",
    )


class GuidelineForm(forms.Form):
    cost_type = forms.ChoiceField(label=gettext_lazy("Kostnadstyp"), choices=COST_TYPE_CHOICES, initial="rent")
    need = forms.ChoiceField(
        label=gettext_lazy("Eller: riktbelopp för enstaka behov (livsföring i övrigt)"), required=False,
        choices=[("", gettext_lazy("– (månadskostnad)")), ("glasses", gettext_lazy("Glasögon")), ("dental", gettext_lazy("Tandvård")),
                 ("furniture", gettext_lazy("Möbler och husgeråd")), ("childcare_fee", gettext_lazy("Barnomsorgsavgift")),
                 ("medical", gettext_lazy("Läkarvård")), ("medicine", gettext_lazy("Medicin")), ("other", gettext_lazy("Annat behov"))],
    )
    household_size = forms.IntegerField(
        label=gettext_lazy("Antal personer i hushållet (tomt = alla)"), required=False, min_value=1, max_value=20
    )
    max_amount = forms.CharField(label=gettext_lazy("Högsta skäliga belopp (kr/månad)"), max_length=20)
    source = forms.CharField(label=gettext_lazy("Källa / beslut (t.ex. SN 2025-12-10 § 45)"), max_length=300)
    valid_from = forms.DateField(label=gettext_lazy("Gäller från"), widget=DateInput())
    valid_to = forms.DateField(label=gettext_lazy("Gäller till"), required=False, widget=DateInput())
