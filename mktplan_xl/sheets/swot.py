"""SWOT analysis as seed 001 draws it, the factor evaluation, and the interactive SWOT (TOWS).

The four quadrants form a 2×2 grid (strengths | weaknesses over opportunities
| threats), each factor with an optional weight (0–1) and rating (1–4) and
their product. Below the grid: the internal factor evaluation (strengths +
weaknesses) and the external one (opportunities + threats), the check that
each side's weights add up to 1, and the position the two scores imply; then
the TOWS crossing (SO, WO over ST, WT) with the strategies, the implied one
highlighted.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formula import ABS, AND, COUNT, IF, OR, SUM, Area, Expr, Ref
from ..model import FormulaRule, ListValidation, NumberValidation, SheetModel
from ..spec.analysis import SwotFactor
from .common import SPARE_ROWS, fit_wrapped_rows, print_range, write_title
from .protocol import TOLERANCE, Build, Check, DefinedName, Figure, Sheet, flag_check

COL_NO, COL_FACTOR, COL_WEIGHT, COL_RATING, COL_SCORE = range(5)
RIGHT = 6                      # the right-hand quadrants start in column G
LAST_COL = RIGHT + COL_SCORE
RATINGS = ("1", "2", "3", "4")
QUADRANTS = (("strengths", "Strength"), ("weaknesses", "Weakness"),
             ("opportunities", "Opportunity"), ("threats", "Threat"))
STRATEGIES = ("SO", "WO", "ST", "WT")


@dataclass(frozen=True)
class SwotExports:
    """What other sheets may use."""

    internal_score: Ref      # InternalFactorScore
    external_score: Ref      # ExternalFactorScore
    weights_ok: Ref          # SwotWeightsOK
    position: Ref            # SO, WO, ST or WT ("" without weights and ratings on both sides)


@dataclass(frozen=True)
class _Quadrant:
    factors: Area
    weights: Area
    ratings: Area
    scores: Area
    weight_total: Ref
    score_total: Ref


def _names() -> tuple[DefinedName, ...]:
    names: list[DefinedName] = []
    for key, singular in QUADRANTS:
        plural = key.capitalize()
        field = f"analysis.swot.{key}[*]"
        names += [
            DefinedName(f"Swot{plural}", f"input: {key}, one per row", f"{field}.factor", "column"),
            DefinedName(f"Swot{singular}Weights", f"input: weight of each of the {key} (0–1)",
                        f"{field}.weight", "column"),
            DefinedName(f"Swot{singular}Ratings", f"input: rating of each of the {key} (1–4)",
                        f"{field}.rating", "column"),
        ]
    names += [DefinedName(f"SwotStrategies{s}", f"input: {s} strategies, one per row",
                          f"analysis.swot.strategies.{s}[*]", "column") for s in STRATEGIES]
    names += [
        DefinedName("SwotThreshold", "input: weighted score from which a side is strong / favourable",
                    "analysis.swot.threshold"),
        DefinedName("InternalFactorScore", "Σ weight × rating of the strengths and weaknesses"),
        DefinedName("ExternalFactorScore", "Σ weight × rating of the opportunities and threats"),
        DefinedName("InternalWeightTotal", "Σ weights of the strengths and weaknesses"),
        DefinedName("ExternalWeightTotal", "Σ weights of the opportunities and threats"),
        DefinedName("SwotWeightsOK", "TRUE when each side's weights add up to 1 (a side without weights "
                    "passes)"),
        DefinedName("SwotPosition", "SO, WO, ST or WT: the crossing the two scores imply (blank without "
                    "weights and ratings on both sides)"),
    ]
    return tuple(names)


class Swot(Sheet):
    key = "swot"
    tab = 14
    section = "analysis"
    names = _names()

    def build(self, b: Build) -> SwotExports:
        ctx = b.ctx
        labels = ctx.labels
        swot = b.spec.swot
        sheet = b.model.add_sheet(self.key, labels("sheets.swot"), tab_color="#548235")
        write_title(sheet, ctx, labels("swot.title"))
        sheet.set(1, 0, ctx.plan_name, "subtitle")
        sheet.merge(2, 0, 2, LAST_COL, labels("swot.note"), "text")
        sheet.row_heights[2] = 30
        for base in (0, RIGHT):
            sheet.col_widths.update({base + COL_NO: 5, base + COL_FACTOR: 44, base + COL_WEIGHT: 9,
                                     base + COL_RATING: 11, base + COL_SCORE: 10})
        sheet.col_widths[RIGHT - 1] = 2

        # The 2×2 grid ------------------------------------------------------------------
        quadrants: dict[str, _Quadrant] = {}
        row = 4
        for left, right in (("strengths", "weaknesses"), ("opportunities", "threats")):
            items = {key: getattr(swot, key) for key in (left, right)}
            rows = max(len(items[left]), len(items[right])) + SPARE_ROWS
            for key, base in ((left, 0), (right, RIGHT)):
                quadrants[key] = _quadrant(b, sheet, row, base, key, items[key], rows)
            row += rows + 4

        # Factor evaluation ----------------------------------------------------------------
        _band(sheet, row, 0, LAST_COL, labels("swot.evaluation_title"), "section")
        header = row + 1
        for col, key in ((COL_FACTOR, "swot.side"), (COL_WEIGHT, "swot.weights_total"),
                         (COL_RATING, "swot.weighted_score")):
            sheet.set(header, col, labels(key), "header")
        sheet.row_heights[header] = 30
        s, w, o, t = (quadrants[k] for k in ("strengths", "weaknesses", "opportunities", "threats"))
        internal_row, external_row = header + 1, header + 2
        sides = {}
        for r, key, pair in ((internal_row, "swot.ife", (s, w)), (external_row, "swot.efe", (o, t))):
            sheet.set(r, COL_FACTOR, labels(key), "label_bold")
            weights = sheet.set(r, COL_WEIGHT, pair[0].weight_total + pair[1].weight_total, "pct")
            score = sheet.set(r, COL_RATING, pair[0].score_total + pair[1].score_total, "decimal")
            given = COUNT(pair[0].weights, pair[1].weights).eq(0)
            scored = COUNT(pair[0].scores, pair[1].scores).gt(0)
            sides[key] = (weights.absolute(), score.absolute(), given, scored)
        (int_w, int_s, int_none, int_scored), (ext_w, ext_s, ext_none, ext_scored) = sides.values()
        b.define("InternalWeightTotal", int_w)
        b.define("InternalFactorScore", int_s)
        b.define("ExternalWeightTotal", ext_w)
        b.define("ExternalFactorScore", ext_s)

        ok_row, threshold_row, position_row = external_row + 1, external_row + 2, external_row + 3
        sheet.merge(ok_row, COL_FACTOR, ok_row, COL_WEIGHT, labels("swot.weights_ok"), "label")
        weights_ok = sheet.set(ok_row, COL_RATING, AND(OR(int_none, ABS(int_w - 1).le(TOLERANCE)),
                                                       OR(ext_none, ABS(ext_w - 1).le(TOLERANCE))),
                               "check").absolute()
        b.define("SwotWeightsOK", weights_ok)
        sheet.add(FormulaRule(sheet.area(ok_row, COL_RATING, ok_row, COL_RATING), "cf_good",
                              formula=weights_ok.eq(True)))
        sheet.add(FormulaRule(sheet.area(ok_row, COL_RATING, ok_row, COL_RATING), "cf_bad",
                              formula=weights_ok.eq(False)))

        sheet.merge(threshold_row, COL_FACTOR, threshold_row, COL_WEIGHT, labels("swot.threshold"), "label")
        threshold = sheet.set(threshold_row, COL_RATING, swot.threshold, "input_decimal").absolute()
        b.define("SwotThreshold", threshold)
        sheet.add(NumberValidation(sheet.area(threshold_row, COL_RATING, threshold_row, COL_RATING),
                                   criteria="between", minimum=1, maximum=4,
                                   error_title=labels("swot.rating"), error_message=labels("swot.threshold_error")))

        sheet.merge(position_row, COL_FACTOR, position_row, COL_WEIGHT, labels("swot.position"), "label_bold")
        strong, favourable = int_s.ge(threshold), ext_s.ge(threshold)
        position = sheet.set(position_row, COL_RATING,
                             IF(AND(int_scored, ext_scored),
                                IF(strong, IF(favourable, "SO", "ST"), IF(favourable, "WO", "WT")), ""),
                             "check").absolute()
        b.define("SwotPosition", position)
        described: str | Expr = labels("swot.no_position")
        for code in reversed(STRATEGIES):
            described = IF(position.eq(code), labels(f"swot.positions.{code}"), described)
        sheet.merge(position_row, COL_SCORE, position_row, LAST_COL, described, "wrap")
        sheet.row_heights[position_row] = 30

        # Interactive SWOT (TOWS) ---------------------------------------------------------------
        row = position_row + 2
        _band(sheet, row, 0, LAST_COL, labels("swot.tows_title"), "section")
        row += 1
        for left, right in (("SO", "WO"), ("ST", "WT")):
            items = {key: getattr(swot.strategies, key) for key in (left, right)}
            rows = max(len(items[left]), len(items[right])) + SPARE_ROWS
            for key, base in ((left, 0), (right, RIGHT)):
                sheet.merge(row, base, row, base + COL_SCORE, labels(f"swot.strategy_{key}"), "header_left")
                head = sheet.area(row, base, row, base + COL_SCORE)
                sheet.add(FormulaRule(head, "cf_good", formula=position.eq(key)))
                first = row + 1
                for i in range(rows):
                    sheet.set(first + i, base + COL_NO, i + 1, "row_no")
                    text = items[key][i] if i < len(items[key]) else None
                    sheet.set(first + i, base + COL_FACTOR, text, "input_wrap")
                b.define(f"SwotStrategies{key}",
                         sheet.area(first, base + COL_FACTOR, first + rows - 1, base + COL_FACTOR, True))
            row += rows + 2

        fit_wrapped_rows(sheet)
        sheet.page.landscape = True
        print_range(sheet, row - 2, LAST_COL)
        sheet.page.repeat_rows = (0, 1)
        sheet.freeze = (2, 0)
        self.labels, self.weights_ok, self.position = labels, weights_ok, position
        self.scores = (int_s, ext_s)
        return SwotExports(int_s, ext_s, weights_ok, position)

    def checks(self) -> list[Check]:
        return [flag_check(self.labels("swot.check_weights"), self.weights_ok)]

    def figures(self) -> list[Figure]:
        labels = self.labels
        return [Figure(labels("swot.figure_internal"), self.scores[0], "decimal"),
                Figure(labels("swot.figure_external"), self.scores[1], "decimal"),
                Figure(labels("swot.figure_position"),
                       IF(self.position.eq(""), labels("common.none"), self.position), "flag")]


def _band(sheet: SheetModel, row: int, first: int, last: int, text: str, style: str) -> None:
    """A heading across columns ``first``..``last``."""
    sheet.set(row, first, text, style)
    for col in range(first + 1, last + 1):
        sheet.set(row, col, None, style)


def _quadrant(b: Build, sheet: SheetModel, top: int, base: int, key: str, items: list[SwotFactor],
              rows: int) -> _Quadrant:
    """One quadrant: its title, headers, input rows (factor, weight, rating), weighted scores, subtotal."""
    labels = b.ctx.labels
    _band(sheet, top, base, base + COL_SCORE, labels(f"swot.{key}"), "section")
    for col, label in ((COL_NO, "common.number"), (COL_FACTOR, "swot.factor"), (COL_WEIGHT, "swot.weight"),
                       (COL_RATING, "swot.rating"), (COL_SCORE, "swot.score")):
        sheet.set(top + 1, base + col, labels(label), "header")
    sheet.row_heights[top + 1] = 30
    first, last = top + 2, top + 1 + rows
    for i in range(rows):
        r = first + i
        item = items[i] if i < len(items) else None
        sheet.set(r, base + COL_NO, i + 1, "row_no")
        sheet.set(r, base + COL_FACTOR, item.factor if item else None, "input_wrap")
        sheet.set(r, base + COL_WEIGHT, item.weight if item else None, "input_pct")
        sheet.set(r, base + COL_RATING, item.rating if item else None, "input_choice")
        factor, weight, rating = (sheet.ref(r, base + c) for c in (COL_FACTOR, COL_WEIGHT, COL_RATING))
        sheet.set(r, base + COL_SCORE, IF(OR(factor.eq(""), weight.eq(""), rating.eq("")), "", weight * rating),
                  "decimal")

    def column(col: int) -> Area:
        return sheet.area(first, base + col, last, base + col, absolute=True)

    total = last + 1
    sheet.set(total, base + COL_NO, None, "label_total")
    sheet.set(total, base + COL_FACTOR, labels("swot.subtotal"), "label_total")
    weight_total = sheet.set(total, base + COL_WEIGHT, SUM(column(COL_WEIGHT)), "total_pct")
    sheet.set(total, base + COL_RATING, None, "label_total")
    score_total = sheet.set(total, base + COL_SCORE, SUM(column(COL_SCORE)), "decimal")
    plural, singular = key.capitalize(), dict(QUADRANTS)[key]
    b.define(f"Swot{plural}", column(COL_FACTOR))
    b.define(f"Swot{singular}Weights", column(COL_WEIGHT))
    b.define(f"Swot{singular}Ratings", column(COL_RATING))
    sheet.add(NumberValidation(column(COL_WEIGHT), criteria="between", minimum=0, maximum=1,
                               error_title=labels("swot.weight"), error_message=labels("swot.weight_error")))
    sheet.add(ListValidation(column(COL_RATING), source=RATINGS, error_title=labels("swot.rating"),
                             error_message=labels("swot.rating_error")))
    return _Quadrant(column(COL_FACTOR), column(COL_WEIGHT), column(COL_RATING), column(COL_SCORE),
                     weight_total.absolute(), score_total.absolute())
