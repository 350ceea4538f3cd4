from django import forms
from django.utils.translation import gettext_lazy


class ItemCloseForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Vad visade granskningen?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
        help_text=gettext_lazy("T.ex. att läsningen hade stöd i ett uppdrag, eller vad som har gjorts (samtal, anmälan)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
