"""A follow-up table as CSV (semicolon, BOM, for Swedish Excel) or XLSX (openpyxl), with its definition."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from skutan.core.statistics import suppressed_label


def cell_text(value, kind: str) -> str:
    """Swedish display and CSV format: decimal comma, no unit (the column header names it)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if kind == "kronor":
            value = value.quantize(Decimal("1"))
        return f"{value}".replace(".", ",")
    return str(value)


def _cell(measure, row_index: int, column) -> str:
    if f"rows[{row_index}].{column.key}" in measure.suppressed:
        return suppressed_label(measure.threshold)
    return cell_text(measure.rows[row_index].get(column.key), column.kind)


def _header_lines(measure, filters: str) -> list[list[str]]:
    lines = [[measure.title], ["Period", measure.period_label]]
    if filters:
        lines.append(["Urval", filters])
    lines += [["Definition", measure.definition], ["Källa", measure.source]]
    lines += [["Not", note] for note in measure.notes]
    lines.append(["Sekretess", f"Antal från 1 till {measure.threshold - 1} och belopp och andelar räknade från dem "
                  f"visas som {suppressed_label(measure.threshold)}, liksom celler som annars kunde räknas fram."])
    return lines


def measure_csv(measure, *, filters: str = "") -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM: Excel then reads UTF-8
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for line in _header_lines(measure, filters):
        writer.writerow(line)
    writer.writerow([])
    writer.writerow([c.label for c in measure.columns])
    for i in range(len(measure.rows)):
        writer.writerow([_cell(measure, i, c) for c in measure.columns])
    return buffer.getvalue().encode("utf-8")


def _table_sheet(sheet, measure, filters: str) -> None:
    from openpyxl.styles import Font

    sheet.append([measure.title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["Period", measure.period_label] + (["Urval", filters] if filters else []))
    sheet.append([])
    sheet.append([c.label for c in measure.columns])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for i, row in enumerate(measure.rows):
        out = []
        for c in measure.columns:
            value = row.get(c.key)
            if f"rows[{i}].{c.key}" in measure.suppressed:
                out.append(suppressed_label(measure.threshold))
            elif isinstance(value, Decimal):
                out.append(int(value) if c.kind == "kronor" else float(value))
            else:
                out.append(value)
        sheet.append(out)
    for i, c in enumerate(measure.columns, start=1):
        if c.kind == "kronor":
            for (cell,) in sheet.iter_rows(min_row=5, min_col=i, max_col=i):
                cell.number_format = "# ##0"


def _about_sheet(sheet, measure, filters: str) -> None:
    for line in _header_lines(measure, filters):
        sheet.append(line)
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 120


def _book_bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def measure_xlsx(measure, *, filters: str = "") -> bytes:
    """One sheet with the table (numbers as numbers, suppressed cells as text "<5") and one with the
    definition, source and notes."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Tabell"
    _table_sheet(sheet, measure, filters)
    _about_sheet(book.create_sheet("Definition"), measure, filters)
    return _book_bytes(book)


def dashboard_xlsx(measures, *, filters: str = "") -> bytes:
    """The whole dashboard in one workbook (the background export): a sheet per measure, named by its key,
    and one sheet with every measure's definition, source and notes."""
    from openpyxl import Workbook

    book = Workbook()
    about = book.active
    about.title = "Definitioner"
    for measure in measures:
        _table_sheet(book.create_sheet(measure.key[:31]), measure, filters)
        _about_sheet(about, measure, filters)
        about.append([])
    return _book_bytes(book)
