from django import forms
from django.utils.translation import gettext_lazy

from skutan.core.forms import DateField


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Gallringsår"), min_value=2000, max_value=2100)


class PlanApproveForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Kommentar (vad granskningen visade)"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ExtractFindForm(forms.Form):
    identity_number = forms.CharField(label=gettext_lazy("Personnummer"), max_length=20)


class RequestRegisterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Begäran"), choices=[("rectification", gettext_lazy("Rättelse (art. 16)")), ("erasure", gettext_lazy("Radering (art. 17)"))])
    received_on = forms.DateField(label=gettext_lazy("Inkom (ÅÅÅÅ-MM-DD)"))
    description = forms.CharField(label=gettext_lazy("Vad personen begär"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class RequestDecideForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Beslut"), choices=[("granted", gettext_lazy("Bifall")), ("partly", gettext_lazy("Delvis bifall")), ("refused", gettext_lazy("Avslag"))]
    )
    decision_text = forms.CharField(label=gettext_lazy("Beslut och skäl"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class MarkRegisterForm(forms.Form):
    """A bevarandemarkering: which document, its date, optionally the case and (custody) the child."""

    kind = forms.ChoiceField(label=gettext_lazy("Handling som ska bevaras"))
    document_date = DateField(label=gettext_lazy("Handlingens datum"))
    case = forms.TypedChoiceField(label=gettext_lazy("Ärende (valfritt)"), coerce=int, required=False, empty_value=None)
    child_identity_number = forms.CharField(
        label=gettext_lazy("Barnets personnummer (bara för avtal om vårdnad, boende eller umgänge; tomt = personen själv)"),
        max_length=20, required=False,
    )
    note = forms.CharField(label=gettext_lazy("Anteckning (t.ex. var handlingen finns)"), max_length=200, required=False)

    def __init__(self, *args, cases=(), **kwargs):
        from skutan.retention.models import MarkKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = MarkKind.choices
        self.fields["case"].choices = [("", gettext_lazy("Inget särskilt ärende"))] + [
            (c.pk, f"{c.reference} – {c.get_case_type_display()}") for c in cases
        ]


class MarkWithdrawForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Skäl till återkallelsen"), max_length=200)
