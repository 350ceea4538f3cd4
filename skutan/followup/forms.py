"""Forms of the follow-up pages (input only; the services validate the rules)."""

from django import forms
from django.utils.translation import gettext_lazy

from skutan.followup.models import EmploymentForm, InvolvedUnit, OutcomeKind


class PopulationForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("År"), min_value=1990, max_value=2100)
    inhabitants = forms.IntegerField(label=gettext_lazy("Invånare"), min_value=1)
    source = forms.CharField(label=gettext_lazy("Källa"), max_length=300,
                             help_text=gettext_lazy("Till exempel: SCB, folkmängd 31 december föregående år."))


class CohortProgrammeForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Namn"), max_length=120)
    description = forms.CharField(label=gettext_lazy("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label=gettext_lazy("Startdatum (ÅÅÅÅ-MM-DD)"))
    goal_share = forms.DecimalField(label=gettext_lazy("Mål, andel i procent"), min_value=1, max_value=100, decimal_places=1)
    goal_text = forms.CharField(label=gettext_lazy("Målet i ord"), max_length=200, required=False,
                                help_text=gettext_lazy("Till exempel: 90 % av hushållen till egen försörjning."))
    rule_months = forms.IntegerField(label=gettext_lazy("Minst antal månader med bistånd"), min_value=1, max_value=120)
    rule_window = forms.IntegerField(label=gettext_lazy("… av de senaste antal månaderna före start"), min_value=1, max_value=120)
    max_members = forms.IntegerField(label=gettext_lazy("Högst antal hushåll (tomt = alla som uppfyller regeln)"), required=False,
                                     min_value=1)
    unit = forms.ChoiceField(label=gettext_lazy("Enhet"), required=False)

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
    person_id = forms.IntegerField(label=gettext_lazy("Personens id i Skutan (sökande)"), min_value=1)
    reason = forms.CharField(label=gettext_lazy("Skäl till att hushållet tas in"), widget=forms.Textarea(attrs={"rows": 2}))


class CohortOutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Utfall"), choices=OutcomeKind.choices)
    employment_form = forms.ChoiceField(label=gettext_lazy("Anställningsform (vid arbete)"), choices=EmploymentForm.choices,
                                        required=False)
    occurred_on = forms.DateField(label=gettext_lazy("Datum (ÅÅÅÅ-MM-DD)"))
    note = forms.CharField(label=gettext_lazy("Kommentar"), max_length=300, required=False)


class CohortEffortForm(forms.Form):
    involved_unit = forms.ChoiceField(label=gettext_lazy("Enhet"), choices=InvolvedUnit.choices)
    measure = forms.CharField(label=gettext_lazy("Insats"), max_length=120)
    started_on = forms.DateField(label=gettext_lazy("Från (ÅÅÅÅ-MM-DD)"))
