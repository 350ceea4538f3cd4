from django import forms
from django.utils.translation import gettext_lazy

from skutan.core.forms import DateInput
from skutan.people.identity import IdentityKind
from skutan.people.models import HouseholdRole, ProtectionKind


class PersonCreateForm(forms.Form):
    identity_number = forms.CharField(label=gettext_lazy("Personnummer"), max_length=20, help_text=gettext_lazy("ÅÅÅÅMMDD-NNNN"))
    identity_kind = forms.ChoiceField(label=gettext_lazy("Typ av nummer"), choices=IdentityKind.CHOICES)
    first_name = forms.CharField(label=gettext_lazy("Förnamn"), max_length=100)
    last_name = forms.CharField(label=gettext_lazy("Efternamn"), max_length=100)
    street_address = forms.CharField(label=gettext_lazy("Gatuadress"), max_length=200, required=False)
    postal_code = forms.CharField(label=gettext_lazy("Postnummer"), max_length=6, required=False)
    city = forms.CharField(label=gettext_lazy("Postort"), max_length=100, required=False)
    protection = forms.ChoiceField(label=gettext_lazy("Skyddade personuppgifter"), choices=ProtectionKind.choices, required=False)


class PersonEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    first_name = forms.CharField(label=gettext_lazy("Förnamn"), max_length=100)
    last_name = forms.CharField(label=gettext_lazy("Efternamn"), max_length=100)
    street_address = forms.CharField(label=gettext_lazy("Gatuadress"), max_length=200, required=False)
    postal_code = forms.CharField(label=gettext_lazy("Postnummer"), max_length=6, required=False)
    city = forms.CharField(label=gettext_lazy("Postort"), max_length=100, required=False)
    phone = forms.CharField(label=gettext_lazy("Telefon"), max_length=30, required=False)


# -- households ----------------------------------------------------------------------------------------------


NUMBER_HELP = "ÅÅÅÅMMDD-NNNN. Personen ska finnas i registret."
LUNCH_CHOICES = [("1", gettext_lazy("Äter lunch hemma")), ("0", gettext_lazy("Äter lunch på förskola (ej lunch hemma 5 dagar/vecka)"))]


def _yes(value: str) -> bool:
    return value == "1"


class HouseholdCreateForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Personens roll i hushållet"), choices=HouseholdRole.choices)
    cohabiting = forms.TypedChoiceField(
        label=gettext_lazy("Sambor eller makar"), choices=[("0", gettext_lazy("Nej")), ("1", gettext_lazy("Ja"))], coerce=_yes, initial="0"
    )
    other_adult = forms.CharField(
        label=gettext_lazy("Den andra vuxnas personnummer"), max_length=20, required=False,
        help_text=gettext_lazy("Sambo, make eller maka – eller förälder när personen är barn. ÅÅÅÅMMDD-NNNN."),
    )
    lunch_at_home = forms.TypedChoiceField(
        label=gettext_lazy("Lunch på vardagar (barn 0–6 år)"), choices=LUNCH_CHOICES, coerce=_yes, initial="1"
    )
    since = forms.DateField(label=gettext_lazy("Hushållet från"), widget=DateInput)


class HouseholdMemberAddForm(forms.Form):
    household = forms.IntegerField(widget=forms.HiddenInput)
    identity_number = forms.CharField(label=gettext_lazy("Personnummer"), max_length=20, help_text=NUMBER_HELP)
    role = forms.ChoiceField(label=gettext_lazy("Roll"), choices=HouseholdRole.choices, initial=HouseholdRole.CHILD)
    lunch_at_home = forms.TypedChoiceField(
        label=gettext_lazy("Lunch på vardagar (barn 0–6 år)"), choices=LUNCH_CHOICES, coerce=_yes, initial="1"
    )
    joined_on = forms.DateField(label=gettext_lazy("I hushållet från"), widget=DateInput)


class HouseholdCohabitingForm(forms.Form):
    household = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    cohabiting = forms.TypedChoiceField(choices=[("0", gettext_lazy("Nej")), ("1", gettext_lazy("Ja"))], coerce=_yes, widget=forms.HiddenInput)


class HouseholdMemberEndForm(forms.Form):
    left_on = forms.DateField(label=gettext_lazy("Lämnade hushållet"), widget=DateInput)
