"""Search across everything the user may see: persons, cases by reference (EB-2026-00135), children's reports
and decisions by number. A registry, as for Min dag: each app hands a provider to ``search_provider_register``
in its ``AppConfig.ready()``; a provider is ``(*, ctx, query: SearchQuery) -> Iterable[SearchHit]`` and returns
only what the user may see (it filters through the app's authorizing rules). Every hit that names a person is
access-logged as a search (``search_everything``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse

MIN_LENGTH = 2
HITS_PER_PROVIDER = 25
_NUMBER = re.compile(r"^(?:(?P<word>[a-zåäö]+)\.?\s*(?:nr\.?)?\s*)?#?(?P<n>\d{1,9})$", re.IGNORECASE)
_REFERENCE = re.compile(r"^(?P<prefix>[a-z]{2})-(?P<year>\d{4})-(?P<n>\d{1,5})$", re.IGNORECASE)


@dataclass(frozen=True)
class SearchQuery:
    text: str
    number: int | None  # "42", "nr 42", "beslut 42", "anmälan 42"
    number_word: str  # the word before the number, lower case ("beslut", "anmälan"), or ""
    reference: str | None  # a full case reference, normalised (EB-2026-00135)

    @classmethod
    def parse(cls, text: str) -> SearchQuery:
        text = " ".join((text or "").split())
        number, word, reference = None, "", None
        if m := _NUMBER.match(text):
            number, word = int(m["n"]), (m["word"] or "").lower()
        if m := _REFERENCE.match(text):
            reference = f"{m['prefix'].upper()}-{m['year']}-{int(m['n']):05d}"
        return cls(text=text, number=number, number_word=word, reference=reference)


@dataclass(frozen=True)
class SearchHit:
    kind: str  # in words: "Person", "Ärende", "Orosanmälan", "Beslut"
    title: str
    url: str
    detail: str = ""
    case: object | None = None
    person_id: int | None = None
    protected: bool = False
    logged: bool = False  # the provider logged the read itself (the person register's search does)


Provider = Callable[..., Iterable[SearchHit]]
SEARCH_PROVIDERS: list[Provider] = []


def search_provider_register(provider: Provider) -> None:
    if provider not in SEARCH_PROVIDERS:
        SEARCH_PROVIDERS.append(provider)


def search_everything(*, ctx, text: str) -> tuple[SearchQuery, list[SearchHit]]:
    """All providers' hits for the query, each hit naming a person logged as a search read."""
    from skutan.audit.models import AccessAction, AccessLog

    query = SearchQuery.parse(text)
    if len(query.text) < MIN_LENGTH:
        return query, []
    hits: list[SearchHit] = []
    for provider in SEARCH_PROVIDERS:
        hits.extend(list(provider(ctx=ctx, query=query))[:HITS_PER_PROVIDER])
    user = ctx.user
    AccessLog.objects.bulk_create(
        AccessLog(
            user_id=user.pk, username=user.get_username(), person_id=getattr(h.case, "person_id", None) or h.person_id,
            case_id=getattr(h.case, "pk", None), object_type="search", object_id=h.url[:100],
            action=AccessAction.SEARCH, purpose=ctx.purpose, channel=ctx.channel, path=ctx.path[:300],
            protected_person=bool(h.case.person.protected_identity) if h.case is not None else h.protected,
        )
        for h in hits
        if not h.logged and (h.case is not None or h.person_id is not None)
    )
    return query, hits


# --- the case core's own providers ----------------------------------------------------------------------


def persons_search_provider(*, ctx, query: SearchQuery) -> list[SearchHit]:
    """The person register's own search (it logs each person shown). A bare short number is a report or
    decision number, not a piece of a personnummer."""
    from skutan.people.selectors import person_search

    if query.number is not None and len(str(query.number)) < 6:
        return []
    return [
        SearchHit("Person", p.full_name, reverse("people:detail", args=[p.pk]),
                  detail=p.identity_number, person_id=p.pk, protected=p.protected_identity, logged=True)
        for p in person_search(ctx=ctx, query=query.text)
    ]


def cases_search_provider(*, ctx, query: SearchQuery) -> list[SearchHit]:
    """Cases by reference: the full reference, or a piece of it with a dash or at least four digits."""
    from skutan.cases.selectors import case_list_visible

    text = query.text
    if query.reference:
        qs = case_list_visible(user=ctx.user).filter(reference=query.reference)
    elif "-" in text and any(c.isdigit() for c in text) and " " not in text:
        qs = case_list_visible(user=ctx.user).filter(reference__icontains=text)
    elif query.number is not None and not query.number_word and len(text) >= 4:
        qs = case_list_visible(user=ctx.user).filter(reference__endswith=text)
    else:
        return []
    return [
        SearchHit("Ärende", f"{c.reference} {c.get_case_type_display()}", reverse("cases:detail", args=[c.pk]),
                  detail=f"{c.person.full_name}, {c.unit.name}, {c.get_status_display().lower()}", case=c)
        for c in qs.select_related("person", "unit").order_by("-opened_on")[:HITS_PER_PROVIDER]
    ]
