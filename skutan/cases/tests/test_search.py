"""Search across everything the user may see (cases.search): persons, case references, reports and decisions by
number, through the apps' authorizing rules, every hit logged."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from skutan.audit.models import AccessLog
from skutan.cases.search import SearchQuery, search_everything
from skutan.core.context import AccessContext


def _ctx(user):
    return AccessContext(user=user, purpose="Sökning", channel="web", path="/arenden/sok/")


@pytest.mark.parametrize("text, number, word, reference", [
    ("EB-2026-00135", None, "", "EB-2026-00135"),
    ("eb-2026-135", None, "", "EB-2026-00135"),
    ("beslut 42", 42, "beslut", None),
    ("Anmälan nr 7", 7, "anmälan", None),
    ("#12", 12, "", None),
    ("Andersson", None, "", None),
])
def test_query_parse(text, number, word, reference):
    q = SearchQuery.parse(text)
    assert (q.number, q.number_word, q.reference) == (number, word, reference)


def test_case_by_reference_only_when_visible(staff, eb_case, bou_case):
    _, hits = search_everything(ctx=_ctx(staff["eb_worker"]), text=eb_case.reference.lower())
    assert [h.url for h in hits if h.kind == "Ärende"] == [f"/arenden/{eb_case.pk}/"]
    _, hits = search_everything(ctx=_ctx(staff["eb_worker"]), text=bou_case.reference)
    assert [h for h in hits if h.kind == "Ärende"] == []


def test_persons_by_name_and_every_hit_logged(staff, eb_case, person):
    before = AccessLog.objects.count()
    _, hits = search_everything(ctx=_ctx(staff["eb_worker"]), text="Svensson")
    assert [h.url for h in hits if h.kind == "Person"] == [f"/personer/{person.pk}/"]
    rows = list(AccessLog.objects.order_by("id")[before:])
    assert rows and all(r.action == "search" and r.person_id == person.pk for r in rows)


def test_report_and_decision_by_number(staff, units, person, bou_case, eb_case):
    from skutan.accounts.models import Delegation
    from skutan.assistance.services import application_create, application_defaults, decision_make
    from skutan.children.services import child_report_register

    report = child_report_register(
        actor=staff["bou_worker"], unit=units["bou"], child=person, reporter_category="school", concerns=["neglect"],
        received_at=datetime(2026, 11, 2, 9, tzinfo=ZoneInfo("Europe/Stockholm")),
    )
    _, hits = search_everything(ctx=_ctx(staff["bou_worker"]), text=f"anmälan {report.pk}")
    assert [h.url for h in hits] == [f"/barn/orosanmalningar/{report.pk}/"]
    _, hits = search_everything(ctx=_ctx(staff["eb_worker"]), text=f"anmälan {report.pk}")
    assert hits == []  # another unit's report
    Delegation.objects.create(user=staff["eb_worker"], decision_kind="ekonomiskt_bistand", point="T",
                              valid_from=date(2000, 1, 1))
    data = application_defaults(case=eb_case, month=date(2026, 9, 1))
    for m in data.members:
        m.support_obstacle = "111" if m.role == "adult" else ""
    application = application_create(actor=staff["eb_worker"], case=eb_case, month=date(2026, 9, 1), data=data)
    decision = decision_make(actor=staff["eb_worker"], application=application, outcome="granted", reasons="Ok.")
    _, hits = search_everything(ctx=_ctx(staff["eb_worker"]), text=f"beslut {decision.pk}")
    assert [h.kind for h in hits] == ["Beslut"] and hits[0].title.startswith(f"Beslut nr {decision.pk}: ")
    assert hits[0].url == f"/bistand/arenden/{eb_case.pk}/beslut/"
    assert search_everything(ctx=_ctx(staff["bou_worker"]), text=f"beslut {decision.pk}")[1] == []


def test_search_page(login, staff, eb_case):
    client = login(staff["eb_worker"])
    html = client.get("/arenden/sok/", {"q": eb_case.reference}).content.decode()
    assert f"/arenden/{eb_case.pk}/" in html and "1 träffar" in html
    assert "Skriv minst två tecken" in client.get("/arenden/sok/", {"q": "a"}).content.decode()
    assert 'id="global-search"' in html  # the top bar's field that "/" focuses
