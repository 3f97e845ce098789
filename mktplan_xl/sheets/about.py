"""About: what the plan is, a contents page linking every sheet, how to use the workbook,
the colour legend and the checks.

The plan's details are placed by ``build``; the rest by ``finish``, once every
sheet is built, so the contents list every sheet of the workbook in tab order:
a link to each, with one line on what it holds (label ``contents.<key>``; a
sheet without such a label shows its name alone).
"""

from __future__ import annotations

from ..model import CellRule, Link, SheetModel
from .common import fit_wrapped_rows, print_range
from .protocol import Build, DefinedName, Sheet
from .summary import SummaryExports

_INPUTS = {"plan": "PlanName", "company": "PlanCompany", "prepared_by": "PlanPreparedBy"}
COL_LABEL, COL_TEXT, COL_STATUS = 0, 1, 2


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
        sheet = b.model.add_sheet(self.key, labels("sheets.about"), tab_color="#7F7F7F")
        sheet.col_widths.update({COL_LABEL: 30, COL_TEXT: 76, COL_STATUS: 12})
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
            sheet.set(row, COL_LABEL, labels(f"about.{key}"), "label_bold")
            cell = sheet.set(row, COL_TEXT, value, style)
            if key in _INPUTS:
                b.define(_INPUTS[key], cell.absolute())
            row += 1
        self.sheet, self.next_row = sheet, row + 1

    def finish(self, b: Build) -> None:
        labels = b.ctx.labels
        sheet, row = self.sheet, self.next_row
        summary: SummaryExports = b.uses["summary"]

        _section(sheet, row, labels("contents_page.title"))
        row += 1
        sheet.set(row, COL_LABEL, labels("contents_page.sheet"), "header_left")
        sheet.set(row, COL_TEXT, labels("contents_page.holds"), "header_left")
        for listed in b.model.sheets:
            if listed.visibility != "visible":
                continue
            row += 1
            sheet.set(row, COL_LABEL, Link(listed.name, listed.key), "link")
            sheet.set(row, COL_TEXT, _holds(labels, listed.key), "wrap")

        row += 2
        _section(sheet, row, labels("about.how_to_title"))
        for i, text in enumerate(labels("about.how_to"), start=1):
            row += 1
            sheet.set(row, COL_LABEL, i, "row_no")
            sheet.set(row, COL_TEXT, text, "text")
            sheet.row_heights[row] = 32

        row += 2
        _section(sheet, row, labels("about.legend_title"))
        for key in ("input", "formula", "total", "check"):
            row += 1
            sheet.set(row, COL_LABEL, labels(f"about.legend_{key}"), f"legend_{key}")

        row += 2
        _section(sheet, row, labels("about.checks_title"))
        sheet.set(row, COL_STATUS, labels("about.status"), "header")
        first_check = row + 1
        for label, ok in summary.checks:
            row += 1
            sheet.set(row, COL_TEXT, label, "label")
            sheet.set(row, COL_STATUS, ok, "check")
        row += 1
        sheet.set(row, COL_TEXT, labels("summary.master_check"), "label_total")
        sheet.set(row, COL_STATUS, summary.master, "check")
        status = sheet.area(first_check, COL_STATUS, row, COL_STATUS)
        sheet.add(CellRule(status, "cf_good", criteria="==", value=True))
        sheet.add(CellRule(status, "cf_bad", criteria="==", value=False))
        fit_wrapped_rows(sheet)
        sheet.page.landscape = False
        print_range(sheet, row, COL_STATUS)


def _holds(labels, key: str) -> str | None:
    """The one line on what a sheet holds, or None where no label says it."""
    try:
        text = labels(f"contents.{key}")
    except (KeyError, TypeError):
        return None
    return text if isinstance(text, str) else None


def _section(sheet: SheetModel, row: int, title: str) -> None:
    sheet.set(row, COL_LABEL, title, "section")
    sheet.set(row, COL_TEXT, None, "section")
    sheet.set(row, COL_STATUS, None, "section")
