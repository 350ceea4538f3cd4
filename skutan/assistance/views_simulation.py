"""The rule-change simulator page (regelsimulering) for management and EB unit managers.

A GET form, so a scenario is a link that can be shared; running it reads, and never writes, decisions.
"""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy

from skutan.assistance.simulation import Scenario, simulation_run, simulation_unit_ids
from skutan.core.errors import ApplicationError
from skutan.core.web import ctx, staff_view


class SwedishDecimalField(forms.DecimalField):
    """Accepts what people type: "6 000", "6\u00a0000", "2,5" (a text input: a number input refuses them)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)


class SimulationForm(forms.Form):
    uplift_percent = SwedishDecimalField(
        label=gettext_lazy("Uppräkning av riksnormen (%)"), required=False, max_digits=5, decimal_places=2, min_value=-50,
        max_value=100,
        help_text=gettext_lazy("T.ex. 2,5. Beloppen avrundas till närmaste 10 kr, som vid de årliga uppräkningarna."),
        error_messages={"invalid": gettext_lazy("Ange uppräkningen i procent, t.ex. 2,5."),
                        "min_value": gettext_lazy("Uppräkningen kan inte vara lägre än −50 %."),
                        "max_value": gettext_lazy("Uppräkningen kan inte vara högre än 100 %.")},
    )
    table_year = forms.TypedChoiceField(
        label=gettext_lazy("Eller: riksnormen för år"), required=False, coerce=int, empty_value=None,
        help_text=gettext_lazy("Räkna hushållen med ett annat års belopp."),
    )
    cap = SwedishDecimalField(
        label=gettext_lazy("Bidragstak, kr per hushåll och månad (hypotetiskt)"), required=False, max_digits=10, decimal_places=2,
        min_value=0,
        help_text=gettext_lazy("Ett bidragstak är planerat till 2027 men varken regler eller nivå är beslutade. Beloppet är ditt antagande."),
        error_messages={"invalid": gettext_lazy("Ange taket i kronor."), "min_value": gettext_lazy("Taket kan inte vara negativt.")},
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table_year"].choices = [("", "– oförändrad –")] + [(y, str(y)) for y in years]

    def clean(self):
        data = super().clean()
        if data.get("uplift_percent") is not None and data.get("table_year") is not None:
            raise forms.ValidationError(gettext("Välj antingen uppräkning eller ett annat års riksnorm, inte båda."))
        return data


@staff_view
def simulation(request):
    from skutan.assistance.selectors import norm_years

    simulation_unit_ids(user=request.user)  # AccessDeniedError (403) for anyone else
    submitted = any(request.GET.get(name) for name in ("uplift_percent", "table_year", "cap"))
    form = SimulationForm(request.GET if submitted else None, years=norm_years())
    result, status = None, 200
    if submitted:
        if form.is_valid():
            scenario = Scenario(
                uplift_percent=form.cleaned_data["uplift_percent"], table_year=form.cleaned_data["table_year"],
                cap=form.cleaned_data["cap"],
            )
            try:
                result = simulation_run(ctx=ctx(request, "Regelsimulering (sammanställning)"), scenario=scenario)
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
        else:
            status = 400
    return render(request, "assistance/simulation.html", {"form": form, "result": result}, status=status)
