"""The follow-up dashboard (/uppfoljning/) and its CSV exports. Numbers come from the selectors; this module
only lays them out (bar geometry, Swedish number formats)."""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import render

from skutan.core.web import ctx, staff_view
from skutan.followup.selectors import (
    Measure,
    followup_access_record,
    followup_dashboard,
    followup_measure,
    followup_scope,
)

PURPOSE = "Uppföljning"
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 22, 6, 230, 640


def format_value(value, kind: str) -> str:
    """Swedish display and CSV format: decimal comma, no unit (the column header names it)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value}".replace(".", ",")
    return str(value)


def _chart(measure: Measure) -> dict | None:
    """Horizontal bars for the measure's chart column, scaled to the largest value."""
    values = [row.get(measure.chart_value) for row in measure.rows]
    numbers = [Decimal(v) for v in values if v is not None]
    if not numbers or max(numbers) <= 0:
        return None
    top = max(numbers)
    kind = next(c.kind for c in measure.columns if c.key == measure.chart_value)
    bars = []
    for i, row in enumerate(measure.rows):
        value = row.get(measure.chart_value)
        width = 0 if value is None else int(Decimal(value) / top * (CHART_WIDTH - LABEL_WIDTH - 90))
        y = i * (BAR_HEIGHT + BAR_GAP)
        bars.append({
            "label": row[measure.chart_label], "value": value, "kind": kind, "width": width, "y": y,
            "text_y": y + BAR_HEIGHT // 2 + 5, "value_x": LABEL_WIDTH + width + 6,
        })
    return {
        "bars": bars, "height": len(bars) * (BAR_HEIGHT + BAR_GAP), "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH, "bar_height": BAR_HEIGHT,
        "value_label": next(c.label for c in measure.columns if c.key == measure.chart_value),
    }


@staff_view
def dashboard(request):
    unit_ids = followup_scope(user=request.user)  # 403 for anyone but management and unit managers
    measures = followup_dashboard(unit_ids=unit_ids)
    followup_access_record(ctx=ctx(request, PURPOSE))
    return render(request, "followup/dashboard.html", {
        "measures": [{"measure": m, "chart": _chart(m)} for m in measures],
        "all_units": unit_ids is None,
    })


@staff_view
def measure_csv(request, measure: str):
    unit_ids = followup_scope(user=request.user)
    result = followup_measure(unit_ids=unit_ids, measure=measure)
    followup_access_record(ctx=ctx(request, PURPOSE), measure=measure, export=True)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM: Excel then reads UTF-8
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.label for c in result.columns])
    for row in result.rows:
        writer.writerow([format_value(row.get(c.key), c.kind) for c in result.columns])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="uppfoljning-{result.key}.csv"'
    return response
