"""Metadata of the Excel functions: names, arguments, help and worked examples.

The Excel front-ends take argument help from here, and the workbook generator
and docs can render a "Functions" reference from :data:`FUNCTIONS`.
Worked examples are hand-computed from the published examples cited beside
them; the tests check every one against the implementation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from .breakeven import (breakeven_price, breakeven_revenue, breakeven_units, contribution_margin,
                        margin_of_safety, unit_cost)
from .budget import allocate, pacing, progress, romi
from .pricing import markup_convert, markup_price, net_price, price_index, target_return_price
from .variance import variance, variance_flag, variance_pct

#: Excel function category of every function (classic add-in).
CATEGORY = "Marketing Plan"


@dataclass(frozen=True)
class ArgInfo:
    """One argument: its name, help text and, if optional, its default."""

    name: str
    help: str
    optional: bool = False
    default: Any = None


@dataclass(frozen=True)
class Example:
    """A worked example: arguments (lists are ranges), expected result and its source."""

    args: tuple[Any, ...]
    result: Any
    source: str


@dataclass(frozen=True)
class FunctionInfo:
    """An Excel function and the core callable behind it."""

    excel_name: str
    python: Callable[..., Any]
    description: str
    args: tuple[ArgInfo, ...]
    example: Example

    def signature(self) -> str:
        """Excel-style signature, optional arguments in brackets."""
        parts = [f"[{a.name}]" if a.optional else a.name for a in self.args]
        return f"{self.excel_name}({', '.join(parts)})"

    def example_formula(self) -> str:
        """The worked example as an Excel formula, ranges as array constants."""
        return f"={self.excel_name}({','.join(excel_literal(a) for a in self.example.args)})"


def excel_literal(value: Any) -> str:
    """A Python value as an Excel formula literal; lists become array constants."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, (list, tuple)):
        rows = value if value and isinstance(value[0], (list, tuple)) else [value]
        return "{" + ";".join(",".join(excel_literal(v) for v in row) for row in rows) + "}"
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


# Kotler & Armstrong, "Principles of Marketing", cost-based pricing (toaster example):
# variable cost $10, fixed costs $300,000, expected sales 50,000 units; unit cost $16;
# 20 % mark-up on sales gives $20; $1,000,000 invested at a 20 % target return gives
# $20; break-even at $20 is 30,000 units, and 50,000 units earn a $200,000 target profit.
_KOTLER = "Kotler & Armstrong, Principles of Marketing, cost-based pricing (toaster example)"
# Farris, Bendle, Pfeifer & Reibstein, "Marketing Metrics", ROMI = (incremental revenue
# × contribution margin − marketing spending) / marketing spending.
_FARRIS = "Farris et al., Marketing Metrics, ROMI definition"
_SEED1 = "seed 001 (pricing exercise: boxed milk at 7,000 VND leader price, rivals 6,500 and 6,000)"
_SEED3 = "seed 003 (alignment check: budget 100 (10k CNY), lock 35 + speaker 50; share points lock 3, speaker 2)"

_F = ArgInfo("fixed_costs", "Fixed costs of the period (money, ≥ 0)")
_P = ArgInfo("unit_price", "Selling price per unit (money, ≥ 0)")
_V = ArgInfo("unit_variable_cost", "Variable cost per unit (money, ≥ 0)")
_T = ArgInfo("target_profit", "Profit to earn on top of fixed costs (money; default 0 = break-even)", True, 0.0)
_Q = ArgInfo("expected_units", "Expected sales volume in units (> 0)")
_ACTUAL = ArgInfo("actual", "Actual amount")
_BUDGET = ArgInfo("budget", "Budgeted amount")

FUNCTIONS: list[FunctionInfo] = [
    FunctionInfo(
        "MKT_BREAKEVEN_UNITS", breakeven_units,
        "Units to sell to cover fixed costs (plus a target profit): (F + T) / (p − v).",
        (_F, _P, _V, _T),
        Example((300000, 20, 10), 30000.0, _KOTLER),
    ),
    FunctionInfo(
        "MKT_BREAKEVEN_REVENUE", breakeven_revenue,
        "Sales revenue at the break-even (or target-profit) volume: units × price.",
        (_F, _P, _V, _T),
        Example((300000, 20, 10, 200000), 1000000.0, _KOTLER + ": 50,000 units × $20"),
    ),
    FunctionInfo(
        "MKT_BREAKEVEN_PRICE", breakeven_price,
        "Price that covers fixed costs plus a target profit at the expected volume: v + (F + T) / Q.",
        (_F, _V, _Q, _T),
        Example((300000, 10, 50000, 200000), 20.0, _KOTLER),
    ),
    FunctionInfo(
        "MKT_CONTRIBUTION_MARGIN", contribution_margin,
        "Contribution per unit p − v, or as a ratio of price (p − v) / p.",
        (_P, _V, ArgInfo("as_ratio", "TRUE for the ratio (p − v) / p; default FALSE", True, False)),
        Example((20, 10, True), 0.5, _KOTLER + ": $10 contribution on a $20 price"),
    ),
    FunctionInfo(
        "MKT_MARGIN_OF_SAFETY", margin_of_safety,
        "Share of expected volume above break-even: (Q − break-even units) / Q.",
        (_Q, _F, _P, _V),
        Example((50000, 300000, 20, 10), 0.4, _KOTLER + ": (50,000 − 30,000) / 50,000"),
    ),
    FunctionInfo(
        "MKT_UNIT_COST", unit_cost,
        "Full cost per unit at the expected volume: v + F / Q.",
        (_V, _F, _Q),
        Example((10, 300000, 50000), 16.0, _KOTLER),
    ),
    FunctionInfo(
        "MKT_MARKUP_PRICE", markup_price,
        'Price from unit cost and mark-up: basis "cost" c × (1 + m), "price" c / (1 − m).',
        (
            ArgInfo("unit_cost", "Cost per unit (money, ≥ 0)"),
            ArgInfo("markup", "Mark-up rate (0.25 = 25 %, ≥ 0; below 1 on the price basis)"),
            ArgInfo("basis", '"cost" (share of cost) or "price" (share of selling price); default "cost"',
                    True, "cost"),
        ),
        Example((16, 0.2, "price"), 20.0, _KOTLER + ": $16 / (1 − 0.20)"),
    ),
    FunctionInfo(
        "MKT_MARKUP_CONVERT", markup_convert,
        "Mark-up on the other basis: from cost m / (1 + m), from price m / (1 − m).",
        (
            ArgInfo("markup", "Mark-up rate to convert (≥ 0; below 1 from the price basis)"),
            ArgInfo("from_basis", '"cost" or "price": the basis markup is expressed on'),
        ),
        Example((0.2, "price"), 0.25, _KOTLER + ": 20 % on price = $4 on $16 cost = 25 % on cost"),
    ),
    FunctionInfo(
        "MKT_TARGET_RETURN_PRICE", target_return_price,
        "Price earning a target return on invested capital: c + r × K / Q.",
        (
            ArgInfo("unit_cost", "Full cost per unit (money, ≥ 0)"),
            ArgInfo("invested_capital", "Capital invested (money, ≥ 0)"),
            ArgInfo("target_return", "Target return on the capital (0.2 = 20 %, ≥ 0)"),
            _Q,
        ),
        Example((16, 1000000, 0.2, 50000), 20.0, _KOTLER),
    ),
    FunctionInfo(
        "MKT_NET_PRICE", net_price,
        "List price after a chain of discounts applied one after another: p × Π(1 − dᵢ).",
        (
            ArgInfo("list_price", "List price, or a range of prices (each gets the whole chain)"),
            ArgInfo("discounts", "One row or column of discount rates in [0, 1], applied in turn; blanks skipped"),
        ),
        Example((40, [0.5, 0.02]), 19.6,
                _KOTLER + ": $40 retail price, 50 % dealer margin, then a 2 % cash discount (2/10, net 30)"),
    ),
    FunctionInfo(
        "MKT_PRICE_INDEX", price_index,
        "Price relative to the average competitor price (1 = market average).",
        (
            ArgInfo("price", "Own price, or a range of prices"),
            ArgInfo("competitor_prices", "Range of competitor prices (> 0); blanks skipped"),
        ),
        Example((6000, [7000, 6500]), 6000 / 6750, _SEED1 + ": 6,000 / average(7,000; 6,500)"),
    ),
    FunctionInfo(
        "MKT_VARIANCE", variance,
        "Actual minus budget (positive: over budget).",
        (_ACTUAL, _BUDGET),
        Example((85, 100), -15.0, _SEED3 + ": 35 + 50 = 85 against 100"),
    ),
    FunctionInfo(
        "MKT_VARIANCE_PCT", variance_pct,
        "Variance as a share of the budget: (a − b) / ABS(b); zero budget is #DIV/0!.",
        (_ACTUAL, _BUDGET),
        Example((85, 100), -0.15, _SEED3),
    ),
    FunctionInfo(
        "MKT_VARIANCE_FLAG", variance_flag,
        '"favourable", "unfavourable" or "on budget"; costs favourable under budget, revenue over.',
        (
            _ACTUAL, _BUDGET,
            ArgInfo("kind", '"cost" (under budget is favourable) or "revenue" (over is favourable); '
                            'default "cost"', True, "cost"),
            ArgInfo("tolerance", "Band within which the line counts as on budget (≥ 0): an amount, or a share "
                                 "of the budget with basis \"share\"; default 0", True, 0.0),
            ArgInfo("basis", '"amount" (tolerance in the budget\'s units) or "share" (tolerance × |budget|, as '
                             'the plan\'s variance tolerance); default "amount"', True, "amount"),
        ),
        Example((85, 100, "cost"), "favourable", _SEED3),
    ),
    FunctionInfo(
        "MKT_PACING", pacing,
        "Spend against a straight-line budget: spent / (budget × elapsed share); 1 = on pace.",
        (
            ArgInfo("spent_to_date", "Amount spent so far (≥ 0)"),
            _BUDGET,
            ArgInfo("elapsed_share", "Share of the budget period elapsed, 0 to 1"),
        ),
        Example((12, 20, 0.5), 1.2, "seed 003 (KOL review initiative budgeted 20); 12 spent at mid-period"),
    ),
    FunctionInfo(
        "MKT_ALLOCATE", allocate,
        "Split a total in proportion to weights; returns a range shaped like the weights.",
        (
            ArgInfo("total", "Amount to split (a single value)"),
            ArgInfo("weights", "Range of weights (≥ 0, blanks count as 0)"),
        ),
        Example((100, [[3], [2]]), [[60.0], [40.0]], _SEED3 + ": 100 split 3 : 2"),
    ),
    FunctionInfo(
        "MKT_PROGRESS", progress,
        "Progress from baseline to target: (current − baseline) / (target − baseline).",
        (
            ArgInfo("current", "Current value of the metric"),
            ArgInfo("baseline", "Value when the goal was set"),
            ArgInfo("target", "Goal value (must differ from baseline)"),
        ),
        Example((560, 500, 650), 0.4, "seed 003 Table 1 (smart-lock revenue, baseline 500, target 650); 560 current"),
    ),
    FunctionInfo(
        "MKT_ROMI", romi,
        "Return on marketing investment: (incremental revenue × margin ratio − cost) / cost.",
        (
            ArgInfo("incremental_revenue", "Revenue attributable to the marketing spend"),
            ArgInfo("marketing_cost", "Marketing spend (> 0)"),
            ArgInfo("margin_ratio", "Contribution margin ratio of that revenue, 0 to 1; default 1 (revenue-based ROMI)",
                    True, 1.0),
        ),
        Example((150, 35, 0.4), (150 * 0.4 - 35) / 35,
                _FARRIS + "; seed 003 figures: +150 revenue, 35 spend, 40 % margin"),
    ),
]

#: Functions by Excel name.
FUNCTION_INDEX: dict[str, FunctionInfo] = {info.excel_name: info for info in FUNCTIONS}
