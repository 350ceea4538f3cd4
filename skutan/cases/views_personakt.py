"""The personakt print: choose unit and period, get a PDF (``cases.personakt``)."""

from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from skutan.cases.forms import PersonaktForm
from skutan.cases.personakt import personakt_content, personakt_filename, personakt_pdf, personakt_units
from skutan.core.web import ctx, staff_view
from skutan.people.selectors import person_get_for_user


@staff_view
def personakt(request, person_id: int):
    person = person_get_for_user(ctx=ctx(request, "Utskrift av personakt"), person_id=person_id)
    units = personakt_units(user=request.user, person=person)
    today = timezone.localdate()
    printing = request.GET.get("skriv") == "1"
    form = PersonaktForm(
        request.GET if printing else None, units=units,
        initial={"unit": request.GET.get("enhet", units[0].pk if units else ""), "date_from": date(today.year, 1, 1),
                 "date_to": today, "purpose": "aktinsyn"},
    )
    if printing and form.is_valid():
        unit = next(u for u in units if str(u.pk) == form.cleaned_data["unit"])
        content = personakt_content(
            ctx=ctx(request, "Utskrift av personakt"), person=person, unit=unit,
            date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"],
            purpose=form.cleaned_data["purpose"],
        )
        response = HttpResponse(personakt_pdf(content=content), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{personakt_filename(content=content)}"'
        response["Cache-Control"] = "private, no-store"
        return response
    return render(request, "cases/personakt.html", {"person": person, "form": form, "units": units},
                  status=400 if printing else 200)
