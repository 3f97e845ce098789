"""About: what the plan is, how to use the workbook, the colour legend and the checks."""

from __future__ import annotations

from ..model import CellRule
from .protocol import Build, DefinedName, Sheet
from .summary import SummaryExports

_INPUTS = {"plan": "PlanName", "company": "PlanCompany", "prepared_by": "PlanPreparedBy"}


class About(Sheet):
    key = "about"
    tab = 0
    uses = ("summary",)
    names = (
        DefinedName("PlanName", "input: plan name", "plan.name"),
        DefinedName("PlanCompany", "input: company", "plan.company"),
        DefinedName("PlanPreparedBy", "input: who prepared the plan", "plan.prepared_by"),
    )

    def build(self, b: Build) -> None:
        ctx = b.ctx
        labels = ctx.labels
        summary: SummaryExports = b.uses["summary"]
        sheet = b.model.add_sheet(self.key, labels("sheets.about"), tab_color="#7F7F7F")
        sheet.col_widths.update({0: 30, 1: 70, 2: 12})
        sheet.landscape = False
        sheet.set(0, 0, ctx.plan_name, "title")
        sheet.set(1, 0, labels("about.title"), "subtitle")
        sheet.row_heights[0] = 24

        first, last = ctx.fiscal.months[0], ctx.fiscal.months[-1]
        plan = ctx.plan
        fields = [
            ("plan", ctx.plan_name, "input_text"),
            ("company", plan.company or None, "input_text"),
            ("prepared_by", plan.prepared_by or None, "input_text"),
            ("fiscal_year", labels.fiscal_year(ctx.fiscal.year, ctx.fiscal.end_year), "label"),
            ("period", f"{labels.month_header(*first)} – {labels.month_header(*last)}", "label"),
            ("currency", ctx.currency, "label"),
            ("amounts", ctx.amounts_note, "label"),
            ("language", labels("language_name"), "label"),
            ("generated", ctx.today.isoformat(), "label"),
        ]
        row = 3
        for key, value, style in fields:
            sheet.set(row, 0, labels(f"about.{key}"), "label_bold")
            cell = sheet.set(row, 1, value, style)
            if key in _INPUTS:
                b.define(_INPUTS[key], cell.absolute())
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
        for label, ok in summary.checks:
            row += 1
            sheet.set(row, 1, label, "label")
            sheet.set(row, 2, ok, "check")
        row += 1
        sheet.set(row, 1, labels("summary.master_check"), "label_total")
        sheet.set(row, 2, summary.master, "check")
        status = sheet.area(first_check, 2, row, 2)
        sheet.add(CellRule(status, "cf_good", criteria="==", value=True))
        sheet.add(CellRule(status, "cf_bad", criteria="==", value=False))
