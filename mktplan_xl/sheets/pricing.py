"""Pricing & break-even: cost-based prices and cost-volume-profit, in native formulas.

One column per product (names in the header row, in spec order). Inputs: v unit
variable cost, F fixed costs, Q expected units, m mark-up and its basis, K
invested capital, r target return, T target profit, the chosen price and the
competitors' prices. Results, each the same arithmetic as :mod:`mktplan_xl.finance`
(so the cells and the MKT_ functions agree):

* price used p: the chosen price, else the sales forecast's average price of the
  product with the same name (revenue ÷ units for the year);
* unit cost c = v + F ÷ Q; mark-up price c × (1 + m) on cost, c ÷ (1 − m) on price;
  target-return price c + r × K ÷ Q;
* contribution margin p − v and ratio (p − v) ÷ p; break-even units
  (F + T) ÷ (p − v) and revenue (units × p); margin of safety (Q − F ÷ (p − v)) ÷ Q;
  profit at the expected units Q × (p − v) − F;
* competitors' average price and the price index p ÷ that average.

A figure is blank while an input it needs is blank, and shows a short text where
it cannot exist (price below variable cost, no expected units, ...): never an
error value. Below, per product, a break-even chart (revenue and total cost
against volume, the break-even point marked) with its data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..formula import AND, AVERAGE, COUNT, IF, INDEX, ISNUMBER, MAX, MIN, OR, Area, Expr, Name, Ref, T, sum_where
from ..model import Chart, ChartSeries, ListValidation, NumberValidation, SheetModel
from ..spec import PlanSpec
from ..spec.pricing import MARKUP_BASES
from ..templates import Labels
from ..textfit import fit_label
from .common import YEAR_INDEX, write_section, write_title
from .protocol import Build, Check, DefinedName, Figure, Sheet, not_negative_check
from .sales import SalesExports

COL_LABEL, COL_SYMBOL, COL_PRODUCT1 = 0, 1, 2
ROW_HEADER = 3
#: Rows of the chart data per product (title, range, headers, 11 points, break-even), and the gap.
CHART_POINTS = 11
CHART_BLOCK = CHART_POINTS + 6
#: Size of each break-even chart in pixels, and the width its columns are given.
CHART_SIZE = (560, 300)
CHART_COL_WIDTH = 12
#: Products with a break-even chart, and with key figures on the Summary (the first ones).
MAX_CHARTS = 24
MAX_FIGURES = 10
#: The chart runs up to this multiple of the larger of break-even and expected units.
CHART_SCALE = 2


@dataclass(frozen=True)
class PricingExports:
    """What other sheets may use: one cell per product, in spec order."""

    products: Area
    price: Area
    unit_cost: Area
    breakeven_units: Area
    margin_of_safety: Area
    price_index: Area


# (key, symbol, name, field, style) of the input rows, top to bottom
_INPUTS = (
    ("variable_cost", "v", "PricingVariableCost", "unit_variable_cost", "input_price"),
    ("fixed_costs", "F", "PricingFixedCosts", "fixed_costs", "input_amount"),
    ("expected_units", "Q", "PricingExpectedUnits", "expected_units", "input_units"),
    ("markup", "m", "PricingMarkup", "markup", "input_pct"),
    ("markup_basis", "", "PricingMarkupBasis", "markup_basis", "input_choice"),
    ("invested_capital", "K", "PricingInvestedCapital", "invested_capital", "input_amount"),
    ("target_return", "r", "PricingTargetReturn", "target_return", "input_pct"),
    ("target_profit", "T", "PricingTargetProfit", "target_profit", "input_amount"),
    ("price", "", "PricingPriceInputs", "price", "input_price"),
)
# (key, symbol, name, style) of the result rows, top to bottom
_RESULTS = (
    ("planned_price", "", "PricingPlannedPrice", "price"),
    ("price_used", "p", "PricingPrice", "price"),
    ("unit_cost", "c", "UnitCost", "price"),
    ("markup_price", "", "MarkupPrice", "price"),
    ("target_return_price", "", "TargetReturnPrice", "price"),
    ("contribution", "p − v", "ContributionMargin", "price"),
    ("contribution_ratio", "", "ContributionMarginRatio", "pct"),
    ("breakeven_units", "", "BreakevenUnits", "units"),
    ("breakeven_revenue", "", "BreakevenRevenue", "amount"),
    ("margin_of_safety", "", "MarginOfSafety", "pct"),
    ("profit", "", "PricingProfit", "amount"),
    ("competitor_average", "", "CompetitorAveragePrice", "price"),
    ("price_index", "", "PriceIndex", "decimal"),
)
_RESULT_HOLDS = {
    "PricingPlannedPrice": "the sales forecast's average price of the product with the same name (blank if none)",
    "PricingPrice": "price used: the chosen price, else the planned average price",
    "UnitCost": "unit cost v + F ÷ Q",
    "MarkupPrice": "mark-up price: c × (1 + m) on cost, c ÷ (1 − m) on price",
    "TargetReturnPrice": "target-return price c + r × K ÷ Q",
    "ContributionMargin": "contribution margin per unit p − v",
    "ContributionMarginRatio": "contribution margin ratio (p − v) ÷ p",
    "BreakevenUnits": "break-even units (F + T) ÷ (p − v)",
    "BreakevenRevenue": "break-even revenue: break-even units × p",
    "MarginOfSafety": "margin of safety (Q − F ÷ (p − v)) ÷ Q",
    "PricingProfit": "profit at the expected units Q × (p − v) − F",
    "CompetitorAveragePrice": "average of the competitors' prices",
    "PriceIndex": "price index p ÷ the competitors' average price",
}
_WHEN = "when the plan prices products"


class PricingBreakeven(Sheet):
    key = "pricing"
    tab = 70
    section = "pricing"
    uses = ("sales",)
    names = (
        DefinedName("PricingProducts", "input: each product's name, one cell per product", "pricing.products[*].name",
                    "row", optional=True, when=_WHEN),
        *(DefinedName(name, f"input: {field.replace('_', ' ')} per product", f"pricing.products[*].{field}", "row",
                      optional=True, when=_WHEN) for _, _, name, field, _ in _INPUTS),
        DefinedName("PricingCompetitorPrices", "input: competitors' prices, one column per product",
                    "pricing.products[*].competitor_prices", "grid_t", optional=True, when=_WHEN),
        *(DefinedName(name, _RESULT_HOLDS[name] + ", one cell per product", optional=True, when=_WHEN)
          for _, _, name, _ in _RESULTS),
    )

    @classmethod
    def wanted(cls, spec: PlanSpec | None, options: object) -> bool:
        return spec is None or bool(spec.pricing.products)

    def build(self, b: Build) -> PricingExports:
        ctx, products = b.ctx, b.spec.products
        labels = ctx.labels
        sales: SalesExports = b.uses["sales"]
        count = len(products)
        cols = range(COL_PRODUCT1, COL_PRODUCT1 + count)
        last = COL_PRODUCT1 + count - 1
        sheet = b.model.add_sheet(self.key, labels("sheets.pricing"), tab_color="#BF8F00")
        self.labels = labels
        write_title(sheet, ctx, labels("pricing.title"))
        sheet.col_widths.update({COL_LABEL: 64, COL_SYMBOL: 8})
        for col in range(COL_PRODUCT1, max(last, COL_PRODUCT1 + 2) + 1):
            sheet.col_widths[col] = 24

        def row_area(row: int) -> Area:
            return sheet.area(row, COL_PRODUCT1, row, last, True)

        # Header: the products' names are inputs -------------------------------------
        sheet.set(ROW_HEADER, COL_LABEL, labels("pricing.item"), "header_left")
        sheet.set(ROW_HEADER, COL_SYMBOL, labels("pricing.symbol"), "header")
        for j, col in enumerate(cols):
            sheet.set(ROW_HEADER, col, products[j].name, "input_wrap")
        sheet.row_heights[ROW_HEADER] = 48
        b.define("PricingProducts", row_area(ROW_HEADER))
        sheet.freeze = (ROW_HEADER + 1, COL_PRODUCT1)
        sheet.repeat_rows = (ROW_HEADER, ROW_HEADER)

        # Inputs ---------------------------------------------------------------------
        row = ROW_HEADER + 1
        write_section(sheet, row, labels("pricing.inputs"), last)
        rows: dict[str, int] = {}
        for key, symbol, name, field, style in _INPUTS:
            row += 1
            rows[key] = row
            sheet.set(row, COL_LABEL, labels(f"pricing.{key}"), "label")
            sheet.set(row, COL_SYMBOL, symbol or None, "flag")
            for j, col in enumerate(cols):
                sheet.set(row, col, getattr(products[j], field), style)
            b.define(name, row_area(row))
        competitors = max([3, *(len(p.competitor_prices) for p in products)])
        first_competitor = row + 1
        for i in range(competitors):
            row += 1
            sheet.set(row, COL_LABEL, labels("pricing.competitor", n=i + 1), "label")
            sheet.set(row, COL_SYMBOL, None, "flag")
            for j, col in enumerate(cols):
                prices = products[j].competitor_prices
                sheet.set(row, col, prices[i] if i < len(prices) else None, "input_price")
        last_competitor = row
        b.define("PricingCompetitorPrices", sheet.area(first_competitor, COL_PRODUCT1, last_competitor, last, True))
        basis_row = rows["markup_basis"]
        sheet.add(ListValidation(sheet.area(basis_row, COL_PRODUCT1, basis_row, last), source=MARKUP_BASES,
                                 error_title=labels("pricing.basis_title"),
                                 error_message=labels("pricing.basis_error")))
        for key in ("variable_cost", "fixed_costs", "expected_units", "markup", "invested_capital",
                    "target_return", "price"):
            sheet.add(NumberValidation(sheet.area(rows[key], COL_PRODUCT1, rows[key], last), criteria=">=",
                                       minimum=0, error_title=labels("pricing.title"),
                                       error_message=labels("pricing.number_error")))
        sheet.add(NumberValidation(sheet.area(first_competitor, COL_PRODUCT1, last_competitor, last),
                                   criteria=">=", minimum=0, error_title=labels("pricing.title"),
                                   error_message=labels("pricing.number_error")))

        # Results ----------------------------------------------------------------------
        row += 2
        write_section(sheet, row, labels("pricing.results"), last)
        for key, symbol, _, _ in _RESULTS:
            row += 1
            rows[key] = row
            sheet.set(row, COL_LABEL, labels(f"pricing.{key}"), "label")
            sheet.set(row, COL_SYMBOL, symbol or None, "flag")
        text = {key: labels(f"pricing.{key}") for key in _TEXTS}
        year = {"names": sales.product_names, "units": _year(sales.units), "revenue": _year(sales.revenue)}
        for col in cols:
            cells = {key: sheet.ref(r, col) for key, r in rows.items()}
            cells["name"] = sheet.ref(ROW_HEADER, col)
            competitor_prices = sheet.area(first_competitor, col, last_competitor, col)
            for key, formula in _results(cells, competitor_prices, text, year).items():
                sheet.set(rows[key], col, formula, _RESULT_STYLE[key])
        for key, _, name, _ in _RESULTS:
            b.define(name, row_area(rows[key]))

        # Break-even charts, one per product ------------------------------------------
        row += 2
        wide = max(last, COL_PRODUCT1 + 2)
        write_section(sheet, row, labels("pricing.chart_data"), wide)
        sheet.set(row + 1, COL_LABEL, labels("pricing.chart_scale"), "label")
        scale = sheet.set(row + 1, COL_SYMBOL, CHART_SCALE, "flag").absolute()
        charted = min(count, MAX_CHARTS)
        if charted < count:
            sheet.set(row + 2, COL_LABEL, labels("pricing.charts_first", n=charted), "note")
        top = row + 3
        for j, col in enumerate(cols[:charted]):
            cells = {key: sheet.ref(r, col, True) for key, r in rows.items()}
            cells["name"] = sheet.ref(ROW_HEADER, col, True)
            _chart(sheet, labels, top + j * CHART_BLOCK, products[j].name, scale, cells)
        chart_first = COL_PRODUCT1 + 3
        chart_last = chart_first + math.ceil(CHART_SIZE[0] / (CHART_COL_WIDTH * 7 + 5))
        for col in range(chart_first, chart_last + 1):
            sheet.col_widths.setdefault(col, CHART_COL_WIDTH)
        sheet.page.print_area = (0, 0, top + charted * CHART_BLOCK - 2, max(last, chart_last))
        self.count = count
        self.names = [p.name for p in products]
        return PricingExports(products=row_area(ROW_HEADER), price=row_area(rows["price_used"]),
                              unit_cost=row_area(rows["unit_cost"]),
                              breakeven_units=row_area(rows["breakeven_units"]),
                              margin_of_safety=row_area(rows["margin_of_safety"]),
                              price_index=row_area(rows["price_index"]))

    def checks(self) -> list[Check]:
        inputs = [Name(name) for _, _, name, _, style in _INPUTS if style != "input_choice"
                  and name != "PricingTargetProfit"]
        return [not_negative_check(self.labels("checks.pricing_negative"),
                                   MIN(*inputs, Name("PricingCompetitorPrices")))]

    def figures(self) -> list[Figure]:
        label = self.labels
        found = []
        for j, product in enumerate(self.names[:MAX_FIGURES]):
            for key, name, style in (("breakeven_units", "BreakevenUnits", "units"),
                                     ("margin_of_safety", "MarginOfSafety", "pct"),
                                     ("price_index", "PriceIndex", "decimal")):
                cell = _cell_of(name, j)
                template = label("pricing.figure", figure=label(f"pricing.{key}_short"), product="{}")
                found.append(Figure(fit_label(template, product), cell, style))
        return found


_TEXTS = ("negative", "not_number", "no_units", "markup_too_high", "basis_unknown", "price_equals_cost",
          "price_below_cost", "target_loss", "no_price", "bad_competitor")
_RESULT_STYLE = {key: style for key, _, _, style in _RESULTS}


def _year(area: Area) -> Area:
    """The full-year column of a products × 17 periods area."""
    col = area.col1 + YEAR_INDEX
    return Area(area.sheet, area.row1, col, area.row2, col, True, True)


def _cell_of(name: str, index: int) -> Expr:
    """The ``index``-th cell of a one-row defined name, for the Summary."""
    return INDEX(Name(name), 1, index + 1)


def _results(c: dict[str, Ref], competitor_prices: Area, text: dict[str, str],
             year: dict[str, Area]) -> dict[str, Expr]:
    """Each result of one product, as formulas over its cells ``c`` (finance's arithmetic, texts for errors)."""
    v, F, Q, m, basis = c["variable_cost"], c["fixed_costs"], c["expected_units"], c["markup"], c["markup_basis"]
    K, r, T_, p_in = c["invested_capital"], c["target_return"], c["target_profit"], c["price"]
    planned, p, cost, cm, be = c["planned_price"], c["price_used"], c["unit_cost"], c["contribution"], \
        c["breakeven_units"]
    average = c["competitor_average"]
    negative = text["negative"]
    units = sum_where(year["units"], year["names"], c["name"])
    revenue = sum_where(year["revenue"], year["names"], c["name"])

    def numeric(ref: Ref, formula: Expr) -> Expr:
        """``formula`` where ``ref`` holds a number; otherwise ``ref``'s blank or text, passed on."""
        return IF(ISNUMBER(ref), formula, ref)

    def need(refs: tuple[Ref, ...], formula: Expr) -> Expr:
        """Blank while one of ``refs`` is blank, a text if one holds no number, else ``formula``."""
        return IF(OR(*(ref.eq("") for ref in refs)), "",
                  IF(AND(*(ISNUMBER(ref) for ref in refs)), formula, text["not_number"]))

    def margin_cases(formula: Expr) -> Expr:
        return IF(cm.eq(0), text["price_equals_cost"], IF(cm.lt(0), text["price_below_cost"], formula))

    # a blank target profit counts as 0 (as in MKT_BREAKEVEN_UNITS); text in it is no number
    with_target = IF(OR(T_.eq(""), ISNUMBER(T_)), IF((F + T_).lt(0), text["target_loss"], (F + T_) / cm),
                     text["not_number"])
    return {
        "planned_price": IF(c["name"].eq(""), "", IF(units.gt(0), revenue / units, "")),
        "price_used": IF(ISNUMBER(p_in), p_in, planned),
        "unit_cost": need((v, F, Q), IF(MIN(v, F, Q).lt(0), negative, IF(Q.eq(0), text["no_units"], v + F / Q))),
        "markup_price": numeric(cost, IF(basis.eq(""), "", need((m,), IF(m.lt(0), negative, IF(
            basis.eq("price"), IF(m.ge(1), text["markup_too_high"], cost / (1 - m)),
            IF(basis.eq("cost"), cost * (1 + m), text["basis_unknown"])))))),
        "target_return_price": numeric(cost, need((K, r), IF(MIN(K, r).lt(0), negative, cost + r * K / Q))),
        "contribution": need((p, v), IF(MIN(p, v).lt(0), negative, p - v)),
        "contribution_ratio": numeric(cm, IF(p.eq(0), text["no_price"], cm / p)),
        "breakeven_units": numeric(cm, need((F,), IF(F.lt(0), negative, margin_cases(with_target)))),
        "breakeven_revenue": numeric(be, be * p),
        "margin_of_safety": numeric(cm, need((F, Q), IF(MIN(F, Q).lt(0), negative, IF(
            Q.eq(0), text["no_units"], margin_cases((Q - F / cm) / Q))))),
        "profit": numeric(cm, need((F, Q), Q * cm - F)),
        "competitor_average": IF(COUNT(competitor_prices).eq(0), "",
                                 IF(MIN(competitor_prices).le(0), text["bad_competitor"],
                                    AVERAGE(competitor_prices))),
        "price_index": numeric(p, numeric(average, IF(p.lt(0), negative, p / average))),
    }


def _chart(sheet: SheetModel, labels: Labels, top: int, product: str, scale: Ref, c: dict[str, Ref]) -> None:
    """A product's chart data (volumes, revenue, total cost, the break-even point) and its scatter chart."""
    p, v, F, Q, cm = c["price_used"], c["variable_cost"], c["fixed_costs"], c["expected_units"], c["contribution"]
    cols = (COL_PRODUCT1, COL_PRODUCT1 + 1, COL_PRODUCT1 + 2)
    write_section(sheet, top, T(c["name"]), cols[-1])
    breakeven_row = top + 3 + CHART_POINTS
    breakeven = sheet.ref(breakeven_row, cols[0], True)
    sheet.set(top + 1, COL_LABEL, labels("pricing.chart_range"), "label")
    volume = sheet.set(top + 1, cols[0], IF(ISNUMBER(breakeven), MAX(scale * breakeven, Q), MAX(Q, 0)),
                       "units").absolute()
    for col, key in zip((COL_LABEL, COL_SYMBOL, *cols), ("chart_share", None, "units", "revenue", "total_cost")):
        sheet.set(top + 2, col, labels(f"pricing.{key}") if key else None, "header")
    for i in range(CHART_POINTS):
        r = top + 3 + i
        sheet.set(r, COL_LABEL, None, "label")
        share = sheet.set(r, COL_SYMBOL, i / (CHART_POINTS - 1), "pct")
        units = sheet.set(r, cols[0], share * volume, "units")
        sheet.set(r, cols[1], IF(ISNUMBER(p), p * units, ""), "amount")
        sheet.set(r, cols[2], IF(AND(ISNUMBER(v), ISNUMBER(F)), F + v * units, ""), "amount")
    sheet.set(breakeven_row, COL_LABEL, labels("pricing.breakeven_point"), "label_total")
    sheet.set(breakeven_row, COL_SYMBOL, None, "label_total")
    sheet.set(breakeven_row, cols[0], IF(AND(ISNUMBER(cm), ISNUMBER(F)), IF(cm.gt(0), F / cm, ""), ""),
              "total_units")
    point = sheet.set(breakeven_row, cols[1], IF(ISNUMBER(breakeven), breakeven * p, ""), "total_amount")
    sheet.set(breakeven_row, cols[2], None, "label_total")
    first, last_point = top + 3, top + 2 + CHART_POINTS
    volumes = sheet.area(first, cols[0], last_point, cols[0], True)
    sheet.add(Chart(
        kind="scatter", subtype="straight_with_markers", title=labels("pricing.chart", product=product),
        anchor=(top + 1, cols[-1] + 1), size=CHART_SIZE, x_title=labels("pricing.units"),
        series=[ChartSeries(labels("pricing.revenue"), volumes, sheet.area(first, cols[1], last_point, cols[1], True),
                            color="#2E75B6", line=True),
                ChartSeries(labels("pricing.total_cost"), volumes,
                            sheet.area(first, cols[2], last_point, cols[2], True), color="#C00000", line=True),
                ChartSeries(labels("pricing.breakeven_point"), Area(sheet.key, breakeven_row, cols[0], breakeven_row,
                                                                    cols[0], True, True),
                            Area(point.sheet, point.row, point.col, point.row, point.col, True, True))]))

