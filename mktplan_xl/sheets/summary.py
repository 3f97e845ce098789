"""Summary: key figures, quarters, budget mix by group, charts and every sheet's checks.

Everything here is an output: formulas over the budget and sales sheets
(through defined names and their exports). The checks block lists the checks
of every sheet and ends in one master check, ``ChecksOK``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formula import AND, IF, SUM, Area, Expr, Name, Ref, ratio
from ..model import CellRule, Chart, ChartSeries, NumberValidation, SheetModel
from .budget import BudgetExports
from .common import QUARTER_INDEX, YEAR_INDEX, Block, Context
from .protocol import CHECKS, Build, DefinedName, Sheet
from .sales import SalesExports

COL_LABEL, COL_VALUE, COL_OK = 0, 1, 2
QUARTER_VALUE_COLS = range(1, 6)  # Q1..Q4, full year


@dataclass(frozen=True)
class SummaryExports:
    checks: list[tuple[str, Ref]]    # each check's label and its TRUE/FALSE cell
    master: Ref                      # ChecksOK


class Summary(Sheet):
    key = "summary"
    tab = 90
    uses = ("budget", "sales", CHECKS)
    names = (
        DefinedName("MarketingPctOfRevenue", "plan budget / plan revenue (0 when revenue is 0)"),
        DefinedName("ChecksOK", "TRUE when every check passes"),
        DefinedName("CheckTolerance", "input: tolerance of the checks", "plan.check_tolerance"),
    )

    def build(self, b: Build) -> SummaryExports:
        ctx = b.ctx
        labels = ctx.labels
        budget: BudgetExports = b.uses["budget"]
        sales: SalesExports = b.uses["sales"]
        sheet = b.model.add_sheet(self.key, labels("sheets.summary"), tab_color="#C55A11")
        fy = labels.fiscal_year(ctx.fiscal.year, ctx.fiscal.end_year)
        sheet.set(0, 0, f"{labels('summary.title')} – {fy}", "title")
        sheet.set(1, 0, f"{ctx.plan_name} · {ctx.amounts_note}", "subtitle")
        sheet.row_heights[0] = 22
        sheet.col_widths.update({0: 46, 1: 16, 2: 14, 3: 14, 4: 14, 5: 16, 6: 3})
        sheet.freeze = (2, 0)

        row = _key_figures(b, sheet, ctx, budget, 3)
        row = _by_quarter(sheet, ctx, budget, sales, row + 1)
        mix = _by_group(sheet, ctx, budget, row + 1)
        row = _sheet_figures(b, sheet, mix.total + 2)
        exports = _checks(b, sheet, ctx, row)
        _charts(sheet, ctx, budget, mix)
        return exports


def _header(sheet: SheetModel, row: int, texts: list[str]) -> None:
    for col, text in enumerate(texts):
        sheet.set(row, col, text, "header_left" if col == 0 else "header")
    sheet.row_heights[row] = 30


def _key_figures(b: Build, sheet: SheetModel, ctx: Context, budget: BudgetExports, row: int) -> int:
    labels = ctx.labels
    _header(sheet, row, [labels("summary.key_figures"), labels("summary.value")])
    plan_total, revenue = Name("BudgetPlanTotal"), Name("RevenuePlanTotal")
    plan_ytd, actual_ytd = Name("BudgetPlanYTD"), Name("BudgetActualYTD")
    variance_ytd = Name("BudgetVarianceYTD")
    figures: list[tuple[str, Expr, str]] = [
        ("budget_plan_total", plan_total, "amount"),
        ("revenue_plan_total", revenue, "amount"),
        ("marketing_pct", ratio(plan_total, revenue), "pct"),
        ("as_of", Name("AsOfMonth"), "flag"),
        ("budget_plan_ytd", plan_ytd, "amount"),
        ("budget_actual_ytd", actual_ytd, "amount"),
        ("budget_variance_ytd", variance_ytd, "amount"),
        ("budget_variance_ytd_pct", IF(plan_ytd.eq(0), "", variance_ytd / plan_ytd), "pct"),
        ("budget_used", ratio(actual_ytd, plan_total), "pct"),
        ("status", budget.status, "flag"),
    ]
    for i, (key, expr, style) in enumerate(figures):
        r = row + 1 + i
        sheet.set(r, COL_LABEL, labels(f"summary.{key}"), "label")
        cell = sheet.set(r, COL_VALUE, expr, style)
        if key == "marketing_pct":
            b.define("MarketingPctOfRevenue", cell.absolute())
        if key == "as_of":
            sheet.set(r, COL_VALUE + 1, budget.as_of_label, "flag")
    return row + len(figures) + 1


def _by_quarter(sheet: SheetModel, ctx: Context, budget: BudgetExports, sales: SalesExports,
                row: int) -> int:
    labels = ctx.labels
    quarters = [labels("quarter", n=n) for n in range(1, 5)]
    _header(sheet, row, [labels("summary.by_quarter"), *quarters, labels("common.full_year")])
    periods = [QUARTER_INDEX + q for q in range(4)] + [YEAR_INDEX]
    plan_r, actual_r, variance_r, revenue_r, pct_r = range(row + 1, row + 6)
    keys = ["budget_plan", "budget_actual", "budget_variance", "revenue_plan", "marketing_pct"]
    for r, key in zip(range(row + 1, row + 6), keys):
        sheet.set(r, COL_LABEL, labels(f"summary.{key}"), "label")
    for col, period in zip(QUARTER_VALUE_COLS, periods):
        plan = sheet.set(plan_r, col, budget.plan_total.cell(0, period), "amount")
        sheet.set(actual_r, col, budget.actual_total.cell(0, period), "amount")
        # the tracker's variance: only months up to the as-of month count
        sheet.set(variance_r, col, budget.variance_total.cell(0, period), "amount")
        revenue = sheet.set(revenue_r, col, sales.revenue_total.cell(0, period), "amount")
        sheet.set(pct_r, col, ratio(plan, revenue), "pct")
    return row + 6


def _by_group(sheet: SheetModel, ctx: Context, budget: BudgetExports, row: int) -> Block:
    labels = ctx.labels
    _header(sheet, row, [labels("summary.by_group"), labels("summary.plan_full_year"),
                         labels("common.share"), labels("summary.actual_ytd")])
    count = budget.group_names.shape[0]
    block = Block(row + 1, row + count, row + count + 1)
    total = sheet.ref(block.total, 1, True)
    for offset, r in enumerate(block.rows):
        sheet.set(r, 0, budget.group_names.cell(offset), "label")
        sheet.set(r, 1, budget.group_plan_year.cell(offset), "amount")
        sheet.set(r, 2, ratio(sheet.ref(r, 1), total), "pct")
        sheet.set(r, 3, budget.group_actual_year.cell(offset), "amount")
    sheet.set(block.total, 0, labels("common.total"), "label_total")
    for col in (1, 3):
        sheet.set(block.total, col, SUM(sheet.area(block.first, col, block.last, col)), "total_amount")
    sheet.set(block.total, 2, ratio(sheet.ref(block.total, 1), total), "total_pct")
    return block


def _sheet_figures(b: Build, sheet: SheetModel, row: int) -> int:
    """The key figures other sheets declare, a block per sheet under its name; the next free row."""
    by_sheet: dict[str, list] = {}
    for declared in b.figures:
        by_sheet.setdefault(declared.sheet, []).append(declared.figure)
    names = b.model.sheet_names
    for key, figures in by_sheet.items():
        _header(sheet, row, [names[key], b.ctx.labels("summary.value")])
        for figure in figures:
            row += 1
            sheet.set(row, COL_LABEL, figure.label, "label")
            sheet.set(row, COL_VALUE, figure.value, figure.style)
        row += 2
    return row


def _checks(b: Build, sheet: SheetModel, ctx: Context, row: int) -> SummaryExports:
    """Every sheet's checks, one row each, and the master check over their OK column."""
    labels = ctx.labels
    _header(sheet, row, [labels("summary.checks"), labels("summary.difference"), labels("summary.ok")])
    tolerance_row = row + 1
    sheet.set(tolerance_row, COL_LABEL, labels("summary.tolerance"), "label")
    tolerance = sheet.set(tolerance_row, COL_VALUE, ctx.plan.check_tolerance, "input_number").absolute()
    sheet.add(NumberValidation(sheet.area(tolerance_row, COL_VALUE, tolerance_row, COL_VALUE),
                               criteria=">=", minimum=0))
    b.define("CheckTolerance", tolerance)
    checks: list[tuple[str, Ref]] = []
    r = tolerance_row
    for declared in b.checks:
        check = declared.check
        r += 1
        sheet.set(r, COL_LABEL, check.label, "label")
        shown = sheet.set(r, COL_VALUE, check.shown, check.style) if check.shown is not None else None
        if shown is None:
            sheet.set(r, COL_VALUE, None, "label")
        ok = sheet.set(r, COL_OK, check.ok_formula(shown), "check").absolute()
        checks.append((check.label, ok))
    first_ok = tolerance_row + 1
    r += 1
    sheet.set(r, COL_LABEL, labels("summary.master_check"), "label_total")
    sheet.set(r, COL_VALUE, None, "label_total")
    master = sheet.set(r, COL_OK, AND(sheet.area(first_ok, COL_OK, r - 1, COL_OK)), "check").absolute()
    b.define("ChecksOK", master)
    status = sheet.area(row + 2, COL_OK, r, COL_OK)
    sheet.add(CellRule(status, "cf_good", criteria="==", value=True))
    sheet.add(CellRule(status, "cf_bad", criteria="==", value=False))
    return SummaryExports(checks, master)


def _charts(sheet: SheetModel, ctx: Context, budget: BudgetExports, mix: Block) -> None:
    labels = ctx.labels
    months = slice(0, 12)
    plan_months = _columns(budget.plan_total, months)
    actual_months = _columns(budget.actual_total, months)
    sheet.charts.append(Chart(
        kind="column", title=labels("summary.chart_monthly"), anchor=(3, 7),
        series=[ChartSeries(labels("budget.plan"), budget.month_headers, plan_months),
                ChartSeries(labels("budget.actual"), budget.month_headers, actual_months)],
        size=(760, 320)))
    names = sheet.area(mix.first, 0, mix.last, 0, absolute=True)
    values = sheet.area(mix.first, 1, mix.last, 1, absolute=True)
    sheet.charts.append(Chart(
        kind="pie", title=labels("summary.chart_groups"), anchor=(21, 7),
        series=[ChartSeries(labels("summary.plan_full_year"), names, values)], size=(480, 300)))


def _columns(area: Area, part: slice) -> Area:
    """Some columns of a one-row area."""
    first, last = area.col1 + part.start, area.col1 + part.stop - 1
    return Area(area.sheet, area.row1, first, area.row2, last, True, True)
