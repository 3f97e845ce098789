"""Shared building blocks of the spec sections: the strict base model and field types.

Every spec section builds its fields from these types, so the protections are
the same everywhere:

* text (:data:`Text`, :data:`Name`, :data:`LongText`) must be a string without
  characters that XML 1.0 cannot hold (U+0000-U+001F except tab, line feed and
  carriage return; lone surrogates; U+FFFE, U+FFFF): a workbook can never hold
  them, so they are refused with the field path and the character's position;
* numbers (:data:`Amount`, :data:`Number`) are finite and at most
  :data:`MAX_AMOUNT` in size, far inside what a spreadsheet cell can hold, so
  no total of them can overflow.
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, Any, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

LANGUAGES = ("en", "vi", "zh")
MONTHS = 12
MAX_TEXT = 255
#: Longest sentence-like text (descriptions, notes).
MAX_LONG_TEXT = 1000
#: Largest amount in one cell: sums of 100,000 lines x 12 months, and
#: products such as units x price, stay far below Excel's 9.99999999999999E+307.
MAX_AMOUNT = 1e15
#: Most items of any list (and keys of any mapping) in a spec.
MAX_ITEMS = 100_000

#: Characters XML 1.0 cannot hold (and Excel cannot store).
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def forbidden_character(text: str) -> Optional[str]:
    """Describe the first character of ``text`` that a workbook cannot hold, or None."""
    found = FORBIDDEN_CHARACTERS.search(text)
    if found is None:
        return None
    char = found.group()
    kind = ("a lone surrogate" if "\ud800" <= char <= "\udfff" else
            "a noncharacter" if char in "\ufffe\uffff" else "a control character")
    return f"contains {kind} U+{ord(found.group()):04X} at position {found.start() + 1}"


def _xml_text(value: Any) -> Any:
    """Refuse text a workbook cannot hold; anything else is left to the type check."""
    if isinstance(value, str):
        problem = forbidden_character(value)
        if problem:
            raise ValueError(problem)
    return value


_CHECKED = BeforeValidator(_xml_text)

Amount = Annotated[float, Field(strict=True, ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]
#: A number that may be negative, bounded like :data:`Amount`.
Number = Annotated[float, Field(strict=True, ge=-MAX_AMOUNT, le=MAX_AMOUNT, allow_inf_nan=False)]
class WholeYear:
    """Marks a monthly list that is empty or holds all twelve months (a blank month is None)."""


WHOLE_YEAR = WholeYear()
MonthAmounts = Annotated[list[Optional[Amount]], Field(max_length=MONTHS)]
#: Monthly amounts that may be negative (actuals: a refund or a credit note).
MonthNumbers = Annotated[list[Optional[Number]], Field(max_length=MONTHS)]
Text = Annotated[str, Field(strict=True, max_length=MAX_TEXT), _CHECKED]
Name = Annotated[str, Field(strict=True, min_length=1, max_length=MAX_TEXT), _CHECKED]
LongText = Annotated[str, Field(strict=True, max_length=MAX_LONG_TEXT), _CHECKED]


class Strict(BaseModel):
    """Base of every spec model: unknown keys are errors, text is stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


@functools.lru_cache(maxsize=None)
def _choice_aliases(keys: tuple[str, ...], labels: str) -> dict[str, str]:
    """Every way a choice may be written (its key, its label in any language), folded, to its key."""
    from ..templates import Labels  # the label files; imported late (templates imports this package)

    aliases = {key.casefold(): key for key in keys}
    if labels:
        for language in LANGUAGES:
            section = Labels(language)(labels)
            for key in keys:
                text = section.get(key) if isinstance(section, dict) else None
                if isinstance(text, str):
                    aliases.setdefault(text.strip().casefold(), key)
    return aliases


def choice(keys: tuple[str, ...], labels: str = "", what: str = "choice") -> Any:
    """A choice among ``keys`` (a str type for a spec field). It takes, ignoring case, spaces and
    hyphens, each key (``Sub-goal`` is ``sub_goal``) and each key's label in any language from
    the label section ``labels`` (e.g. ``"control.kinds"``): a cell showing "Kiểm soát chiến lược"
    reads back as ``strategic``. Anything else is refused, naming the choices."""
    def to_key(value: Any) -> Any:
        if isinstance(value, str):
            folded = value.strip().casefold()
            found = _choice_aliases(keys, labels).get(folded)
            if found is None:
                found = _choice_aliases(keys, labels).get(folded.replace("-", "_").replace(" ", "_"))
            if found is not None:
                return found
        shown = repr(value)[:80] if isinstance(value, str) else type(value).__name__
        raise ValueError(f"unknown {what} {shown}; use one of {', '.join(keys)}")
    to_key.choice_of = keys  # type: ignore[attr-defined]  (a code, not free text)
    return Annotated[str, BeforeValidator(to_key)]
