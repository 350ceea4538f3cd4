"""Forms of the systemförvaltning pages. Choices come from selectors (passed in by the view)."""

from django import forms
from django.utils.translation import gettext_lazy

from skutan.accounts.models import DecisionKind, Role, SpecialRightKind, UnitKind
from skutan.core.forms import DateInput

DATE = DateInput()


def _choices(rows, label=str, blank="– välj –"):
    return [("", blank)] + [(str(r.pk), label(r)) for r in rows]


class MunicipalityForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Kommunens namn"), max_length=120)
    code = forms.CharField(label=gettext_lazy("Kommunkod"), max_length=4, help_text=gettext_lazy("SCB:s fyrsiffriga kod, t.ex. 1782."))
    board_name = forms.CharField(label=gettext_lazy("Nämndens namn"), max_length=160, required=False)
    address = forms.CharField(label=gettext_lazy("Postadress"), max_length=200, required=False)
    phone = forms.CharField(label=gettext_lazy("Telefon"), max_length=40, required=False)
    email = forms.CharField(label=gettext_lazy("E-post"), max_length=254, required=False)
    logo = forms.FileField(label=gettext_lazy("Logotyp för brev"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DepartmentForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Namn"), max_length=160)
    parent = forms.ChoiceField(label=gettext_lazy("Ligger under"), required=False)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = _choices(departments, blank="– ingen (högsta nivån) –")


class UnitForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Namn"), max_length=120)
    kind = forms.ChoiceField(label=gettext_lazy("Typ"), choices=UnitKind.choices, help_text=gettext_lazy("Typen avgör vilka moduler enhetens medarbetare ser."))
    department = forms.ChoiceField(label=gettext_lazy("Förvaltning/avdelning"), required=False)
    address = forms.CharField(label=gettext_lazy("Besöks- och postadress"), max_length=200, required=False)
    phone = forms.CharField(label=gettext_lazy("Telefon"), max_length=40, required=False)
    email = forms.CharField(label=gettext_lazy("E-post"), max_length=254, required=False)
    opening_hours = forms.CharField(label=gettext_lazy("Telefontider/öppettider"), max_length=200, required=False)
    anonymous_to_clients = forms.BooleanField(
        label=gettext_lazy("Anonymitet gentemot klienter"), required=False,
        help_text=gettext_lazy("Brev och texter till enskilda visar enhetens namn och telefon i stället för handläggarens namn."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = _choices(departments, blank="– ingen –")


class UnitCloseForm(forms.Form):
    closed_on = forms.DateField(label=gettext_lazy("Stängs från och med"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)


class UserForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Användarnamn"), max_length=150)
    first_name = forms.CharField(label=gettext_lazy("Förnamn"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Efternamn"), max_length=150, required=False)
    email = forms.CharField(label=gettext_lazy("E-post"), max_length=254, required=False)
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=120, required=False)
    employed_since = forms.DateField(label=gettext_lazy("I tjänst sedan"), widget=DATE, required=False)
    password = forms.CharField(
        label=gettext_lazy("Lösenord"), widget=forms.PasswordInput(render_value=False), required=False,
        help_text=gettext_lazy("Lämna tomt om användaren loggar in via kommunens inloggning (OIDC)."),
    )


class UserEditForm(UserForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["username"]
        del self.fields["password"]


class PasswordForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Nytt lösenord"), widget=forms.PasswordInput(render_value=False))


class MembershipForm(forms.Form):
    unit = forms.ChoiceField(label=gettext_lazy("Enhet"))
    role = forms.ChoiceField(label=gettext_lazy("Roll"), choices=[("", gettext_lazy("– välj –")), *Role.choices])

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _choices(units)


class UserFilterForm(forms.Form):
    unit = forms.ChoiceField(label=gettext_lazy("Enhet"), required=False)
    role = forms.ChoiceField(label=gettext_lazy("Roll"), choices=[("", gettext_lazy("Alla")), *Role.choices], required=False)
    active = forms.ChoiceField(label=gettext_lazy("Status"), choices=[("", gettext_lazy("Alla")), ("1", gettext_lazy("Aktiva")), ("0", gettext_lazy("Inaktiva"))], required=False)
    inloggad_fore = forms.DateField(label=gettext_lazy("Inte inloggad sedan"), widget=DATE, required=False)
    q = forms.CharField(label=gettext_lazy("Namn eller användarnamn"), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _choices(units, blank="Alla")


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV-fil"), required=False, help_text=(
        gettext_lazy("Kolumner: username, first_name, last_name, email, title, employed_since, unit, role (semikolon eller komma, UTF-8).")
    ))


class DelegationForm(forms.Form):
    decision_kind = forms.ChoiceField(label=gettext_lazy("Beslutstyp"), choices=DecisionKind.choices)
    point = forms.CharField(label=gettext_lazy("Punkt i delegationsordningen"), max_length=200, help_text=gettext_lazy("Nummer och rubrik, t.ex. 4.1.1 Försörjningsstöd enligt riksnorm."))
    legal_ground = forms.CharField(label=gettext_lazy("Lagrum"), max_length=200, required=False)
    max_amount = forms.CharField(label=gettext_lazy("Högsta belopp (kr per beslut)"), required=False, help_text=gettext_lazy("Tomt: utan beloppsgräns."))
    user = forms.ChoiceField(label=gettext_lazy("Namngiven användare"), required=False, help_text=gettext_lazy("Ange antingen en användare eller en roll i en enhet."))
    unit = forms.ChoiceField(label=gettext_lazy("Enhet (för roll)"), required=False)
    role = forms.ChoiceField(label=gettext_lazy("Roll"), choices=[("", gettext_lazy("– ingen –")), *Role.choices], required=False)
    valid_from = forms.DateField(label=gettext_lazy("Gäller från"), widget=DATE)
    valid_to = forms.DateField(label=gettext_lazy("Gäller till och med"), widget=DATE, required=False)
    source_body = forms.CharField(label=gettext_lazy("Källa: beslutande organ"), max_length=160, help_text=gettext_lazy("T.ex. Socialnämnden."))
    source_date = forms.DateField(label=gettext_lazy("Källa: beslutsdatum"), widget=DATE)
    source_paragraph = forms.CharField(label=gettext_lazy("Källa: paragraf"), max_length=40, help_text=gettext_lazy("T.ex. § 12."))

    def __init__(self, *args, users=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = _choices(users, label=lambda u: f"{u.display_name} ({u.username})", blank="– ingen –")
        self.fields["unit"].choices = _choices(units, blank="– ingen –")


class EndForm(forms.Form):
    valid_to = forms.DateField(label=gettext_lazy("Sista giltighetsdag"), widget=DATE)


class SpecialRightForm(forms.Form):
    user = forms.ChoiceField(label=gettext_lazy("Användare"))
    unit = forms.ChoiceField(label=gettext_lazy("Enhet"))
    kind = forms.ChoiceField(label=gettext_lazy("Behörighet"), choices=[("", gettext_lazy("– välj –")), *SpecialRightKind.choices])
    valid_to = forms.DateField(label=gettext_lazy("Gäller till och med"), widget=DATE)
    reason = forms.CharField(label=gettext_lazy("Skäl"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, users=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = _choices(users, label=lambda u: f"{u.display_name} ({u.username})")
        self.fields["unit"].choices = _choices(units)
