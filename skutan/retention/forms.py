from django import forms
from django.utils.translation import gettext_lazy


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
