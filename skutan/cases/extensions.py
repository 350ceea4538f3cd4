"""Extension points of the case core for higher layers (registered in their AppConfig.ready).

``ALLOCATION_CHECKS``: functions ``(case=, assignee=)`` that raise ApplicationError when the assignee may not be
the responsible caseworker of the case (the staff app's qualification rule for child investigations).
"""

from collections.abc import Callable

ALLOCATION_CHECKS: list[Callable] = []
