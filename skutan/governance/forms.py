"""Forms for the management group's pages. Choices come from selectors."""

from django import forms
from django.utils.translation import gettext_lazy

from skutan.core.forms import DateInput
from skutan.governance.models import AssignmentStatus, ReportBack, RoutineKind

PNR_ATTRS = {"data-pnr-check": "1"}  # skutan.js warns as a personnummer is typed


class _UserChoices(forms.Form):
    def __init__(self, *args, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.TypedChoiceField) and name in ("owner", "chair", "secretary"):
                field.choices = [("", "Välj person")] + [(u.pk, u.display_name) for u in users]


class MeetingForm(forms.Form):
    group = forms.TypedChoiceField(label=gettext_lazy("Grupp"), coerce=int)
    held_on = forms.DateField(label=gettext_lazy("Datum"), widget=DateInput)
    location = forms.CharField(label=gettext_lazy("Plats"), required=False, max_length=160)

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(g.pk, g.name) for g in groups]


class ItemForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Rubrik"), max_length=200, widget=forms.TextInput(attrs=PNR_ATTRS))
    background = forms.CharField(label=gettext_lazy("Underlag"), required=False, widget=forms.Textarea(attrs={"rows": 3, **PNR_ATTRS}))
    fact = forms.ChoiceField(label=gettext_lazy("Koppla till siffror"), required=False)

    def __init__(self, *args, facts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fact"].choices = list(facts) or [("", "Inget")]


class DecisionForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Beslut"), widget=forms.Textarea(attrs={"rows": 2, **PNR_ATTRS}))
    follow_up_on = forms.DateField(label=gettext_lazy("Följs upp"), required=False, widget=DateInput)
    follow_up_question = forms.CharField(label=gettext_lazy("Fråga att besvara då"), required=False, max_length=300,
                                         widget=forms.TextInput(attrs=PNR_ATTRS))


class AssignmentForm(_UserChoices):
    title = forms.CharField(label=gettext_lazy("Uppdrag"), max_length=200, widget=forms.TextInput(attrs=PNR_ATTRS))
    owner = forms.TypedChoiceField(label=gettext_lazy("Ansvarig"), coerce=int)
    due_on = forms.DateField(label=gettext_lazy("Klart senast"), widget=DateInput)
    expected_report = forms.ChoiceField(label=gettext_lazy("Återrapportering"), choices=ReportBack.choices)
    description = forms.CharField(label=gettext_lazy("Beskrivning"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2, **PNR_ATTRS}))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=AssignmentStatus.choices)
    note = forms.CharField(label=gettext_lazy("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2, **PNR_ATTRS}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AddendumForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Tillägg"), widget=forms.Textarea(attrs={"rows": 3, **PNR_ATTRS}))


class RoutineForm(_UserChoices):
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Typ"), choices=RoutineKind.choices)
    owner = forms.TypedChoiceField(label=gettext_lazy("Ägare"), coerce=int)
    decided_on = forms.DateField(label=gettext_lazy("Beslutad"), widget=DateInput)
    revise_by = forms.DateField(label=gettext_lazy("Revideras senast"), widget=DateInput)
    decided_by = forms.CharField(label=gettext_lazy("Beslutad av"), max_length=200)
    summary = forms.CharField(label=gettext_lazy("Innehåll"), widget=forms.Textarea(attrs={"rows": 4}))
    used_for = forms.ChoiceField(label=gettext_lazy("Skutan använder värdena för"), required=False,
                                 choices=[("", gettext_lazy("Inget")), ("eb_guidelines", gettext_lazy("Riktlinjer för ekonomiskt bistånd"))])


class RevisionForm(forms.Form):
    summary = forms.CharField(label=gettext_lazy("Vad ändrades"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label=gettext_lazy("Beslutad"), widget=DateInput)
    decided_by = forms.CharField(label=gettext_lazy("Beslutad av"), max_length=200)
    revise_by = forms.DateField(label=gettext_lazy("Revideras senast"), widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
