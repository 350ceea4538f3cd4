from django import forms


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label="Gallringsår", min_value=2000, max_value=2100)


class PlanApproveForm(forms.Form):
    note = forms.CharField(
        label="Kommentar (vad granskningen visade)", required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ExtractFindForm(forms.Form):
    identity_number = forms.CharField(label="Personnummer", max_length=20)


class RequestRegisterForm(forms.Form):
    kind = forms.ChoiceField(label="Begäran", choices=[("rectification", "Rättelse (art. 16)"), ("erasure", "Radering (art. 17)")])
    received_on = forms.DateField(label="Inkom (ÅÅÅÅ-MM-DD)")
    description = forms.CharField(label="Vad personen begär", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class RequestDecideForm(forms.Form):
    status = forms.ChoiceField(
        label="Beslut", choices=[("granted", "Bifall"), ("partly", "Delvis bifall"), ("refused", "Avslag")]
    )
    decision_text = forms.CharField(label="Beslut och skäl", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)
