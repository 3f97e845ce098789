"""About: what the plan is, how to use the workbook, the colour legend and the checks."""

from __future__ import annotations

import datetime as _dt

from ..model import WorkbookModel
from ..spec import PlanInfo
from .common import Context
from .summary import SummaryLayout


def build_about(model: WorkbookModel, ctx: Context, plan: PlanInfo, summary: SummaryLayout,
                today: _dt.date | None = None) -> None:
    labels = ctx.labels
    sheet = model.add_sheet("about", labels("sheets.about"), tab_color="#7F7F7F")
    sheet.col_widths.update({0: 30, 1: 70, 2: 12})
    sheet.landscape = False
    sheet.set(0, 0, ctx.plan_name, "title")
    sheet.set(1, 0, labels("about.title"), "subtitle")
    sheet.row_heights[0] = 24

    first, last = ctx.fiscal.months[0], ctx.fiscal.months[-1]
    unit = ctx.amounts_note
    fields = [
        ("plan", ctx.plan_name, "input_text"),
        ("company", plan.company, "input_text"),
        ("prepared_by", plan.prepared_by, "input_text"),
        ("fiscal_year", labels.fiscal_year(ctx.fiscal.year, ctx.fiscal.end_year), "label"),
        ("period", f"{labels.month_header(*first)} – {labels.month_header(*last)}", "label"),
        ("currency", ctx.currency, "label"),
        ("amounts", unit, "label"),
        ("language", labels("language_name"), "label"),
        ("generated", (today or _dt.date.today()).isoformat(), "label"),
    ]
    row = 3
    for key, value, style in fields:
        sheet.set(row, 0, labels(f"about.{key}"), "label_bold")
        sheet.set(row, 1, value, style)
        row += 1

    row += 1
    sheet.set(row, 0, labels("about.how_to_title"), "section")
    sheet.set(row, 1, None, "section")
    for i, text in enumerate(labels("about.how_to"), start=1):
        row += 1
        sheet.set(row, 0, i, "row_no")
        sheet.set(row, 1, text, "text")
        sheet.row_heights[row] = 32

    row += 2
    sheet.set(row, 0, labels("about.legend_title"), "section")
    sheet.set(row, 1, None, "section")
    for key in ("input", "formula", "total", "check"):
        row += 1
        sheet.set(row, 0, labels(f"about.legend_{key}"), f"legend_{key}")

    row += 2
    sheet.set(row, 0, labels("about.checks_title"), "section")
    sheet.set(row, 1, None, "section")
    sheet.set(row, 2, labels("about.status"), "header")
    first_check = row + 1
    for check in summary.checks:
        row += 1
        sheet.set(row, 1, check.label, "label")
        sheet.set(row, 2, check.ok, "check")
    row += 1
    sheet.set(row, 1, labels("summary.master_check"), "label_total")
    sheet.set(row, 2, summary.master, "check")
    status = sheet.area(first_check, 2, row, 2)
    sheet.highlight(status, "cf_good", type="cell", criteria="==", value="TRUE")
    sheet.highlight(status, "cf_bad", type="cell", criteria="==", value="FALSE")
