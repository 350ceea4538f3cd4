"""The dashboard's table rows and chart points as HTML, built once in Python instead of a template branch per
cell (a year's page has some 400 cells and points: the branches were most of the page's CPU).

The output is exactly what ``followup/_measure.html`` rendered per cell before: values are localised and
escaped as a template variable is, with the same filters (``kronor``, ``floatformat``) and the same
translated words (test_rendering.py compares the two on seeded data).
"""

from __future__ import annotations

from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from skutan.core.templatetags.skutan import kronor


def _v(value) -> str:
    """A value as ``{{ value }}`` renders it: localised, then escaped."""
    return conditional_escape(localize(value))


def cell_html(cell: dict, *, first: bool, threshold: int) -> str:
    if first:
        return f'<th scope="row">{_v(cell["value"])}</th>'
    value, kind = cell["value"], cell["kind"]
    if cell["hidden"]:
        text = f"&lt;{_v(threshold)}"
    elif value is None:
        text = "–"
    elif kind == "kronor":
        text = _v(kronor(value))
    elif kind == "percent":
        text = _v(floatformat(value, 1)) + "&nbsp;%"
    elif kind == "decimal":
        text = _v(floatformat(value, "-1"))
    else:
        text = _v(value)
    return f'<td class="num">{text}</td>'


def row_html(cells: list[dict], *, threshold: int) -> SafeString:
    """The cells of one table row, with the whitespace the template's loop left between them."""
    return mark_safe("".join(f"\n        {cell_html(c, first=i == 0, threshold=threshold)}\n      "
                             for i, c in enumerate(cells)))


def dots_html(series: dict, *, value_kind: str) -> SafeString:
    """The points of one line-chart series: a circle with its title, and "pågår" beside an unfinished one."""
    css, label = _v(series["css"]), _v(series["label"])
    ongoing, ongoing_word = " " + _v(gettext("(månaden pågår)")), _v(gettext("pågår"))
    out = []
    for p in series["dots"]:
        if value_kind == "kronor":
            value = _v(kronor(p["value"]))
        elif value_kind == "percent":
            value = _v(floatformat(p["value"], 1)) + " %"
        else:
            value = _v(p["value"])
        x, y = _v(p["x"]), _v(p["y"])
        if p["unfinished"]:
            out.append(f'<circle class="{css} dot" cx="{x}" cy="{y}" r="5"><title>{label} {_v(p["label"])}{ongoing}: '
                       f'{value}</title></circle><text x="{x}" y="{y}" dy="-9" text-anchor="middle">{ongoing_word}</text>')
        else:
            out.append(f'<circle class="{css} dot dot-finished" cx="{x}" cy="{y}" r="3"><title>{label} '
                       f'{_v(p["label"])}: {value}</title></circle>')
    return mark_safe("".join(out))
