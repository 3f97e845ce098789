"""PEST analysis (CÔNG CỤ PEST, seed 001) and its variants PESTLE, STEEPLE and SLEPT.

Top to bottom: the framework; its areas with the number of factors, of
opportunities and threats and the total score of each; the top factors by
score (LARGE / MATCH / INDEX over a sort key that breaks ties by row); the
factor list itself (inputs: area, factor, impact 1–5, likelihood 1–5,
opportunity or threat; score = impact × likelihood), with spare rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formula import COUNT, IF, INDEX, LARGE, MATCH, MAX, OR, ROWS, SUM, SUMPRODUCT, Area, T, as_number
from ..model import ListValidation, SheetModel
from ..spec.analysis import FRAMEWORKS
from .common import SPARE_ROWS, fit_wrapped_rows, print_range, write_title
from .protocol import Build, DefinedName, Figure, Sheet

COL_NO, COL_AREA, COL_FACTOR, COL_IMPACT, COL_LIKELIHOOD, COL_SCORE, COL_EFFECT, COL_KEY = range(8)
LAST_COL = COL_EFFECT
#: Rows of the "top factors" view (fewer when the list is shorter).
TOP_ROWS = 10
SCALE = ("1", "2", "3", "4", "5")


@dataclass(frozen=True)
class PestExports:
    """What other sheets may use."""

    areas: Area      # area of each factor row (inputs, spare rows included)
    factors: Area    # the factor texts
    scores: Area     # impact × likelihood per row, blank where not scored
    effects: Area    # opportunity / threat per row


class Pest(Sheet):
    key = "pest"
    tab = 10
    section = "analysis"
    names = (
        DefinedName("PestAreas", "input: area of each factor (a choice of the framework's areas)",
                    "analysis.pest.factors[*].area", "column"),
        DefinedName("PestFactors", "input: each factor of the macro-environment",
                    "analysis.pest.factors[*].factor", "column"),
        DefinedName("PestImpact", "input: impact of each factor, 1–5",
                    "analysis.pest.factors[*].impact", "column"),
        DefinedName("PestLikelihood", "input: likelihood of each factor, 1–5",
                    "analysis.pest.factors[*].likelihood", "column"),
        DefinedName("PestEffect", "input: opportunity or threat",
                    "analysis.pest.factors[*].effect", "column"),
        DefinedName("PestScores", "impact × likelihood of each factor (blank where not scored)"),
        DefinedName("PestTopFactors", "the factors with the highest scores, highest first"),
        DefinedName("PestTopScores", "their scores (beside PestTopFactors)"),
    )

    def build(self, b: Build) -> PestExports:
        ctx = b.ctx
        labels = ctx.labels
        pest = b.spec.pest
        sheet = b.model.add_sheet(self.key, labels("sheets.pest"), tab_color="#548235")
        write_title(sheet, ctx, labels("pest.title", framework=pest.framework))
        sheet.set(1, 0, ctx.plan_name, "subtitle")
        sheet.set(2, 0, labels("pest.note"), "note")
        sheet.col_widths.update({COL_NO: 6, COL_AREA: 17, COL_FACTOR: 60, COL_IMPACT: 13,
                                 COL_LIKELIHOOD: 16, COL_SCORE: 9, COL_EFFECT: 16, COL_KEY: 9})
        sheet.hidden_cols.add(COL_KEY)
        areas = FRAMEWORKS[pest.framework]
        rows = len(pest.factors) + SPARE_ROWS
        top_rows = min(TOP_ROWS, rows)

        # Framework and the two effects (the list the effect column offers) --------------
        sheet.set(4, COL_NO, labels("pest.framework"), "label_bold")
        sheet.set(4, COL_AREA, None, "label_bold")
        sheet.set(4, COL_FACTOR, labels(f"pest.frameworks.{pest.framework}"), "label")
        sheet.set(5, COL_NO, labels("pest.effect"), "label_bold")
        sheet.set(5, COL_AREA, None, "label_bold")
        effects = [labels(f"pest.effects.{e}") for e in ("opportunity", "threat")]
        sheet.set(5, COL_FACTOR, effects[0], "flag")
        sheet.set(5, COL_IMPACT, effects[1], "flag")
        effect_cells = sheet.area(5, COL_FACTOR, 5, COL_IMPACT, absolute=True)
        opportunity, threat = effect_cells.cell(0, 0), effect_cells.cell(0, 1)

        # Where the blocks go ------------------------------------------------------------
        area_header = 7
        area_first = area_header + 1
        area_total = area_first + len(areas)
        top_section = area_total + 2
        top_header = top_section + 1
        top_first = top_header + 1
        list_section = top_first + top_rows + 1
        list_header = list_section + 1
        first = list_header + 1
        last = first + rows - 1

        def column(col: int) -> Area:
            return sheet.area(first, col, last, col, absolute=True)

        area_col, factor_col = column(COL_AREA), column(COL_FACTOR)
        impact_col, likelihood_col = column(COL_IMPACT), column(COL_LIKELIHOOD)
        score_col, effect_col, key_col = column(COL_SCORE), column(COL_EFFECT), column(COL_KEY)

        # Areas of the framework ---------------------------------------------------------
        _section(sheet, area_header - 1, labels("pest.areas_title"))
        _headers(sheet, area_header, ["", labels("pest.area"), labels("pest.covers"), labels("pest.count"),
                                      labels("pest.opportunities"), labels("pest.threats"),
                                      labels("pest.total_score")])
        named = as_number(factor_col.ne(""))
        for i, area in enumerate(areas):
            r = area_first + i
            sheet.set(r, COL_NO, i + 1, "row_no")
            name = sheet.set(r, COL_AREA, labels(f"pest.areas.{area}"), "label_bold")
            sheet.set(r, COL_FACTOR, labels(f"pest.covers_text.{area}"), "wrap")
            in_area = as_number(area_col.eq(name))
            sheet.set(r, COL_IMPACT, SUMPRODUCT(in_area, named), "count")
            sheet.set(r, COL_LIKELIHOOD, SUMPRODUCT(in_area, named, as_number(effect_col.eq(opportunity))),
                      "count")
            sheet.set(r, COL_SCORE, SUMPRODUCT(in_area, named, as_number(effect_col.eq(threat))), "count")
            sheet.set(r, COL_EFFECT, SUMPRODUCT(in_area, named, impact_col, likelihood_col), "count")
        sheet.set(area_total, COL_AREA, labels("common.total"), "label_total")
        sheet.set(area_total, COL_FACTOR, None, "label_total")
        sheet.set(area_total, COL_NO, None, "label_total")
        for col in (COL_IMPACT, COL_LIKELIHOOD, COL_SCORE, COL_EFFECT):
            sheet.set(area_total, col, SUM(sheet.area(area_first, col, area_total - 1, col)), "total_units")
        area_names = sheet.area(area_first, COL_AREA, area_total - 1, COL_AREA, absolute=True)

        # Factors (inputs) ---------------------------------------------------------------
        _section(sheet, list_section, labels("pest.factors_title"))
        list_headers = ["common.number", "pest.area", "pest.factor", "pest.impact", "pest.likelihood",
                        "pest.score", "pest.effect"]
        _headers(sheet, list_header, [labels(k) for k in list_headers])
        numbers = sheet.area(first, COL_NO, last, COL_NO, absolute=True)
        for i in range(rows):
            r = first + i
            item = pest.factors[i] if i < len(pest.factors) else None
            sheet.set(r, COL_NO, i + 1, "row_no")
            sheet.set(r, COL_AREA, labels(f"pest.areas.{item.area}") if item else None, "input_choice")
            sheet.set(r, COL_FACTOR, item.factor if item else None, "input_wrap")
            sheet.set(r, COL_IMPACT, item.impact if item else None, "input_choice")
            sheet.set(r, COL_LIKELIHOOD, item.likelihood if item else None, "input_choice")
            effect = labels(f"pest.effects.{item.effect}") if item and item.effect else None
            sheet.set(r, COL_EFFECT, effect, "input_choice")
            factor, impact, likelihood = (sheet.ref(r, c) for c in (COL_FACTOR, COL_IMPACT, COL_LIKELIHOOD))
            score = sheet.set(r, COL_SCORE, IF(OR(factor.eq(""), impact.eq(""), likelihood.eq("")), "",
                                               impact * likelihood), "count")
            # sort key: the score, less a fraction of the row number, so ties keep the list's order
            sheet.set(r, COL_KEY, IF(score.eq(""), "", score - sheet.ref(r, COL_NO) / (ROWS(numbers) + 1)),
                      "decimal")
        for name, col in (("PestAreas", area_col), ("PestFactors", factor_col), ("PestImpact", impact_col),
                          ("PestLikelihood", likelihood_col), ("PestEffect", effect_col),
                          ("PestScores", score_col)):
            b.define(name, col)
        sheet.add(ListValidation(area_col, source=area_names, error_title=labels("pest.area"),
                                 error_message=labels("pest.area_error")))
        for col, title in ((impact_col, "pest.impact"), (likelihood_col, "pest.likelihood")):
            sheet.add(ListValidation(col, source=SCALE, error_title=labels(title),
                                     error_message=labels("pest.scale_error")))
        sheet.add(ListValidation(effect_col, source=effect_cells, error_title=labels("pest.effect"),
                                 error_message=labels("pest.effect_error")))

        # Top factors by score: the k-th largest sort key, found in the list ---------------
        _section(sheet, top_section, labels("pest.top_title"))
        _headers(sheet, top_header, [labels("pest.rank")] + [labels(k) for k in list_headers[1:]])
        for k in range(top_rows):
            r = top_first + k
            rank = sheet.set(r, COL_NO, k + 1, "row_no")
            where = sheet.set(r, COL_KEY, IF(rank.gt(COUNT(key_col)), "",
                                             MATCH(LARGE(key_col, rank), key_col, 0)), "count")
            for col, source, style in ((COL_AREA, area_col, "label"), (COL_FACTOR, factor_col, "wrap"),
                                       (COL_EFFECT, effect_col, "flag")):
                sheet.set(r, col, IF(where.eq(""), "", T(INDEX(source, where))), style)
            for col, source in ((COL_IMPACT, impact_col), (COL_LIKELIHOOD, likelihood_col),
                                (COL_SCORE, score_col)):
                sheet.set(r, col, IF(where.eq(""), "", INDEX(source, where)), "count")
        b.define("PestTopFactors", sheet.area(top_first, COL_FACTOR, top_first + top_rows - 1, COL_FACTOR, True))
        b.define("PestTopScores", sheet.area(top_first, COL_SCORE, top_first + top_rows - 1, COL_SCORE, True))

        # the top rows as the spec fills them, so their heights fit the texts
        scored = [(item.impact * item.likelihood - (i + 1) / (rows + 1), item.factor)
                  for i, item in enumerate(pest.factors) if item.impact and item.likelihood]
        ranked = [factor for _, factor in sorted(scored, key=lambda pair: -pair[0])]
        fit_wrapped_rows(sheet, {(top_first + k, COL_FACTOR): text for k, text in enumerate(ranked[:top_rows])})
        sheet.page.landscape = True
        print_range(sheet, last, LAST_COL)
        sheet.page.repeat_rows = (0, 1)
        sheet.freeze = (2, 0)
        self.labels, self.scores = labels, score_col
        return PestExports(area_col, factor_col, score_col, effect_col)

    def figures(self) -> list[Figure]:
        scores = self.scores
        return [Figure(self.labels("pest.figure_factors"), COUNT(scores), "count"),
                Figure(self.labels("pest.figure_top"), IF(COUNT(scores).eq(0), "", MAX(scores)), "count")]


def _section(sheet: SheetModel, row: int, title: str, last_col: int = LAST_COL) -> None:
    sheet.set(row, 0, title, "section")
    for col in range(1, last_col + 1):
        sheet.set(row, col, None, "section")


def _headers(sheet: SheetModel, row: int, texts: list[str]) -> None:
    for col, text in enumerate(texts):
        sheet.set(row, col, text or None, "header")
    sheet.row_heights[row] = 30

