"""Sales forecast (BẢN SỐ LIỆU KINH DOANH): units × unit price = revenue, by month.

Blocks on the shared month columns: Units sold (inputs, total), Unit price
(inputs; the quarter/year columns show the average price), Revenue (formulas,
total).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import WorkbookModel
from ..spec import Sales
from .common import (COL_FY, COL_GROUP, COL_MONTH1, COL_NAME, COL_NO, COL_Q1, MONTH_COLS,
                     ROLLUP_COLS, VALUE_COLS, Block, Context, copy_line_names, ratio,
                     set_period_widths, write_column_totals, write_period_rows, write_rollups,
                     write_section, write_share, write_title, write_total_label)

ROW_NUMBERS = 3
ROW_HEADER = 4


@dataclass
class SalesLayout:
    sheet: str
    units: Block
    price: Block
    revenue: Block


def build_sales(model: WorkbookModel, ctx: Context, sales: Sales) -> SalesLayout:
    labels = ctx.labels
    sheet = model.add_sheet("sales", labels("sheets.sales"), tab_color="#548235")
    write_title(sheet, ctx, labels("sales.title"))
    set_period_widths(sheet, group_width=10)
    write_period_rows(sheet, ctx, ROW_NUMBERS, ROW_HEADER,
                      [labels("common.number"), labels("common.product"), labels("common.unit")],
                      labels("common.share"))
    sheet.freeze = (ROW_HEADER + 1, COL_MONTH1)
    sheet.repeat_rows = (ROW_NUMBERS, ROW_HEADER)
    products = sales.products
    n = len(products)

    # Units ------------------------------------------------------------------
    row = ROW_HEADER + 1
    write_section(sheet, row, labels("sales.units"))
    units = Block(row + 1, row + n, row + n + 1)
    for i, product in enumerate(products):
        r = units.first + i
        sheet.set(r, COL_NO, i + 1, "row_no")
        sheet.set(r, COL_NAME, product.name, "input_text")
        sheet.set(r, COL_GROUP, product.unit, "input_text")
        for m, col in enumerate(MONTH_COLS):
            sheet.set(r, col, product.units[m] if m < len(product.units) else None, "input_units")
        write_rollups(sheet, r, "units")
    write_total_label(sheet, units.total, labels("common.total"))
    write_column_totals(sheet, units.total, units.first, units.last, VALUE_COLS, "total_units")

    # Price ------------------------------------------------------------------
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

    # Revenue ----------------------------------------------------------------
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
        sheet.validate(sheet.area(block.first, COL_MONTH1, block.last, COL_MONTH1 + 11),
                       validate="decimal", criteria=">=", value=0,
                       error_title=labels("sales.title"), error_message=labels(f"sales.{key}"))
    model.define("SalesUnitsInputs", sheet.area(units.first, COL_MONTH1, units.last, COL_MONTH1 + 11, True))
    model.define("SalesPriceInputs", sheet.area(price.first, COL_MONTH1, price.last, COL_MONTH1 + 11, True))
    model.define("RevenuePlanTotal", sheet.ref(revenue.total, COL_FY, True))
    for q in range(4):
        model.define(f"RevenuePlanQ{q + 1}", sheet.ref(revenue.total, COL_Q1 + q, True))
    return SalesLayout(sheet.key, units, price, revenue)

