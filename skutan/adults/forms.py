"""Forms of the adults module. They only parse input; every rule lives in services.py."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from skutan.adults.legal import LEGAL_GROUND_CHOICES
from skutan.adults.models import (
    AdultArea,
    GoalStatus,
    InsatsKind,
    LvmOutcome,
    LvmReporter,
    OpeningSource,
    TestPlace,
    TestResult,
)
from skutan.core.forms import DateField, DateInput


def _date(label, required=True, initial=None):
    return DateField(label=label, required=required, widget=DateInput, initial=initial)


class OpenForm(forms.Form):
    area = forms.ChoiceField(label=gettext_lazy("Område"), choices=AdultArea.choices)
    source = forms.ChoiceField(label=gettext_lazy("Hur ärendet kom in"), choices=OpeningSource.choices)
    received_on = _date("Inkom", initial=timezone.localdate)
    reporter = forms.CharField(label=gettext_lazy("Anmälare eller anhörig (namn, organisation)"), required=False, max_length=200)
    reporter_contact = forms.CharField(label=gettext_lazy("Kontaktuppgifter"), required=False, max_length=200)
    text = forms.CharField(label=gettext_lazy("Vad ansökan eller anmälan gäller"), required=False, widget=forms.Textarea)


class InvestigationForm(forms.Form):
    wishes = forms.CharField(label=gettext_lazy("Personens egna önskemål"), required=False, widget=forms.Textarea)
    needs = forms.CharField(label=gettext_lazy("Behov"), required=False, widget=forms.Textarea)
    assessment = forms.CharField(label=gettext_lazy("Bedömning"), required=False, widget=forms.Textarea)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class InsatsForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Insats"), choices=InsatsKind.choices)
    legal_ground = forms.ChoiceField(label=gettext_lazy("Rättslig grund"), choices=LEGAL_GROUND_CHOICES)
    goal = forms.CharField(label=gettext_lazy("Mål med insatsen"), widget=forms.Textarea)
    starts_on = _date("Från")
    ends_on = _date("Till och med")
    provider = forms.CharField(label=gettext_lazy("Utförare"), max_length=200)
    monthly_cost = forms.CharField(label=gettext_lazy("Kostnad per månad (kr)"), max_length=20)


class FollowUpForm(forms.Form):
    done_on = _date("Datum", initial=timezone.localdate)
    goal_status = forms.ChoiceField(label=gettext_lazy("Målet"), choices=GoalStatus.choices)
    notes = forms.CharField(label=gettext_lazy("Vad uppföljningen visade"), widget=forms.Textarea)
    continue_insats = forms.BooleanField(label=gettext_lazy("Insatsen fortsätter"), required=False, initial=True)


class LvmForm(forms.Form):
    received_on = _date("Anmälan inkom", initial=timezone.localdate)
    reporter = forms.ChoiceField(label=gettext_lazy("Anmälare"), choices=LvmReporter.choices)
    reporter_name = forms.CharField(label=gettext_lazy("Anmälarens namn"), required=False, max_length=200)
    text = forms.CharField(label=gettext_lazy("Anmälan"), widget=forms.Textarea)


class LvmConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Utfall"), choices=LvmOutcome.choices)
    conclusion = forms.CharField(label=gettext_lazy("Motivering"), widget=forms.Textarea)


class SipForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Planens namn"), max_length=200)
    consent_on = _date("Personens samtycke (datum)")
    consent_scope = forms.CharField(label=gettext_lazy("Samtycket gäller"), max_length=300)
    next_meeting_on = _date("Nästa möte", required=False)


class BoplanForm(forms.Form):
    test_place = forms.ChoiceField(label=gettext_lazy("Drogtester görs"), choices=TestPlace.choices)
    tests_per_month = forms.IntegerField(label=gettext_lazy("Drogtester per månad"), min_value=0, max_value=31)
    visits_per_week = forms.IntegerField(label=gettext_lazy("Besök per vecka"), min_value=0, max_value=14)
    landlord = forms.CharField(label=gettext_lazy("Hyresvärd"), max_length=200)
    landlord_contact = forms.CharField(label=gettext_lazy("Kontakt med hyresvärden"), widget=forms.Textarea)
    signed_on = _date("Personens underskrift", required=False)
    landlord_informed_on = _date("Hyresvärden informerad", required=False)


class TestForm(forms.Form):
    taken_on = _date("Datum", initial=timezone.localdate)
    place = forms.ChoiceField(label=gettext_lazy("Var"), choices=TestPlace.choices)
    result = forms.ChoiceField(label=gettext_lazy("Resultat"), choices=TestResult.choices)
    substances = forms.CharField(label=gettext_lazy("Substanser"), required=False, max_length=200)


class StepDecisionForm(forms.Form):
    ease = forms.ChoiceField(label=gettext_lazy("Beslut"), choices=[("yes", gettext_lazy("Trappa ned enligt planen")), ("no", gettext_lazy("Skjut upp steget"))])
    note = forms.CharField(label=gettext_lazy("Motivering"), widget=forms.Textarea)
    postpone_to = _date("Nytt datum (om steget skjuts upp)", required=False)


class CoordinationForm(forms.Form):
    consent_on = _date("Personens samtycke (datum)", initial=timezone.localdate)
    consent_how = forms.ChoiceField(label=gettext_lazy("Samtycket lämnades"), choices=[("oral", gettext_lazy("Muntligt")), ("written", gettext_lazy("Skriftligt"))])
    message = forms.CharField(label=gettext_lazy("Meddelande till den andra enheten (utan uppgifter ur ärendet)"), required=False,
                              widget=forms.Textarea)


class CoordinationAnswerForm(forms.Form):
    accept = forms.ChoiceField(label=gettext_lazy("Svar"), choices=[("yes", gettext_lazy("Ja, vi bokar möte")), ("no", gettext_lazy("Nej"))])
    meeting_on = _date("Mötesdatum", required=False)
    answer = forms.CharField(label=gettext_lazy("Svar till den som frågade"), widget=forms.Textarea)
