"""``skutan norm calculate`` < request.json: the norm calculation with the database's riksnorm tables.

Reads the norm JSON contract (norm/README.md) on stdin and writes the explained result as JSON on stdout.
Bad input, a month without a table or a missing amount: exit status 2 and {"error", "field"} in Swedish on
stderr (the same as ``python -m norm``, which uses only the bundled tables).

``skutan norm tables [--year ÅR]`` prints the merged tables (bundled + systemförvaltare's corrections).
"""

import json
import sys

from django.core.management.base import BaseCommand

from norm.cli import main as norm_main
from skutan.assistance.selectors import norm_tables_current


class Command(BaseCommand):
    help = "Riksnormen: beräkna ekonomiskt bistånd (JSON på stdin) eller visa tabellerna."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{calculate,tables}")
        sub.add_parser("calculate", help="Läs en beräkningsförfrågan (JSON) på stdin, skriv resultatet på stdout.")
        tables = sub.add_parser("tables", help="Skriv riksnormstabellerna (med systemförvaltarens ändringar) som JSON.")
        tables.add_argument("--year", type=int, help="Bara detta år.")

    def handle(self, *args, action, **options):
        tables = norm_tables_current()
        if action == "calculate":
            # Django's OutputWrapper would add a newline per write; the norm CLI writes its own.
            stdout = getattr(self.stdout, "_out", sys.stdout)
            stderr = getattr(self.stderr, "_out", sys.stderr)
            code = norm_main(sys.stdin, stdout, stderr, tables=tables)
            stdout.flush()
            if code:
                sys.exit(code)
            return
        chosen = [t for t in tables if options.get("year") in (None, t.year)]
        if not chosen:
            self.stderr.write(f"Riksnorm saknas för {options['year']}")
            sys.exit(2)
        json.dump([t.to_dict() for t in chosen], getattr(self.stdout, "_out", sys.stdout), ensure_ascii=False, indent=2)
        self.stdout.write("")
