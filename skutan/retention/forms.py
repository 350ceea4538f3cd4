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
