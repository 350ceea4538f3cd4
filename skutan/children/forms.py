"""Forms for Barn och unga. They only parse input; every rule lives in services.py."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from skutan.children.bbic import AREAS
from skutan.children.models import (
    Agency,
    Channel,
    ConcernCategory,
    GoalStatus,
    GuardianKind,
    InterventionKind,
    LegalGround,
    LvuGrounds,
    LvuKind,
    NoticeSubject,
    PreliminaryOutcome,
    ReporterCategory,
)
from skutan.core.forms import DateInput


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _now_local():
    return timezone.localtime().replace(second=0, microsecond=0)


YES_NO = [("yes", "Ja – barnet behöver omedelbart skydd"), ("no", "Nej")]


class ReportForm(forms.Form):
    unit = forms.ChoiceField(label=gettext_lazy("Mottagande enhet"))
    child_identity_number = forms.CharField(
        label=gettext_lazy("Barnets personnummer"), max_length=20, required=False,
        help_text=gettext_lazy("ÅÅÅÅMMDD-NNNN. Lämna tomt om barnet ännu inte är identifierat och beskriv barnet nedan."),
    )
    child_description = forms.CharField(
        label=gettext_lazy("Beskrivning av barnet (om det inte är identifierat)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    received_at = forms.DateTimeField(label=gettext_lazy("Anmälan kom in"), widget=DateTimeInput)
    reporter_category = forms.ChoiceField(label=gettext_lazy("Anmälare"), choices=[("", gettext_lazy("Välj …")), *ReporterCategory.choices])
    reporter_name = forms.CharField(label=gettext_lazy("Anmälarens namn"), max_length=200, required=False)
    reporter_contact = forms.CharField(label=gettext_lazy("Anmälarens kontaktuppgifter"), max_length=200, required=False)
    reporter_confidential = forms.BooleanField(
        label=gettext_lazy("Anmälarens identitet är sekretessbelagd"), required=False,
        help_text=gettext_lazy("Namn och kontaktuppgifter visas då bara för den som har behörighet att se anmälarens identitet."),
    )
    concerns = forms.MultipleChoiceField(
        label=gettext_lazy("Oron gäller"), choices=ConcernCategory.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    text = forms.CharField(label=gettext_lazy("Anmälan"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    assign_to_me = forms.BooleanField(label=gettext_lazy("Tilldela mig ärendet"), required=False)

    def __init__(self, *args, units=(), child=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
        if child is not None:
            del self.fields["child_identity_number"]
            del self.fields["child_description"]


class ProtectionForm(forms.Form):
    assessed_at = forms.DateTimeField(label=gettext_lazy("Bedömningen gjordes"), widget=DateTimeInput, initial=_now_local)
    immediate_protection_needed = forms.ChoiceField(
        label=gettext_lazy("Behöver barnet omedelbart skydd?"), choices=YES_NO, widget=forms.RadioSelect
    )
    notes = forms.CharField(label=gettext_lazy("Skyddsbedömning"), widget=forms.Textarea(attrs={"rows": 6}))


class PreliminaryForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Beslut"), choices=PreliminaryOutcome.choices, widget=forms.RadioSelect)
    decided_on = forms.DateField(label=gettext_lazy("Beslutsdatum"), widget=DateInput, initial=timezone.localdate)
    reason = forms.CharField(
        label=gettext_lazy("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Krävs när utredning inte inleds."),
    )
    transferred_to = forms.CharField(
        label=gettext_lazy("Överlämnas till"), max_length=200, required=False, help_text=gettext_lazy("Krävs vid överlämnande.")
    )
    conversation_held_on = forms.DateField(
        label=gettext_lazy("Enskilt samtal med barnet: datum"), required=False, widget=DateInput
    )
    conversation_held_by = forms.CharField(label=gettext_lazy("Enskilt samtal: hölls av"), max_length=200, required=False)
    no_conversation_reason = forms.CharField(
        label=gettext_lazy("Skäl till att enskilt samtal inte kunde hållas"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConversationForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("Datum"), widget=DateInput, initial=timezone.localdate)
    held_by = forms.CharField(label=gettext_lazy("Samtalet hölls av"), max_length=200)
    notes = forms.CharField(label=gettext_lazy("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ExtensionForm(forms.Form):
    new_due = forms.DateField(label=gettext_lazy("Ny sista dag"), widget=DateInput)
    reason = forms.CharField(label=gettext_lazy("Skäl"), widget=forms.Textarea(attrs={"rows": 4}))
    decided_on = forms.DateField(label=gettext_lazy("Beslutsdatum"), widget=DateInput, initial=timezone.localdate)

    def __init__(self, *args, reason_label: str = "Skäl", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = reason_label


class LinkChildForm(forms.Form):
    identity_number = forms.CharField(label=gettext_lazy("Barnets personnummer"), max_length=20)


class BbicForm(forms.Form):
    """One text area per BBIC area, with the version each note had when the page was read."""

    def __init__(self, *args, notes=None, **kwargs):
        super().__init__(*args, **kwargs)
        notes = notes or {}
        for area in AREAS:
            note = notes.get(area.code)
            self.fields[area.code] = forms.CharField(
                label=area.label_sv, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                initial=note.text if note else "",
            )
            self.fields[f"version_{area.code}"] = forms.IntegerField(
                required=False, widget=forms.HiddenInput, initial=note.version if note else None
            )

    def notes_and_versions(self) -> tuple[dict[str, str], dict[str, int]]:
        data = self.cleaned_data
        notes = {a.code: data.get(a.code, "") for a in AREAS}
        versions = {a.code: data[f"version_{a.code}"] for a in AREAS if data.get(f"version_{a.code}") is not None}
        return notes, versions


class ConsultationForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("Datum"), widget=DateInput, initial=timezone.localdate)
    agency = forms.ChoiceField(label=gettext_lazy("Myndighet"), choices=Agency.choices)
    agency_name = forms.CharField(label=gettext_lazy("Namn eller enhet"), max_length=200, required=False)
    participants = forms.CharField(label=gettext_lazy("Deltagare"), widget=forms.Textarea(attrs={"rows": 2}))
    notes = forms.CharField(label=gettext_lazy("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=gettext_lazy("Datum"), widget=DateInput, initial=timezone.localdate)
    reason = forms.CharField(label=gettext_lazy("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))


class InterventionForm(forms.Form):
    legal_ground = forms.ChoiceField(label=gettext_lazy("Rättslig grund"), choices=LegalGround.choices)
    kind = forms.ChoiceField(label=gettext_lazy("Insats"), choices=InterventionKind.choices)
    kind_other = forms.CharField(label=gettext_lazy("Annan insats: vilken"), max_length=200, required=False)
    place_name = forms.CharField(label=gettext_lazy("Placeringsställe (familjehem, HVB eller stödboende)"), max_length=200,
                                 required=False)
    foster_home = forms.ChoiceField(label=gettext_lazy("Familjehem ur registret"), required=False)
    goal = forms.CharField(label=gettext_lazy("Mål: vad ska förändras för barnet?"), widget=forms.Textarea(attrs={"rows": 3}))
    reasons = forms.CharField(label=gettext_lazy("Skäl för beslutet"), widget=forms.Textarea(attrs={"rows": 4}))
    best_interest = forms.ChoiceField(label=gettext_lazy("Bedömning av barnets bästa som beslutet vilar på"), required=False)
    against_party = forms.BooleanField(
        label=gettext_lazy("Beslutet går emot barnet eller vårdnadshavarna"), required=False,
        help_text=gettext_lazy("Beslutet får då en överklagandehänvisning."),
    )
    monthly_cost = forms.DecimalField(label=gettext_lazy("Kostnad per månad (kr)"), required=False, min_value=0,
                                      decimal_places=2, max_digits=12)
    no_conversation_reason = forms.CharField(
        label=gettext_lazy("Hedersrelaterat/barnäktenskap: skäl till att enskilt samtal inte hölls"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    decided_on = forms.DateField(label=gettext_lazy("Beslutsdatum"), widget=DateInput, initial=timezone.localdate)
    starts_on = forms.DateField(label=gettext_lazy("Startdatum"), widget=DateInput)
    ends_on = forms.DateField(label=gettext_lazy("Slutdatum"), widget=DateInput, required=False)
    provider = forms.CharField(label=gettext_lazy("Utförare"), max_length=200)
    follow_up_1 = forms.DateField(label=gettext_lazy("Första uppföljning"), widget=DateInput, required=False)
    follow_up_2 = forms.DateField(label=gettext_lazy("Andra uppföljning"), widget=DateInput, required=False)
    follow_up_3 = forms.DateField(label=gettext_lazy("Tredje uppföljning"), widget=DateInput, required=False)

    def __init__(self, *args, assessments=(), foster_homes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["best_interest"].choices = [
            (str(a.pk), f"{a.assessed_on:%Y-%m-%d}: {a.text[:60]}") for a in assessments
        ] or [("", "Ingen bedömning dokumenterad")]
        self.fields["foster_home"].choices = [("", "–")] + [(str(h.pk), h.name) for h in foster_homes]

    def follow_up_dates(self):
        return [d for d in (self.cleaned_data.get(f"follow_up_{i}") for i in (1, 2, 3)) if d]


class InvestigationConversationForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("Datum"), widget=DateInput, initial=timezone.localdate)
    held_by = forms.CharField(label=gettext_lazy("Samtalet hölls av"), max_length=200)
    alone = forms.BooleanField(label=gettext_lazy("Barnet var ensamt (utan vårdnadshavare)"), required=False, initial=True)
    not_alone_reason = forms.CharField(label=gettext_lazy("Om inte ensamt: varför"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    present = forms.CharField(label=gettext_lazy("Närvarande utöver barnet"), max_length=200, required=False)
    notes = forms.CharField(label=gettext_lazy("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ChildViewsForm(forms.Form):
    child_views = forms.CharField(label=gettext_lazy("Barnets egna synpunkter"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    child_not_heard_reason = forms.CharField(label=gettext_lazy("Om barnet inte kommit till tals: varför"), required=False,
                                             widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class BestInterestForm(forms.Form):
    assessed_on = forms.DateField(label=gettext_lazy("Datum"), widget=DateInput, initial=timezone.localdate)
    text = forms.CharField(label=gettext_lazy("Bedömning av barnets bästa"), widget=forms.Textarea(attrs={"rows": 4}))


class GuardianForm(forms.Form):
    identity_number = forms.CharField(label=gettext_lazy("Vårdnadshavarens personnummer"), max_length=20)
    kind = forms.ChoiceField(label=gettext_lazy("Slag"), choices=GuardianKind.choices)
    lives_with_child = forms.BooleanField(label=gettext_lazy("Bor med barnet"), required=False, initial=True)
    phone = forms.CharField(label=gettext_lazy("Telefon"), max_length=30, required=False)
    email = forms.CharField(label=gettext_lazy("E-post"), max_length=200, required=False)


class NoticeForm(forms.Form):
    recipient = forms.ChoiceField(label=gettext_lazy("Till"))
    subject = forms.ChoiceField(label=gettext_lazy("Gäller"), choices=NoticeSubject.choices)
    about = forms.CharField(label=gettext_lazy("Beskrivning"), max_length=300, required=False)
    sent_on = forms.DateField(label=gettext_lazy("Datum"), widget=DateInput, initial=timezone.localdate)
    channel = forms.ChoiceField(label=gettext_lazy("Kanal"), choices=Channel.choices)

    def __init__(self, *args, recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = list(recipients)


class ConsentForm(forms.Form):
    recipient = forms.ChoiceField(label=gettext_lazy("Lämnat av"))
    scope = forms.CharField(label=gettext_lazy("Samtycke till"), max_length=300)
    given_on = forms.DateField(label=gettext_lazy("Datum"), widget=DateInput, initial=timezone.localdate)

    def __init__(self, *args, recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = list(recipients)


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=gettext_lazy("Återkallat"), widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(label=gettext_lazy("Anteckning"), required=False, max_length=500)


class CareReviewForm(forms.Form):
    done_on = forms.DateField(label=gettext_lazy("Övervägandet gjordes"), widget=DateInput, initial=timezone.localdate)
    care_still_needed = forms.ChoiceField(label=gettext_lazy("Behövs vården fortfarande?"),
                                          choices=[("yes", gettext_lazy("Ja")), ("no", gettext_lazy("Nej"))])
    notes = forms.CharField(label=gettext_lazy("Nämndens överväganden"), widget=forms.Textarea(attrs={"rows": 3}))


class FeedbackForm(forms.Form):
    given_on = forms.DateField(label=gettext_lazy("Återkoppling lämnad"), widget=DateInput, required=False,
                               initial=timezone.localdate)
    channel = forms.ChoiceField(label=gettext_lazy("Hur"), choices=[("", "–"), *Channel.choices], required=False)
    not_given_reason = forms.CharField(label=gettext_lazy("Eller: skäl till att återkoppling inte lämnas"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpPlanForm(forms.Form):
    due_on = forms.DateField(label=gettext_lazy("Planerad uppföljning"), widget=DateInput)


class FollowUpDoneForm(forms.Form):
    done_on = forms.DateField(label=gettext_lazy("Genomförd"), widget=DateInput, initial=timezone.localdate)
    goal_status = forms.ChoiceField(label=gettext_lazy("Målet"), choices=[("", "–"), *GoalStatus.choices], required=False)
    notes = forms.CharField(label=gettext_lazy("Vad visade uppföljningen?"), widget=forms.Textarea(attrs={"rows": 3}))


class InterventionEndForm(forms.Form):
    ended_on = forms.DateField(label=gettext_lazy("Avslutad"), widget=DateInput, initial=timezone.localdate)
    reason = forms.CharField(label=gettext_lazy("Avslutsorsak"), widget=forms.Textarea(attrs={"rows": 3}))


class PlacementEndForm(forms.Form):
    ended_on = forms.DateField(label=gettext_lazy("Placeringen upphörde"), widget=DateInput, initial=timezone.localdate)
    reason = forms.CharField(label=gettext_lazy("Skäl (till exempel flytt hem eller till ny placering)"),
                             widget=forms.Textarea(attrs={"rows": 2}))


class LvuDecisionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Beslut"), choices=LvuKind.choices)
    grounds = forms.ChoiceField(label=gettext_lazy("Grund"), choices=LvuGrounds.choices)
    decided_on = forms.DateField(label=gettext_lazy("Beslutsdatum"), widget=DateInput, initial=timezone.localdate)
    executed_on = forms.DateField(label=gettext_lazy("Verkställt (vid vård: dagen vården började)"), widget=DateInput,
                                  initial=timezone.localdate)
    decided_by = forms.CharField(label=gettext_lazy("Beslutsfattare"), max_length=200, required=False,
                                 initial="Socialnämndens ordförande")
    reasons = forms.CharField(label=gettext_lazy("Skäl"), widget=forms.Textarea(attrs={"rows": 3}))


class LvuActForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("Datum"), widget=DateInput, initial=timezone.localdate)


class LvuEndForm(forms.Form):
    ended_on = forms.DateField(label=gettext_lazy("Upphörde"), widget=DateInput, initial=timezone.localdate)
    reason = forms.CharField(label=gettext_lazy("Skäl"), max_length=500)


class FosterHomeForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Benämning"), max_length=200)
    member_1 = forms.CharField(label=gettext_lazy("Familjehemsförälder (personnummer)"), max_length=20, required=False)
    member_2 = forms.CharField(label=gettext_lazy("Familjehemsförälder 2 (personnummer)"), max_length=20, required=False)
    consent_on = forms.DateField(label=gettext_lazy("Medgivande/godkännande"), widget=DateInput, required=False)
    consent_reference = forms.CharField(label=gettext_lazy("Beslut om medgivande"), max_length=200, required=False)
    places = forms.IntegerField(label=gettext_lazy("Antal platser"), min_value=1, initial=1)
