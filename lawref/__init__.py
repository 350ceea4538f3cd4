"""Every legal reference Skutan cites, as one dated data set (lawref/references.json). Framework-free.

``norm`` (calculation lines), ``timelimits`` (statutory time limits) and the Django apps (decisions, letters)
read their citations from here. The shipped file is the default; the Django app ``skutan.legal`` stores an
administrator's confirmation or correction of a version and passes the merged set back in
(``References.with_corrections``).

Two ways to cite a version:
- ``citation``: for the caseworker's screen, with the paragraph and a visible note when it is unconfirmed;
- ``letter_citation``: for a letter that leaves the office, which never prints an unconfirmed paragraph
  number: it names the law and its SFS number only ("socialtjänstlagen (2025:400)").
"""

from .model import (
    REFERENCES_FILE,
    LegalReference,
    MissingReferenceError,
    References,
    load_references,
    references_from_dict,
)

__all__ = [
    "REFERENCES_FILE",
    "LegalReference",
    "MissingReferenceError",
    "References",
    "load_references",
    "references_from_dict",
]
