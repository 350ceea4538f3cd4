"""Answers the adults module asks of higher layers, registered in their AppConfig.ready().

``VISITS_NOT_REACHED``: functions ``(case, since) -> int``, how many visits to the case's person did not reach
them since a day (the mobile team registers its count, so the boplan's step-down weighs the visits too).
"""

from collections.abc import Callable

VISITS_NOT_REACHED: list[Callable] = []


def visits_not_reached(*, case, since) -> int:
    return sum(fn(case=case, since=since) for fn in VISITS_NOT_REACHED)
