"""Forms of the follow-up pages (input only; the services validate the rules)."""

from django import forms

from skutan.followup.models import EmploymentForm, InvolvedUnit, OutcomeKind


class PopulationForm(forms.Form):
    year = forms.IntegerField(label="År", min_value=1990, max_value=2100)
    inhabitants = forms.IntegerField(label="Invånare", min_value=1)
    source = forms.CharField(label="Källa", max_length=300,
                             help_text="Till exempel: SCB, folkmängd 31 december föregående år.")


class CohortProgrammeForm(forms.Form):
    name = forms.CharField(label="Namn", max_length=120)
    description = forms.CharField(label="Beskrivning", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label="Startdatum (ÅÅÅÅ-MM-DD)")
    goal_share = forms.DecimalField(label="Mål, andel i procent", min_value=1, max_value=100, decimal_places=1)
    goal_text = forms.CharField(label="Målet i ord", max_length=200, required=False,
                                help_text="Till exempel: 90 % av hushållen till egen försörjning.")
    rule_months = forms.IntegerField(label="Minst antal månader med bistånd", min_value=1, max_value=120)
    rule_window = forms.IntegerField(label="… av de senaste antal månaderna före start", min_value=1, max_value=120)
    max_members = forms.IntegerField(label="Högst antal hushåll (tomt = alla som uppfyller regeln)", required=False,
                                     min_value=1)
    unit = forms.ChoiceField(label="Enhet", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from skutan.followup.selectors import followup_scope, followup_units

        scope = followup_scope(user=user) if user is not None else None
        self._units = {str(u.pk): u for u in followup_units(scope=scope)}
        self.fields["unit"].choices = [("", "Hela kommunen")] + [(k, u.name) for k, u in self._units.items()]

    def clean_unit(self):
        value = self.cleaned_data.get("unit")
        return self._units.get(value) if value else None


class CohortMemberAddForm(forms.Form):
    person_id = forms.IntegerField(label="Personens id i Skutan (sökande)", min_value=1)
    reason = forms.CharField(label="Skäl till att hushållet tas in", widget=forms.Textarea(attrs={"rows": 2}))


class CohortOutcomeForm(forms.Form):
    kind = forms.ChoiceField(label="Utfall", choices=OutcomeKind.choices)
    employment_form = forms.ChoiceField(label="Anställningsform (vid arbete)", choices=EmploymentForm.choices,
                                        required=False)
    occurred_on = forms.DateField(label="Datum (ÅÅÅÅ-MM-DD)")
    note = forms.CharField(label="Kommentar", max_length=300, required=False)


class CohortEffortForm(forms.Form):
    involved_unit = forms.ChoiceField(label="Enhet", choices=InvolvedUnit.choices)
    measure = forms.CharField(label="Insats", max_length=120)
    started_on = forms.DateField(label="Från (ÅÅÅÅ-MM-DD)")
