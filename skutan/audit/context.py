"""AccessContext lives in skutan/core/context.py (the lowest layer, so core's web helpers can build one);
it is named here too because every selector of every app imports it from here."""

from skutan.core.context import AccessContext

__all__ = ["AccessContext"]
