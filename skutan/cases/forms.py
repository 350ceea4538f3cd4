from django import forms
from django.utils.translation import gettext, gettext_lazy

from skutan.cases.models import CaseType, DocumentChannel, DocumentKind, OpeningKind
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


class DocumentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Fil (PDF, PNG eller JPEG)"), help_text=gettext_lazy("Typen kontrolleras från innehållet."))
    kind = forms.ChoiceField(label=gettext_lazy("Typ av handling"), choices=DocumentKind.choices)
    title = forms.CharField(label=gettext_lazy("Beskrivning"), max_length=200, help_text=gettext_lazy("T.ex. »Hyresavi december«."))
    received_on = forms.DateField(label=gettext_lazy("Inkom"), widget=DateInput)
    subject = forms.ChoiceField(label=gettext_lazy("Avser"), required=False)

    def __init__(self, *args, subjects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.subjects = {f"{s['type']}:{s['id']}": s for s in subjects}
        self.fields["subject"].choices = [("", "Hela ärendet")] + [(k, s["label"]) for k, s in self.subjects.items()]


class OutgoingLetterForm(forms.Form):
    sent_on = forms.DateField(label=gettext_lazy("Skickat"), widget=DateInput)
    channel = forms.ChoiceField(label=gettext_lazy("Kanal"), choices=DocumentChannel.choices)
    information_sheet = forms.ChoiceField(label=gettext_lazy("Informationsblad"), required=False)

    def __init__(self, *args, **kwargs):
        from django.utils.translation import get_language_info

        from skutan.cases.letters import information_sheet_languages

        super().__init__(*args, **kwargs)
        self.fields["information_sheet"].choices = [("", gettext_lazy("Inget"))] + [
            (code, get_language_info(code)["name_translated"]) for code in information_sheet_languages()]


class JournalTemplateForm(forms.Form):
    unit = forms.ChoiceField(label=gettext_lazy("Enhet"))
    event_kind = forms.CharField(label=gettext_lazy("Typ av händelse"), max_length=100, help_text=gettext_lazy("T.ex. Hembesök, Telefonsamtal, Nätverksmöte."))
    text = forms.CharField(label=gettext_lazy("Mall"), widget=forms.Textarea(attrs={"rows": 8}))
    active = forms.BooleanField(label=gettext_lazy("Används"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class PersonaktForm(forms.Form):
    unit = forms.ChoiceField(label=gettext_lazy("Enhet"))
    date_from = forms.DateField(label=gettext_lazy("Från och med"), widget=DateInput)
    date_to = forms.DateField(label=gettext_lazy("Till och med"), widget=DateInput)
    purpose = forms.ChoiceField(label=gettext_lazy("Syfte"), choices=[
        ("aktinsyn", gettext_lazy("Aktinsyn (utlämnande till den enskilde)")),
        ("overflyttning", gettext_lazy("Överflyttning till annan kommun")),
        ("arkiv", gettext_lazy("Arkivering")),
    ])

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", gettext("Slutdatum kan inte vara före startdatum."))
        return data
