"""Forms of the mobile team. They only parse input; the rules live in services.py."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from skutan.core.forms import DateField, DateInput
from skutan.mobile.models import Outcome, Purpose


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _now():
    return timezone.localtime().replace(second=0, microsecond=0)


class AssignmentForm(forms.Form):
    team = forms.ChoiceField(label=gettext_lazy("Team"))
    purpose = forms.ChoiceField(label=gettext_lazy("Syfte"), choices=Purpose.choices)
    visits_per_week = forms.IntegerField(label=gettext_lazy("Besök per vecka"), min_value=1, max_value=100)
    starts_on = DateField(label=gettext_lazy("Från"), widget=DateInput, initial=timezone.localdate)
    ends_on = DateField(label=gettext_lazy("Till och med"), widget=DateInput)
    start_meeting_on = DateField(label=gettext_lazy("Startmöte med klienten, handläggaren och teamet"), widget=DateInput,
                                       required=False)
    instructions = forms.CharField(label=gettext_lazy("Vad teamet behöver veta"), widget=forms.Textarea, required=False,
                                   help_text=gettext_lazy("Bara det besöken behöver: teamet ser inte ärendets journal."))

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(str(t.pk), t.name) for t in teams]


class PlanForm(forms.Form):
    planned_at = forms.DateTimeField(label=gettext_lazy("När"), widget=DateTimeInput, initial=_now,
                                     input_formats=["%Y-%m-%dT%H:%M"])
    minutes = forms.IntegerField(label=gettext_lazy("Beräknad tid (minuter)"), min_value=10, max_value=480, initial=60)
    companion = forms.ChoiceField(label=gettext_lazy("Sällskap"), required=False)

    def __init__(self, *args, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["companion"].choices = [("", "Ingen")] + [(str(u.pk), u.display_name) for u in colleagues]


class VisitForm(forms.Form):
    visited_at = forms.DateTimeField(label=gettext_lazy("Besöket gjordes"), widget=DateTimeInput, initial=_now,
                                     input_formats=["%Y-%m-%dT%H:%M"])
    purpose = forms.ChoiceField(label=gettext_lazy("Syfte"), choices=Purpose.choices)
    outcome = forms.ChoiceField(label=gettext_lazy("Vad hände"), choices=Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=gettext_lazy("Kort anteckning"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=2000)


class CapacityForm(forms.Form):
    visits_per_member_per_day = forms.IntegerField(label=gettext_lazy("Besök per medarbetare och dag"), min_value=1, max_value=20)


class AcknowledgeForm(forms.Form):
    response = forms.CharField(label=gettext_lazy("Vad gör du?"), widget=forms.Textarea(attrs={"rows": 2}))
