from django import forms
from django.utils.translation import gettext_lazy

from skutan.cases.models import CaseType, OpeningKind
from skutan.core.forms import DateInput


class CaseOpenForm(forms.Form):
    case_type = forms.ChoiceField(label=gettext_lazy("Ärendetyp"), choices=CaseType.choices)
    unit = forms.ChoiceField(label=gettext_lazy("Enhet"))
    opening_kind = forms.ChoiceField(label=gettext_lazy("Aktualisering"), choices=OpeningKind.choices)
    opened_on = forms.DateField(label=gettext_lazy("Aktualiseringsdatum"), widget=DateInput)
    summary = forms.CharField(label=gettext_lazy("Kort beskrivning"), max_length=200, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class JournalForm(forms.Form):
    event_date = forms.DateField(label=gettext_lazy("Händelsedatum"), widget=DateInput)
    text = forms.CharField(label=gettext_lazy("Anteckning"), widget=forms.Textarea(attrs={"rows": 8}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CloseForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Avslutsorsak"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput)


class EmergencyAccessForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Skäl för nödåtkomst"), widget=forms.Textarea(attrs={"rows": 3}), min_length=10)


class CaseHouseholdForm(forms.Form):
    household = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
