from django import forms
from django.utils.translation import gettext_lazy


class ReferenceCorrectionForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    valid_from = forms.DateField(widget=forms.HiddenInput)
    chapter = forms.CharField(label=gettext_lazy("Kapitel"), required=False, max_length=10)
    paragraph = forms.CharField(label=gettext_lazy("Paragraf"), required=False, max_length=20)
    source = forms.CharField(label=gettext_lazy("Källa (var hänvisningen är kontrollerad)"), max_length=300)
    confirmed = forms.BooleanField(label=gettext_lazy("Bekräftad"), required=False)
