"""Shared building blocks of the spec sections: the strict base model and field types."""

from __future__ import annotations

from typing import Annotated, Optional

from pydantic import BaseModel, ConfigDict, Field

LANGUAGES = ("en", "vi", "zh")
MONTHS = 12
MAX_TEXT = 255

Amount = Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)]
MonthAmounts = Annotated[list[Optional[Amount]], Field(max_length=MONTHS)]
Text = Annotated[str, Field(strict=True, max_length=MAX_TEXT)]
Name = Annotated[str, Field(strict=True, min_length=1, max_length=MAX_TEXT)]


class Strict(BaseModel):
    """Base of every spec model: unknown keys are errors, text is stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
