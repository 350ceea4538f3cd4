from django import forms


class ItemCloseForm(forms.Form):
    note = forms.CharField(
        label="Vad visade granskningen?", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
        help_text="T.ex. att läsningen hade stöd i ett uppdrag, eller vad som har gjorts (samtal, anmälan).",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
