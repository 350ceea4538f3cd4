"""Forms for the quality pages. Choices come from selectors (never from the ORM here)."""

from django import forms
from django.utils.translation import gettext_lazy

from skutan.core.forms import DateInput
from skutan.quality.models import LexSarahKind, LexSarahStep, Severity


class DeviationForm(forms.Form):
    occurred_on = forms.DateField(label=gettext_lazy("När hände det?"), widget=DateInput)
    unit = forms.TypedChoiceField(label=gettext_lazy("Enhet där det hände"), coerce=int)
    category = forms.ChoiceField(label=gettext_lazy("Kategori"))
    description = forms.CharField(label=gettext_lazy("Vad hände?"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20_000)
    immediate_action = forms.CharField(label=gettext_lazy("Vad gjordes direkt?"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000)
    system_fault = forms.BooleanField(label=gettext_lazy("Det är ett fel i systemet (t.ex. en anteckning som försvunnit)"),
                                      required=False)
    as_lex_sarah = forms.BooleanField(
        label=gettext_lazy("Jag rapporterar ett missförhållande eller en påtaglig risk för ett missförhållande (Lex Sarah)"),
        required=False)
    case = forms.IntegerField(widget=forms.HiddenInput, required=False)
    page_path = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300)
    request_id = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    draft = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, units=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "Välj enhet")] + [(u.pk, u.name) for u in units]
        self.fields["category"].choices = [("", "Välj kategori")] + [(c.code, c.label) for c in categories]


class AssessForm(forms.Form):
    severity = forms.ChoiceField(label=gettext_lazy("Allvarlighetsgrad"),
                                 choices=[c for c in Severity.choices if c[0] != Severity.UNASSESSED])
    assessment = forms.CharField(label=gettext_lazy("Bedömning"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ClassifyForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Typ"), choices=LexSarahKind.choices)
    assessment = forms.CharField(label=gettext_lazy("Varför är det en Lex Sarah-fråga?"), widget=forms.Textarea(attrs={"rows": 3}))


class FirstAssessmentForm(forms.Form):
    first_assessment = forms.CharField(label=gettext_lazy("Första bedömning"), widget=forms.Textarea(attrs={"rows": 3}))
    immediate_remedy = forms.CharField(label=gettext_lazy("Omedelbar åtgärd för att undanröja missförhållandet"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class InvestigationForm(forms.Form):
    what_happened = forms.CharField(label=gettext_lazy("Vad har hänt?"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    causes = forms.CharField(label=gettext_lazy("Orsaker på systemnivå (inte den enskilda medarbetaren)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 4}))
    measures_summary = forms.CharField(label=gettext_lazy("Åtgärder"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    informed = forms.CharField(label=gettext_lazy("Vilka har informerats (den enskilde, anhöriga, nämnden …)?"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    complete = forms.BooleanField(label=gettext_lazy("Utredningen är klar"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class SeriousnessForm(forms.Form):
    serious = forms.TypedChoiceField(label=gettext_lazy("Är det ett allvarligt missförhållande?"), coerce=lambda v: v == "yes",
                                     choices=[("yes", gettext_lazy("Ja – anmäls till IVO")), ("no", gettext_lazy("Nej"))],
                                     widget=forms.RadioSelect)
    reasons = forms.CharField(label=gettext_lazy("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class IvoSentForm(forms.Form):
    sent_on = forms.DateField(label=gettext_lazy("Skickad till IVO"), widget=DateInput)
    reference = forms.CharField(label=gettext_lazy("IVO:s diarienummer"), required=False, max_length=60)
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MeasureForm(forms.Form):
    description = forms.CharField(label=gettext_lazy("Åtgärd"), max_length=300)
    owner = forms.TypedChoiceField(label=gettext_lazy("Ägare"), coerce=int)
    due_on = forms.DateField(label=gettext_lazy("Följs upp"), widget=DateInput)

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Välj ägare")] + [(u.pk, u.display_name) for u in owners]


class MeasureDoneForm(forms.Form):
    done_on = forms.DateField(label=gettext_lazy("Klar"), widget=DateInput)
    note = forms.CharField(label=gettext_lazy("Resultat"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TargetForm(forms.Form):
    step = forms.ChoiceField(label=gettext_lazy("Steg"), choices=[c for c in LexSarahStep.choices if c[0] != LexSarahStep.REPORTED])
    days = forms.IntegerField(label=gettext_lazy("Mål i dagar från rapporten"), min_value=0, max_value=365)
    decided_by = forms.CharField(label=gettext_lazy("Beslutat av (t.ex. nämndens beslut och datum)"), required=False,
                                 max_length=200)


class CategoryForm(forms.Form):
    code = forms.SlugField(label=gettext_lazy("Kod"), max_length=40)
    label = forms.CharField(label=gettext_lazy("Benämning"), max_length=120)


class RiskAnalysisForm(forms.Form):
    unit = forms.TypedChoiceField(label=gettext_lazy("Enhet"), coerce=int)
    process = forms.CharField(label=gettext_lazy("Process"), max_length=200,
                              help_text=gettext_lazy("Till exempel ”förhandsbedömning inom 14 dagar” eller ”utbetalning till rätt konto”."))
    description = forms.CharField(label=gettext_lazy("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_review_on = forms.DateField(label=gettext_lazy("Nästa årliga granskning"), required=False, widget=DateInput)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "Välj enhet")] + [(u.pk, u.name) for u in units]


class RiskForm(forms.Form):
    description = forms.CharField(label=gettext_lazy("Risk"), max_length=300)
    probability = forms.TypedChoiceField(label=gettext_lazy("Sannolikhet"), coerce=int,
                                         choices=[(1, gettext_lazy("1 – osannolik")), (2, gettext_lazy("2 – möjlig")), (3, gettext_lazy("3 – trolig")),
                                                  (4, gettext_lazy("4 – mycket trolig"))])
    consequence = forms.TypedChoiceField(label=gettext_lazy("Konsekvens"), coerce=int,
                                         choices=[(1, gettext_lazy("1 – liten")), (2, gettext_lazy("2 – måttlig")), (3, gettext_lazy("3 – betydande")),
                                                  (4, gettext_lazy("4 – katastrofal"))])


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=gettext_lazy("Granskad"), widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CopyForm(forms.Form):
    unit = forms.TypedChoiceField(label=gettext_lazy("Kopiera till enhet"), coerce=int)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "Välj enhet")] + [(u.pk, u.name) for u in units]


class LinkDeviationForm(forms.Form):
    deviation = forms.IntegerField(label=gettext_lazy("Avvikelsens nummer"), min_value=1)


class PeriodForm(forms.Form):
    first = forms.DateField(label=gettext_lazy("Från"), widget=DateInput, required=False)
    last = forms.DateField(label=gettext_lazy("Till"), widget=DateInput, required=False)
