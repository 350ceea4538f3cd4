from django import forms

from skutan.cases.models import CaseType, OpeningKind
from skutan.core.forms import DateInput


class CaseOpenForm(forms.Form):
    case_type = forms.ChoiceField(label="Ärendetyp", choices=CaseType.choices)
    unit = forms.ChoiceField(label="Enhet")
    opening_kind = forms.ChoiceField(label="Aktualisering", choices=OpeningKind.choices)
    opened_on = forms.DateField(label="Aktualiseringsdatum", widget=DateInput)
    summary = forms.CharField(label="Kort beskrivning", max_length=200, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class JournalForm(forms.Form):
    event_date = forms.DateField(label="Händelsedatum", widget=DateInput)
    text = forms.CharField(label="Anteckning", widget=forms.Textarea(attrs={"rows": 8}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CloseForm(forms.Form):
    reason = forms.CharField(label="Avslutsorsak", max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput)


class EmergencyAccessForm(forms.Form):
    reason = forms.CharField(label="Skäl för nödåtkomst", widget=forms.Textarea(attrs={"rows": 3}), min_length=10)


class CaseHouseholdForm(forms.Form):
    household = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
