"""The case page's journal built in Python gives the markup of the template loop it replaced."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from skutan.accounts.services import user_create
from skutan.cases.rendering import journal_items_html
from skutan.cases.selectors import case_journal
from skutan.cases.services import journal_entry_create, journal_entry_sign
from skutan.cases.views import _journal_page
from skutan.core.web import url_for_ids

REFERENCE = Path(__file__).with_name("journal_loop_reference.html")


def _page(case, user, with_signer: bool):
    journal = case_journal(case=case, with_signer=with_signer)
    page, _, _ = _journal_page(RequestFactory().get("/"), journal, user)
    urls = url_for_ids("cases:journal_correct", args=(case.pk,), ids=[e.pk for e in page.object_list if e.is_signed])
    for e in page.object_list:
        e.correct_url = urls.get(e.pk)
    return page.object_list


def _tags(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_journal_html_equals_the_template_loop(staff, units, eb_case, language):
    worker, other = staff["eb_worker"], staff["eb_worker2"]
    nameless = user_create(username="utan.namn", password="Skutan-demo-2026", first_name="", last_name="",
                           memberships=[(units["eb"], "caseworker")])
    original = journal_entry_sign(actor=worker, entry=journal_entry_create(
        actor=worker, case=eb_case, text="Hembesök.\n\nFamiljen <b>&</b> \"hyresvärden\".", event_date=date(2026, 3, 2)))
    for author in (other, nameless):
        journal_entry_sign(actor=author, entry=journal_entry_create(
            actor=author, case=eb_case, text=f"Rättelse av {author.username}", event_date=date(2026, 3, 2),
            corrects=original))
    journal_entry_create(actor=worker, case=eb_case, text="Mitt utkast\nrad två", event_date=date(2026, 3, 4))
    journal_entry_create(actor=other, case=eb_case, text="Någon annans utkast", event_date=date(2026, 3, 5))

    with translation.override(language):
        expected = Template(REFERENCE.read_text(encoding="utf-8")).render(
            Context({"journal": _page(eb_case, worker, with_signer=True)}))
        built = journal_items_html(_page(eb_case, worker, with_signer=False))

    assert "Någon annans utkast" not in built and "Mitt utkast<br>rad två" in built
    assert "&lt;b&gt;&amp;&lt;/b&gt; &quot;hyresvärden&quot;" in built and "utan.namn" in built
    assert built.count("Visa originalet" if language == "sv" else "Show the original") == 2
    assert _tags(built) == _tags(expected)
