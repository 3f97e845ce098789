"""Competitor analysis (PHÂN TÍCH ĐT CẠNH TRANH, seed 001).

Seed 001's table: competitor, direct or indirect, market share, product
description, positioning, strengths, weaknesses, competition level (high,
medium, low); spare rows; our own row for comparison (named after the plan's
company); the rest of the market; the total share, checked to stay within
100 %; the shares of direct and indirect competitors; a pie of market shares.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formula import IF, MAX, SUM, Area, Name, Ref, sum_where
from ..model import Chart, ChartSeries, ListValidation, NumberValidation
from .common import SPARE_ROWS, fit_wrapped_rows, print_range, write_title
from .protocol import TOLERANCE, Build, Check, DefinedName, Figure, Sheet

(COL_NO, COL_NAME, COL_KIND, COL_SHARE, COL_PRODUCT, COL_POSITIONING, COL_STRENGTHS, COL_WEAKNESSES,
 COL_LEVEL) = range(9)
LAST_COL = COL_LEVEL
TEXT_COLS = ((COL_PRODUCT, "product", "Products", "product description"),
             (COL_POSITIONING, "positioning", "Positioning", "positioning"),
             (COL_STRENGTHS, "strengths", "Strengths", "strengths"),
             (COL_WEAKNESSES, "weaknesses", "Weaknesses", "weaknesses"))


@dataclass(frozen=True)
class CompetitorsExports:
    """What other sheets may use."""

    names: Area          # competitor names (inputs, spare rows included)
    shares: Area         # their market shares
    our_share: Ref       # our own market share (input)
    share_total: Ref     # CompetitorShareTotal: competitors and us


def _names() -> tuple[DefinedName, ...]:
    field = "analysis.competitors[*]"
    names = [
        DefinedName("CompetitorNames", "input: name of each competitor", f"{field}.name", "column"),
        DefinedName("CompetitorKinds", "input: direct or indirect competitor", f"{field}.kind", "column"),
        DefinedName("CompetitorShares", "input: market share of each competitor (0–100 %)",
                    f"{field}.share", "column"),
        *(DefinedName(f"Competitor{name}", f"input: {what} of each competitor", f"{field}.{key}", "column")
          for _, key, name, what in TEXT_COLS),
        DefinedName("CompetitorLevels", "input: competition level (high, medium, low)", f"{field}.level",
                    "column"),
        DefinedName("OurShare", "input: our own market share", "analysis.our_company.share"),
        *(DefinedName(f"Our{name}", f"input: our own {what}", f"analysis.our_company.{key}")
          for _, key, name, what in TEXT_COLS),
        DefinedName("CompetitorShareTotal", "market shares of the competitors and ours, added up"),
        DefinedName("CompetitorShareRest", "rest of the market: 100 % less CompetitorShareTotal (0 if over)"),
    ]
    return tuple(names)


class Competitors(Sheet):
    key = "competitors"
    tab = 12
    section = "analysis"
    names = _names()

    def build(self, b: Build) -> CompetitorsExports:
        ctx = b.ctx
        labels = ctx.labels
        analysis = b.spec
        competitors, ours = analysis.competitors, analysis.our_company
        sheet = b.model.add_sheet(self.key, labels("sheets.competitors"), tab_color="#548235")
        write_title(sheet, ctx, labels("competitors.title"))
        sheet.set(1, 0, ctx.plan_name, "subtitle")
        sheet.merge(2, 0, 2, LAST_COL, labels("competitors.note"), "text")
        sheet.row_heights[2] = 30
        sheet.col_widths.update({COL_NO: 5, COL_NAME: 24, COL_KIND: 12, COL_SHARE: 10, COL_PRODUCT: 28,
                                 COL_POSITIONING: 24, COL_STRENGTHS: 27, COL_WEAKNESSES: 27, COL_LEVEL: 13})

        # The choices the kind and level columns offer ---------------------------------------
        choices = 3
        sheet.set(choices, COL_NAME, labels("competitors.kind"), "label_bold")
        kinds = [labels(f"competitors.kinds.{k}") for k in ("direct", "indirect")]
        for i, text in enumerate(kinds):
            sheet.set(choices, COL_KIND + i, text, "flag")
        kind_cells = sheet.area(choices, COL_KIND, choices, COL_KIND + 1, absolute=True)
        sheet.set(choices, COL_POSITIONING, labels("competitors.level"), "label_bold")
        for i, level in enumerate(("high", "medium", "low")):
            sheet.set(choices, COL_STRENGTHS + i, labels(f"competitors.levels.{level}"), "flag")
        level_cells = sheet.area(choices, COL_STRENGTHS, choices, COL_LEVEL, absolute=True)

        # The table --------------------------------------------------------------------------
        header = choices + 2
        for col, key in ((COL_NO, "common.number"), (COL_NAME, "competitors.competitor"),
                         (COL_KIND, "competitors.kind"), (COL_SHARE, "competitors.share"),
                         (COL_PRODUCT, "competitors.product"), (COL_POSITIONING, "competitors.positioning"),
                         (COL_STRENGTHS, "competitors.strengths"), (COL_WEAKNESSES, "competitors.weaknesses"),
                         (COL_LEVEL, "competitors.level")):
            sheet.set(header, col, labels(key), "header")
        sheet.row_heights[header] = 30
        rows = len(competitors) + SPARE_ROWS
        first, last = header + 1, header + rows
        for i in range(rows):
            r = first + i
            item = competitors[i] if i < len(competitors) else None
            sheet.set(r, COL_NO, i + 1, "row_no")
            sheet.set(r, COL_NAME, item.name if item else None, "input_wrap")
            kind = labels(f"competitors.kinds.{item.kind}") if item and item.kind else None
            sheet.set(r, COL_KIND, kind, "input_choice")
            sheet.set(r, COL_SHARE, item.share if item else None, "input_pct")
            for col, key, _, _ in TEXT_COLS:
                sheet.set(r, col, (getattr(item, key) or None) if item else None, "input_wrap")
            level = labels(f"competitors.levels.{item.level}") if item and item.level else None
            sheet.set(r, COL_LEVEL, level, "input_choice")

        def column(col: int) -> Area:
            return sheet.area(first, col, last, col, absolute=True)

        b.define("CompetitorNames", column(COL_NAME))
        b.define("CompetitorKinds", column(COL_KIND))
        b.define("CompetitorShares", column(COL_SHARE))
        for col, _, name, _ in TEXT_COLS:
            b.define(f"Competitor{name}", column(col))
        b.define("CompetitorLevels", column(COL_LEVEL))

        # Our own row, the rest of the market, the total --------------------------------------
        us = last + 1
        sheet.set(us, COL_NO, None, "label_bold")
        company = Name("PlanCompany")
        sheet.set(us, COL_NAME, IF(company.eq(""), labels("competitors.our_company"), company), "label_bold")
        sheet.set(us, COL_KIND, None, "label")
        our_share = sheet.set(us, COL_SHARE, ours.share, "input_pct").absolute()
        b.define("OurShare", our_share)
        for col, key, name, _ in TEXT_COLS:
            b.define(f"Our{name}", sheet.set(us, col, getattr(ours, key) or None, "input_wrap").absolute())
        sheet.set(us, COL_LEVEL, None, "label")
        shares = sheet.area(first, COL_SHARE, us, COL_SHARE, absolute=True)
        sheet.add(NumberValidation(shares, criteria="between", minimum=0, maximum=1,
                                   error_title=labels("competitors.share"),
                                   error_message=labels("competitors.share_error")))
        sheet.add(ListValidation(column(COL_KIND), source=kind_cells, error_title=labels("competitors.kind"),
                                 error_message=labels("competitors.kind_error")))
        sheet.add(ListValidation(column(COL_LEVEL), source=level_cells, error_title=labels("competitors.level"),
                                 error_message=labels("competitors.level_error")))

        rest, total = us + 1, us + 2
        sheet.set(rest, COL_NAME, labels("competitors.rest"), "label")
        sheet.set(total, COL_NAME, labels("competitors.total"), "label_total")
        share_total = sheet.set(total, COL_SHARE, SUM(shares), "total_pct").absolute()
        share_rest = sheet.set(rest, COL_SHARE, MAX(0, 1 - share_total), "pct").absolute()
        b.define("CompetitorShareTotal", share_total)
        b.define("CompetitorShareRest", share_rest)
        for r, style in ((rest, "label"), (total, "label_total")):
            sheet.set(r, COL_NO, None, style)
            sheet.set(r, COL_KIND, None, style)
        kinds_col = column(COL_KIND)
        row = total + 2
        for i, key in enumerate(("direct_total", "indirect_total")):
            sheet.set(row + i, COL_NAME, labels(f"competitors.{key}"), "label")
            sheet.set(row + i, COL_KIND, None, "label")
            sheet.set(row + i, COL_SHARE, sum_where(column(COL_SHARE), kinds_col, kind_cells.cell(0, i)), "pct")

        chart_row = row + 3
        names = sheet.area(first, COL_NAME, rest, COL_NAME, absolute=True)
        values = sheet.area(first, COL_SHARE, rest, COL_SHARE, absolute=True)
        sheet.charts.append(Chart(kind="column", title=labels("competitors.chart"), anchor=(chart_row, COL_NAME),
                                  series=[ChartSeries(labels("competitors.share"), names, values, "#548235")],
                                  size=(640, 340), y_format="0%"))
        fit_wrapped_rows(sheet)

        sheet.page.landscape = True
        print_range(sheet, chart_row + 17, LAST_COL)
        sheet.page.repeat_rows = (header, header)
        sheet.freeze = (header + 1, COL_KIND)
        self.labels, self.share_total, self.our_share = labels, share_total, our_share
        return CompetitorsExports(column(COL_NAME), column(COL_SHARE), our_share, share_total)

    def checks(self) -> list[Check]:
        return [Check(self.labels("competitors.check_shares"), lambda shown: shown.le(1 + TOLERANCE),
                      self.share_total, "pct")]

    def figures(self) -> list[Figure]:
        return [Figure(self.labels("competitors.figure_total"), self.share_total, "pct"),
                Figure(self.labels("competitors.figure_ours"), self.our_share, "pct")]

