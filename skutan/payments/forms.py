from django import forms
from django.utils.translation import gettext_lazy

from skutan.core.forms import DateInput
from skutan.payments.models import PaymentStatus


class RunCreateForm(forms.Form):
    execution_date = forms.DateField(
        label=gettext_lazy("Utbetalningsdag"), widget=DateInput,
        help_text=gettext_lazy("Den bankdag pengarna ska vara hos mottagarna. Planerade utbetalningar som ska betalas senast "
        "den dagen tas med."),
        error_messages={"required": gettext_lazy("Ange utbetalningsdag."), "invalid": gettext_lazy("Ange ett datum (ÅÅÅÅ-MM-DD).")},
    )


class PayeeAccountForm(forms.Form):
    iban = forms.CharField(label=gettext_lazy("IBAN"), max_length=42, required=False, help_text=gettext_lazy("T.ex. SE45 5000 0000 0583 9825 7466."))
    clearing_number = forms.CharField(
        label=gettext_lazy("Clearingnummer"), max_length=8, required=False, help_text=gettext_lazy("Fyra siffror (Swedbank: fem, 8xxx-x).")
    )
    account_number = forms.CharField(label=gettext_lazy("Kontonummer"), max_length=20, required=False)


class PaymentStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Ny status"),
        choices=[(PaymentStatus.SENT, PaymentStatus.SENT.label), (PaymentStatus.CONFIRMED, PaymentStatus.CONFIRMED.label),
                 (PaymentStatus.FAILED, PaymentStatus.FAILED.label)],
    )
    note = forms.CharField(label=gettext_lazy("Kommentar"), max_length=300, required=False, help_text=gettext_lazy("Krävs när utbetalningen misslyckades."))


class ReversalForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Belopp (kr)"), max_digits=12, decimal_places=2, min_value=0.01, localize=True,
        error_messages={"required": gettext_lazy("Ange belopp."), "invalid": gettext_lazy("Ange ett belopp i kronor."),
                        "min_value": gettext_lazy("Ange ett belopp större än 0 kr."),
                        "max_decimal_places": gettext_lazy("Beloppet kan ha högst två decimaler (öre).")},
    )
    reason = forms.CharField(label=gettext_lazy("Skäl"), widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": gettext_lazy("Ange skälet.")})
