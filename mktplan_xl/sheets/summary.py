"""Summary: key figures, quarters, budget mix by group, charts and every sheet's checks.

Everything here is an output: formulas over the budget and sales sheets
(through defined names and their exports). The checks block lists the checks
of every sheet and ends in one master check, ``ChecksOK``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formula import AND, IF, ISNUMBER, SUM, Area, Expr, Name, Ref, T, ratio
from ..model import CellRule, Chart, CheckCell, ChartSeries, FormulaRule, NumberValidation, SheetModel
from .budget import BudgetExports
from .common import QUARTER_INDEX, YEAR_INDEX, Block, Context, fit_row, fitted_width, write_title
from .protocol import CHECKS, Build, DefinedName, Sheet
from .sales import SalesExports

COL_LABEL, COL_VALUE, COL_OK = 0, 1, 2
QUARTER_VALUE_COLS = range(1, 6)  # Q1..Q4, full year
VALUE_WIDTH = 17


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
        DefinedName("MarketingPctOfActualRevenue", "budget actual ÷ revenue actual, year to date (blank "
                    "while there is no actual revenue)"),
        DefinedName("ChecksOK", "TRUE when every check passes"),
        DefinedName("CheckTolerance", "input: tolerance of the checks", "plan.check_tolerance"),
    )

    def build(self, b: Build) -> SummaryExports:
        ctx = b.ctx
        labels = ctx.labels
        budget: BudgetExports = b.uses["budget"]
        sales: SalesExports = b.uses["sales"]
        sheet = b.model.add_sheet(self.key, labels("sheets.summary"), tab_color="#C55A11")
        write_title(sheet, ctx, labels("summary.title"))
        texts = [v for k, v in labels("summary").items() if isinstance(v, str)]
        texts += [d.check.label for d in b.checks] + [d.figure.label for d in b.figures]
        label_width = fitted_width(texts, 40, 56)
        sheet.col_widths.update({0: label_width, 1: VALUE_WIDTH, 2: 15, 3: 15, 4: 15, 5: VALUE_WIDTH, 6: 3})
        sheet.freeze = (2, 0)
        self.label_width = label_width

        row = _key_figures(b, sheet, ctx, budget, sales, 3, label_width)
        row = _by_quarter(sheet, ctx, budget, sales, row + 1, label_width)
        mix = _by_group(sheet, ctx, budget, row + 1)
        row = _sheet_figures(b, sheet, mix.total + 2)
        exports = _checks(b, sheet, ctx, row, label_width)
        _charts(sheet, ctx, budget, mix)
        return exports


def _header(sheet: SheetModel, row: int, texts: list[str]) -> None:
    for col, text in enumerate(texts):
        sheet.set(row, col, text, "header_left" if col == 0 else "header")
    sheet.row_heights[row] = 30


def _label(sheet: SheetModel, row: int, text: str, width: float, style: str = "label_name") -> None:
    sheet.set(row, COL_LABEL, text, style)
    fit_row(sheet, row, [(text, width)])


def _flag_colours(sheet: SheetModel, cell: Ref, status: Ref, labels) -> None:
    """Colour a variance by its line's flag (favourable green, unfavourable red)."""
    area = Area(sheet.key, cell.row, cell.col, cell.row, cell.col)
    sheet.add(FormulaRule(area, "cf_good", formula=status.eq(labels("budget.favourable"))))
    sheet.add(FormulaRule(area, "cf_bad", formula=status.eq(labels("budget.unfavourable"))))


def _key_figures(b: Build, sheet: SheetModel, ctx: Context, budget: BudgetExports, sales: SalesExports,
                 row: int, width: float) -> int:
    labels = ctx.labels
    _header(sheet, row, [labels("summary.key_figures"), labels("summary.value")])
    plan_total, revenue = Name("BudgetPlanTotal"), Name("RevenuePlanTotal")
    plan_ytd, actual_ytd = Name("BudgetPlanYTD"), Name("BudgetActualYTD")
    variance_ytd = Name("BudgetVarianceYTD")
    revenue_actual = Name("RevenueActualYTD")
    figures: list[tuple[str, Expr, str]] = [
        ("budget_plan_total", plan_total, "amount"),
        ("revenue_plan_total", revenue, "amount"),
        ("marketing_pct", ratio(plan_total, revenue), "pct"),
        ("as_of", Name("AsOfMonth"), "flag"),
        ("budget_plan_ytd", plan_ytd, "amount"),
        ("budget_actual_ytd", actual_ytd, "amount"),
        ("budget_variance_ytd", variance_ytd, "variance"),
        ("budget_variance_ytd_pct", IF(plan_ytd.eq(0), "", variance_ytd / plan_ytd), "variance_pct"),
        ("budget_used", ratio(actual_ytd, plan_total), "pct"),
        ("status", budget.status, "flag"),
        ("variance_tolerance", Name("VarianceTolerancePct"), "pct"),
        ("budget_remaining", Name("BudgetRemaining"), "amount"),
        ("budget_latest_estimate", Name("BudgetLatestEstimate"), "amount"),
        ("budget_projected_variance", Name("BudgetProjectedVariance"), "variance"),
        ("budget_pacing", Name("BudgetPacing"), "pacing"),
        ("revenue_plan_ytd", Name("RevenuePlanYTD"), "amount"),
        ("revenue_actual_ytd", revenue_actual, "amount"),
        ("revenue_variance_ytd", Name("RevenueVarianceYTD"), "variance"),
        ("marketing_pct_actual", IF(revenue_actual.eq(0), "", actual_ytd / revenue_actual), "pct"),
    ]
    tolerance = Name("VarianceTolerancePct")
    for i, (key, expr, style) in enumerate(figures):
        r = row + 1 + i
        _label(sheet, r, labels(f"summary.{key}"), width)
        cell = sheet.set(r, COL_VALUE, expr, style)
        if key == "marketing_pct":
            b.define("MarketingPctOfRevenue", cell.absolute())
        elif key == "marketing_pct_actual":
            b.define("MarketingPctOfActualRevenue", cell.absolute())
        elif key == "as_of":
            sheet.set(r, COL_VALUE + 1, budget.as_of_label, "flag")
        elif key in ("budget_variance_ytd", "budget_variance_ytd_pct"):
            _flag_colours(sheet, cell, budget.status, labels)
        elif key == "revenue_variance_ytd":
            _flag_colours(sheet, cell, sales.revenue_status, labels)
            sheet.set(r, COL_VALUE + 1, sales.revenue_status, "flag")
            _flag_colours(sheet, sheet.ref(r, COL_VALUE + 1), sales.revenue_status, labels)
        elif key == "status":
            area = Area(sheet.key, r, COL_VALUE, r, COL_VALUE)
            sheet.highlight(area, "cf_bad", value=labels("budget.unfavourable"))
            sheet.highlight(area, "cf_good", value=labels("budget.favourable"))
        elif key == "budget_projected_variance":
            band = tolerance * plan_total
            area = Area(sheet.key, r, COL_VALUE, r, COL_VALUE)
            sheet.add(FormulaRule(area, "cf_good", formula=cell.lt(-band)))
            sheet.add(FormulaRule(area, "cf_bad", formula=cell.gt(band)))
        elif key == "budget_pacing":
            area = Area(sheet.key, r, COL_VALUE, r, COL_VALUE)
            sheet.add(FormulaRule(area, "cf_bad", formula=AND(ISNUMBER(cell), cell.gt(1 + tolerance))))
            sheet.add(FormulaRule(area, "cf_warn", formula=AND(ISNUMBER(cell), cell.lt(1 - tolerance))))
            sheet.add(FormulaRule(area, "cf_good", formula=ISNUMBER(cell)))
    return row + len(figures) + 1


def _by_quarter(sheet: SheetModel, ctx: Context, budget: BudgetExports, sales: SalesExports,
                row: int, width: float) -> int:
    labels = ctx.labels
    quarters = [labels("quarter", n=n) for n in range(1, 5)]
    _header(sheet, row, [labels("summary.by_quarter"), *quarters, labels("common.full_year")])
    periods = [QUARTER_INDEX + q for q in range(4)] + [YEAR_INDEX]
    keys = ["budget_plan", "budget_actual", "budget_variance", "revenue_plan", "revenue_actual",
            "revenue_variance", "marketing_pct"]
    rows = dict(zip(keys, range(row + 1, row + 1 + len(keys))))
    for key, r in rows.items():
        _label(sheet, r, labels(f"summary.{key}"), width)
    for col, period in zip(QUARTER_VALUE_COLS, periods):
        plan = sheet.set(rows["budget_plan"], col, budget.plan_total.cell(0, period), "amount")
        sheet.set(rows["budget_actual"], col, budget.actual_total.cell(0, period), "amount")
        # the tracker's variance: only months up to the as-of month count
        sheet.set(rows["budget_variance"], col, budget.variance_total.cell(0, period), "variance")
        revenue = sheet.set(rows["revenue_plan"], col, sales.revenue_total.cell(0, period), "amount")
        sheet.set(rows["revenue_actual"], col, sales.actual_revenue_total.cell(0, period), "amount")
        sheet.set(rows["revenue_variance"], col, sales.revenue_variance_total.cell(0, period), "variance")
        sheet.set(rows["marketing_pct"], col, ratio(plan, revenue), "pct")
    return row + len(keys) + 1


def _by_group(sheet: SheetModel, ctx: Context, budget: BudgetExports, row: int) -> Block:
    labels = ctx.labels
    _header(sheet, row, [labels("summary.by_group"), labels("summary.plan_full_year"),
                         labels("common.share"), labels("summary.actual_ytd")])
    count = budget.group_names.shape[0]
    block = Block(row + 1, row + count, row + count + 1)
    total = sheet.ref(block.total, 1, True)
    for offset, r in enumerate(block.rows):
        name = sheet.set(r, 0, T(budget.group_names.cell(offset)), "label")
        sheet.set(r, 1, budget.group_plan_year.cell(offset), "amount")
        sheet.set(r, 2, IF(name.eq(""), "", ratio(sheet.ref(r, 1), total)), "pct")
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
            _label(sheet, row, figure.label, sheet.col_widths[COL_LABEL])
            sheet.set(row, COL_VALUE, figure.value, figure.style)
        row += 2
    return row


def _checks(b: Build, sheet: SheetModel, ctx: Context, row: int, width: float) -> SummaryExports:
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
        _label(sheet, r, check.label, width)
        shown = sheet.set(r, COL_VALUE, check.shown, check.style) if check.shown is not None else None
        if shown is None:
            sheet.set(r, COL_VALUE, None, "label")
        ok = sheet.set(r, COL_OK, check.ok_formula(shown), "check").absolute()
        checks.append((check.label, ok))
        b.model.checks.append(CheckCell(check.label, declared.sheet, ok))
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
