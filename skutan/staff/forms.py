from django import forms
from django.utils.translation import gettext_lazy

from skutan.core.forms import DateInput
from skutan.staff.models import Degree, IncidentChannel, PoliceStatus


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class VisitForm(forms.Form):
    unit = forms.TypedChoiceField(label=gettext_lazy("Enhet"), coerce=int)
    starts_at = forms.DateTimeField(label=gettext_lazy("Börjar"), widget=DateTimeInput, input_formats=["%Y-%m-%dT%H:%M"])
    expected_end = forms.DateTimeField(label=gettext_lazy("Beräknas sluta"), widget=DateTimeInput, input_formats=["%Y-%m-%dT%H:%M"])
    companion = forms.TypedChoiceField(label=gettext_lazy("Sällskap"), coerce=int, required=False, empty_value=None)
    purpose = forms.CharField(label=gettext_lazy("Syfte"), required=False, max_length=200)
    override_reason = forms.CharField(label=gettext_lazy("Enhetschefens motivering för besök utan sällskap"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units=(), colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        self.fields["companion"].choices = [("", "Ingen")] + [(u.pk, u.display_name) for u in colleagues]


class MarkerForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Typ"))
    reason = forms.CharField(label=gettext_lazy("Skäl"), widget=forms.Textarea(attrs={"rows": 2}))
    review_on = forms.DateField(label=gettext_lazy("Omprövas senast"), widget=DateInput)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, k.label) for k in kinds]


class MarkerReviewForm(forms.Form):
    keep = forms.TypedChoiceField(label=gettext_lazy("Beslut"), coerce=lambda v: v == "keep", widget=forms.RadioSelect,
                                  choices=[("keep", gettext_lazy("Behåll")), ("end", gettext_lazy("Ta bort"))])
    review_on = forms.DateField(label=gettext_lazy("Nästa omprövning"), widget=DateInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Vad gjordes?"), widget=forms.Textarea(attrs={"rows": 2}))


class IncidentForm(forms.Form):
    occurred_on = forms.DateField(label=gettext_lazy("Datum"), widget=DateInput)
    channel = forms.ChoiceField(label=gettext_lazy("Kanal"), choices=IncidentChannel.choices)
    description = forms.CharField(label=gettext_lazy("Vad hände?"), widget=forms.Textarea(attrs={"rows": 3}))
    police_status = forms.ChoiceField(label=gettext_lazy("Polisanmälan"), choices=PoliceStatus.choices)
    police_reported_on = forms.DateField(label=gettext_lazy("Polisanmäld"), widget=DateInput, required=False)
    police_case_number = forms.CharField(label=gettext_lazy("Polisens diarienummer"), required=False, max_length=40)
    support_given = forms.CharField(label=gettext_lazy("Stöd till medarbetaren"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    follow_up_on = forms.DateField(label=gettext_lazy("Följs upp"), widget=DateInput, required=False)


class IncidentUpdateForm(forms.Form):
    police_status = forms.ChoiceField(label=gettext_lazy("Polisanmälan"), choices=PoliceStatus.choices)
    police_reported_on = forms.DateField(label=gettext_lazy("Polisanmäld"), widget=DateInput, required=False)
    police_case_number = forms.CharField(label=gettext_lazy("Polisens diarienummer"), required=False, max_length=40)
    support_given = forms.CharField(label=gettext_lazy("Stöd till medarbetaren"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    follow_up_note = forms.CharField(label=gettext_lazy("Uppföljning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ProfileForm(forms.Form):
    degree = forms.ChoiceField(label=gettext_lazy("Examen"), choices=Degree.choices)
    validation = forms.CharField(label=gettext_lazy("Validering eller komplettering"), required=False, max_length=200)
    dispensation_until = forms.DateField(label=gettext_lazy("Dispens till och med"), widget=DateInput, required=False)
    dispensation_reason = forms.CharField(label=gettext_lazy("Dispensens grund"), required=False, max_length=200)
    child_specialist_training_on = forms.DateField(label=gettext_lazy("Vidareutbildning barn och unga (7,5 hp) klar"),
                                                   widget=DateInput, required=False)
    capacity = forms.DecimalField(label=gettext_lazy("Kapacitet (viktade ärenden)"), required=False, max_digits=5, decimal_places=1)


class StepForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Steg"), max_length=200)
    due_on = forms.DateField(label=gettext_lazy("Planerat"), widget=DateInput)


class WeightForm(forms.Form):
    case_type = forms.ChoiceField(label=gettext_lazy("Ärendetyp"), choices=[("children", gettext_lazy("Barn och unga")),
                                                            ("financial_assistance", gettext_lazy("Ekonomiskt bistånd")),
                                                            ("adults", gettext_lazy("Vuxen"))])
    phase = forms.ChoiceField(label=gettext_lazy("Fas"), choices=[("opened", gettext_lazy("Aktualiserat")), ("assessment", gettext_lazy("Förhandsbedömning")),
                                                   ("investigation", gettext_lazy("Utredning")), ("decided", gettext_lazy("Beslut")),
                                                   ("intervention", gettext_lazy("Insats")), ("follow_up", gettext_lazy("Uppföljning"))])
    weight = forms.DecimalField(label=gettext_lazy("Vikt"), max_digits=4, decimal_places=1, min_value=0, max_value=99)
