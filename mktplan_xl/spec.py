"""The plan spec: a validated, typed description of one marketing plan.

``load_spec_file`` reads YAML or JSON; ``validate_spec`` checks a dict and
raises :class:`SpecError` naming every bad field by path, e.g.
``budget.activities[2].plan[12]``. Amounts are per fiscal month: month 1 is
the first month of the fiscal year; lists may be shorter than 12 (the months
not given stay blank).
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import SpecError, SpecFileError
from .styles import CURRENCIES, DISPLAY_UNITS

# libyaml's loader is about 5x faster on large specs; same safe subset of YAML.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LANGUAGES = ("en", "vi", "zh")
DEFAULT_CURRENCY = {"en": "USD", "vi": "VND", "zh": "CNY"}
MONTHS = 12
MAX_TEXT = 255

Amount = Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)]
MonthAmounts = Annotated[list[Optional[Amount]], Field(max_length=MONTHS)]
Text = Annotated[str, Field(strict=True, max_length=MAX_TEXT)]
Name = Annotated[str, Field(strict=True, min_length=1, max_length=MAX_TEXT)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PlanInfo(_Strict):
    """Who and when: names, fiscal year, currency, language."""

    name: Optional[Text] = None
    company: Text = ""
    prepared_by: Text = ""
    year: Annotated[int, Field(strict=True, ge=1900, le=9998)] = Field(
        default_factory=lambda: _dt.date.today().year)
    fiscal_year_start: Annotated[int, Field(strict=True, ge=1, le=12)] = 1
    currency: Optional[str] = None
    display_unit: Literal[1, 1000, 1000000, 1000000000] = 1
    language: Literal["en", "vi", "zh"] = "en"

    @field_validator("currency", mode="before")
    @classmethod
    def _currency_code(cls, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError("currency must be a code such as VND, USD or CNY")
        code = value.strip().upper()
        if code not in CURRENCIES:
            raise ValueError(f"unknown currency {value!r}; use one of {', '.join(CURRENCIES)}")
        return code

    @model_validator(mode="after")
    def _default_currency(self) -> "PlanInfo":
        if self.currency is None:
            self.currency = DEFAULT_CURRENCY[self.language]
        return self


class Activity(_Strict):
    """One budget line: monthly plan amounts and the actuals reported so far."""

    name: Name
    group: Optional[Text] = None
    plan: MonthAmounts = Field(default_factory=list)
    actual: MonthAmounts = Field(default_factory=list)


class Budget(_Strict):
    """The budget tracker's lines and options."""

    contingency_pct: Optional[Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)]] = None
    contingency_actual: MonthAmounts = Field(default_factory=list)
    as_of_month: Optional[Annotated[int, Field(strict=True, ge=0, le=12)]] = None
    activities: Annotated[list[Activity], Field(min_length=1, max_length=100_000)]

    @model_validator(mode="after")
    def _contingency_actual_needs_pct(self) -> "Budget":
        if self.contingency_actual and self.contingency_pct is None:
            raise ValueError("contingency_actual is only used with contingency_pct")
        return self

    @property
    def months_reported(self) -> int:
        """As-of month: given, else the longest actual list."""
        if self.as_of_month is not None:
            return self.as_of_month
        lengths = [len(a.actual) for a in self.activities] + [len(self.contingency_actual)]
        return max(lengths)


class Product(_Strict):
    """One product line: units per month and a unit price (one number or 12)."""

    name: Name
    unit: Text = ""
    units: MonthAmounts = Field(default_factory=list)
    price: Annotated[list[Optional[Amount]], Field(max_length=MONTHS)] = Field(default_factory=list)

    @field_validator("price", mode="before")
    @classmethod
    def _one_price_for_every_month(cls, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return [value] * MONTHS
        return value

    @field_validator("price", mode="after")
    @classmethod
    def _twelve_prices(cls, value: list) -> list:
        if value and len(value) != MONTHS:
            raise ValueError(f"give one price or {MONTHS} monthly prices, not {len(value)}")
        return value


class Sales(_Strict):
    products: Annotated[list[Product], Field(min_length=1, max_length=100_000)]


class PlanSpec(_Strict):
    """A whole plan: ``plan`` info, ``budget`` lines and ``sales`` forecast."""

    plan: PlanInfo = Field(default_factory=PlanInfo)
    budget: Budget
    sales: Sales


# --------------------------------------------------------------------------- errors

def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _problem(error: dict) -> tuple[str, str]:
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    message = error["msg"]
    if kind == "too_long" and ctx.get("max_length") == MONTHS:
        return _path(loc + (MONTHS,)), (
            f"a fiscal year has {MONTHS} months; this list has {ctx.get('actual_length')}")
    if kind == "extra_forbidden":
        return _path(loc), "unknown field (check the spelling; see `mktplan spec --example`)"
    if kind == "missing":
        return _path(loc), "required field is missing"
    if kind == "greater_than_equal" and ctx.get("ge") == 0:
        return _path(loc), f"must not be negative (got {error.get('input')!r})"
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    if kind in ("float_type", "int_type", "string_type", "list_type", "bool_type",
                "model_type", "dict_type"):
        message += f" (got {type(error.get('input')).__name__} {error.get('input')!r})"
    if kind == "literal_error" and loc and loc[-1] == "language":
        message = f"unknown language {error.get('input')!r}; use one of {', '.join(LANGUAGES)}"
    if kind == "literal_error" and loc and loc[-1] == "display_unit":
        message = f"display_unit must be one of {', '.join(map(str, DISPLAY_UNITS))}"
    return _path(loc), message


def validate_spec(data: Any, source: Optional[str] = None) -> PlanSpec:
    """Validate a spec dict; raise :class:`SpecError` listing each bad field path."""
    if not isinstance(data, dict):
        raise SpecError([("", f"the spec must be a mapping, not {type(data).__name__}")], source)
    try:
        return PlanSpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError([_problem(e) for e in exc.errors()], source) from None


def read_spec_file(path: Path) -> dict:
    """Parse a YAML or JSON spec file into a dict (not yet validated)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SpecFileError(f"spec file not found: {path}") from None
    except IsADirectoryError:
        raise SpecFileError(f"spec path is a folder, not a file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecFileError(f"cannot read spec file {path}: {exc}") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=_YAML_LOADER)
    except json.JSONDecodeError as exc:
        raise SpecFileError(f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecFileError(f"{path}: invalid YAML{where}: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SpecFileError(f"{path}: the spec must be a mapping of plan/budget/sales, "
                            f"not {type(data).__name__}")
    return data
