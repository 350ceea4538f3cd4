"""Ekonomiskt bistånd calculated explainably from the riksnorm (socialtjänstförordningen 2 kap. 1 §).

Pure Python, standard library only: no Django, so the rules are tested without a database and the tables
stay plain data files (norm/tables/*.json) with a mark and a source per amount. See norm/README.md.
"""

from .calculate import calculate
from .errors import MissingAmountError, MissingLegalSourceError, MissingTableError, NormError, NormInputError
from .legal import LegalSource, legal_source_for, load_legal_sources
from .model import CalculationRequest, CalculationResult, Cost, Income, Line, Member, age_at_month_start
from .parse import check_request, parse_request
from .tables import Amount, NormTable, load_bundled_tables, table_for_month

__all__ = [
    "Amount",
    "CalculationRequest",
    "CalculationResult",
    "Cost",
    "Income",
    "LegalSource",
    "Line",
    "Member",
    "MissingAmountError",
    "MissingLegalSourceError",
    "MissingTableError",
    "NormError",
    "NormInputError",
    "NormTable",
    "age_at_month_start",
    "calculate",
    "check_request",
    "legal_source_for",
    "load_bundled_tables",
    "load_legal_sources",
    "parse_request",
    "table_for_month",
]
