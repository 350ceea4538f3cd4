"""Mark the Swedish text of Skutan's templates for translation: ``python scripts/i18n_tag.py [paths…]``.

Idempotent: text already inside ``{% translate %}`` or ``{% blocktranslate %}`` is left alone, so it can be run
again after new templates are merged (``make messages`` runs it before extracting). It wraps

- each run of text between HTML tags and template tags: ``Sista dag`` → ``{% translate "Sista dag" %}``;
- the human-readable attributes (placeholder, title, aria-label, alt): ``title="{% translate 'Mitt konto' %}"``;
- Swedish string arguments of ``with``/``include … with`` and of ``|default:``: ``caption=_("Enhetens ärenden")``,

and adds ``{% load i18n %}``. Text inside ``<script>``, ``<style>``, ``<code>``, ``<textarea>``, comments and the
letter templates (LETTER_TEMPLATES: letters to citizens stay in Swedish) is not touched. ``--check`` lists what
would change and exits 1 if anything would (the test suite uses it).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "skutan" / "templates"

# Documents that go out in Swedish whatever the reader's language: letters to citizens and formal records.
LETTER_TEMPLATES = {
    "assistance/letter.html",
    "assistance/letter_decision.html",
    "children/feedback_letter.html",
    "children/notice_letter.html",
    "children/notice_letter_pdf.html",
    "children/intervention_letter.html",
    "adults/insats_letter.html",
    "letters/base.html",  # the frame every letter to a citizen shares
    "governance/minutes_pdf.html",
    "quality/ivo.html",
    "cases/personakt_pdf.html",  # the personakt print: aktinsyn, a transfer to another municipality, the archive
    "retention/extract_pdf.html",  # the registerutdrag to the person (GDPR art. 15)
    "retention/request_letter.html",  # the answer to a request for rättelse or radering
    "letters/information_sheet_en.html",  # written in English: it is the other-language sheet itself
}

ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "aria-description", "data-confirm", "aria-roledescription",
              "data-label")
SKIP_ELEMENTS = ("script", "style", "code", "textarea", "pre")
LETTER = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]")
DJANGO = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)


NOT_WORDS = {"Skutan", "CSV", "PDF", "JSON", "XML", "IBAN", "OCR", "BBIC", "OK", "HVB", "SoL", "LVU", "OSL"}


def _has_words(text: str) -> bool:
    bare = re.sub(r"&[a-zA-Z]+;|&#\d+;", " ", text)
    if bare.strip() in NOT_WORDS:
        return False
    return bool(LETTER.search(bare))


def _translate_tag(text: str) -> str | None:
    if '"' not in text:
        return '{% translate "' + text + '" %}'
    if "'" not in text:
        return "{% translate '" + text + "' %}"
    return None


def _wrap_text(text: str) -> str:
    """One run of text (no tags in it): the words translated, the surrounding whitespace kept."""
    if not _has_words(text):
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    core = text.strip()
    # A lone separator or punctuation at the edges stays outside ("· Visa alla" → "· " + translate "Visa alla").
    m = re.match(r"^([·–—,;:)\]|/+\-*.!?…]+\s*)?(.*?)(\s*[·–—,;:(\[|/+\-*]+)?$", core, re.S)
    head, middle, tail = (m.group(1) or "", m.group(2), m.group(3) or "") if m else ("", core, "")
    if not _has_words(middle):
        return text
    middle = re.sub(r"\s+", " ", middle)
    tag = _translate_tag(middle)
    if tag is None:
        return text
    return lead + head + tag + tail + trail


def _wrap_attributes(tag: str) -> str:
    def piece(text: str, other: str) -> str:
        """One run of words in an attribute value, translated with the quote the attribute does not use."""
        if not _has_words(text):
            return text
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()):]
        inner = text.strip().replace("'", "’") if other == "'" else text.strip()
        if other in inner:
            return text
        return f"{lead}{{% translate {other}{inner}{other} %}}{trail}"

    # Template tags inside the tag may hold quotes of their own: set them aside while the attributes are read.
    tokens: list[str] = []

    def hide(m: re.Match) -> str:
        tokens.append(m.group(0))
        return f"\x00{len(tokens) - 1}\x00"

    def show(text: str) -> str:
        return re.sub(r"\x00(\d+)\x00", lambda t: tokens[int(t.group(1))], text)

    def repl(m: re.Match) -> str:
        name, quote, value = m.group(1), m.group(2), m.group(3)
        if not _has_words(re.sub(r"\x00\d+\x00", "", value)):
            return m.group(0)
        other = "'" if quote == '"' else '"'
        parts = re.split(r"(\x00\d+\x00)", value)
        return f"{name}={quote}" + "".join(p if p.startswith("\x00") else piece(p, other) for p in parts) + quote

    names = "|".join(re.escape(a) for a in ATTRIBUTES)
    hidden = DJANGO.sub(hide, tag)
    return show(re.sub(rf"\b({names})=([\"'])(.*?)\2", repl, hidden, flags=re.S))


def _wrap_django(token: str) -> str:
    """Swedish literals in ``with`` arguments and ``|default:`` filters."""
    if token.startswith("{#"):
        return token

    def literal(m: re.Match) -> str:
        prefix, value = m.group(1), m.group(3)
        if not _has_words(value) or re.fullmatch(r"[\w./:#-]+", value) and not re.search(r"[åäöÅÄÖ]", value):
            return m.group(0)
        return f'{prefix}_("{value}")' if '"' not in value else m.group(0)

    if token.startswith("{%"):
        word = token[2:].split()[0] if token[2:].split() else ""
        if word in ("include", "with"):
            token = re.sub(r"(\b\w+=)([\"'])(.*?)\2", literal, token)
    return re.sub(r"(\|default:)([\"'])(.*?)\2", literal, token)


def tag_source(source: str) -> str:
    out: list[str] = []
    i, n = 0, len(source)
    text = []
    skip_until: str | None = None  # closing tag / endtag while inside a region left alone

    def flush():
        if text:
            chunk = "".join(text)
            out.append(chunk if skip_until else _wrap_text(chunk))
            text.clear()

    while i < n:
        if source.startswith(("{%", "{{", "{#"), i):
            end = {"{%": "%}", "{{": "}}", "{#": "#}"}[source[i:i + 2]]
            j = source.find(end, i)
            j = n if j < 0 else j + 2
            token = source[i:j]
            name = token[2:-2].split()[0] if token.startswith("{%") and token[2:-2].split() else ""
            if skip_until is None and name in ("comment", "verbatim", "blocktranslate", "blocktrans"):
                flush()
                skip_until = "{%" + {"comment": "endcomment", "verbatim": "endverbatim",
                                     "blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}[name]
                out.append(token)
            elif skip_until and skip_until.startswith("{%") and name == skip_until[2:]:
                flush()
                skip_until = None
                out.append(token)
            else:
                flush()
                out.append(token if skip_until else _wrap_django(token))
            i = j
            continue
        if source.startswith("<!--", i):
            flush()
            j = source.find("-->", i)
            j = n if j < 0 else j + 3
            out.append(source[i:j])
            i = j
            continue
        if source[i] == "<" and i + 1 < n and (source[i + 1].isalpha() or source[i + 1] in "/!"):
            flush()
            j, quote = i + 1, None
            while j < n:
                if source.startswith(("{%", "{{"), j):
                    k = source.find("%}" if source[j + 1] == "%" else "}}", j)
                    j = n if k < 0 else k + 2
                    continue
                c = source[j]
                if quote:
                    if c == quote:
                        quote = None
                elif c in "\"'":
                    quote = c
                elif c == ">":
                    break
                j += 1
            tag = source[i:j + 1]
            element = re.match(r"</?([a-zA-Z0-9-]+)", tag)
            element_name = element.group(1).lower() if element else ""
            if skip_until is None and element_name in SKIP_ELEMENTS and not tag.startswith("</"):
                skip_until = f"</{element_name}"
                out.append(_wrap_attributes(tag))
            elif skip_until and tag.lower().startswith(skip_until):
                skip_until = None
                out.append(tag)
            else:
                out.append(tag if skip_until else _wrap_attributes(tag))
            i = j + 1
            continue
        text.append(source[i])
        i += 1
    flush()
    result = "".join(out)
    if result != source and not re.search(r"\{%\s*load\s[^%]*\bi18n\b", result):
        extends = re.match(r"\s*\{%\s*extends\s[^%]*%\}", result)
        if extends:
            result = result[: extends.end()] + "{% load i18n %}" + result[extends.end():]
        else:
            result = "{% load i18n %}" + result
    return result


def template_paths(args: list[str]) -> list[Path]:
    if args:
        return [Path(a).resolve() for a in args]
    return sorted(p for p in TEMPLATES.rglob("*.html") if str(p.relative_to(TEMPLATES)) not in LETTER_TEMPLATES)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = template_paths([a for a in argv if not a.startswith("--")])
    changed = []
    for path in paths:
        source = path.read_text(encoding="utf-8")
        tagged = tag_source(source)
        if tagged != source:
            changed.append(path)
            if not check:
                path.write_text(tagged, encoding="utf-8")
    for path in changed:
        print(("untagged: " if check else "tagged: ") + str(path.relative_to(ROOT)))
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
