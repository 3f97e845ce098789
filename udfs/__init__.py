"""Marketing Plan Excel functions for the classic xlwings add-in (Windows desktop Excel).

In the xlwings ribbon set "UDF Modules" to ``mktplan_udfs`` and click "Import
Functions". Each function is a thin wrapper over :mod:`mktplan_xl.finance`:
every argument arrives as a 2-D list (``ndim=2``, error cells as their text),
:func:`~mktplan_xl.finance.excel_call` runs the core and returns a value, an
Excel error text, or nested lists that spill in Excel 365/2021.

Parameters are deliberately not annotated: xlwings reads annotations as
converters. Optional parameters default to ``None`` (omitted or blank), which
leaves the core's documented default in force. ``mktplan udfs lite`` embeds
this module, unchanged apart from the core import, in the xlwings Lite bundle.
"""

from __future__ import annotations

from typing import Any, Callable

from xlwings import arg, func

from mktplan_xl.finance import (
    CATEGORY,
    FUNCTION_INDEX,
    allocate,
    breakeven_price,
    breakeven_revenue,
    breakeven_units,
    contribution_margin,
    excel_call,
    margin_of_safety,
    markup_convert,
    markup_price,
    net_price,
    pacing,
    price_index,
    progress,
    romi,
    target_return_price,
    unit_cost,
    variance,
    variance_flag,
    variance_pct,
)


def _documented(udf: Callable[..., Any]) -> Callable[..., Any]:
    """Attach description and argument help from the function registry."""
    info = FUNCTION_INDEX[udf.__name__]
    udf.__doc__ = info.description
    for spec in info.args:
        arg(spec.name, ndim=2, err_to_str=True, doc=spec.help)(udf)
    return udf


@func(category=CATEGORY)
@_documented
def MKT_BREAKEVEN_UNITS(fixed_costs, unit_price, unit_variable_cost, target_profit=None):
    return excel_call(breakeven_units, fixed_costs, unit_price, unit_variable_cost, target_profit=target_profit)


@func(category=CATEGORY)
@_documented
def MKT_BREAKEVEN_REVENUE(fixed_costs, unit_price, unit_variable_cost, target_profit=None):
    return excel_call(breakeven_revenue, fixed_costs, unit_price, unit_variable_cost, target_profit=target_profit)


@func(category=CATEGORY)
@_documented
def MKT_BREAKEVEN_PRICE(fixed_costs, unit_variable_cost, expected_units, target_profit=None):
    return excel_call(breakeven_price, fixed_costs, unit_variable_cost, expected_units, target_profit=target_profit)


@func(category=CATEGORY)
@_documented
def MKT_CONTRIBUTION_MARGIN(unit_price, unit_variable_cost, as_ratio=None):
    return excel_call(contribution_margin, unit_price, unit_variable_cost, as_ratio=as_ratio)


@func(category=CATEGORY)
@_documented
def MKT_MARGIN_OF_SAFETY(expected_units, fixed_costs, unit_price, unit_variable_cost):
    return excel_call(margin_of_safety, expected_units, fixed_costs, unit_price, unit_variable_cost)


@func(category=CATEGORY)
@_documented
def MKT_UNIT_COST(unit_variable_cost, fixed_costs, expected_units):
    return excel_call(unit_cost, unit_variable_cost, fixed_costs, expected_units)


@func(category=CATEGORY)
@_documented
def MKT_MARKUP_PRICE(unit_cost, markup, basis=None):
    return excel_call(markup_price, unit_cost, markup, basis=basis)


@func(category=CATEGORY)
@_documented
def MKT_MARKUP_CONVERT(markup, from_basis):
    return excel_call(markup_convert, markup, from_basis)


@func(category=CATEGORY)
@_documented
def MKT_TARGET_RETURN_PRICE(unit_cost, invested_capital, target_return, expected_units):
    return excel_call(target_return_price, unit_cost, invested_capital, target_return, expected_units)


@func(category=CATEGORY)
@_documented
def MKT_NET_PRICE(list_price, discounts):
    return excel_call(net_price, list_price, discounts)


@func(category=CATEGORY)
@_documented
def MKT_PRICE_INDEX(price, competitor_prices):
    return excel_call(price_index, price, competitor_prices)


@func(category=CATEGORY)
@_documented
def MKT_VARIANCE(actual, budget):
    return excel_call(variance, actual, budget)


@func(category=CATEGORY)
@_documented
def MKT_VARIANCE_PCT(actual, budget):
    return excel_call(variance_pct, actual, budget)


@func(category=CATEGORY)
@_documented
def MKT_VARIANCE_FLAG(actual, budget, kind=None, tolerance=None, basis=None):
    return excel_call(variance_flag, actual, budget, kind=kind, tolerance=tolerance, basis=basis)


@func(category=CATEGORY)
@_documented
def MKT_PACING(spent_to_date, budget, elapsed_share):
    return excel_call(pacing, spent_to_date, budget, elapsed_share)


@func(category=CATEGORY)
@_documented
def MKT_ALLOCATE(total, weights):
    return excel_call(allocate, total, weights)


@func(category=CATEGORY)
@_documented
def MKT_PROGRESS(current, baseline, target):
    return excel_call(progress, current, baseline, target)


@func(category=CATEGORY)
@_documented
def MKT_ROMI(incremental_revenue, marketing_cost, margin_ratio=None):
    return excel_call(romi, incremental_revenue, marketing_cost, margin_ratio=margin_ratio)
