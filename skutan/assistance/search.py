"""EB decisions by number ("Beslut nr 42" in the letter) in the search across everything (registered in
AssistanceConfig.ready)."""

from django.urls import reverse

from skutan.cases.search import SearchHit, SearchQuery

DECISION_WORDS = {"", "beslut", "nr"}


def decisions_search_provider(*, ctx, query: SearchQuery) -> list[SearchHit]:
    from skutan.assistance.models import Decision
    from skutan.cases.models import Case
    from skutan.cases.selectors import case_visible_q

    if query.number is None or query.number_word not in DECISION_WORDS:
        return []
    visible = Case.objects.filter(case_visible_q(user=ctx.user))
    return [
        SearchHit(
            "Beslut", f"Beslut nr {d.pk}: {d.get_outcome_display().lower()} {d.month:%Y-%m}",
            reverse("assistance:case_decisions", args=[d.case_id]),
            detail=f"{d.case.reference}, {d.case.person.full_name}, beslutat {d.decided_at:%Y-%m-%d}", case=d.case,
        )
        for d in Decision.objects.filter(pk=query.number, case__in=visible).select_related("case", "case__person")
    ]
