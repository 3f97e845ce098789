"""Sales forecast (BẢN SỐ LIỆU KINH DOANH): units × unit price = revenue, by month, forecast
and actual.

Blocks on the shared month columns: Units sold (inputs, total), Unit price (inputs; the
quarter/year columns show the average price), Revenue (formulas, total); then the actuals
up to the as-of month (``AsOfMonth`` of the budget tracker): Actual units (inputs), Actual
unit price (inputs; blank: the forecast price of the month), Actual revenue, and Revenue
variance (actual − forecast, with year-to-date columns and a status, for revenue: above
the forecast is favourable).

Each block offers spare product lines below the spec's products: a line counts once its
product has a name, and shows blank until then. Every range a formula reads lies inside one
block, so a row inserted inside a block keeps every formula sound.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from ..formula import AND, IF, MIN, SUM, SUMPRODUCT, Area, Expr, Name, Ref, as_number, \
    blank_if_empty, ratio
from ..model import FormulaRule, NumberValidation, SheetModel
from .common import (COL_FY, COL_GROUP, COL_MONTH1, COL_NAME, COL_Q1, COL_SHARE, MONTH_COLS, QUARTER_COLS,
                     ROLLUP_COLS, SPARE_ROWS, VALUE_COLS, Block, copy_line_names, fit_row, fitted_width,
                     line_key, month_area, named_mask, period_area, print_in_pages, reported_masks,
                     set_period_widths, write_block_headers, write_column_totals, write_line_number,
                     write_masked_totals, write_period_rows, write_rollups, write_section, write_share,
                     write_title, write_total_label)
from .protocol import Build, Check, DefinedName, Sheet, difference_check, not_negative_check
from .variance import colour_by_rule, variance_pct, variance_status

ROW_NUMBERS = 3
ROW_HEADER = 4
COL_YTD_PLAN = COL_SHARE
COL_YTD_ACTUAL = COL_SHARE + 1
COL_YTD_VARIANCE = COL_SHARE + 2
COL_VARIANCE_PCT = COL_SHARE + 3
COL_STATUS = COL_SHARE + 4
VARIANCE_COLUMNS = ("ytd_plan", "ytd_actual", "ytd_variance", "variance_pct", "status")


@dataclass(frozen=True)
class SalesExports:
    """What other sheets may use. Period areas hold 17 cells (months, Q1–Q4, year). Lines are
    the spec's products, then spare lines (blank until a user names one)."""

    product_names: Area      # one cell per product line
    units: Area              # units per product × 17 periods
    average_price: Area      # per product: Q1–Q4 and the year, average price (revenue ÷ units)
    revenue: Area            # revenue per product × 17 periods
    revenue_total: Area      # total revenue, 17 periods
    actual_units: Area = None            # actual units per product × 17 periods (Q1–Q4, year: to the as-of month)
    actual_revenue: Area = None          # actual revenue per product × 17 periods (months after the as-of month: 0)
    actual_revenue_total: Area = None    # total actual revenue, 17 periods
    revenue_variance_total: Area = None  # actual − forecast revenue up to the as-of month, 17 periods
    revenue_status: Ref = None           # favourable / unfavourable / on budget (revenue), year to date
    plan_ytd: Ref = None                 # RevenuePlanYTD
    actual_ytd: Ref = None               # RevenueActualYTD
    variance_ytd: Ref = None             # RevenueVarianceYTD


def _revenue_first(price: Block) -> int:
    """First row of the revenue block that follows a price block (a blank row and a heading between)."""
    return price.last + 3


class SalesForecast(Sheet):
    key = "sales"
    tab = 50
    section = "sales"
    names = (
        DefinedName("RevenuePlanTotal", "revenue plan, full year"),
        *(DefinedName(f"RevenuePlanQ{q}", f"revenue plan, fiscal quarter {q}") for q in range(1, 5)),
        DefinedName("RevenuePlanYTD", "revenue forecast, fiscal months 1 … AsOfMonth"),
        DefinedName("RevenueActualYTD", "actual revenue, fiscal months 1 … AsOfMonth"),
        DefinedName("RevenueVarianceYTD", "actual − forecast revenue, year to date"),
        DefinedName("SalesProductNames", "input: name of each product (the spec's products, then spare "
                    "lines, blank until named)", "sales.products[*].name", "column"),
        DefinedName("SalesProductUnits", "input: unit of each product (box, kg …)",
                    "sales.products[*].unit", "column"),
        DefinedName("SalesUnitsInputs", "input: units sold, products × 12 months",
                    "sales.products[*].units", "grid"),
        DefinedName("SalesPriceInputs", "input: unit price, products × 12 months",
                    "sales.products[*].price", "grid"),
        DefinedName("SalesActualUnitsInputs", "input: actual units sold, products × 12 months (months up "
                    "to AsOfMonth count)", "sales.products[*].actual_units", "grid"),
        DefinedName("SalesActualPriceInputs", "input: actual unit price where it differed from the "
                    "forecast, products × 12 months (blank: the forecast price)",
                    "sales.products[*].actual_price", "grid"),
    )

    def build(self, b: Build) -> SalesExports:
        ctx, sales = b.ctx, b.spec
        labels = ctx.labels
        sheet = b.model.add_sheet(self.key, labels("sheets.sales"), tab_color="#548235")
        self.sheet_key, self.labels = sheet.key, labels
        write_title(sheet, ctx, labels("sales.title"))
        products = sales.products
        name_width = fitted_width([p.name for p in products], 22, 42)
        unit_width = fitted_width([p.unit for p in products] + [labels("common.unit")], 8, 16)
        set_period_widths(sheet, name_width=name_width, group_width=unit_width)
        for col in range(COL_YTD_PLAN, COL_STATUS + 1):
            sheet.col_widths[col] = 14
        periods = write_period_rows(sheet, ctx, ROW_NUMBERS, ROW_HEADER,
                                    [labels("common.number"), labels("common.product"), labels("common.unit")],
                                    last_col=COL_STATUS)
        sheet.freeze = (ROW_HEADER + 1, COL_MONTH1)
        sheet.repeat_rows = (ROW_NUMBERS, ROW_HEADER)
        as_of = Name("AsOfMonth")
        reported = {col: Ref(sheet.key, ROW_NUMBERS, col, abs_row=True).le(as_of) for col in MONTH_COLS}
        counted = reported_masks(periods, as_of)
        n = len(products) + SPARE_ROWS

        def product(i: int):
            return products[i] if i < len(products) else None

        def month_value(values: list, m: int):
            return values[m] if m < len(values) else None

        # Units --------------------------------------------------------------
        heading = ROW_HEADER + 1
        write_section(sheet, heading, labels("sales.units"))
        units = Block(heading + 1, heading + n, heading + n + 1)
        for i in range(n):
            r, p = units.first + i, product(i)
            write_line_number(sheet, r, heading)
            sheet.set(r, COL_NAME, p.name if p else None, "input_name")
            sheet.set(r, COL_GROUP, (p.unit or None) if p else None, "input_name")
            for m, col in enumerate(MONTH_COLS):
                sheet.set(r, col, month_value(p.units, m) if p else None, "input_units")
            write_rollups(sheet, r, "units", line_key(sheet, r))
            if p:
                fit_row(sheet, r, [(p.name, name_width), (p.unit, unit_width)])
        self._totals(sheet, units, "total_units", labels)

        # Price --------------------------------------------------------------
        price = self._price_block(sheet, units.total + 2, labels("sales.price"),
                                  (COL_Q1, labels("sales.avg_price_note")), units, units,
                                  lambda i, m: month_value(product(i).price, m) if product(i) else None)

        # Revenue ------------------------------------------------------------
        revenue = self._revenue_block(
            sheet, price, labels("sales.revenue"), units, labels,
            lambda i, col: sheet.ref(units.first + i, col) * sheet.ref(price.first + i, col))

        # Actual units -------------------------------------------------------
        heading = revenue.total + 2
        write_section(sheet, heading, labels("sales.actual_units"))
        sheet.set(heading, COL_MONTH1, labels("sales.actual_note"), "section_note")
        actual_units = Block(heading + 1, heading + n, heading + n + 1)
        for i in range(n):
            r, p = actual_units.first + i, product(i)
            key = copy_line_names(sheet, units.first + i, r)
            for m, col in enumerate(MONTH_COLS):
                sheet.set(r, col, month_value(p.actual_units, m) if p else None, "input_units")
            write_rollups(sheet, r, "units", key, counted)
        mask = named_mask(sheet, actual_units.first, actual_units.last)
        write_total_label(sheet, actual_units.total, labels("common.total"))
        for col in MONTH_COLS:
            values = Area(sheet.key, actual_units.first, col, actual_units.last, col)
            sheet.set(actual_units.total, col, IF(reported[col], SUMPRODUCT(mask, values), 0), "total_units")
        write_column_totals(sheet, actual_units.total, actual_units.first, actual_units.last,
                            [*QUARTER_COLS, COL_FY], "total_units")
        first_actual = Ref(sheet.key, actual_units.first, COL_MONTH1)
        late = AND(Ref(sheet.key, ROW_NUMBERS, COL_MONTH1, abs_row=True).gt(as_of), first_actual.ne(0))
        sheet.add(FormulaRule(sheet.area(actual_units.first, COL_MONTH1, actual_units.last, COL_MONTH1 + 11),
                              "cf_warn", formula=late))

        # Actual price -------------------------------------------------------
        actual_price = self._price_block(sheet, actual_units.total + 2, labels("sales.actual_price"),
                                         (COL_MONTH1, labels("sales.actual_price_note")), units, actual_units,
                                         lambda i, m: month_value(product(i).actual_price, m) if product(i) else None)

        # Actual revenue -----------------------------------------------------
        def actual_amount(i: int, col: int) -> Expr:
            typed = sheet.ref(actual_price.first + i, col)
            unit_price = IF(typed.eq(""), sheet.ref(price.first + i, col), typed)
            return IF(reported[col], sheet.ref(actual_units.first + i, col) * unit_price, 0)

        actual_revenue = self._revenue_block(sheet, actual_price, labels("sales.actual_revenue"), units, labels,
                                             actual_amount)

        # Revenue variance ---------------------------------------------------
        heading = actual_revenue.total + 2
        write_section(sheet, heading, labels("sales.variance"), COL_SHARE - 1)
        write_block_headers(sheet, heading, [labels(f"sales.{key}") for key in VARIANCE_COLUMNS])
        variance = Block(heading + 1, heading + n, heading + n + 1)
        in_ytd = as_number(periods.le(as_of))
        tolerance = Name("VarianceTolerancePct")
        for i in range(n):
            r = variance.first + i
            key = copy_line_names(sheet, units.first + i, r)
            for col in MONTH_COLS:
                difference = sheet.ref(actual_revenue.first + i, col) - sheet.ref(revenue.first + i, col)
                sheet.set(r, col, blank_if_empty(key, IF(reported[col], difference, 0)), "variance")
            write_rollups(sheet, r, "variance", key)
            forecast_ytd = SUMPRODUCT(in_ytd, month_area(sheet, revenue.first + i))
            sheet.set(r, COL_YTD_PLAN, blank_if_empty(key, forecast_ytd), "amount")
            sheet.set(r, COL_YTD_ACTUAL, sheet.ref(actual_revenue.first + i, COL_FY), "amount")
            _ytd_variance(sheet, r, tolerance, labels, key)
        write_total_label(sheet, variance.total, labels("common.total"))
        write_column_totals(sheet, variance.total, variance.first, variance.last, VALUE_COLS, "total_variance")
        write_column_totals(sheet, variance.total, variance.first, variance.last,
                            [COL_YTD_PLAN, COL_YTD_ACTUAL], "total_amount")
        _ytd_variance(sheet, variance.total, tolerance, labels, None)
        colour_by_rule(sheet, variance, revenue, tolerance, labels, COL_STATUS,
                       (COL_FY, COL_YTD_VARIANCE, COL_VARIANCE_PCT), higher_is_better=True)

        for block, key in ((units, "units_error"), (price, "price_error"), (actual_units, "units_error"),
                           (actual_price, "price_error")):
            sheet.add(NumberValidation(sheet.area(block.first, COL_MONTH1, block.last, COL_MONTH1 + 11),
                                       criteria=">=", minimum=0, error_title=labels("sales.title"),
                                       error_message=labels(f"sales.{key}")))
        b.define("SalesProductNames", sheet.area(units.first, COL_NAME, units.last, COL_NAME, True))
        b.define("SalesProductUnits", sheet.area(units.first, COL_GROUP, units.last, COL_GROUP, True))
        b.define("SalesUnitsInputs", sheet.area(units.first, COL_MONTH1, units.last, COL_MONTH1 + 11, True))
        b.define("SalesPriceInputs", sheet.area(price.first, COL_MONTH1, price.last, COL_MONTH1 + 11, True))
        b.define("SalesActualUnitsInputs",
                 sheet.area(actual_units.first, COL_MONTH1, actual_units.last, COL_MONTH1 + 11, True))
        b.define("SalesActualPriceInputs",
                 sheet.area(actual_price.first, COL_MONTH1, actual_price.last, COL_MONTH1 + 11, True))
        b.define("RevenuePlanTotal", sheet.ref(revenue.total, COL_FY, True))
        for q in range(4):
            b.define(f"RevenuePlanQ{q + 1}", sheet.ref(revenue.total, COL_Q1 + q, True))
        b.define("RevenuePlanYTD", sheet.ref(variance.total, COL_YTD_PLAN, True))
        b.define("RevenueActualYTD", sheet.ref(variance.total, COL_YTD_ACTUAL, True))
        b.define("RevenueVarianceYTD", sheet.ref(variance.total, COL_YTD_VARIANCE, True))
        print_in_pages(sheet, [COL_Q1], last_col=COL_STATUS)
        self.revenue, self.units, self.actual_units = revenue, units, actual_units
        self.actual_revenue = actual_revenue

        def lines(block: Block) -> Area:
            return sheet.area(block.first, COL_MONTH1, block.last, COL_FY, True)

        return SalesExports(
            product_names=sheet.area(units.first, COL_NAME, units.last, COL_NAME, True),
            units=lines(units),
            average_price=sheet.area(price.first, COL_Q1, price.last, COL_FY, True),
            revenue=lines(revenue),
            revenue_total=period_area(sheet, revenue.total),
            actual_units=lines(actual_units),
            actual_revenue=lines(actual_revenue),
            actual_revenue_total=period_area(sheet, actual_revenue.total),
            revenue_variance_total=period_area(sheet, variance.total),
            revenue_status=sheet.ref(variance.total, COL_STATUS, True),
            plan_ytd=sheet.ref(variance.total, COL_YTD_PLAN, True),
            actual_ytd=sheet.ref(variance.total, COL_YTD_ACTUAL, True),
            variance_ytd=sheet.ref(variance.total, COL_YTD_VARIANCE, True),
        )

    @staticmethod
    def _price_block(sheet: SheetModel, heading: int, title: str, note: tuple[int, str], names: Block,
                     units: Block, typed: Callable[[int, int], Optional[float]]) -> Block:
        """A block of unit prices typed by month (``typed(line, month)`` gives the spec's value). Its
        quarter and year columns show the average price: revenue (the block :meth:`_revenue_block`
        writes below it) ÷ ``units``."""
        n = names.last - names.first + 1
        write_section(sheet, heading, title)
        sheet.set(heading, note[0], note[1], "section_note")
        block = Block(heading + 1, heading + n, heading + n)
        revenue_first = _revenue_first(block)
        for i in range(n):
            r = block.first + i
            key = copy_line_names(sheet, names.first + i, r)
            for m, col in enumerate(MONTH_COLS):
                sheet.set(r, col, typed(i, m), "input_price")
            for col in ROLLUP_COLS:
                average = ratio(sheet.ref(revenue_first + i, col), sheet.ref(units.first + i, col))
                sheet.set(r, col, blank_if_empty(key, average), "price")
        return block

    def _revenue_block(self, sheet: SheetModel, price: Block, title: str, names: Block, labels,
                       amount: Callable[[int, int], Expr]) -> Block:
        """Revenue per line and month (``amount(line, column)``, blank on a line without a name), with
        shares and a total row, right below ``price`` (whose average prices read it)."""
        heading = price.last + 2
        write_section(sheet, heading, title, COL_SHARE - 1)
        write_block_headers(sheet, heading, [labels("common.share")])
        n = names.last - names.first + 1
        block = Block(heading + 1, heading + n, heading + n + 1)
        assert block.first == _revenue_first(price)
        for i in range(n):
            r = block.first + i
            key = copy_line_names(sheet, names.first + i, r)
            for col in MONTH_COLS:
                sheet.set(r, col, blank_if_empty(key, amount(i, col)), "amount")
            write_rollups(sheet, r, "amount", key)
        self._shares_and_total(sheet, block, labels)
        return block

    @staticmethod
    def _totals(sheet: SheetModel, block: Block, style: str, labels) -> None:
        """Total row of a block of inputs: months weighted by the lines with a name."""
        write_total_label(sheet, block.total, labels("common.total"))
        write_masked_totals(sheet, block.total, block.first, block.last, MONTH_COLS,
                            named_mask(sheet, block.first, block.last), style)
        write_column_totals(sheet, block.total, block.first, block.last, [*QUARTER_COLS, COL_FY], style)

    @staticmethod
    def _shares_and_total(sheet: SheetModel, block: Block, labels) -> None:
        """Shares of the year and the total row of a block of formulas (blank lines are "")."""
        total = sheet.ref(block.total, COL_FY, True)
        for r in block.rows:
            write_share(sheet, r, total, "pct", line_key(sheet, r))
        write_total_label(sheet, block.total, labels("common.total"))
        write_column_totals(sheet, block.total, block.first, block.last, VALUE_COLS, "total_amount")
        write_share(sheet, block.total, total, "total_pct")

    def checks(self) -> list[Check]:
        key, total = self.sheet_key, self.revenue.total
        year = Ref(key, total, COL_FY, True, True)
        months = SUM(Area(key, total, COL_MONTH1, total, COL_MONTH1 + 11, True, True))
        quarters = SUM(Area(key, total, COL_Q1, total, COL_Q1 + 3, True, True))
        smallest: Expr = MIN(Name("SalesUnitsInputs"), Name("SalesPriceInputs"), Name("SalesActualUnitsInputs"),
                             Name("SalesActualPriceInputs"))

        def column(block: Block, col: int) -> Area:
            return Area(key, block.first, col, block.last, col, True, True)

        late = [IF(Ref(key, ROW_NUMBERS, col, True, True).gt(Name("AsOfMonth")),
                   SUMPRODUCT(as_number(column(self.actual_units, col).ne(0))), 0) for col in MONTH_COLS]
        unnamed = []
        for block in (self.units, self.actual_units):
            blank = as_number(column(block, COL_NAME).eq(""))
            unnamed += [SUMPRODUCT(blank, as_number(column(block, col).ne(0))) for col in MONTH_COLS]
        return [
            difference_check(self.labels("checks.revenue_rows"), year - months),
            difference_check(self.labels("checks.revenue_quarters"), quarters - year),
            not_negative_check(self.labels("checks.sales_negative"), smallest),
            difference_check(self.labels("checks.sales_actual_late"), _sum(late)),
            difference_check(self.labels("checks.sales_unnamed"), _sum(unnamed)),
        ]


def _sum(terms: list[Expr]) -> Expr:
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _ytd_variance(sheet: SheetModel, row: int, tolerance: Expr, labels, key: Ref | None) -> None:
    """YTD variance, variance % and status of a revenue row: above the forecast is favourable."""
    total = key is None
    forecast, actual = sheet.ref(row, COL_YTD_PLAN), sheet.ref(row, COL_YTD_ACTUAL)

    def guard(value: Expr) -> Expr:
        return value if key is None else blank_if_empty(key, value)

    sheet.set(row, COL_YTD_VARIANCE, guard(actual - forecast), "total_variance" if total else "variance")
    variance = sheet.ref(row, COL_YTD_VARIANCE)
    sheet.set(row, COL_VARIANCE_PCT, guard(variance_pct(variance, forecast)),
              "total_variance_pct" if total else "variance_pct")
    status = variance_status(variance, forecast, tolerance, labels("sales.on_forecast"), labels("budget.favourable"),
                             labels("budget.unfavourable"), higher_is_better=True)
    sheet.set(row, COL_STATUS, guard(status), "total_flag" if total else "flag")

