"""The finance core: published worked examples, error semantics and properties."""

from __future__ import annotations

import datetime as dt
import inspect
import math
from functools import partial

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mktplan_xl import finance as fin
from mktplan_xl.finance import ArrayResult, ExcelError, excel_call

APPROX = dict(rel=1e-12, abs=1e-12)


def cell(result):
    """A core result as Excel would show it (scalar errors as their text)."""
    try:
        return fin.to_excel(result() if callable(result) else result)
    except ExcelError as error:
        return error.code


def same(actual, expected) -> bool:
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(
            same(a, e) for a, e in zip(actual, expected))
    if isinstance(expected, str):
        return actual == expected
    return isinstance(actual, float) and actual == pytest.approx(expected, **APPROX)


# --------------------------------------------------------------------------- worked examples

@pytest.mark.parametrize("info", fin.FUNCTIONS, ids=lambda info: info.excel_name)
def test_registry_worked_example(info: fin.FunctionInfo) -> None:
    assert same(cell(info.python(*info.example.args)), info.example.result)
    assert info.example.source


# Kotler & Armstrong, Principles of Marketing, toaster: v = $10, F = $300,000, Q = 50,000.
KOTLER = [
    (fin.unit_cost, (10, 300000, 50000), 16.0),
    (fin.markup_price, (16, 0.2, "price"), 20.0),          # 20 % mark-up on sales
    (fin.markup_price, (16, 0.25, "cost"), 20.0),          # the same $4 as 25 % on cost
    (fin.markup_price, (20, 0.5, "price"), 40.0),          # dealers' 50 % on their selling price
    (fin.breakeven_units, (300000, 20, 10), 30000.0),
    (fin.breakeven_units, (300000, 20, 10, 200000), 50000.0),  # $200,000 target profit
    (fin.breakeven_revenue, (300000, 20, 10), 600000.0),
    (fin.target_return_price, (16, 1000000, 0.2, 50000), 20.0),
    (fin.breakeven_price, (300000, 10, 50000, 200000), 20.0),
    (fin.contribution_margin, (20, 10), 10.0),
    (fin.margin_of_safety, (50000, 300000, 20, 10), 0.4),
    (fin.markup_convert, (0.25, "cost"), 0.2),
]


@pytest.mark.parametrize(("function", "args", "expected"), KOTLER)
def test_kotler_toaster(function, args, expected) -> None:
    assert function(*args) == pytest.approx(expected, **APPROX)


def test_seed_003_alignment_check_figures() -> None:
    # Budget 100 (10k CNY) against 35 + 50 requested; split by goal contribution 3 : 2.
    assert fin.variance(35 + 50, 100) == -15
    assert fin.variance_pct(85, 100) == pytest.approx(-0.15)
    assert fin.variance_flag(85, 100) == "favourable"
    assert fin.variance_flag(85, 100, "revenue") == "unfavourable"
    assert fin.allocate(100, [3, 2]).values.tolist() == [60.0, 40.0]
    # Table 1: awareness baseline 30 % -> target 45 %; a cost-cutting goal runs downward.
    assert fin.progress(36, 30, 45) == pytest.approx(0.4)
    assert fin.progress(80, 100, 70) == pytest.approx(2 / 3)


def test_seed_001_milk_price_index() -> None:
    # Vinamilk 7,000 VND; rivals 6,500 and 6,000: 6,500 sits exactly at the average.
    assert fin.price_index(6500, [7000, 6000]) == 1.0
    indices = fin.price_index([[6000], [7000]], [7000, 6500, None])
    assert indices.values == pytest.approx(np.array([[6000 / 6750], [7000 / 6750]]))


def test_chain_discounts_are_not_additive() -> None:
    assert fin.net_price(100, [0.2, 0.1]) == pytest.approx(72.0)
    assert fin.net_price(100, [[0.2], [None], [0.1]]) == pytest.approx(72.0)
    assert fin.net_price(100, [None, None]) == 100.0
    prices = fin.net_price([[100, 200], [40, 0]], [0.5, 0.02])
    assert prices.values == pytest.approx(np.array([[49.0, 98.0], [19.6, 0.0]]))


def test_variance_flag_tolerance_is_absolute() -> None:
    assert fin.variance_flag(104, 100, "cost", 5) == "on budget"
    assert fin.variance_flag(106, 100, "cost", 5) == "unfavourable"
    assert fin.variance_flag(106, 100, "Revenue ", 5) == "favourable"
    assert fin.variance_flag(0.1 + 0.2, 0.3) == "on budget"  # float noise is not a variance


def test_variance_pct_keeps_the_sign_for_negative_budgets() -> None:
    # Budgeted loss of 100, actual loss of 50: better than budget, positive variance.
    assert fin.variance_pct(-50, -100) == pytest.approx(0.5)


def test_romi_defaults_to_revenue_based() -> None:
    assert fin.romi(150, 50) == pytest.approx(2.0)
    assert fin.romi(150, 35, 0.4) == pytest.approx(25 / 35)


# --------------------------------------------------------------------------- errors and coercion

@pytest.mark.parametrize(("call", "code"), [
    (lambda: fin.breakeven_units(1000, 10, 10), "#DIV/0!"),
    (lambda: fin.breakeven_units(1000, 8, 10), "#NUM!"),
    (lambda: fin.breakeven_units(-1, 20, 10), "#NUM!"),
    (lambda: fin.margin_of_safety(0, 300000, 20, 10), "#DIV/0!"),
    (lambda: fin.unit_cost(10, 1000, 0), "#DIV/0!"),
    (lambda: fin.markup_price(16, 1.0, "price"), "#NUM!"),
    (lambda: fin.markup_convert(1.5, "price"), "#NUM!"),
    (lambda: fin.markup_price(16, 0.2, "retail"), "#VALUE!"),
    (lambda: fin.price_index(100, [None]), "#DIV/0!"),
    (lambda: fin.variance_pct(5, 0), "#DIV/0!"),
    (lambda: fin.variance_flag(5, 0, "loss"), "#VALUE!"),
    (lambda: fin.variance_flag(5, 0, "cost", 0.1, "percent"), "#VALUE!"),
    (lambda: fin.variance("12", 10), "#VALUE!"),
    (lambda: fin.variance(True, 10), "#VALUE!"),
    (lambda: fin.variance(None, 10), "#VALUE!"),
    (lambda: fin.variance(dt.date(2024, 1, 1), 10), "#VALUE!"),
    (lambda: fin.variance(math.nan, 10), "#NUM!"),
    (lambda: fin.variance(math.inf, 10), "#NUM!"),
    (lambda: fin.variance(10 ** 400, 1), "#NUM!"),
    (lambda: fin.variance("#N/A", 10), "#N/A"),
    (lambda: fin.variance([1, 2, 3], [[1, 2, 3]]), "#VALUE!"),
    (lambda: fin.variance([[1, 2], [3]], 1), "#VALUE!"),
    (lambda: fin.variance([], 1), "#VALUE!"),
    (lambda: fin.allocate([100, 200], [1, 1]), "#VALUE!"),
    (lambda: fin.allocate(100, [1, -1]), "#NUM!"),
    (lambda: fin.allocate(100, [0, None]), "#DIV/0!"),
    (lambda: fin.allocate(100, 0), "#DIV/0!"),
    (lambda: fin.contribution_margin(10, 5, "yes"), "#VALUE!"),
])
def test_scalar_errors_raise_excel_error(call, code: str) -> None:
    with pytest.raises(ExcelError) as raised:
        call()
    assert raised.value.code == code
    assert excel_call(lambda: call()) == code


def test_bad_element_only_spoils_its_own_cell() -> None:
    result = fin.breakeven_units([[300000, "n/a", 1000, None]], 20, [[10, 10, 20, 10]])
    assert isinstance(result, ArrayResult)
    assert result.shape == (1, 4)
    assert result.to_excel() == [[30000.0, "#VALUE!", "#DIV/0!", "#VALUE!"]]
    assert result.ok.tolist() == [[True, False, False, False]]
    assert result.errors().tolist() == [["", "#VALUE!", "#DIV/0!", "#VALUE!"]]


def test_first_argument_error_wins() -> None:
    assert excel_call(fin.variance, "#REF!", "#N/A") == "#REF!"
    assert excel_call(fin.breakeven_units, [["x"]], 10, 10) == "#VALUE!"  # input error beats zero margin
    assert excel_call(fin.breakeven_units, -1, 10, 10) == "#NUM!"  # earlier check beats later one


def test_option_ranges_map_element_wise() -> None:
    flags = fin.variance_flag([[90], [90], [90]], 100, [["cost"], ["revenue"], ["other"]])
    assert flags.to_excel() == [["favourable"], ["unfavourable"], ["#VALUE!"]]
    prices = fin.markup_price(16, [[0.25, 0.2]], [["cost", "PRICE"]])
    assert prices.to_excel() == [[20.0, 20.0]]
    ratios = fin.contribution_margin([[20, 20]], 10, [[False, 1]])
    assert ratios.to_excel() == [[10.0, 0.5]]


def test_one_by_one_ranges_broadcast_and_come_back_as_scalars() -> None:
    assert excel_call(fin.breakeven_units, [[300000.0]], [[20.0]], [[10.0]]) == 30000.0
    assert excel_call(fin.breakeven_units, [[300000.0]], [[20.0], [30.0]], [[10.0]]) == [[30000.0], [15000.0]]
    assert excel_call(fin.allocate, [[100.0]], [[3.0]]) == 100.0


def test_excel_call_drops_blank_optionals_and_hides_tracebacks() -> None:
    assert excel_call(fin.breakeven_units, 300000, 20, 10, target_profit=[[None]]) == 30000.0
    assert excel_call(fin.markup_price, 16, 0.25, basis=None) == 20.0

    def broken(_value):
        raise RuntimeError("bug")

    assert excel_call(broken, 1) == "#VALUE!"


def test_numpy_inputs() -> None:
    fixed = np.array([300000, 0, -1])
    result = fin.breakeven_units(fixed, np.float64(20), 10)
    assert result.to_excel() == [30000.0, 0.0, "#NUM!"]
    assert fin.breakeven_units(np.float64(300000), 20, 10) == 30000.0
    assert fin.variance(np.array([True, False]), 1).to_excel() == ["#VALUE!", "#VALUE!"]
    assert fin.variance(np.array(["1", "#N/A"]), 1).to_excel() == ["#VALUE!", "#N/A"]


def test_allocate_keeps_shape_and_total() -> None:
    shares = fin.allocate(1000, [[1, None, 2], [3, 0, 4]])
    assert shares.shape == (2, 3)
    assert shares.values == pytest.approx(np.array([[100, 0, 200], [300, 0, 400]]))
    assert math.fsum(shares.values.ravel()) == 1000


# --------------------------------------------------------------------------- registry

@pytest.mark.parametrize("info", fin.FUNCTIONS, ids=lambda info: info.excel_name)
def test_registry_matches_signatures(info: fin.FunctionInfo) -> None:
    params = list(inspect.signature(info.python).parameters.values())
    assert [p.name for p in params] == [a.name for a in info.args]
    for param, spec in zip(params, info.args):
        assert spec.optional == (param.default is not inspect.Parameter.empty)
        if spec.optional:
            assert param.default == spec.default
        assert spec.help
    assert info.excel_name.startswith("MKT_") and info.description


def test_registry_names_are_unique_and_indexed() -> None:
    names = [info.excel_name for info in fin.FUNCTIONS]
    assert len(names) == len(set(names)) == len(fin.FUNCTION_INDEX)


def test_example_formula_uses_excel_literals() -> None:
    assert fin.FUNCTION_INDEX["MKT_ALLOCATE"].example_formula() == "=MKT_ALLOCATE(100,{3;2})"
    assert fin.FUNCTION_INDEX["MKT_MARKUP_PRICE"].example_formula() == '=MKT_MARKUP_PRICE(16,0.2,"price")'
    assert fin.FUNCTION_INDEX["MKT_MARKUP_PRICE"].signature() == "MKT_MARKUP_PRICE(unit_cost, markup, [basis])"
    assert fin.excel_literal(True) == "TRUE" and fin.excel_literal('a"b') == '"a""b"'


# --------------------------------------------------------------------------- properties

money = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
rate = st.floats(min_value=0, max_value=0.99, allow_nan=False)
# Values chosen to hit every branch: zeros, equal values, negatives, text, blanks.
cells = st.one_of(
    st.sampled_from([0.0, 1.0, -1.0, 0.5, 2.0, 1e-9, 1e9]),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.sampled_from(["x", None, True, "#N/A", math.nan]),
)
ELEMENTWISE = [
    (fin.breakeven_units, 4), (fin.breakeven_revenue, 4), (fin.breakeven_price, 4),
    (fin.margin_of_safety, 4), (fin.unit_cost, 3), (fin.target_return_price, 4),
    (fin.variance, 2), (fin.variance_pct, 2), (fin.pacing, 3), (fin.progress, 3), (fin.romi, 3),
    (partial(fin.markup_convert, from_basis="price"), 1),
    (partial(fin.contribution_margin, as_ratio=True), 2),
    (partial(fin.markup_price, basis="price"), 2),
    (partial(fin.variance_flag, kind="revenue", tolerance=0.5), 2),
]


@given(fixed=money, price=money, cost=money, profit=money)
def test_breakeven_revenue_is_units_times_price(fixed, price, cost, profit) -> None:
    assume(price - cost > 1e-6 * max(price, 1.0))
    units = fin.breakeven_units(fixed, price, cost, profit)
    assert fin.breakeven_revenue(fixed, price, cost, profit) == pytest.approx(units * price, rel=1e-12)
    # at break-even volume, contribution exactly covers fixed costs plus target profit
    assert units * (price - cost) == pytest.approx(fixed + profit, rel=1e-9, abs=1e-6)


@given(m=st.floats(min_value=0, max_value=1e6, allow_nan=False), cost=money)
def test_markup_conversions_round_trip(m, cost) -> None:
    on_price = fin.markup_convert(m, "cost")
    assert 0 <= on_price < 1
    assert fin.markup_convert(on_price, "price") == pytest.approx(m, rel=1e-9, abs=1e-12)
    assume(m < 1e3)  # prices from tiny price-basis gaps lose precision
    assert fin.markup_price(cost, m, "cost") == pytest.approx(fin.markup_price(cost, on_price, "price"), rel=1e-9)


@given(m=rate)
def test_price_basis_round_trip(m) -> None:
    assert fin.markup_convert(fin.markup_convert(m, "price"), "cost") == pytest.approx(m, rel=1e-9, abs=1e-15)


@given(total=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
       weights=st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_subnormal=False),
                        min_size=1, max_size=50))
def test_allocation_sums_to_total(total, weights) -> None:
    assume(sum(weights) > 0)
    shares = fin.allocate(total, weights)
    assert shares.shape == (len(weights),)
    assert math.fsum(shares.values) == pytest.approx(total, rel=1e-12, abs=1e-9)
    whole = math.fsum(weights)
    for share, weight in zip(shares.values, weights):
        assert share == pytest.approx(total * (weight / whole), rel=1e-9, abs=1e-9 * abs(total) + 1e-9)


@settings(max_examples=150)
@given(data=st.data(), rows=st.integers(1, 4), cols=st.integers(1, 4))
@pytest.mark.parametrize(("function", "arity"), ELEMENTWISE, ids=lambda f: getattr(f, "__name__", None) or getattr(
    getattr(f, "func", None), "__name__", str(f)))
def test_array_results_match_scalar_calls(function, arity, data, rows, cols) -> None:
    """Broadcasting: one range in, same-shaped range out, each cell equal to the scalar call."""
    grid = data.draw(st.lists(st.lists(cells, min_size=cols, max_size=cols), min_size=rows, max_size=rows))
    others = [data.draw(cells) for _ in range(arity - 1)]
    position = data.draw(st.integers(0, arity - 1))
    args = others[:position] + [grid] + others[position:]
    result = excel_call(function, *args)
    if rows == cols == 1:
        result = [[result]]
    assert len(result) == rows and all(len(row) == cols for row in result)
    for r in range(rows):
        for c in range(cols):
            single = excel_call(function, *others[:position], grid[r][c], *others[position:])
            expected = result[r][c]
            assert single == expected or (isinstance(single, float) and single == pytest.approx(expected))


@given(a=st.integers(2, 4), b=st.integers(2, 4))
def test_mismatched_shapes_give_one_value_error(a, b) -> None:
    assume(a != b)
    assert excel_call(fin.variance, [[1.0] * a], [[1.0] * b]) == "#VALUE!"
    assert excel_call(fin.breakeven_units, [[1.0]] * b, 20, [[1.0] * b]) == "#VALUE!"
