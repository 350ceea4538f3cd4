"""The case page's journal as finished HTML, built in Python.

A journal page shows up to JOURNAL_PAGE_SIZE entries, each with a dozen template nodes (dates, author, tags,
links, text): as a template loop that was the largest part of the page's rendering. The markup is the same as
the loop it replaced (``cases/tests/journal_loop_reference.html``, compared in the tests). Every value is
escaped with html.escape, which is what django.utils.html.escape does without the lazy-text wrapper's cost."""

from html import escape

from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from skutan.core.templatetags.skutan import sedate, setime


def journal_items_html(entries) -> SafeString:
    """``<li class="entry">`` for each entry of a journal page. ``entries`` carry ``corrected_by`` (the signed
    corrections of each, views._journal_page), ``correct_url``, ``corrects_entry`` (the original a correction
    corrects, or None) and ``author_name`` (selectors.case_journal with ``with_signer=False``)."""
    words = {key: escape(text) for key, text in {
        "signed": gettext("signerad"), "draft": gettext("Utkast"), "correction_of": gettext("Rättelse av anteckning"),
        "show_original": gettext("Visa originalet"), "corrected": gettext("Rättad"),
        "is_corrected": gettext("Anteckningen är rättad"), "correction": gettext("rättelse"), "by": gettext("av"),
        "correct": gettext("Rätta"),
    }.items()}
    return mark_safe("".join(_item(e, words) for e in entries))  # noqa: S308 — every value is escaped


def _item(e, w: dict[str, str]) -> str:
    classes = "entry" + (" entry-draft" if not e.is_signed else "") + (" entry-corrected" if e.corrected_by else "")
    if e.is_signed:
        state = f"· {w['signed']} {setime(e.signed_at)}"
    else:
        state = f'· <span class="tag">{w["draft"]}</span>'
    original = ""
    if e.corrects_id and e.corrects_entry is not None:
        original = (f'· <span class="tag">{w["correction_of"]} {sedate(e.corrects_entry.event_date)}</span> '
                    f'<a href="?visa={e.corrects_id}#entry-{e.corrects_id}">{w["show_original"]}</a>')
    note = ""
    if e.corrected_by:
        links = ", ".join(
            f'<a href="?visa={c.pk}#entry-{c.pk}">{w["correction"]} {setime(c.signed_at)} {w["by"]} '
            f"{escape(c.author_name or '')}</a>" for c in e.corrected_by)
        note = (f'<p class="corrected-note" role="note"><span class="tag tag-warning">{w["corrected"]}</span> '
                f'{w["is_corrected"]}:\n{links}.</p>')
    correct = f'<a href="{escape(e.correct_url)}">{w["correct"]}</a>' if e.correct_url else ""
    return (f'\n<li class="{classes}" id="entry-{e.pk}">\n<header><strong>{sedate(e.event_date)}</strong> · '
            f"{escape(e.author_name or '')}\n{state}\n{original}\n</header>\n{note}\n"
            f'<div class="entry-text">{linebreaks(e.text, autoescape=True)}</div>\n{correct}\n</li>\n')
