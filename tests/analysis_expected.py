"""Figures of the analysis sheets computed straight from a spec, independently of the workbook code."""

from __future__ import annotations

from typing import Any

from mktplan_xl.spec import PlanSpec

STAGES = ["introduction", "growth", "maturity", "decline"]


def pest_scores(spec: PlanSpec) -> list[Any]:
    return [f.impact * f.likelihood if f.impact and f.likelihood else None for f in spec.analysis.pest.factors]


def top_scores(spec: PlanSpec, k: int = 10) -> list[Any]:
    """The k highest scores, highest first; ties keep the list's order (so the factors are known too)."""
    scored = [(s, i) for i, s in enumerate(pest_scores(spec)) if s is not None]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [s for s, _ in scored[:k]]


def top_factors(spec: PlanSpec, k: int = 10) -> list[str]:
    factors = spec.analysis.pest.factors
    scored = [(f.impact * f.likelihood, i) for i, f in enumerate(factors) if f.impact and f.likelihood]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [factors[i].factor for _, i in scored[:k]]


def _side(items: list) -> tuple[float, float, int, int]:
    """(Σ weights, Σ weight × rating, how many weights, how many scored) of some SWOT factors."""
    weights = [f.weight for f in items if f.weight is not None]
    scored = [f.weight * f.rating for f in items if f.weight is not None and f.rating is not None]
    return sum(weights), sum(scored), len(weights), len(scored)


def expected_analysis(spec: PlanSpec) -> dict[str, Any]:
    analysis, tolerance = spec.analysis, spec.plan.check_tolerance
    swot = analysis.swot
    int_w, int_s, int_n, int_scored = _side(swot.strengths + swot.weaknesses)
    ext_w, ext_s, ext_n, ext_scored = _side(swot.opportunities + swot.threats)
    weights_ok = (int_n == 0 or abs(int_w - 1) <= tolerance) and (ext_n == 0 or abs(ext_w - 1) <= tolerance)
    if int_scored and ext_scored:
        strong, favourable = int_s >= swot.threshold, ext_s >= swot.threshold
        position = ("S" if strong else "W") + ("O" if favourable else "T")
    else:
        position = ""
    shares = [c.share or 0 for c in analysis.competitors] + [analysis.our_company.share or 0]
    share_total = sum(shares)
    stage = analysis.life_cycle.stage
    return {
        "InternalFactorScore": int_s,
        "ExternalFactorScore": ext_s,
        "InternalWeightTotal": int_w,
        "ExternalWeightTotal": ext_w,
        "SwotWeightsOK": weights_ok,
        "SwotPosition": position,
        "CompetitorShareTotal": share_total,
        "CompetitorShareRest": max(0.0, 1 - share_total),
        "LifeCycleStageNo": STAGES.index(stage) + 1 if stage else "",
        "ChecksOK": weights_ok and share_total <= 1 + tolerance,
    }
