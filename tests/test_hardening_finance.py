"""Issue 7, finance core: huge integers never leak OverflowError; masked arrays honour the mask."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mktplan_xl import finance as fin
from mktplan_xl.finance import ArrayResult, ExcelError

HUGE = 10 ** 400

HOSTILE = [HUGE, -HUGE, [HUGE, 1], [[1, HUGE]], np.array([HUGE, 2], dtype=object), 1e308, -1e308,
           math.inf, math.nan, 0, 1, 0.5, 2, -1, None, "x", "#N/A", True, [], [[]], [1, [2]],
           np.ma.masked, np.ma.masked_array([1.0, 2.0], mask=[False, True]),
           np.ma.masked_array([[0.1, 0.2]], mask=[[True, False]]), np.int64(2**62), np.float32(3),
           "cost", "price", "revenue"]


@pytest.mark.parametrize("info", fin.FUNCTIONS, ids=lambda info: info.excel_name)
def test_hostile_arguments_give_a_result_or_an_excel_error(info) -> None:
    @settings(max_examples=120, deadline=None, derandomize=True)
    @given(st.lists(st.sampled_from(range(len(HOSTILE))), min_size=len(info.args), max_size=len(info.args)))
    def check(picks: list[int]) -> None:
        args = [HOSTILE[i] for i in picks]
        try:
            result = info.python(*args)
        except ExcelError:
            return
        assert isinstance(result, (float, str, ArrayResult)), (info.excel_name, args, result)
        if isinstance(result, float):
            assert math.isfinite(result)
        excel = fin.excel_call(info.python, *args)
        assert excel is not None

    check()


@pytest.mark.parametrize("call", [
    lambda: fin.contribution_margin(20, 10, HUGE),
    lambda: fin.allocate(HUGE, [1, 2]),
    lambda: fin.allocate(100, HUGE),
    lambda: fin.allocate(100, [HUGE, 1]),
    lambda: fin.breakeven_units(HUGE, 20, 10),
])
def test_huge_integers_are_num_errors(call) -> None:
    with pytest.raises(ExcelError) as info:
        call()
    assert info.value.code == "#NUM!"


def test_masked_elements_are_blank_cells() -> None:
    masked = np.ma.masked_array([85.0, 90.0, 70.0], mask=[False, True, False])
    result = fin.variance(masked, 100.0)
    assert result.to_excel() == [-15.0, "#VALUE!", -30.0]   # a blank required argument
    assert fin.net_price(100, np.ma.masked_array([0.5, 0.9], mask=[False, True])) == 50.0  # skipped
    assert fin.price_index(6000, np.ma.masked_array([7000, 0], mask=[False, True])) == pytest.approx(6000 / 7000)
    assert fin.allocate(100, np.ma.masked_array([1.0, 5.0, 3.0], mask=[False, True, False])).to_excel() == [25.0, 0.0, 75.0]
    assert fin.excel_call(fin.variance, np.ma.masked, 1) == "#VALUE!"


def test_unmasked_masked_array_is_an_ordinary_array() -> None:
    plain = fin.variance(np.array([1.0, 2.0]), 1.0).to_excel()
    assert fin.variance(np.ma.masked_array([1.0, 2.0], mask=False), 1.0).to_excel() == plain == [0.0, 1.0]
