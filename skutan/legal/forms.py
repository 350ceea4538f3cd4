from django import forms


class ReferenceCorrectionForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    valid_from = forms.DateField(widget=forms.HiddenInput)
    chapter = forms.CharField(label="Kapitel", required=False, max_length=10)
    paragraph = forms.CharField(label="Paragraf", required=False, max_length=20)
    source = forms.CharField(label="Källa (var hänvisningen är kontrollerad)", max_length=300)
    confirmed = forms.BooleanField(label="Bekräftad", required=False)
