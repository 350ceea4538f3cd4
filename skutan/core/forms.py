"""Form pieces shared by every app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from skutan.core.dates import INPUT_HELP, normalise_date_input, parse_swedish_date


class DateInput(forms.TextInput):
    """A date typed as ÅÅÅÅ-MM-DD (or ÅÅMMDD, ÅÅÅÅMMDD …), not the browser's date picker, whose format follows the
    browser's language (MM/DD/YYYY in an American browser). Shown as ÅÅÅÅ-MM-DD; what was typed is read by
    ``skutan.core.dates.parse_swedish_date`` before the field sees it."""

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's name
        base = {"inputmode": "numeric", "autocomplete": "off", "placeholder": INPUT_HELP, "class": "date-input",
                "size": "10"}
        super().__init__(attrs={**base, **(attrs or {})})
        self.format = "%Y-%m-%d"

    def format_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime(self.format)
        return super().format_value(value)

    def value_from_datadict(self, data, files, name):
        return normalise_date_input(super().value_from_datadict(data, files, name))


class DateField(forms.DateField):
    """A DateField with the Swedish date input and a Swedish message when the text is not a date."""

    widget = DateInput
    default_error_messages = {"invalid": gettext_lazy("Skriv datumet som ÅÅÅÅ-MM-DD.")}

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            parsed = parse_swedish_date(value)
            if parsed is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            return parsed
        return super().to_python(value)
