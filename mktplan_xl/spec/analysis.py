"""The ``analysis`` section: the situation (PEST, competitors, SWOT, life cycle) and control.

Seed 001, chapters 2–5: PEST and its variants (PESTLE, STEEPLE, SLEPT), the
competitor table, SWOT with the interactive crossing (SO, WO, ST, WT), the
product life cycle, and the four controls of a plan. Factors and strategies are
sentences (up to 1,000 characters, :data:`~.base.LongText`); choices are
lower-case keys that the workbook shows in the plan's language.
"""

from __future__ import annotations

import functools

from typing import Annotated, Any, Literal, Optional

from pydantic import Field, field_validator, model_validator

from .base import _CHECKED, LANGUAGES, MAX_ITEMS, MAX_LONG_TEXT, LongText, Name, Strict, Text, choice

#: The areas of each framework, in the order the seed lists its letters.
FRAMEWORKS: dict[str, tuple[str, ...]] = {
    "PEST": ("political", "economic", "social", "technological"),
    "PESTLE": ("political", "economic", "social", "technological", "legal", "environmental"),
    "STEEPLE": ("social", "technological", "economic", "environmental", "political", "legal", "ethical"),
    "SLEPT": ("social", "legal", "economic", "political", "technological"),
}
AREAS = ("political", "economic", "social", "technological", "legal", "environmental", "ethical")
EFFECTS = ("opportunity", "threat")
COMPETITOR_KINDS = ("direct", "indirect")
LEVELS = ("high", "medium", "low")
STAGES = ("introduction", "growth", "maturity", "decline")
STRATEGY_KEYS = ("SO", "WO", "ST", "WT")
CONTROL_KINDS = ("annual_plan", "profitability", "efficiency", "strategic")
#: Frequencies the workbook shows in the plan's language; any other text is written as given.
FREQUENCIES = ("daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly")
#: Other spellings of the frequencies above.
FREQUENCY_ALIASES = {"annually": "yearly", "annual": "yearly", "half-yearly": "half_yearly",
                     "semiannually": "half_yearly", "semi-annually": "half_yearly"}

#: A sentence that must say something: a factor, a strategy.
Sentence = Annotated[str, Field(strict=True, min_length=1, max_length=MAX_LONG_TEXT), _CHECKED]
Scale5 = Annotated[int, Field(strict=True, ge=1, le=5)]
Rating = Annotated[int, Field(strict=True, ge=1, le=4)]
Weight = Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)]
Share = Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)]
MAX_LIST = Field(max_length=MAX_ITEMS)


@functools.lru_cache(maxsize=None)
def _frequency_labels() -> dict[str, str]:
    from ..templates import Labels

    return {Labels(language)(f"control.frequencies.{key}").strip().casefold(): key
            for language in LANGUAGES for key in FREQUENCIES}


class PestFactor(Strict):
    """One factor of the macro-environment, scored impact × likelihood (1–5 each)."""

    area: choice(AREAS, "pest.areas", "area")  # type: ignore[valid-type]
    factor: Sentence
    impact: Optional[Scale5] = None
    likelihood: Optional[Scale5] = None
    effect: Optional[choice(EFFECTS, "pest.effects", "effect")] = None  # type: ignore[valid-type]



class Pest(Strict):
    """PEST or a variant (seed 001): the framework and its factors."""

    framework: Literal["PEST", "PESTLE", "STEEPLE", "SLEPT"] = "PESTLE"
    factors: Annotated[list[PestFactor], MAX_LIST] = Field(default_factory=list)

    @field_validator("framework", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value


class SwotFactor(Strict):
    """A strength, weakness, opportunity or threat; weight (0–1) and rating (1–4) are optional."""

    factor: Sentence
    weight: Optional[Weight] = None
    rating: Optional[Rating] = None


class Strategies(Strict):
    """The interactive SWOT (TOWS) crossing: strategies for each pair."""

    SO: Annotated[list[Sentence], MAX_LIST] = Field(default_factory=list)
    WO: Annotated[list[Sentence], MAX_LIST] = Field(default_factory=list)
    ST: Annotated[list[Sentence], MAX_LIST] = Field(default_factory=list)
    WT: Annotated[list[Sentence], MAX_LIST] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _upper_keys(cls, data: Any) -> Any:
        """``so:`` is ``SO:`` (a key given in both spellings stays an error: unknown field)."""
        if isinstance(data, dict):
            upper = {k.upper() if isinstance(k, str) and k.upper() in STRATEGY_KEYS and k.upper() not in data
                     else k: v for k, v in data.items()}
            if len(upper) == len(data):
                return upper
        return data


class Swot(Strict):
    """The four quadrants, the TOWS strategies, and the score that divides strong from weak."""

    strengths: Annotated[list[SwotFactor], MAX_LIST] = Field(default_factory=list)
    weaknesses: Annotated[list[SwotFactor], MAX_LIST] = Field(default_factory=list)
    opportunities: Annotated[list[SwotFactor], MAX_LIST] = Field(default_factory=list)
    threats: Annotated[list[SwotFactor], MAX_LIST] = Field(default_factory=list)
    strategies: Strategies = Field(default_factory=Strategies)
    #: A weighted score at or above this is strong (internal) or favourable (external): the
    #: middle of the 1–4 rating scale.
    threshold: Annotated[float, Field(strict=True, ge=1, le=4, allow_inf_nan=False)] = 2.5


class Competitor(Strict):
    """One row of seed 001's competitor table."""

    name: Name
    kind: Optional[choice(COMPETITOR_KINDS, "competitors.kinds", "kind")] = None  # type: ignore[valid-type]
    share: Optional[Share] = None
    product: LongText = ""
    positioning: LongText = ""
    strengths: LongText = ""
    weaknesses: LongText = ""
    level: Optional[choice(LEVELS, "competitors.levels", "level")] = None  # type: ignore[valid-type]



class OurCompany(Strict):
    """Our own row of the competitor table, for comparison (its name is the plan's company)."""

    share: Optional[Share] = None
    product: LongText = ""
    positioning: LongText = ""
    strengths: LongText = ""
    weaknesses: LongText = ""


class LifeCycle(Strict):
    """Where the product is in its life cycle; None leaves the choice to the workbook's user."""

    stage: Optional[choice(STAGES, "lifecycle.stages", "stage")] = None  # type: ignore[valid-type]



class Control(Strict):
    """One of seed 001's four controls: who runs it, what it measures, how often."""

    kind: choice(CONTROL_KINDS, "control.kinds", "control")  # type: ignore[valid-type]
    owner: Text = ""
    measures: LongText = ""
    frequency: Text = ""

    @field_validator("frequency", mode="after")
    @classmethod
    def _frequency(cls, value: str) -> str:
        """A known frequency (its key or its label in any language) becomes its key; else free text."""
        key = value.lower()
        if key in FREQUENCIES or key in FREQUENCY_ALIASES:
            return FREQUENCY_ALIASES.get(key, key)
        return _frequency_labels().get(value.strip().casefold(), value)


class Analysis(Strict):
    """The situation analysis and the plan's controls."""

    pest: Pest = Field(default_factory=Pest)
    swot: Swot = Field(default_factory=Swot)
    competitors: Annotated[list[Competitor], MAX_LIST] = Field(default_factory=list)
    our_company: OurCompany = Field(default_factory=OurCompany)
    life_cycle: LifeCycle = Field(default_factory=LifeCycle)
    controls: Annotated[list[Control], MAX_LIST] = Field(default_factory=list)


def pest_problems(analysis: "Analysis") -> list[tuple[str, str]]:
    """(field path, message) for each PEST factor whose area is not one of the chosen framework's."""
    pest = analysis.pest
    areas = FRAMEWORKS.get(pest.framework, AREAS)
    return [(f"analysis.pest.factors[{i}].area",
             f"{factor.area} is not an area of {pest.framework}; use one of {', '.join(areas)} "
             f"(or another framework)")
            for i, factor in enumerate(pest.factors) if factor.area not in areas]
