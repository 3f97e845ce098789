"""Date functions on Excel's serial numbers (1900 date system, with its 29 February 1900):
DATE, YEAR, MONTH, DAY, EDATE, EOMONTH."""

from __future__ import annotations

import calendar
import datetime as _dt
import math
from typing import Union

from .expr import EvalContext, Expr
from .functions import Impl, number_arg, register
from .values import NUM, Value, XlError, date_serial


def _ymd(serial: float) -> tuple[int, int, int]:
    """Year, month, day of a serial number as Excel reads it (0 is 1900-01-00, 60 is 1900-02-29)."""
    whole = math.floor(serial)
    if whole >= 61:
        day = _dt.date(1899, 12, 30) + _dt.timedelta(days=whole)
        return day.year, day.month, day.day
    if whole == 60:
        return 1900, 2, 29
    if whole == 0:
        return 1900, 1, 0
    day = _dt.date(1900, 1, 1) + _dt.timedelta(days=whole - 1)
    return day.year, day.month, day.day


def _serial_arg(ctx: EvalContext, arg: Expr) -> Union[float, XlError]:
    value = number_arg(ctx, arg)
    if isinstance(value, XlError):
        return value
    if value < 0 or value >= 2958466:  # 9999-12-31 is 2958465
        return NUM
    return value


def _date_part(index: int) -> Impl:
    def impl(ctx: EvalContext, args: tuple) -> Value:
        serial = _serial_arg(ctx, args[0])
        return serial if isinstance(serial, XlError) else _ymd(serial)[index]
    return impl


register("YEAR", 1)(_date_part(0))
register("MONTH", 1)(_date_part(1))
register("DAY", 1)(_date_part(2))


def _serial_of(year: int, month: int, day: int) -> Union[int, XlError]:
    """Serial of a (possibly overflowing) year, month and day, as DATE normalizes them."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    if not 1900 <= year <= 9999:
        return NUM
    serial = date_serial(_dt.date(year, month, 1)) + day - 1
    if year == 1900 and month <= 2:
        serial -= 1  # Excel counts a 29 February 1900
    return serial if 0 <= serial <= 2958465 else NUM


@register("DATE", 3)
def _fn_date(ctx: EvalContext, args: tuple) -> Value:
    parts = [number_arg(ctx, a) for a in args]
    for v in parts:
        if isinstance(v, XlError):
            return v
    year, month, day = (int(v) for v in parts)
    if 0 <= year < 1900:
        year += 1900
    return _serial_of(year, month, day)


def _month_shift(end_of_month: bool) -> Impl:
    def impl(ctx: EvalContext, args: tuple) -> Value:
        serial = _serial_arg(ctx, args[0])
        months = number_arg(ctx, args[1])
        for v in (serial, months):
            if isinstance(v, XlError):
                return v
        year, month, day = _ymd(serial)
        total = year * 12 + month - 1 + int(months)
        year, month = divmod(total, 12)
        month += 1
        if not 1900 <= year <= 9999:
            return NUM
        last = calendar.monthrange(year, month)[1]
        return _serial_of(year, month, last if end_of_month else min(day, last))
    return impl


register("EDATE", 2)(_month_shift(False))
register("EOMONTH", 2)(_month_shift(True))
