"""The quality statistics as tables for CSV (semicolon, BOM, for Swedish Excel) and XLSX, each with its
definition in the file, and the month chart's geometry. Suppressed cells are written as "<5"."""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise

from skutan.core.statistics import suppressed_label

DEFINITION = (
    "Avvikelser och Lex Sarah-rapporter räknas efter den månad händelsen inträffade. Utkast räknas inte. "
    "Antal från 1 upp till under tröskeln visas som \"<{t}\" så att ingen enskild kan pekas ut."
)


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list]


def _cell(value):
    return suppressed_label() if value is None else value


def statistics_tables(stats: dict, *, first: date, last: date) -> list[Table]:
    months = stats["months"]["months"]
    tables = [
        Table("Avvikelser per månad", ["Månad", "Avvikelser", "Lex Sarah", "Anmälda till IVO", "Hel månad"],
              [[m["month"], _cell(m["deviations"]), _cell(m["lex_sarah"]), _cell(m["reported_to_ivo"]),
                "ja" if m["complete"] else "nej (pågår)"] for m in months]),
        Table("Per enhet", ["Enhet", "Antal"], [[r["label"], _cell(r["count"])] for r in stats["by_unit"]]),
        Table("Per kategori", ["Kategori", "Antal"], [[r["label"], _cell(r["count"])] for r in stats["by_category"]]),
        Table("Per allvarlighetsgrad", ["Allvarlighetsgrad", "Antal"],
              [[r["label"], _cell(r["count"])] for r in stats["by_severity"]]),
        Table("Systemfel per sida", ["Sida", "Antal"], [[r["label"], _cell(r["count"])] for r in stats["system_faults"]]),
        Table("Återkommande kategorier", ["Kategori", "Detta kvartal", "Förra kvartalet"],
              [[r["label"], _cell(r["this_quarter"]), _cell(r["last_quarter"])] for r in stats["recurring"]["rows"]]),
    ]
    return tables


def _definition(first: date | None = None, last: date | None = None) -> str:
    from skutan.core.statistics import suppression_threshold

    return DEFINITION.format(t=suppression_threshold())


def to_csv(tables: list[Table]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Definition", _definition()])
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.columns)
        writer.writerows(table.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(tables: list[Table]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    about = wb.active
    about.title = "Definition"
    about.append(["Definition", _definition()])
    for table in tables:
        ws = wb.create_sheet(table.title[:31])
        ws.append(table.columns)
        for row in table.rows:  # lazy labels (gettext_lazy) are text to openpyxl only once made str
            ws.append([str(v) if isinstance(v, Promise) else v for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def month_chart(months: list[dict], width: int = 640, height: int = 180) -> dict:
    """Bars per month; a suppressed month is drawn as a hatched stub, the unfinished month is outlined."""
    values = [m["deviations"] or 0 for m in months]
    top = max(values + [1])
    n = max(len(months), 1)
    step = (width - 40) / n
    bars = []
    for i, m in enumerate(months):
        v = m["deviations"]
        h = 0 if v is None else int((height - 30) * v / top)
        bars.append({
            "x": int(20 + i * step), "w": max(int(step) - 4, 2), "h": h, "y": height - 20 - h,
            "label": m["month"], "value": v, "complete": m["complete"], "suppressed": v is None,
        })
    return {"bars": bars, "width": width, "height": height, "base": height - 20}
