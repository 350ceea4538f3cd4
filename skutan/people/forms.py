from django import forms

from skutan.people.identity import IdentityKind
from skutan.people.models import ProtectionKind


class PersonCreateForm(forms.Form):
    identity_number = forms.CharField(label="Personnummer", max_length=20, help_text="ÅÅÅÅMMDD-NNNN")
    identity_kind = forms.ChoiceField(label="Typ av nummer", choices=IdentityKind.CHOICES)
    first_name = forms.CharField(label="Förnamn", max_length=100)
    last_name = forms.CharField(label="Efternamn", max_length=100)
    street_address = forms.CharField(label="Gatuadress", max_length=200, required=False)
    postal_code = forms.CharField(label="Postnummer", max_length=6, required=False)
    city = forms.CharField(label="Postort", max_length=100, required=False)
    protection = forms.ChoiceField(label="Skyddade personuppgifter", choices=ProtectionKind.choices, required=False)


class PersonEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    first_name = forms.CharField(label="Förnamn", max_length=100)
    last_name = forms.CharField(label="Efternamn", max_length=100)
    street_address = forms.CharField(label="Gatuadress", max_length=200, required=False)
    postal_code = forms.CharField(label="Postnummer", max_length=6, required=False)
    city = forms.CharField(label="Postort", max_length=100, required=False)
    phone = forms.CharField(label="Telefon", max_length=30, required=False)
