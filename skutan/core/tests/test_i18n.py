"""English as well as Swedish (issue 17 part 9): the catalogue, the tagging of the templates, English pages."""

import gettext as gnu_gettext
import importlib.util
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation


def test_english_catalogue_translates_the_menu():
    with translation.override("en"):
        assert translation.gettext("Sök person") == "Find person"
    with translation.override("sv"):
        assert translation.gettext("Sök person") == "Sök person"


def test_language_switch_renders_english_menu(client, staff):
    client.force_login(staff["eb_worker"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Find person" in html
    assert '<html lang="en">' in html


# -- the catalogue is complete (issue 17 part 9) -------------------------------------------------------------


SKUTAN = Path(__file__).resolve().parents[2]
ROOT = SKUTAN.parent
PO = SKUTAN / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _po_entries(text: str) -> list[dict]:
    entries = []
    for block in text.strip("\n").split("\n\n"):
        fields = dict(re.findall(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', block, re.M))
        if fields.get("msgid"):
            fields["fuzzy"] = bool(re.search(r"^#,.*\bfuzzy\b", block, re.M))
            entries.append(fields)
    return entries


def test_every_marked_string_has_an_english_translation(tmp_path, monkeypatch, settings):
    """Extract the messages from today's templates and Python modules, as `make messages` does, into a copy of the
    catalogue: every msgid must be there, translated and not fuzzy. Fails when someone adds a {% translate %} or
    a gettext() without running `make messages` and translating (docs/i18n.md)."""
    copy = tmp_path / "skutan"
    shutil.copytree(SKUTAN, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "static"))
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en"], no_obsolete=True, no_location=True, no_wrap=True, verbosity=0)
    entries = _po_entries((copy / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))
    assert len(entries) > 2000
    missing = [e["msgid"] for e in entries
               if e["fuzzy"] or not all(v for k, v in e.items() if k.startswith("msgstr"))]
    assert missing == [], f"{len(missing)} messages without English: run `make messages` and translate them"


def test_the_compiled_catalogue_matches_the_po_file():
    """The .mo file is committed (a fresh clone works without gettext tools); it must be compiled from the .po."""
    compiled = gnu_gettext.GNUTranslations(MO.open("rb"))
    for entry in _po_entries(PO.read_text(encoding="utf-8")):
        if "msgid_plural" in entry:
            continue
        expected = entry["msgstr"].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        msgid = entry["msgid"].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        assert compiled.gettext(msgid) == expected, f"{msgid!r}: run `make messages` (compilemessages)"


def test_templates_have_no_untagged_text():
    """Every run of text in the templates (letters to citizens excepted) is inside {% translate %}: the tagger
    would change nothing."""
    tagger = _script("i18n_tag")
    untagged = [str(p.relative_to(tagger.TEMPLATES)) for p in tagger.template_paths([])
                if tagger.tag_source(p.read_text(encoding="utf-8")) != p.read_text(encoding="utf-8")]
    assert untagged == [], "untagged text: run `make messages`"


# Swedish letters that may stay outside {% translate %} (letters to citizens are not scanned at all):
# the prefilled reasons of a dismissal, which go into the Swedish decision letter.
SWEDISH_ALLOWED: set[tuple[str, str]] = {("assistance/case_decisions.html", "Överklagandet")}


def test_no_swedish_letters_outside_translate_tags():
    """A second, blunter net than the tagger: after removing translate tags, comments, scripts and template
    variables' translated literals, no å, ä or ö remains in a template (except the allow-list)."""
    tagger = _script("i18n_tag")
    found = []
    for path in tagger.template_paths([]):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\{%\s*(blocktranslate|blocktrans|comment)\b.*?\{%\s*end\1\s*%\}", "", text, flags=re.S)
        text = re.sub(r"\{%\s*translate\s+(\"[^\"]*\"|'[^']*')[^%]*%\}", "", text)
        text = re.sub(r"_\((\"[^\"]*\"|'[^']*')\)", "", text)
        text = re.sub(r"\{#.*?#\}|<script\b.*?</script>|<style\b.*?</style>", "", text, flags=re.S)
        for match in re.finditer(r"[^\s<>{}]*[åäöÅÄÖ][^\s<>{}]*", text):
            key = (str(path.relative_to(tagger.TEMPLATES)), match.group(0))
            if key not in SWEDISH_ALLOWED:
                found.append(key)
    assert found == []


def test_the_tagger_wraps_text_attributes_and_literals():
    tagger = _script("i18n_tag")
    source = ('{% extends "base.html" %}{% block content %}<h1 title="Mitt konto">Sista dag {{ d }} kvar</h1>'
              '{% include "x.html" with caption="Enhetens ärenden" %}{{ a|default:"Ej fördelat" }}'
              '<script>var t = "Hej";</script>{% translate "Klar" %} – {% comment %}Å{% endcomment %}{% endblock %}')
    tagged = tagger.tag_source(source)
    assert tagged.startswith('{% extends "base.html" %}{% load i18n %}')
    assert '<h1 title="{% translate \'Mitt konto\' %}">{% translate "Sista dag" %} {{ d }} {% translate "kvar" %}</h1>' in tagged
    assert 'caption=_("Enhetens ärenden")' in tagged and '|default:_("Ej fördelat")' in tagged
    assert 'var t = "Hej";' in tagged and "{% comment %}Å{% endcomment %}" in tagged
    assert tagger.tag_source(tagged) == tagged  # idempotent


@pytest.mark.parametrize("letter", sorted(_script("i18n_tag").LETTER_TEMPLATES))
def test_letters_to_citizens_stay_in_swedish(letter):
    assert "{% translate" not in (SKUTAN / "templates" / letter).read_text(encoding="utf-8")


def test_pages_in_english(client, staff):
    client.force_login(staff["eb_manager"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/bistand/frister/").content.decode()
    assert "Deadlines – Financial assistance" in html and "Open deadlines" in html
    assert "Frister" not in html and "Öppna frister" not in html
    board = client.get("/arenden/enhet/").content.decode()
    assert "The unit&#x27;s cases" in board or "The unit's cases" in board
    assert "Enhetens ärenden" not in board
