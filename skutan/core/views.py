from django.conf import settings
from django.shortcuts import render
from django.utils.module_loading import import_string

from skutan.accounts.models import Role
from skutan.accounts.selectors import units_managed_by, user_has_role
from skutan.audit.services import access_log_list_record
from skutan.cases.selectors import cases_assigned_to, cases_in_units, journal_drafts_of
from skutan.core.web import ctx, staff_view


@staff_view
def home(request):
    user = request.user
    my_cases = list(cases_assigned_to(user=user)[:200])
    drafts = journal_drafts_of(user=user)
    managed = list(units_managed_by(user=user)) if user_has_role(user=user, role=Role.UNIT_MANAGER) else []
    unallocated = list(cases_in_units(unit_ids=[u.pk for u in managed], unallocated_only=True)[:100]) if managed else []
    access_log_list_record(
        ctx=ctx(request, "Startsida: mina ärenden"),
        cases=my_cases + unallocated + [d.case for d in drafts],
    )
    return render(
        request, "core/home.html",
        {"my_cases": my_cases, "drafts": drafts, "managed_units": managed, "unallocated": unallocated,
         "home_panels": home_panels(request)},
    )


def home_panels(request) -> list[dict]:
    """The panels that higher layers register in SKUTAN_HOME_PANELS (skutan.core imports none of them)."""
    panels = (import_string(path)(request) for path in getattr(settings, "SKUTAN_HOME_PANELS", []))
    return [p for p in panels if p]
