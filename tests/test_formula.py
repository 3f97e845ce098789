"""Formula objects: rendering to Excel text and evaluation with Excel's semantics."""

from __future__ import annotations

import pytest

from mktplan_xl.errors import FormulaError
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
