"""Forms of the adults module. They only parse input; every rule lives in services.py."""

from django import forms
from django.utils import timezone

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


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date(label, required=True, initial=None):
    return forms.DateField(label=label, required=required, widget=DateInput, initial=initial)


class OpenForm(forms.Form):
    area = forms.ChoiceField(label="Område", choices=AdultArea.choices)
    source = forms.ChoiceField(label="Hur ärendet kom in", choices=OpeningSource.choices)
    received_on = _date("Inkom", initial=timezone.localdate)
    reporter = forms.CharField(label="Anmälare eller anhörig (namn, organisation)", required=False, max_length=200)
    reporter_contact = forms.CharField(label="Kontaktuppgifter", required=False, max_length=200)
    text = forms.CharField(label="Vad ansökan eller anmälan gäller", required=False, widget=forms.Textarea)


class InvestigationForm(forms.Form):
    wishes = forms.CharField(label="Personens egna önskemål", required=False, widget=forms.Textarea)
    needs = forms.CharField(label="Behov", required=False, widget=forms.Textarea)
    assessment = forms.CharField(label="Bedömning", required=False, widget=forms.Textarea)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class InsatsForm(forms.Form):
    kind = forms.ChoiceField(label="Insats", choices=InsatsKind.choices)
    legal_ground = forms.ChoiceField(label="Rättslig grund", choices=LEGAL_GROUND_CHOICES)
    goal = forms.CharField(label="Mål med insatsen", widget=forms.Textarea)
    starts_on = _date("Från")
    ends_on = _date("Till och med")
    provider = forms.CharField(label="Utförare", max_length=200)
    monthly_cost = forms.CharField(label="Kostnad per månad (kr)", max_length=20)


class FollowUpForm(forms.Form):
    done_on = _date("Datum", initial=timezone.localdate)
    goal_status = forms.ChoiceField(label="Målet", choices=GoalStatus.choices)
    notes = forms.CharField(label="Vad uppföljningen visade", widget=forms.Textarea)
    continue_insats = forms.BooleanField(label="Insatsen fortsätter", required=False, initial=True)


class LvmForm(forms.Form):
    received_on = _date("Anmälan inkom", initial=timezone.localdate)
    reporter = forms.ChoiceField(label="Anmälare", choices=LvmReporter.choices)
    reporter_name = forms.CharField(label="Anmälarens namn", required=False, max_length=200)
    text = forms.CharField(label="Anmälan", widget=forms.Textarea)


class LvmConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label="Utfall", choices=LvmOutcome.choices)
    conclusion = forms.CharField(label="Motivering", widget=forms.Textarea)


class SipForm(forms.Form):
    title = forms.CharField(label="Planens namn", max_length=200)
    consent_on = _date("Personens samtycke (datum)")
    consent_scope = forms.CharField(label="Samtycket gäller", max_length=300)
    next_meeting_on = _date("Nästa möte", required=False)


class BoplanForm(forms.Form):
    test_place = forms.ChoiceField(label="Drogtester görs", choices=TestPlace.choices)
    tests_per_month = forms.IntegerField(label="Drogtester per månad", min_value=0, max_value=31)
    visits_per_week = forms.IntegerField(label="Besök per vecka", min_value=0, max_value=14)
    landlord = forms.CharField(label="Hyresvärd", max_length=200)
    landlord_contact = forms.CharField(label="Kontakt med hyresvärden", widget=forms.Textarea)
    signed_on = _date("Personens underskrift", required=False)
    landlord_informed_on = _date("Hyresvärden informerad", required=False)


class TestForm(forms.Form):
    taken_on = _date("Datum", initial=timezone.localdate)
    place = forms.ChoiceField(label="Var", choices=TestPlace.choices)
    result = forms.ChoiceField(label="Resultat", choices=TestResult.choices)
    substances = forms.CharField(label="Substanser", required=False, max_length=200)


class StepDecisionForm(forms.Form):
    ease = forms.ChoiceField(label="Beslut", choices=[("yes", "Trappa ned enligt planen"), ("no", "Skjut upp steget")])
    note = forms.CharField(label="Motivering", widget=forms.Textarea)
    postpone_to = _date("Nytt datum (om steget skjuts upp)", required=False)


class CoordinationForm(forms.Form):
    consent_on = _date("Personens samtycke (datum)", initial=timezone.localdate)
    consent_how = forms.ChoiceField(label="Samtycket lämnades", choices=[("oral", "Muntligt"), ("written", "Skriftligt")])
    message = forms.CharField(label="Meddelande till den andra enheten (utan uppgifter ur ärendet)", required=False,
                              widget=forms.Textarea)


class CoordinationAnswerForm(forms.Form):
    accept = forms.ChoiceField(label="Svar", choices=[("yes", "Ja, vi bokar möte"), ("no", "Nej")])
    meeting_on = _date("Mötesdatum", required=False)
    answer = forms.CharField(label="Svar till den som frågade", widget=forms.Textarea)
