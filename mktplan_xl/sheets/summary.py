"""Summary: key figures, quarters, budget mix by group, charts and the checks.

Everything here is an output: formulas over the budget and sales sheets
(mostly through defined names). The checks block ends in one master check,
``ChecksOK``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formula import ABS, AND, IF, MIN, SUM, Area, Expr, Name, Ref
from ..model import Chart, ChartSeries, SheetModel, WorkbookModel
from .budget import COL_STATUS, ROW_AS_OF, BudgetLayout
from .common import COL_FY, COL_MONTH1, COL_NAME, COL_Q1, Block, Context, ratio
from .sales import SalesLayout

COL_LABEL, COL_VALUE = 0, 1
QUARTER_VALUE_COLS = range(1, 6)  # Q1..Q4, full year


@dataclass
class Check:
    label: str
    ok: Ref


@dataclass
class SummaryLayout:
    checks: list[Check]
    master: Ref


def build_summary(model: WorkbookModel, ctx: Context, budget: BudgetLayout,
                  sales: SalesLayout) -> SummaryLayout:
    labels = ctx.labels
    sheet = model.add_sheet("summary", labels("sheets.summary"), tab_color="#C55A11")
    fy = labels.fiscal_year(ctx.fiscal.year, ctx.fiscal.end_year)
    sheet.set(0, 0, f"{labels('summary.title')} – {fy}", "title")
    sheet.set(1, 0, f"{ctx.plan_name} · {ctx.amounts_note}", "subtitle")
    sheet.row_heights[0] = 22
    sheet.col_widths.update({0: 46, 1: 16, 2: 14, 3: 14, 4: 14, 5: 16, 6: 3})
    sheet.freeze = (2, 0)

    row = _key_figures(model, sheet, ctx, budget, 3)
    row = _by_quarter(sheet, ctx, budget, sales, row + 1)
    mix = _by_group(sheet, ctx, budget, row + 1)
    checks, master = _checks(model, sheet, ctx, budget, sales, mix.total + 2)
    _charts(sheet, ctx, budget, mix)
    return SummaryLayout(checks, master)


def _header(sheet: SheetModel, row: int, texts: list[str]) -> None:
    for col, text in enumerate(texts):
        sheet.set(row, col, text, "header_left" if col == 0 else "header")
    sheet.row_heights[row] = 30


def _key_figures(model: WorkbookModel, sheet: SheetModel, ctx: Context,
                 budget: BudgetLayout, row: int) -> int:
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
        ("status", budget.ref(budget.variance.total, COL_STATUS), "flag"),
    ]
    for i, (key, expr, style) in enumerate(figures):
        r = row + 1 + i
        sheet.set(r, COL_LABEL, labels(f"summary.{key}"), "label")
        cell = sheet.set(r, COL_VALUE, expr, style)
        if key == "marketing_pct":
            model.define("MarketingPctOfRevenue", cell.absolute())
        if key == "as_of":
            sheet.set(r, COL_VALUE + 1, budget.ref(ROW_AS_OF, COL_MONTH1 + 1), "flag")
    return row + len(figures) + 1


def _by_quarter(sheet: SheetModel, ctx: Context, budget: BudgetLayout, sales: SalesLayout,
                row: int) -> int:
    labels = ctx.labels
    quarters = [labels("quarter", n=n) for n in range(1, 5)]
    _header(sheet, row, [labels("summary.by_quarter"), *quarters, labels("common.full_year")])
    source_cols = [COL_Q1 + q for q in range(4)] + [COL_FY]
    plan_r, actual_r, variance_r, revenue_r, pct_r = range(row + 1, row + 6)
    keys = ["budget_plan", "budget_actual", "budget_variance", "revenue_plan", "marketing_pct"]
    for r, key in zip(range(row + 1, row + 6), keys):
        sheet.set(r, COL_LABEL, labels(f"summary.{key}"), "label")
    for col, source in zip(QUARTER_VALUE_COLS, source_cols):
        plan = sheet.set(plan_r, col, budget.ref(budget.plan.total, source), "amount")
        sheet.set(actual_r, col, budget.ref(budget.actual.total, source), "amount")
        # the tracker's variance: only months up to the as-of month count
        sheet.set(variance_r, col, budget.ref(budget.variance.total, source), "amount")
        revenue = sheet.set(revenue_r, col, Ref(sales.sheet, sales.revenue.total, source, True, True),
                            "amount")
        sheet.set(pct_r, col, ratio(plan, revenue), "pct")
    return row + 6


def _by_group(sheet: SheetModel, ctx: Context, budget: BudgetLayout, row: int) -> Block:
    labels = ctx.labels
    _header(sheet, row, [labels("summary.by_group"), labels("summary.plan_full_year"),
                         labels("common.share"), labels("summary.actual_ytd")])
    groups = budget.plan_groups
    block = Block(row + 1, row + 1 + (groups.last - groups.first), 0)
    block.total = block.last + 1
    total = sheet.ref(block.total, 1, True)
    for offset, r in enumerate(block.rows):
        source = groups.first + offset
        sheet.set(r, 0, budget.ref(source, COL_NAME), "label")
        sheet.set(r, 1, budget.ref(source, COL_FY), "amount")
        sheet.set(r, 2, ratio(sheet.ref(r, 1), total), "pct")
        sheet.set(r, 3, budget.ref(budget.actual_groups.first + offset, COL_FY), "amount")
    sheet.set(block.total, 0, labels("common.total"), "label_total")
    for col in (1, 3):
        sheet.set(block.total, col, SUM(sheet.area(block.first, col, block.last, col)), "total_amount")
    sheet.set(block.total, 2, ratio(sheet.ref(block.total, 1), total), "total_pct")
    return block


def _checks(model: WorkbookModel, sheet: SheetModel, ctx: Context, budget: BudgetLayout,
            sales: SalesLayout, row: int) -> tuple[list[Check], Ref]:
    labels = ctx.labels
    _header(sheet, row, [labels("summary.checks"), labels("summary.difference"), labels("summary.ok")])
    tolerance_row = row + 1
    sheet.set(tolerance_row, COL_LABEL, labels("summary.tolerance"), "label")
    tolerance = sheet.set(tolerance_row, COL_VALUE, 0.005, "input_number").absolute()
    sheet.validate(sheet.area(tolerance_row, COL_VALUE, tolerance_row, COL_VALUE),
                   validate="decimal", criteria=">=", value=0)
    model.define("CheckTolerance", tolerance)

    def cell(sheet_key: str, r: int, c: int) -> Ref:
        return Ref(sheet_key, r, c, True, True)

    def months(sheet_key: str, r: int) -> Area:
        return Area(sheet_key, r, COL_MONTH1, r, COL_MONTH1 + 11, True, True)

    def quarters(sheet_key: str, r: int) -> Area:
        return Area(sheet_key, r, COL_Q1, r, COL_Q1 + 3, True, True)

    def rows_equal_columns(sheet_key: str, block: Block) -> Expr:
        return cell(sheet_key, block.total, COL_FY) - SUM(months(sheet_key, block.total))

    def quarters_add_up(sheet_key: str, block: Block) -> Expr:
        return SUM(quarters(sheet_key, block.total)) - cell(sheet_key, block.total, COL_FY)

    def groups_add_up(groups: Block, lines: Block) -> Expr:
        return cell("budget", groups.total, COL_FY) - cell("budget", lines.total, COL_FY)

    differences = [
        ("budget_plan_rows", rows_equal_columns("budget", budget.plan)),
        ("budget_plan_quarters", quarters_add_up("budget", budget.plan)),
        ("budget_actual_rows", rows_equal_columns("budget", budget.actual)),
        ("budget_actual_quarters", quarters_add_up("budget", budget.actual)),
        ("budget_plan_groups", groups_add_up(budget.plan_groups, budget.plan)),
        ("budget_actual_groups", groups_add_up(budget.actual_groups, budget.actual)),
        ("revenue_rows", rows_equal_columns("sales", sales.revenue)),
        ("revenue_quarters", quarters_add_up("sales", sales.revenue)),
    ]
    checks: list[Check] = []
    r = tolerance_row
    for key, difference in differences:
        r += 1
        sheet.set(r, COL_LABEL, labels(f"checks.{key}"), "label")
        diff = sheet.set(r, COL_VALUE, difference, "amount")
        ok = sheet.set(r, COL_VALUE + 1, ABS(diff).le(tolerance), "check")
        checks.append(Check(labels(f"checks.{key}"), ok.absolute()))
    for key, inputs in (("budget_negative", (Name("BudgetPlanInputs"), Name("BudgetActualInputs"))),
                        ("sales_negative", (Name("SalesUnitsInputs"), Name("SalesPriceInputs")))):
        r += 1
        sheet.set(r, COL_LABEL, labels(f"checks.{key}"), "label")
        smallest = sheet.set(r, COL_VALUE, MIN(*inputs), "amount")
        ok = sheet.set(r, COL_VALUE + 1, smallest.ge(0), "check")
        checks.append(Check(labels(f"checks.{key}"), ok.absolute()))
    r += 1
    sheet.set(r, COL_LABEL, labels("summary.master_check"), "label_total")
    sheet.set(r, COL_VALUE, None, "label_total")
    master = sheet.set(r, COL_VALUE + 1, AND(*(c.ok for c in checks)), "check").absolute()
    model.define("ChecksOK", master)
    status = sheet.area(row + 2, COL_VALUE + 1, r, COL_VALUE + 1)
    sheet.highlight(status, "cf_good", type="cell", criteria="==", value="TRUE")
    sheet.highlight(status, "cf_bad", type="cell", criteria="==", value="FALSE")
    return checks, master


def _charts(sheet: SheetModel, ctx: Context, budget: BudgetLayout, mix: Block) -> None:
    labels = ctx.labels
    plan_months = Area("budget", budget.plan.total, COL_MONTH1, budget.plan.total, COL_MONTH1 + 11, True, True)
    actual_months = Area("budget", budget.actual.total, COL_MONTH1, budget.actual.total, COL_MONTH1 + 11,
                         True, True)
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
