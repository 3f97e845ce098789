"""The variance rule, once, as workbook formulas (the budget tracker's and the sales forecast's).

variance = actual − plan. A line is *on budget* (on forecast) when
``|variance| ≤ tolerance × |plan|``: the tolerance is a **share of the plan**
(``VarianceTolerancePct``, 5 % by default). Outside that band it is
*favourable* when the variance has the good sign (a cost below its plan, a
revenue above its forecast), else *unfavourable*. Variance % is
``variance ÷ plan``, blank when the plan is 0.

The add-in function ``MKT_VARIANCE_FLAG`` applies the same rule
(:func:`mktplan_xl.finance.variance.variance_flag`); there the tolerance is an
**amount** unless its ``basis`` argument says ``"share"``.
"""

from __future__ import annotations

from typing import Any

from ..formula import ABS, AND, IF, ISNUMBER, Expr, Ref
from ..model import FormulaRule, SheetModel
from .common import COL_MONTH1, COL_NAME, Block


def variance_pct(variance: Expr, plan: Expr) -> Expr:
    """Variance as a share of the plan; blank when the plan is 0."""
    return IF(plan.eq(0), "", variance / plan)


def variance_status(variance: Expr, plan: Expr, tolerance: Expr, on_plan: str, favourable: str,
                    unfavourable: str, *, higher_is_better: bool) -> Expr:
    """``on_plan`` within ``tolerance × |plan|``, else favourable or unfavourable by the variance's sign."""
    good = variance.gt(0) if higher_is_better else variance.lt(0)
    return IF(ABS(variance).le(tolerance * ABS(plan)), on_plan, IF(good, favourable, unfavourable))


def colour_by_rule(sheet: SheetModel, variance: Block, plan: Block, tolerance: Expr, labels: Any,
                   status_col: int, status_cols: tuple[int, ...], *, higher_is_better: bool) -> None:
    """Colour variances by the rule, not by their sign: a month beyond its own plan's band green
    (favourable) or red (unfavourable), inside the band not at all; the columns ``status_cols``
    (year, year to date ...) and the status column itself follow the line's status."""
    key = sheet.key
    for first, plan_first, last in ((variance.first, plan.first, variance.last),
                                    (variance.total, plan.total, variance.total)):
        cell = Ref(key, first, COL_MONTH1)
        band = tolerance * ABS(Ref(key, plan_first, COL_MONTH1))
        named = Ref(key, first, COL_NAME, abs_col=True).ne("")
        area = sheet.area(first, COL_MONTH1, last, COL_MONTH1 + 11)
        good, bad = (cell.gt(band), cell.lt(-band)) if higher_is_better else (cell.lt(-band), cell.gt(band))
        sheet.add(FormulaRule(area, "cf_good", formula=AND(named, ISNUMBER(cell), good)))
        sheet.add(FormulaRule(area, "cf_bad", formula=AND(named, ISNUMBER(cell), bad)))
    status = Ref(key, variance.first, status_col, abs_col=True)
    for col in status_cols:
        area = sheet.area(variance.first, col, variance.total, col)
        sheet.add(FormulaRule(area, "cf_good", formula=status.eq(labels("budget.favourable"))))
        sheet.add(FormulaRule(area, "cf_bad", formula=status.eq(labels("budget.unfavourable"))))
    statuses = sheet.area(variance.first, status_col, variance.total, status_col)
    sheet.highlight(statuses, "cf_bad", value=labels("budget.unfavourable"))
    sheet.highlight(statuses, "cf_good", value=labels("budget.favourable"))
