"""Command line: a JSON request on stdin, the explained result as JSON on stdout.

Exit status 0 with the result, or 2 with {"error": <Swedish message>, "field": <path or null>} on stderr when
the input is bad, no table covers the month, or a needed amount is missing. `python -m norm` runs this; the
Django command `skutan norm calculate` wraps it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import TextIO

from .calculate import calculate
from .errors import NormError, NormInputError
from .parse import parse_request
from .tables import NormTable, load_bundled_tables

EXIT_OK = 0
EXIT_REFUSED = 2


def main(stdin: TextIO, stdout: TextIO, stderr: TextIO, tables: Sequence[NormTable] | None = None) -> int:
    try:
        try:
            # Decimal, not float, so an amount such as 12000.10 reaches the calculation exactly.
            data = json.loads(stdin.read(), parse_float=Decimal)
        except json.JSONDecodeError as error:
            raise NormInputError(
                "request", f"Ogiltig JSON: {error.msg} (rad {error.lineno}, kolumn {error.colno})"
            ) from None
        request = parse_request(data)
        result = calculate(request, load_bundled_tables() if tables is None else tables)
    except NormError as error:
        json.dump(error.to_dict(), stderr, ensure_ascii=False)
        stderr.write("\n")
        return EXIT_REFUSED
    json.dump(result.to_dict(), stdout, ensure_ascii=False, indent=2)
    stdout.write("\n")
    return EXIT_OK
