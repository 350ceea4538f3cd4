"""List or fill the untranslated messages of Skutan's English catalogue (see docs/i18n.md).

    python scripts/i18n_fill.py --list > todo.tsv      # one untranslated msgid per line
    python scripts/i18n_fill.py --fill done.tsv        # "msgid<TAB>English" lines (plural: "one||many")

Works on skutan/locale/en/LC_MESSAGES/django.po, which ``make messages`` writes unwrapped (--no-wrap), so every
msgid and msgstr is one line. Fuzzy entries count as untranslated; filling one removes its fuzzy flag.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "skutan" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[str]:
    return text.strip("\n").split("\n\n")


def _field(entry: str, name: str) -> str | None:
    m = re.search(rf'^{re.escape(name)} "(.*)"$', entry, re.M)
    return m.group(1) if m else None


def untranslated(text: str) -> list[tuple[str, str | None]]:
    out = []
    for entry in _entries(text):
        msgid = _field(entry, "msgid")
        if not msgid:
            continue
        plural = _field(entry, "msgid_plural")
        strs = [_field(entry, "msgstr")] if plural is None else [_field(entry, "msgstr[0]"), _field(entry, "msgstr[1]")]
        if re.search(r"^#,.*\bfuzzy\b", entry, re.M) or not all(strs):
            out.append((msgid, plural))
    return out


def _set(entry: str, name: str, value: str) -> str:
    return re.sub(rf'^{re.escape(name)} ".*"$', lambda _m: f'{name} "{value}"', entry, flags=re.M)


def fill(text: str, translations: dict[str, str]) -> tuple[str, int]:
    done = 0
    entries = _entries(text)
    for i, entry in enumerate(entries):
        msgid = _field(entry, "msgid")
        if not msgid or msgid not in translations:
            continue
        value = translations[msgid]
        entry = re.sub(r"^#, fuzzy\n", "", entry, flags=re.M)
        entry = re.sub(r"^#, fuzzy, ", "#, ", entry, flags=re.M)
        entry = re.sub(r"^(#,.*?), fuzzy", r"\1", entry, flags=re.M)
        entry = re.sub(r'^#\| .*\n?', "", entry, flags=re.M)
        if _field(entry, "msgid_plural") is not None:
            one, _, many = value.partition("||")
            entry = _set(entry, "msgstr[0]", one)
            entry = _set(entry, "msgstr[1]", many or one)
        else:
            entry = _set(entry, "msgstr", value)
        entries[i] = entry
        done += 1
    return "\n\n".join(entries) + "\n", done


def main(argv: list[str]) -> int:
    text = PO.read_text(encoding="utf-8")
    if argv[:1] == ["--list"]:
        for msgid, plural in untranslated(text):
            print(msgid + (f"\t||PLURAL {plural}" if plural else ""))
        return 0
    if argv[:1] == ["--fill"] and len(argv) == 2:
        pairs = {}
        for line in Path(argv[1]).read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                msgid, value = line.split("\t", 1)
                pairs[msgid] = value
        text, done = fill(text, pairs)
        PO.write_text(text, encoding="utf-8")
        print(f"filled {done} messages; {len(untranslated(text))} left untranslated")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
