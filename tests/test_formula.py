"""Formula objects: rendering to Excel text and evaluation with Excel's semantics."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mktplan_xl.errors import FormulaError
from mktplan_xl.formula import operators as formula_expr
from mktplan_xl.formula import NUM as NUM_ERROR
from mktplan_xl.formula import (ABS, AND, DIV0, IF, IFERROR, INDEX, MAX, MIN, NOT, OR, REF, ROUND,
                                SUM, SUMPRODUCT, VALUE, Area, Array, Call, Const, Name, Ref, T,
                                as_number, col_letter, evaluate, render)

NAMES = {"s": "Sheet", "b": "Budget tracker", "q": "It's"}


class Grid:
    """A tiny evaluation context: {(sheet, row, col): value} and names."""

    def __init__(self, cells: dict, names: dict | None = None):
        self.cells = cells
        self.names = names or {}

    def cell_value(self, sheet, row, col):
        return self.cells.get((sheet, row, col))

    def name_target(self, name):
        return self.names[name]


def r(row: int, col: int, sheet: str = "s") -> Ref:
    return Ref(sheet, row, col)


def test_column_letters() -> None:
    assert [col_letter(c) for c in (0, 25, 26, 51, 52, 701, 702, 16383)] == \
        ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]


@pytest.mark.parametrize("expr, text", [
    (r(0, 0) + r(0, 1) * r(0, 2), "A1+B1*C1"),
    ((r(0, 0) + r(0, 1)) * r(0, 2), "(A1+B1)*C1"),
    (r(0, 0) - (r(0, 1) - r(0, 2)), "A1-(B1-C1)"),
    (r(0, 0) - r(0, 1) - r(0, 2), "A1-B1-C1"),
    (r(0, 0) / (r(0, 1) * 2), "A1/(B1*2)"),
    (-(r(0, 0) + 1), "-(A1+1)"),
    (as_number(Area("s", 0, 0, 0, 2).le(r(5, 5).absolute())), "--(A1:C1<=$F$6)"),
    (SUM(Area("b", 4, 3, 9, 3)), "SUM('Budget tracker'!D5:D10)"),
    (r(0, 0, "q") * 0.05, "'It''s'!A1*0.05"),
    (IF(r(0, 0).eq(0), "", r(0, 1) / r(0, 0)), 'IF(A1=0,"",B1/A1)'),
    (Const('say "hi"').concat(r(0, 0)), '"say ""hi"""&A1'),
    (Name("AsOfMonth") + 1.0, "AsOfMonth+1"),
    (Ref("s", 2, 1, abs_col=True), "$B3"),
    (Area("s", 0, 3, 9, 3, abs_rows=True), "D$1:D$10"),
    (AND(True, False), "AND(TRUE,FALSE)"),
])
def test_render(expr, text: str) -> None:
    assert render(expr, "s", NAMES) == text


def test_unknown_function_and_bad_constants_are_refused() -> None:
    with pytest.raises(FormulaError):
        Call("XLOOKUP", ())
    with pytest.raises(FormulaError):
        render(Const(float("inf")), "s", NAMES)
    with pytest.raises(FormulaError):
        Area("s", 5, 0, 4, 0)


def test_arithmetic_and_blank_cells() -> None:
    grid = Grid({("s", 0, 0): 6, ("s", 0, 1): 4, ("s", 0, 3): "text"})
    assert evaluate(r(0, 0) + r(0, 1) * 2, grid) == 14
    assert evaluate(r(0, 0) + r(0, 2), grid) == 6          # blank is 0
    assert evaluate(r(0, 2), grid) == 0                     # a formula showing a blank shows 0
    assert evaluate(r(0, 0) / r(0, 2), grid) == DIV0
    assert evaluate(r(0, 3) * 2, grid) == VALUE
    assert evaluate(IFERROR(r(0, 0) / r(0, 2), -1), grid) == -1
    assert evaluate(IF(r(0, 2).eq(0), "", r(0, 0) / r(0, 2)), grid) == ""


def test_comparisons_follow_excel() -> None:
    grid = Grid({("s", 0, 0): "Promo", ("s", 0, 1): 3})
    assert evaluate(r(0, 0).eq("PROMO"), grid) is True      # case-insensitive
    assert evaluate(r(0, 2).eq(""), grid) is True           # blank = ""
    assert evaluate(r(0, 2).eq(0), grid) is True            # blank = 0
    assert evaluate(r(0, 0).gt(r(0, 1)), grid) is True      # text sorts after numbers
    assert evaluate(r(0, 1).le(3), grid) is True


def test_range_functions() -> None:
    cells = {("s", i, 0): v for i, v in enumerate([1, "x", True, None, 4])}
    cells.update({("s", i, 1): g for i, g in enumerate(["a", "b", "a", "", "A"])})
    grid = Grid(cells)
    values = Area("s", 0, 0, 4, 0)
    groups = Area("s", 0, 1, 4, 1)
    assert evaluate(SUM(values), grid) == 5                 # text and logicals in ranges skipped
    assert evaluate(MIN(values), grid) == 1 and evaluate(MAX(values), grid) == 4
    assert evaluate(SUMPRODUCT(as_number(groups.eq("a")), values), grid) == 5
    assert evaluate(SUMPRODUCT(as_number(groups.eq("")), values), grid) == 0
    assert evaluate(SUMPRODUCT(groups.eq("a"), values), grid) == 0  # logicals need --
    assert evaluate(SUMPRODUCT(values, Area("s", 0, 0, 1, 0)), grid) == VALUE  # shapes differ
    assert evaluate(INDEX(Area("s", 0, 1, 0, 1), 1), grid) == "a"
    assert evaluate(INDEX(Area("s", 0, 0, 4, 0), 9), grid) == REF


def test_logic_and_rounding() -> None:
    grid = Grid({("s", 0, 0): 2.5, ("s", 0, 1): -2.5})
    assert evaluate(ROUND(r(0, 0), 0), grid) == 3 and evaluate(ROUND(r(0, 1), 0), grid) == -3
    assert evaluate(ABS(r(0, 1)), grid) == 2.5
    assert evaluate(AND(r(0, 0).gt(0), r(0, 1).lt(0)), grid) is True
    assert evaluate(OR(r(0, 0).lt(0), False), grid) is False
    assert evaluate(NOT(r(0, 0).gt(0)), grid) is False
    assert evaluate(T(r(0, 0)), grid) == "" and evaluate(T(Const("x")), grid) == "x"


def test_errors_propagate_through_sums_and_comparisons() -> None:
    grid = Grid({("s", 0, 0): DIV0, ("s", 1, 0): 1})
    assert evaluate(SUM(Area("s", 0, 0, 1, 0)), grid) == DIV0
    assert evaluate(r(0, 0).eq(1), grid) == DIV0
    assert evaluate(IF(r(0, 0), 1, 2), grid) == DIV0


def test_names_resolve() -> None:
    grid = Grid({("s", 3, 3): 12}, {"Total": Ref("s", 3, 3)})
    assert evaluate(Name("Total") * 2, grid) == 24


def test_array_broadcast() -> None:
    grid = Grid({("s", 0, c): c for c in range(3)})
    value = (Area("s", 0, 0, 0, 2) * 2).evaluate(grid)
    assert isinstance(value, Array) and value.rows == [[0, 2, 4]]


# --------------------------------------------------------------------------- the registry

def test_a_wrong_call_fails_when_the_formula_is_built() -> None:
    from mktplan_xl.formula import DATE, FUNCTIONS, MATCH, call

    with pytest.raises(FormulaError, match="DATE takes 3 arguments, not 2"):
        DATE(2024, 1)
    with pytest.raises(FormulaError, match="MATCH takes 2 to 3 arguments, not 4"):
        MATCH(1, r(0, 0), 0, 1)
    with pytest.raises(FormulaError, match="not supported"):
        Call("LET", (Const(1),))
    with pytest.raises(KeyError):
        call("XLOOKUP")
    assert FUNCTIONS["RANK.EQ"].xlfn and not FUNCTIONS["SUM"].xlfn


def test_functions_added_after_excel_2007_get_the_xlfn_prefix() -> None:
    from mktplan_xl.formula import RANK_EQ, XLFN_FUNCTIONS

    assert render(RANK_EQ(r(0, 0), Area("s", 0, 0, 9, 0)), "s", NAMES) == "_xlfn.RANK.EQ(A1,A1:A10)"
    assert "RANK.EQ" in XLFN_FUNCTIONS and "EDATE" not in XLFN_FUNCTIONS


@pytest.mark.parametrize("value, digits, expected", [
    (2.4999999999, 0, 2), (2.5, 0, 3), (-2.5, 0, -3), (0.285, 2, 0.29), (1.005, 2, 1.01),
    (1234.5, -2, 1200), (-0.5, 0, -1), (123456789.125, 2, 123456789.13), (0.1 + 0.2, 1, 0.3),
])
def test_round_half_away_from_zero_on_the_decimal_value(value: float, digits: int, expected: float) -> None:
    assert evaluate(ROUND(value, digits), Grid({})) == expected


def test_a_chain_of_ten_thousand_cells_evaluates_without_recursion_error() -> None:
    from mktplan_xl.model import WorkbookModel

    model = WorkbookModel()
    sheet = model.add_sheet("s", "S")
    n = 10_000
    sheet.set(n - 1, 0, 1)
    for row in range(n - 2, -1, -1):
        sheet.set(row, 0, sheet.ref(row + 1, 0) + 1)
    model.evaluate()
    assert model.evaluator.cell_value("s", 0, 0) == n
    model.evaluate()  # and again, from the top, in a fresh run
    assert model.evaluate_cell("s", 0, 0) == n


def test_a_circular_reference_is_reported() -> None:
    from mktplan_xl.model import WorkbookModel

    model = WorkbookModel()
    sheet = model.add_sheet("s", "S")
    sheet.set(0, 0, sheet.ref(1, 0) + 1)
    sheet.set(1, 0, sheet.ref(0, 0) + 1)
    with pytest.raises(FormulaError, match="circular"):
        model.evaluate()
    long = WorkbookModel()
    sheet = long.add_sheet("s", "S")
    for row in range(200):
        sheet.set(row, 0, sheet.ref((row + 1) % 200, 0) + 1)
    with pytest.raises(FormulaError, match="circular"):
        long.evaluate()


def test_dates_are_serial_numbers_and_render_as_date_calls() -> None:
    import datetime as dt

    from mktplan_xl.formula import EDATE, EOMONTH, YEAR, date_serial, serial_date

    grid = Grid({("s", 0, 0): date_serial(dt.date(2024, 1, 31))})
    assert render(Const(dt.date(2024, 9, 1)), "s", NAMES) == "DATE(2024,9,1)"
    assert serial_date(evaluate(EDATE(r(0, 0), 1), grid)) == dt.date(2024, 2, 29)
    assert serial_date(evaluate(EOMONTH(r(0, 0), 11), grid)) == dt.date(2024, 12, 31)
    assert evaluate(YEAR(r(0, 0) + 366), grid) == 2025
    assert evaluate(YEAR(-1), grid) == NUM_ERROR


def test_criteria_follow_excel() -> None:
    from mktplan_xl.formula import criterion

    assert [criterion(">2")(v) for v in (3, 2, "9", None)] == [True, False, False, False]
    assert [criterion("<>x")(v) for v in ("X", "y", None, 1)] == [False, True, True, True]
    assert [criterion("a?c*")(v) for v in ("abcd", "ABC", "ac", 1)] == [True, True, False, False]
    assert [criterion("~*")(v) for v in ("*", "a")] == [True, False]
    assert [criterion("")(v) for v in (None, "", "a")] == [True, True, False]
    assert [criterion("5")(v) for v in (5, "5", 6)] == [True, True, False]


def test_user_text_lookups_are_exact() -> None:
    from mktplan_xl.formula import match_exact, sum_where

    cells = {("s", i, 0): v for i, v in enumerate(["a*", "abc", "<5", "7"])}
    cells.update({("s", i, 1): 10 ** i for i in range(4)})
    grid = Grid(cells)
    keys, amounts = Area("s", 0, 0, 3, 0), Area("s", 0, 1, 3, 1)
    assert evaluate(match_exact("a*", keys), grid) == 1
    assert evaluate(match_exact("<5", keys), grid) == 3
    assert evaluate(sum_where(amounts, keys, "<5"), grid) == 100
    assert evaluate(sum_where(amounts, keys, "a*"), grid) == 1


def test_one_relative_formula_serves_a_whole_column() -> None:
    """Offset/OffsetArea count from the formula's own cell, like Excel's shared formulas."""
    from mktplan_xl.formula import Offset, OffsetArea, as_number
    from mktplan_xl.model import WorkbookModel

    model = WorkbookModel()
    sheet = model.add_sheet("s", "S")
    row_total = SUM(OffsetArea(0, -3, 0, -1))                  # this row's three cells to the left
    above = Offset(-1, 0)
    flags = as_number(OffsetArea(0, -4, 0, -2).gt(1))          # an array that depends on the row
    for row in range(5):
        for col in range(3):
            sheet.set(row, col, row + col)
        sheet.set(row, 3, row_total)
        sheet.set(row, 4, SUMPRODUCT(flags))
        sheet.set(row, 5, above + 1 if row else 0)
    model.evaluate()
    assert [model.evaluator.cell_value("s", r, 3) for r in range(5)] == [3, 6, 9, 12, 15]
    assert [model.evaluator.cell_value("s", r, 4) for r in range(5)] == [1, 2, 3, 3, 3]
    assert [model.evaluator.cell_value("s", r, 5) for r in range(5)] == [0, 1, 2, 3, 4]
    assert render(row_total, "s", NAMES, 4, 3) == "SUM(A5:C5)"
    assert render(Offset(2, -1, "b"), "s", NAMES, 0, 1) == "'Budget tracker'!A3"


# Array fast paths (a range compared with text, +-* of two ranges, --range) give what the general
# element-by-element rules give, for every kind of cell value.
CELL_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                        st.floats(allow_nan=False, allow_infinity=False, width=64),
                        st.sampled_from(["", "a", "A", "ab", "Ä", "ä", "1", " a"]),
                        st.sampled_from([DIV0, NUM_ERROR, REF]))


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL_VALUES, min_size=1, max_size=12), st.sampled_from(["", "a", "A", "ä", "1"]),
       st.sampled_from(["=", "<>"]))
def test_range_compared_with_text_fast_path(values: list, text: str, op: str) -> None:
    fn = formula_expr.COMPARE[op]
    fast = formula_expr.equal_text(Array.of(values, 1), text, op == "=").values
    assert fast == [formula_expr.compare(fn, x, text) for x in values]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(CELL_VALUES, CELL_VALUES), min_size=1, max_size=12), st.sampled_from(["+", "-", "*"]))
def test_arithmetic_of_two_ranges_fast_path(pairs: list, op: str) -> None:
    fn = formula_expr.ARITH[op]
    xs, ys = [x for x, _ in pairs], [y for _, y in pairs]
    fast = formula_expr.plain_arith(fn, xs, ys)
    slow = [formula_expr.arith(fn, x, y) for x, y in pairs]
    assert [(type(a), a) for a in fast] == [(type(b), b) for b in slow]


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL_VALUES, min_size=1, max_size=12))
def test_as_number_of_a_range_fast_path(values: list) -> None:
    fast = formula_expr.as_numbers(Array.of(values, 1)).values
    assert [(type(a), a) for a in fast] == [(type(b), b) for b in map(formula_expr.to_number, values)]
