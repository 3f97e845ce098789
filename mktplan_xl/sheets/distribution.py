"""Distribution policy (KHUNG CHÍNH SÁCH PHÂN PHỐI): policy items by region and what they cost.

Columns: A No | B policy item | C basis | one column per region (KV 1, KV 2, ...;
the names are inputs in the header row) | total | notes. Blocks, top to bottom:

* the credit terms: cost of capital (per year) and days per year;
* planned sales per region: given, or a share of the sales forecast's revenue
  (``RevenuePlanTotal``); "sales used" is the given figure, else share × revenue;
* policy terms (inputs), one row per item, then spare rows: the basis (``rate``,
  ``amount`` or ``days``) and one value per region;
* cost per year of each item and region: rate × the region's sales, the amount,
  or for days of credit the financing of the receivables,
  sales × days ÷ days per year × cost of capital; totals, each item's share of
  all sales, and distribution cost as a % of each region's sales and of all sales.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formula import ABS, AND, COUNT, IF, ISNUMBER, MIN, OR, SUM, Area, Expr, Name, Ref, T, blank_if_empty, ratio
from ..model import ListValidation, NumberValidation
from ..spec import PlanSpec
from ..spec.distribution import BASES
from .common import SPARE_ROWS, Block, write_section, write_title
from .protocol import TOLERANCE, Build, Check, DefinedName, Figure, Sheet, not_negative_check

COL_NO, COL_ITEM, COL_BASIS, COL_REGION1 = 0, 1, 2, 3
ROW_CAPITAL = 3
ROW_DAYS = 4
ROW_NOTE = 5
ROW_HEADER = 7
_VALUE_STYLE = {"rate": "input_pct", "amount": "input_amount", "days": "input_count"}


@dataclass(frozen=True)
class DistributionExports:
    """What other sheets may use: one cell per region (in spec order), and the totals."""

    region_names: Area       # the regions' names
    region_sales: Area       # sales used per region (given, else share × planned revenue)
    region_cost: Area        # total distribution cost per region
    cost_total: Ref          # DistributionCostTotal
    cost_pct: Ref            # DistributionCostPct


class DistributionPolicy(Sheet):
    key = "distribution"
    tab = 65
    section = "distribution"
    uses = ("sales",)          # its RevenuePlanTotal prices the regions' shares
    _when = "when the plan has distribution regions"
    names = (
        DefinedName("CostOfCapital", "input: cost of capital per year (finances the credit policy)",
                    "distribution.cost_of_capital", optional=True, when=_when),
        DefinedName("DaysPerYear", "input: days per year in the credit cost (360, 365 or 366)",
                    "distribution.days_per_year", optional=True, when=_when),
        DefinedName("DistributionRegionNames", "input: each region's name (KV 1, KV 2 …)",
                    "distribution.regions[*].name", "row", optional=True, when=_when),
        DefinedName("DistributionRegionSales", "input: each region's planned sales for the year, if given",
                    "distribution.regions[*].sales", "row", optional=True, when=_when),
        DefinedName("DistributionRegionShares", "input: each region's share of RevenuePlanTotal, if its sales "
                    "are not given", "distribution.regions[*].share", "row", optional=True, when=_when),
        DefinedName("DistributionSales", "sales used per region: given, else share × RevenuePlanTotal",
                    optional=True, when=_when),
        DefinedName("DistributionPolicyNames", "input: each policy item, then spare rows",
                    "distribution.policies[*].name", "column", optional=True, when=_when),
        DefinedName("DistributionPolicyBasis", "input: basis of each policy item (rate, amount or days)",
                    "distribution.policies[*].basis", "column", optional=True, when=_when),
        DefinedName("DistributionPolicyValues", "input: policy items × regions (rate, amount per year or days)",
                    "distribution.policies[*].values", "grid", optional=True, when=_when),
        DefinedName("DistributionCosts", "cost per year, policy items × regions", optional=True, when=_when),
        DefinedName("DistributionCostTotal", "total distribution cost per year, all regions",
                    optional=True, when=_when),
        DefinedName("DistributionCostPct", "total distribution cost / total regional sales (0 when no sales)",
                    optional=True, when=_when),
    )

    @classmethod
    def wanted(cls, spec: PlanSpec | None, options: object) -> bool:
        return spec is None or bool(spec.distribution.regions)

    def build(self, b: Build) -> DistributionExports:
        ctx, spec = b.ctx, b.spec
        labels = ctx.labels
        regions, policies = spec.regions, spec.policies
        k = len(regions)
        region_cols = range(COL_REGION1, COL_REGION1 + k)
        col_total, col_note = COL_REGION1 + k, COL_REGION1 + k + 1
        last_region = COL_REGION1 + k - 1
        sheet = b.model.add_sheet(self.key, labels("sheets.distribution"), tab_color="#00B050")
        self.sheet_key, self.labels = sheet.key, labels
        write_title(sheet, ctx, labels("distribution.title"))
        sheet.col_widths.update({COL_NO: 5, COL_ITEM: 40, COL_BASIS: 11, col_total: 17, col_note: 50})
        for col in region_cols:
            sheet.col_widths[col] = 16

        # Credit terms -------------------------------------------------------------
        sheet.merge(ROW_CAPITAL, COL_ITEM, ROW_CAPITAL, COL_BASIS, labels("distribution.cost_of_capital"),
                    "label_bold")
        capital = sheet.set(ROW_CAPITAL, COL_REGION1, spec.cost_of_capital, "input_pct").absolute()
        sheet.merge(ROW_DAYS, COL_ITEM, ROW_DAYS, COL_BASIS, labels("distribution.days_per_year"), "label_bold")
        days = sheet.set(ROW_DAYS, COL_REGION1, spec.days_per_year, "input_count").absolute()
        sheet.set(ROW_NOTE, COL_ITEM, labels("distribution.credit_note"), "note")
        sheet.add(NumberValidation(sheet.area(ROW_CAPITAL, COL_REGION1, ROW_CAPITAL, COL_REGION1),
                                   criteria="between", minimum=0, maximum=1,
                                   error_title=labels("distribution.cost_of_capital"),
                                   error_message=labels("distribution.share_error")))
        sheet.add(NumberValidation(sheet.area(ROW_DAYS, COL_REGION1, ROW_DAYS, COL_REGION1), whole=True,
                                   criteria="between", minimum=360, maximum=366,
                                   error_title=labels("distribution.days_per_year"),
                                   error_message=labels("distribution.days_error")))
        b.define("CostOfCapital", capital)
        b.define("DaysPerYear", days)

        # Header: the regions' names are inputs -------------------------------------
        for col, text in ((COL_NO, labels("common.number")), (COL_ITEM, labels("distribution.item")),
                          (COL_BASIS, labels("distribution.basis"))):
            sheet.set(ROW_HEADER, col, text, "header" if col == COL_NO else "header_left")
        for j, col in enumerate(region_cols):
            sheet.set(ROW_HEADER, col, regions[j].name, "input_choice")
        sheet.set(ROW_HEADER, col_total, labels("common.total"), "header")
        sheet.set(ROW_HEADER, col_note, labels("distribution.note"), "header_left")
        sheet.row_heights[ROW_HEADER] = 30
        names = sheet.area(ROW_HEADER, COL_REGION1, ROW_HEADER, last_region, True)
        b.define("DistributionRegionNames", names)
        sheet.freeze = (ROW_HEADER + 1, COL_REGION1)
        sheet.repeat_rows = (ROW_HEADER, ROW_HEADER)

        # Planned sales ------------------------------------------------------------
        row = ROW_HEADER + 1
        write_section(sheet, row, labels("distribution.sales_title"), col_note)
        given_row, share_row, revenue_row, sales_row = row + 1, row + 2, row + 3, row + 4
        for r, key, style in ((given_row, "sales_given", "label"), (share_row, "share", "label"),
                              (revenue_row, "revenue", "label"), (sales_row, "sales", "label_total")):
            sheet.set(r, COL_NO, None, style)
            sheet.merge(r, COL_ITEM, r, COL_BASIS, labels(f"distribution.{key}"), style)
        revenue = Name("RevenuePlanTotal")
        for j, col in enumerate(region_cols):
            region = regions[j]
            given = sheet.set(given_row, col, region.sales, "input_amount")
            share = sheet.set(share_row, col, region.share, "input_pct")
            sheet.set(revenue_row, col, None, "label")
            sheet.set(sales_row, col, IF(ISNUMBER(given), given, IF(ISNUMBER(share), share * revenue, 0)),
                      "total_amount")
        given_area = sheet.area(given_row, COL_REGION1, given_row, last_region, True)
        share_area = sheet.area(share_row, COL_REGION1, share_row, last_region, True)
        sales_area = sheet.area(sales_row, COL_REGION1, sales_row, last_region, True)
        sheet.set(given_row, col_total, SUM(given_area), "amount")
        sheet.set(share_row, col_total, SUM(share_area), "pct")
        sheet.set(revenue_row, col_total, revenue, "amount")
        all_sales = sheet.set(sales_row, col_total, SUM(sales_area), "total_amount").absolute()
        sheet.set(given_row, col_note, labels("distribution.sales_note"), "note")
        sheet.set(share_row, col_note, labels("distribution.share_note"), "note")
        b.define("DistributionRegionSales", given_area)
        b.define("DistributionRegionShares", share_area)
        b.define("DistributionSales", sales_area)
        sheet.add(NumberValidation(given_area, criteria=">=", minimum=0,
                                   error_title=labels("distribution.title"),
                                   error_message=labels("distribution.value_error")))
        sheet.add(NumberValidation(share_area, criteria="between", minimum=0, maximum=1,
                                   error_title=labels("distribution.title"),
                                   error_message=labels("distribution.share_error")))
        self.shares = share_area

        # Policy terms (inputs) -----------------------------------------------------
        n = len(policies) + SPARE_ROWS
        row = sales_row + 2
        write_section(sheet, row, labels("distribution.terms_title"), col_note)
        terms = Block(row + 1, row + n, row + n)
        for i, r in enumerate(terms.rows):
            policy = policies[i] if i < len(policies) else None
            sheet.set(r, COL_NO, i + 1, "row_no")
            sheet.set(r, COL_ITEM, policy.name if policy else None, "input_text")
            sheet.set(r, COL_BASIS, policy.basis if policy else None, "input_choice")
            style = _VALUE_STYLE[policy.basis] if policy else "input_decimal"
            for j, col in enumerate(region_cols):
                value = policy.values[j] if policy and policy.values else None
                sheet.set(r, col, value, style)
            sheet.set(r, col_total, None, "label")
            basis = Ref(sheet.key, r, COL_BASIS, abs_col=True)
            sheet.set(r, col_note, IF(basis.eq("rate"), labels("distribution.basis_rate"),
                                      IF(basis.eq("amount"), labels("distribution.basis_amount"),
                                         IF(basis.eq("days"), labels("distribution.basis_days"), ""))), "label")
        values = sheet.area(terms.first, COL_REGION1, terms.last, last_region, True)
        b.define("DistributionPolicyNames", sheet.area(terms.first, COL_ITEM, terms.last, COL_ITEM, True))
        b.define("DistributionPolicyBasis", sheet.area(terms.first, COL_BASIS, terms.last, COL_BASIS, True))
        b.define("DistributionPolicyValues", values)
        sheet.add(ListValidation(sheet.area(terms.first, COL_BASIS, terms.last, COL_BASIS), source=BASES,
                                 error_title=labels("distribution.basis"),
                                 error_message=labels("distribution.basis_error")))
        sheet.add(NumberValidation(values, criteria=">=", minimum=0, error_title=labels("distribution.title"),
                                   error_message=labels("distribution.value_error")))
        self.values = values

        # Cost per year -----------------------------------------------------------
        row = terms.last + 2
        write_section(sheet, row, labels("distribution.cost_title"), col_note)
        sheet.set(row, col_note, labels("distribution.pct_of_sales"), "section")
        cost = Block(row + 1, row + n, row + n + 1)
        for i, r in enumerate(cost.rows):
            source = terms.first + i
            item = Ref(sheet.key, source, COL_ITEM, abs_col=True)
            basis = Ref(sheet.key, source, COL_BASIS, abs_col=True)
            sheet.set(r, COL_NO, sheet.ref(source, COL_NO), "row_no")
            sheet.set(r, COL_ITEM, blank_if_empty(item, T(item)), "label")
            sheet.set(r, COL_BASIS, blank_if_empty(basis, T(basis)), "flag")
            for col in region_cols:
                value = sheet.ref(source, col)
                cost_cell = _cost(basis, value, Ref(sheet.key, sales_row, col, abs_row=True), capital, days)
                sheet.set(r, col, blank_if_empty(item, IF(OR(value.eq(""), ISNUMBER(value)), cost_cell,
                                                          labels("distribution.not_number"))), "amount")
            line = sheet.set(r, col_total, blank_if_empty(item, SUM(sheet.area(r, COL_REGION1, r, last_region))),
                             "amount")
            sheet.set(r, col_note, blank_if_empty(item, ratio(line, all_sales)), "pct")
        sheet.merge(cost.total, COL_NO, cost.total, COL_BASIS, labels("distribution.total_cost"), "label_total")
        for col in [*region_cols, col_total]:
            sheet.set(cost.total, col, SUM(sheet.area(cost.first, col, cost.last, col)), "total_amount")
        total = sheet.ref(cost.total, col_total, True)
        sheet.set(cost.total, col_note, ratio(total, all_sales), "total_pct")
        pct_row = cost.total + 1
        sheet.merge(pct_row, COL_NO, pct_row, COL_BASIS, labels("distribution.cost_pct"), "label_total")
        for col in region_cols:
            sheet.set(pct_row, col, ratio(sheet.ref(cost.total, col), sheet.ref(sales_row, col)), "total_pct")
        pct = sheet.set(pct_row, col_total, ratio(total, all_sales), "total_pct").absolute()
        b.define("DistributionCosts", sheet.area(cost.first, COL_REGION1, cost.last, last_region, True))
        b.define("DistributionCostTotal", total)
        b.define("DistributionCostPct", pct)
        self.cost, self.col_total, self.last_region = cost, col_total, last_region
        sheet.page.print_area = (0, 0, pct_row, col_note)
        return DistributionExports(
            region_names=names, region_sales=sales_area,
            region_cost=sheet.area(cost.total, COL_REGION1, cost.total, last_region, True),
            cost_total=total, cost_pct=pct)

    def checks(self) -> list[Check]:
        label = self.labels
        shares = self.shares
        share_gap: Expr = IF(COUNT(shares).eq(0), 0, SUM(shares) - 1)
        return [
            Check(label("checks.distribution_shares"), lambda cell: ABS(cell).le(TOLERANCE), share_gap, "pct"),
            not_negative_check(label("checks.distribution_negative"),
                               MIN(Name("DistributionRegionSales"), Name("DistributionRegionShares"),
                                   Name("DistributionPolicyValues"), Name("CostOfCapital"))),
        ]

    def figures(self) -> list[Figure]:
        label = self.labels
        return [
            Figure(label("distribution.total_cost"), Name("DistributionCostTotal")),
            Figure(label("distribution.cost_pct"), Name("DistributionCostPct"), "pct"),
        ]


def _cost(basis: Ref, value: Ref, sales: Ref, capital: Ref, days: Ref) -> Expr:
    """One item's cost in one region: rate × sales, the amount, or (days of credit)
    sales × days ÷ days per year × cost of capital."""
    credit = IF(AND(ISNUMBER(days), ISNUMBER(capital)), IF(days.gt(0), sales * value / days * capital, 0), 0)
    return IF(basis.eq("rate"), value * sales,
              IF(basis.eq("amount"), value, IF(basis.eq("days"), credit, 0)))

