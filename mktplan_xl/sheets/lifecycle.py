"""Product life cycle (CHU KỲ SỐNG CỦA SP, MKT THEO CHU KỲ SỐNG, seed 001).

The product's stage is a choice (a list of the four stages); seed 001's table
gives each stage's cost, sales, profit, objective, customers, competitors and
the product / price / place / promotion strategy. The chosen stage's row is
highlighted and its recommendations are looked up below the table. The stage
cell also takes the spec's English keys (``maturity``), in any language.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formula import IF, IFERROR, INDEX, Area, Ref, match_exact
from ..model import FormulaRule, ListValidation, SheetModel
from ..spec.analysis import STAGES
from .common import fit_wrapped_rows, print_range, write_title
from .protocol import Build, DefinedName, Figure, Sheet

COL_NO, COL_STAGE = 0, 1
CHARACTERISTICS = ("cost", "sales", "profit", "objective", "customers", "competitors")
STRATEGY = ("product", "price", "place", "promotion")
COLUMNS = CHARACTERISTICS + STRATEGY
FIRST_VALUE_COL = 2
LAST_COL = FIRST_VALUE_COL + len(COLUMNS) - 1
COL_KEY = LAST_COL + 1          # hidden: the stages' spec keys, and the chosen position
WIDTHS = {"cost": 9, "sales": 11, "profit": 11, "objective": 21, "customers": 14, "competitors": 11,
          "product": 18, "price": 18, "place": 19, "promotion": 21}
#: The recommendations shown for the chosen stage, in this order.
RECOMMENDED = ("objective", "product", "price", "place", "promotion",
               "cost", "sales", "profit", "customers", "competitors")
COL_REC_VALUE = FIRST_VALUE_COL
LAST_REC_COL = FIRST_VALUE_COL + 6


@dataclass(frozen=True)
class LifeCycleExports:
    """What other sheets may use."""

    stage: Ref               # LifeCycleStage (input)
    position: Ref            # 1–4 in the table, "" when no stage is chosen
    recommendations: Area    # the chosen stage's objective, product, price, place, promotion ...


class LifeCycle(Sheet):
    key = "lifecycle"
    tab = 16
    section = "analysis"
    names = (
        DefinedName("LifeCycleStage", "input: the product's stage (introduction, growth, maturity, decline)",
                    "analysis.life_cycle.stage"),
        DefinedName("LifeCycleStageNo", "position of the chosen stage in the table, 1–4 (blank when none)"),
        DefinedName("LifeCycleStages", "the four stages, in the plan's language"),
        DefinedName("LifeCycleRecommendations", "what the chosen stage calls for: objective, product, price, "
                    "place, promotion, cost, sales, profit, customers, competitors"),
    )

    def build(self, b: Build) -> LifeCycleExports:
        ctx = b.ctx
        labels = ctx.labels
        chosen = b.spec.life_cycle.stage
        sheet = b.model.add_sheet(self.key, labels("sheets.lifecycle"), tab_color="#548235")
        write_title(sheet, ctx, labels("lifecycle.title"))
        sheet.set(1, 0, ctx.plan_name, "subtitle")
        sheet.merge(2, 0, 2, LAST_COL, labels("lifecycle.note"), "text")
        sheet.row_heights[2] = 30
        sheet.col_widths.update({COL_NO: 5, COL_STAGE: 14, COL_KEY: 12})
        for i, column in enumerate(COLUMNS):
            sheet.col_widths[FIRST_VALUE_COL + i] = WIDTHS[column]
        sheet.hidden_cols.add(COL_KEY)

        # The table ------------------------------------------------------------------------
        section, groups, header = 6, 7, 8
        first = header + 1
        last = first + len(STAGES) - 1
        _band(sheet, section, 0, LAST_COL, labels("lifecycle.table_title"), "section")
        strategy_col = FIRST_VALUE_COL + len(CHARACTERISTICS)
        sheet.merge(groups, FIRST_VALUE_COL, groups, strategy_col - 1, labels("lifecycle.characteristics"), "header")
        sheet.merge(groups, strategy_col, groups, LAST_COL, labels("lifecycle.strategy"), "header")
        sheet.set(groups, COL_NO, None, "header")
        sheet.set(groups, COL_STAGE, None, "header")
        sheet.set(header, COL_NO, labels("common.number"), "header")
        sheet.set(header, COL_STAGE, labels("lifecycle.columns.stage"), "header")
        for i, column in enumerate(COLUMNS):
            sheet.set(header, FIRST_VALUE_COL + i, labels(f"lifecycle.columns.{column}"), "header")
        sheet.row_heights[header] = 30
        for s, stage in enumerate(STAGES):
            r = first + s
            sheet.set(r, COL_NO, s + 1, "row_no")
            sheet.set(r, COL_STAGE, labels(f"lifecycle.stages.{stage}"), "label_bold")
            for i, column in enumerate(COLUMNS):
                sheet.set(r, FIRST_VALUE_COL + i, labels(f"lifecycle.table.{stage}.{column}"), "wrap")
            sheet.set(r, COL_KEY, stage, "label")
        names = sheet.area(first, COL_STAGE, last, COL_STAGE, absolute=True)
        keys = sheet.area(first, COL_KEY, last, COL_KEY, absolute=True)
        b.define("LifeCycleStages", names)

        # The choice --------------------------------------------------------------------------
        choice = 4
        input_col = FIRST_VALUE_COL + COLUMNS.index("objective")
        sheet.merge(choice, COL_NO, choice, input_col - 1, labels("lifecycle.stage"), "label_bold")
        stage = sheet.set(choice, input_col, labels(f"lifecycle.stages.{chosen}") if chosen else None,
                          "input_choice").absolute()
        sheet.set(choice, input_col + 1, labels("lifecycle.choose_note"), "note")
        b.define("LifeCycleStage", stage)
        sheet.add(ListValidation(sheet.area(choice, input_col, choice, input_col), source=names,
                                 error_title=labels("lifecycle.stage"), error_message=labels("lifecycle.stage_error")))
        # the stage's place in the table: its name in the plan's language, else its spec key
        position = sheet.set(choice, COL_KEY, IFERROR(match_exact(stage, names),
                                                      IFERROR(match_exact(stage, keys), "")), "count").absolute()
        b.define("LifeCycleStageNo", position)
        table = sheet.area(first, COL_NO, last, LAST_COL)
        sheet.add(FormulaRule(table, "cf_good", formula=Ref(sheet.key, first, COL_NO, False, True).eq(position)))

        # What the chosen stage calls for ------------------------------------------------------
        row = last + 2
        _band(sheet, row, 0, LAST_REC_COL, labels("lifecycle.recommendations_title"), "section")
        rec_first = row + 1
        for i, column in enumerate(RECOMMENDED):
            r = rec_first + i
            sheet.set(r, COL_NO, None, "label")
            sheet.set(r, COL_STAGE, labels(f"lifecycle.columns.{column}"), "label_bold")
            source = sheet.area(first, FIRST_VALUE_COL + COLUMNS.index(column),
                                last, FIRST_VALUE_COL + COLUMNS.index(column), absolute=True)
            otherwise = labels("lifecycle.none") if i == 0 else ""
            sheet.merge(r, COL_REC_VALUE, r, LAST_REC_COL,
                        IF(position.eq(""), otherwise, INDEX(source, position)), "wrap")
        rec_last = rec_first + len(RECOMMENDED) - 1
        fit_wrapped_rows(sheet, {(rec_first + i, COL_REC_VALUE): labels(f"lifecycle.table.{chosen}.{column}")
                                 for i, column in enumerate(RECOMMENDED)} if chosen else {})
        recommendations = sheet.area(rec_first, COL_REC_VALUE, rec_last, COL_REC_VALUE, absolute=True)
        b.define("LifeCycleRecommendations", recommendations)

        sheet.page.landscape = True
        print_range(sheet, rec_last, LAST_COL)
        sheet.page.repeat_rows = (0, 1)
        sheet.freeze = (2, 0)
        self.labels, self.position, self.names = labels, position, names
        return LifeCycleExports(stage, position, recommendations)

    def figures(self) -> list[Figure]:
        return [Figure(self.labels("lifecycle.figure_stage"),
                       IF(self.position.eq(""), self.labels("common.none"), INDEX(self.names, self.position)),
                       "flag")]


def _band(sheet: SheetModel, row: int, first: int, last: int, text: str, style: str) -> None:
    """A heading across columns ``first``..``last``."""
    sheet.set(row, first, text, style)
    for col in range(first + 1, last + 1):
        sheet.set(row, col, None, style)
