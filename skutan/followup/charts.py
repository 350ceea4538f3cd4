"""SVG geometry for the dashboard's charts (drawn server-side: no script, strict CSP).

Line charts: one polyline per series; last year's and the forecast dashed; the unfinished month is drawn as a
hollow point with a dashed segment and the word "pågår", never like a finished month. Bar charts: horizontal
bars. Every chart has its table beside it with the same numbers.
"""

from __future__ import annotations

from decimal import Decimal

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 720, 260, 70, 20, 20, 50
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 22, 6, 260
STYLES = {"now": "series-now", "now2": "series-now2", "last_year": "series-last-year", "forecast": "series-forecast",
          "goal": "series-goal"}


def _num(value) -> float | None:
    return None if value is None else float(Decimal(value))


def line_chart(measure, chart) -> dict | None:
    rows = measure.rows
    values = [_num(r.get(key)) for r in rows for key, _, _ in chart.series]
    numbers = [v for v in values if v is not None]
    if not rows or not numbers:
        return None
    top = max(max(numbers), 1.0) * 1.1
    n = len(rows)
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM

    def x(i):
        return LEFT + (span_x * i / (n - 1) if n > 1 else span_x / 2)

    def y(v):
        return TOP + span_y - span_y * v / top

    series = []
    for key, label, style in chart.series:
        finished, unfinished, points = [], [], []
        for i, r in enumerate(rows):
            v = _num(r.get(key))
            if v is None:
                continue
            point = {"x": round(x(i), 1), "y": round(y(v), 1), "unfinished": bool(r.get("unfinished")) and style != "last_year"
                     and style != "goal", "label": r.get(chart.label_key), "value": r.get(key)}
            points.append(point)
            (unfinished if point["unfinished"] else finished).append(point)
        if not points:
            continue
        # the dashed tail joins the last finished point to the unfinished ones
        tail = ([finished[-1]] if finished and unfinished else []) + unfinished
        series.append({
            "label": label, "css": STYLES.get(style, "series-now"),
            "points": " ".join(f"{p['x']},{p['y']}" for p in finished),
            "tail": " ".join(f"{p['x']},{p['y']}" for p in tail) if len(tail) > 1 else "",
            "dots": points,
        })
    ticks = [{"y": round(y(top * f / 1.1), 1), "value": int(top * f / 1.1)} for f in (0, 0.275, 0.55, 0.825, 1.1)]
    step = max(1, n // 12)
    labels = [{"x": round(x(i), 1), "text": str(r.get(chart.label_key, ""))[:7]} for i, r in enumerate(rows) if i % step == 0]
    references = [{"y": round(y(float(v)), 1), "label": label} for label, v, _ in measure.reference_lines
                  if chart.kind == "line"]
    return {"kind": "line", "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT,
            "bottom": HEIGHT - BOTTOM, "top": TOP, "series": series, "ticks": ticks, "labels": labels,
            "label_y": HEIGHT - BOTTOM + 18, "references": references,
            "unfinished": any(r.get("unfinished") for r in rows)}


def bar_chart(measure, chart) -> dict | None:
    key = chart.series[0][0]
    values = [_num(r.get(key)) for r in measure.rows]
    numbers = [v for v in values if v is not None]
    if not numbers or max(numbers) <= 0:
        return None
    top = max(numbers + [float(v) for _, v, _ in measure.reference_lines])
    bars = []
    for i, r in enumerate(measure.rows):
        v = values[i]
        width = 0 if v is None else int(v / top * (WIDTH - LABEL_WIDTH - 90))
        y = i * (BAR_HEIGHT + BAR_GAP)
        bars.append({"label": r.get(chart.label_key), "value": r.get(key), "width": width, "y": y,
                     "text_y": y + BAR_HEIGHT // 2 + 5, "value_x": LABEL_WIDTH + width + 6,
                     "css": "bar-unfinished" if r.get("unfinished") else "bar"})
    height = len(bars) * (BAR_HEIGHT + BAR_GAP)
    return {"kind": "bar", "bars": bars, "height": height, "width": WIDTH, "label_width": LABEL_WIDTH,
            "bar_height": BAR_HEIGHT}


def charts_for(measure) -> list[dict]:
    out = []
    for chart in measure.charts:
        drawn = line_chart(measure, chart) if chart.kind == "line" else bar_chart(measure, chart)
        if drawn is not None:
            kind = next((c.kind for c in measure.columns if c.key == chart.series[0][0]), "int")
            out.append({"title": chart.title, "value_kind": kind, "legend": [(label, STYLES.get(style, "series-now"))
                        for _, label, style in chart.series], **drawn})
    return out
