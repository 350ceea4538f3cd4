"""Search across everything the user may see (``cases.search``); ``/`` focuses the search field anywhere."""

from django.shortcuts import render

from skutan.cases.search import MIN_LENGTH, search_everything
from skutan.core.web import ctx, staff_view


@staff_view
def search(request):
    text = request.GET.get("q", "")
    query, hits = search_everything(ctx=ctx(request, "Sökning"), text=text)
    groups: dict[str, list] = {}
    for hit in hits:
        groups.setdefault(hit.kind, []).append(hit)
    return render(request, "cases/search.html", {
        "q": query.text, "groups": groups, "count": len(hits), "too_short": 0 < len(query.text) < MIN_LENGTH,
    })
