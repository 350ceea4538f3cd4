"""Children's reports by number in the search across everything (registered in ChildrenConfig.ready)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from skutan.cases.search import SearchHit, SearchQuery

REPORT_WORDS = {"", "anmälan", "orosanmälan", "nr"}


def reports_search_provider(*, ctx, query: SearchQuery) -> list[SearchHit]:
    """A report the user may read: through its case, or, before the child is identified, in its own unit
    (the rule of ``child_report_get_for_user``)."""
    from skutan.accounts.selectors import user_unit_ids
    from skutan.cases.models import Case
    from skutan.cases.selectors import case_visible_q
    from skutan.children.models import ChildReport

    if query.number is None or query.number_word not in REPORT_WORDS:
        return []
    user = ctx.user
    qs = ChildReport.objects.filter(pk=query.number)
    if not user.is_superuser:
        qs = qs.filter(
            Q(case__in=Case.objects.filter(case_visible_q(user=user)))
            | Q(case__isnull=True, unit_id__in=user_unit_ids(user=user))
        )
    hits = []
    for r in qs.select_related("case", "case__person", "child", "unit"):
        name = r.child.full_name if r.child_id else "ej identifierat barn"
        hits.append(SearchHit(
            "Orosanmälan", gettext("Orosanmälan nr %(number)s om %(name)s") % {"number": r.pk, "name": name},
            reverse("children:report_detail", kwargs={"report_id": r.pk}),
            detail=f"inkom {r.received_on:%Y-%m-%d}, {r.unit.name}" + (f", {r.case.reference}" if r.case_id else ""),
            case=r.case, person_id=r.child_id, protected=bool(r.child and r.child.protected_identity),
        ))
    return hits
