"""Sales forecast (BẢN SỐ LIỆU KINH DOANH): units × unit price = revenue, by month.

Blocks on the shared month columns: Units sold (inputs, total), Unit price
(inputs; the quarter/year columns show the average price), Revenue (formulas,
total).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formula import MIN, SUM, Area, Expr, Name, Ref, ratio
from ..model import NumberValidation
from .common import (COL_FY, COL_GROUP, COL_MONTH1, COL_NAME, COL_NO, COL_Q1, MONTH_COLS, ROLLUP_COLS,
                     VALUE_COLS, Block, copy_line_names, period_area, set_period_widths,
                     write_column_totals, write_period_rows, write_rollups, write_section, write_share,
                     write_title, write_total_label)
from .protocol import Build, Check, DefinedName, Sheet, difference_check, not_negative_check

ROW_NUMBERS = 3
ROW_HEADER = 4


@dataclass(frozen=True)
class SalesExports:
    """What other sheets may use. Period areas hold 17 cells (months, Q1–Q4, year)."""

    product_names: Area      # one cell per product
    units: Area              # units per product × 17 periods
    average_price: Area      # per product: Q1–Q4 and the year, average price (revenue ÷ units)
    revenue: Area            # revenue per product × 17 periods
    revenue_total: Area      # total revenue, 17 periods


class SalesForecast(Sheet):
    key = "sales"
    tab = 50
    section = "sales"
    names = (
        DefinedName("RevenuePlanTotal", "revenue plan, full year"),
        *(DefinedName(f"RevenuePlanQ{q}", f"revenue plan, fiscal quarter {q}") for q in range(1, 5)),
        DefinedName("SalesProductNames", "input: name of each product", "sales.products[*].name", "column"),
        DefinedName("SalesProductUnits", "input: unit of each product (box, kg …)",
                    "sales.products[*].unit", "column"),
        DefinedName("SalesUnitsInputs", "input: units sold, products × 12 months",
                    "sales.products[*].units", "grid"),
        DefinedName("SalesPriceInputs", "input: unit price, products × 12 months",
                    "sales.products[*].price", "grid"),
    )

    def build(self, b: Build) -> SalesExports:
        ctx, sales = b.ctx, b.spec
        labels = ctx.labels
        sheet = b.model.add_sheet(self.key, labels("sheets.sales"), tab_color="#548235")
        self.sheet_key, self.labels = sheet.key, labels
        write_title(sheet, ctx, labels("sales.title"))
        set_period_widths(sheet, group_width=10)
        write_period_rows(sheet, ctx, ROW_NUMBERS, ROW_HEADER,
                          [labels("common.number"), labels("common.product"), labels("common.unit")],
                          labels("common.share"))
        sheet.freeze = (ROW_HEADER + 1, COL_MONTH1)
        sheet.repeat_rows = (ROW_NUMBERS, ROW_HEADER)
        products = sales.products
        n = len(products)

        # Units --------------------------------------------------------------
        row = ROW_HEADER + 1
        write_section(sheet, row, labels("sales.units"))
        units = Block(row + 1, row + n, row + n + 1)
        for i, product in enumerate(products):
            r = units.first + i
            sheet.set(r, COL_NO, i + 1, "row_no")
            sheet.set(r, COL_NAME, product.name, "input_text")
            sheet.set(r, COL_GROUP, product.unit or None, "input_text")
            for m, col in enumerate(MONTH_COLS):
                sheet.set(r, col, product.units[m] if m < len(product.units) else None, "input_units")
            write_rollups(sheet, r, "units")
        write_total_label(sheet, units.total, labels("common.total"))
        write_column_totals(sheet, units.total, units.first, units.last, VALUE_COLS, "total_units")

        # Price --------------------------------------------------------------
        row = units.total + 2
        write_section(sheet, row, labels("sales.price"))
        sheet.set(row, COL_Q1, labels("sales.avg_price_note"), "note")
        price = Block(row + 1, row + n, row + n)
        revenue_first = price.last + 3
        for i, product in enumerate(products):
            r = price.first + i
            copy_line_names(sheet, units.first + i, r)
            for m, col in enumerate(MONTH_COLS):
                sheet.set(r, col, product.price[m] if m < len(product.price) else None, "input_price")
            for col in ROLLUP_COLS:
                sheet.set(r, col, ratio(sheet.ref(revenue_first + i, col), sheet.ref(units.first + i, col)),
                          "price")

        # Revenue ------------------------------------------------------------
        row = price.last + 2
        write_section(sheet, row, labels("sales.revenue"))
        revenue = Block(row + 1, row + n, row + n + 1)
        assert revenue.first == revenue_first
        total = sheet.ref(revenue.total, COL_FY, True)
        for i in range(n):
            r = revenue.first + i
            copy_line_names(sheet, units.first + i, r)
            for col in MONTH_COLS:
                sheet.set(r, col, sheet.ref(units.first + i, col) * sheet.ref(price.first + i, col), "amount")
            write_rollups(sheet, r, "amount")
            write_share(sheet, r, total, "pct")
        write_total_label(sheet, revenue.total, labels("common.total"))
        write_column_totals(sheet, revenue.total, revenue.first, revenue.last, VALUE_COLS, "total_amount")
        write_share(sheet, revenue.total, total, "total_pct")

        for block, key in ((units, "units_error"), (price, "price_error")):
            sheet.add(NumberValidation(sheet.area(block.first, COL_MONTH1, block.last, COL_MONTH1 + 11),
                                       criteria=">=", minimum=0, error_title=labels("sales.title"),
                                       error_message=labels(f"sales.{key}")))
        b.define("SalesProductNames", sheet.area(units.first, COL_NAME, units.last, COL_NAME, True))
        b.define("SalesProductUnits", sheet.area(units.first, COL_GROUP, units.last, COL_GROUP, True))
        b.define("SalesUnitsInputs", sheet.area(units.first, COL_MONTH1, units.last, COL_MONTH1 + 11, True))
        b.define("SalesPriceInputs", sheet.area(price.first, COL_MONTH1, price.last, COL_MONTH1 + 11, True))
        b.define("RevenuePlanTotal", sheet.ref(revenue.total, COL_FY, True))
        for q in range(4):
            b.define(f"RevenuePlanQ{q + 1}", sheet.ref(revenue.total, COL_Q1 + q, True))
        self.revenue = revenue
        return SalesExports(
            product_names=sheet.area(units.first, COL_NAME, units.last, COL_NAME, True),
            units=sheet.area(units.first, COL_MONTH1, units.last, COL_FY, True),
            average_price=sheet.area(price.first, COL_Q1, price.last, COL_FY, True),
            revenue=sheet.area(revenue.first, COL_MONTH1, revenue.last, COL_FY, True),
            revenue_total=period_area(sheet, revenue.total),
        )

    def checks(self) -> list[Check]:
        key, total = self.sheet_key, self.revenue.total
        year = Ref(key, total, COL_FY, True, True)
        months = SUM(Area(key, total, COL_MONTH1, total, COL_MONTH1 + 11, True, True))
        quarters = SUM(Area(key, total, COL_Q1, total, COL_Q1 + 3, True, True))
        smallest: Expr = MIN(Name("SalesUnitsInputs"), Name("SalesPriceInputs"))
        return [
            difference_check(self.labels("checks.revenue_rows"), year - months),
            difference_check(self.labels("checks.revenue_quarters"), quarters - year),
            not_negative_check(self.labels("checks.sales_negative"), smallest),
        ]
