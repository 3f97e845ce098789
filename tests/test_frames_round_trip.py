"""Input tables round trip: read → frames → ``Plan.from_frames`` → save → read gives the same tables.

The tables are declared once (:mod:`mktplan_xl.tables`, from the names catalogue); the reader
writes them and ``from_frames`` takes them back, for every table, in en, vi and zh, also after
a user typed into the workbook in LibreOffice.
"""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from mktplan_xl import Plan, SpecError, read_plan
from mktplan_xl.tables import SETTINGS, input_tables

LANGUAGES = ("en", "vi", "zh")


def _rows(frame: pd.DataFrame) -> list[list]:
    """A frame's rows with every missing value as None (NaN is not equal to itself)."""
    return [[None if isinstance(v, float) and math.isnan(v) else v for v in row]
            for row in frame.astype(object).itertuples(index=False, name=None)]


def _same_tables(first, second) -> None:
    assert list(first.tables) == list(second.tables)
    for name, table in first.tables.items():
        assert (name, second.tables[name].columns) == (name, table.columns)
        assert (name, second.tables[name].rows) == (name, table.rows)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_table_read_comes_back_through_from_frames(example_workbook, tmp_path: Path, language: str) -> None:
    read = read_plan(example_workbook(language))
    assert set(read.tables) == set(input_tables()) | {SETTINGS}
    plan = Plan.from_frames(plan=read.info, **read.frames)
    again = read_plan(plan.save(tmp_path / "again.xlsx"))
    _same_tables(read, again)
    # over the stored spec, what no table holds (the PEST framework, say) is kept too
    assert Plan.from_frames(base=read.stored_spec, **read.frames).spec == read.spec


def test_budget_and_sales_frames_alone_come_back(example_workbook) -> None:
    read = read_plan(example_workbook("vi"))
    plan = Plan.from_frames(read.budget, read.sales, plan=read.info)
    assert plan.spec.budget.activities == read.spec.budget.activities
    assert plan.spec.sales.products == read.spec.sales.products
    assert plan.spec.plan.language == "vi"


def test_edited_frames_make_the_plan_they_say(example_workbook, tmp_path: Path) -> None:
    read = read_plan(example_workbook("zh"))
    frames = read.frames
    budget = frames["budget"]
    first = budget["activity"].iloc[0]
    budget.loc[(budget["activity"] == first) & (budget["month"] == 5), "plan"] = 12345.0
    new_line = budget[budget["activity"] == first].assign(activity="新活动", plan=[float(m) for m in range(1, 13)],
                                                          actual=None, notes=None)
    frames["budget"] = pd.concat([budget, new_line], ignore_index=True)
    competitors = frames["analysis_competitors"]
    competitors.loc[0, "competitor"] = "=HYPERLINK(\"x\")"          # text stays text
    frames["analysis_competitors"] = competitors.iloc[:2]
    settings = frames["settings"]
    settings.loc[settings["field"] == "budget.contingency_pct", "value"] = 0.07
    plan = Plan.from_frames(base=read.stored_spec, **frames)
    again = read_plan(plan.save(tmp_path / "edited.xlsx"))
    for name in ("budget", "analysis_competitors", "settings"):
        assert again.tables[name].rows == _rows(frames[name]), name
    activities = again.spec.budget.activities
    assert activities[-1].name == "新活动" and activities[-1].plan == [float(m) for m in range(1, 13)]
    assert activities[0].plan[4] == 12345
    assert again.spec.budget.contingency_pct == 0.07
    assert again.spec.analysis.competitors[0].name == "=HYPERLINK(\"x\")"


@pytest.mark.parametrize("table, change, where", [
    ("colours", lambda f: f, "colours"),
    ("settings", lambda f: f.assign(field="plan.nothing"), "settings[row 0, index 0].field"),
    ("distribution_policies", lambda f: f.assign(index=0), "distribution_policies[row 0, index 0].index"),
    ("media", lambda f: f.drop(columns=["channel"]), "media"),
    ("analysis", lambda f: f.assign(impact="high"), "analysis[row 0, index 0].impact"),
])
def test_a_bad_table_is_named_with_its_row(example_workbook, table: str, change, where: str) -> None:
    frames = read_plan(example_workbook("en")).frames
    frame = change(frames.get(table, frames["budget"]))
    with pytest.raises(SpecError) as info:
        Plan.from_frames(**{table: frame})
    assert where in [path for path, _ in info.value.problems]


def test_tables_come_back_after_typing_in_libreoffice(soffice: str, example_workbook, tmp_path: Path) -> None:
    """Typed in LibreOffice through UNO (a plan amount, a renamed competitor, a new SWOT factor),
    saved, read: the frames come back to the same tables, and hold what was typed."""
    from test_budget_daily_use import UNO_SCRIPT, require_uno

    python = require_uno()
    source = example_workbook("vi")
    edited = tmp_path / "typed.xlsx"
    spare = len(read_plan(source).tables["analysis_swot_strengths"].rows)   # the first spare row
    typed = [{"name": "BudgetPlanInputs", "row": 1, "col": 6, "number": 4321},
             {"name": "CompetitorNames", "row": 0, "col": 0, "text": "Đối thủ mới"},
             {"name": "SwotStrengths", "row": spare, "col": 0, "text": "Kênh phân phối rộng"},
             {"name": "SwotStrengthWeights", "row": spare, "col": 0, "number": 0.1},
             {"name": "VarianceTolerancePct", "number": 0.08}]
    jobs, results = tmp_path / "jobs.json", tmp_path / "results.json"
    jobs.write_text(json.dumps([{"source": str(source), "target": str(edited), "type": typed}]), encoding="utf-8")
    run = subprocess.run([python, str(UNO_SCRIPT), str(jobs), str(results)], capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    read = read_plan(edited)
    budget = read.budget
    second = budget["activity"].drop_duplicates().iloc[1]
    assert budget[(budget["activity"] == second) & (budget["month"] == 7)]["plan"].tolist() == [4321]
    assert read.tables["analysis_competitors"].rows[0][0] == "Đối thủ mới"
    assert read.tables["analysis_swot_strengths"].rows[spare][:2] == ["Kênh phân phối rộng", 0.1]
    again = read_plan(Plan.from_frames(base=read.stored_spec, **read.frames).save(tmp_path / "again.xlsx"))
    _same_tables(read, again)
    assert again.spec.budget.variance_tolerance_pct == 0.08


@pytest.mark.parametrize("language", ["vi", "zh"])
def test_a_mistyped_goal_id_turns_the_master_check_false(soffice: str, example_workbook, tmp_path: Path,
                                                         language: str) -> None:
    """Typed in LibreOffice: an initiative on a goal id that does not exist. After LibreOffice
    recalculates, AlignmentOK and with it ChecksOK are FALSE, and `check` names the failing check."""
    from test_budget_daily_use import UNO_SCRIPT, require_uno
    from xlsx_tools import run_cli

    python = require_uno()
    source = example_workbook(language)
    edited = tmp_path / "typo.xlsx"
    jobs, results = tmp_path / "jobs.json", tmp_path / "results.json"
    jobs.write_text(json.dumps([{"source": str(source), "target": str(edited), "shown": ["AlignmentOK", "ChecksOK"],
                                 "type": [{"name": "InitiativeGoals", "row": 0, "text": "G99"}]},
                                {"source": str(source), "target": None, "shown": ["AlignmentOK", "ChecksOK"]}]),
                    encoding="utf-8")
    run = subprocess.run([python, str(UNO_SCRIPT), str(jobs), str(results)], capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    typo, untouched = (r["shown"] for r in json.loads(results.read_text(encoding="utf-8")))
    assert untouched == {"AlignmentOK": "TRUE", "ChecksOK": "TRUE"}
    assert typo == {"AlignmentOK": "FALSE", "ChecksOK": "FALSE"}
    assert run_cli("check", str(edited)) == 1


def test_error_values_typed_into_inputs_are_findings(soffice: str, example_workbook, tmp_path: Path) -> None:
    """`=1/0` typed over a plan amount and `=NA()` over a market share in LibreOffice: each is one
    finding naming its cell, its error and its field; the values read as blank."""
    from test_budget_daily_use import UNO_SCRIPT, require_uno
    from mktplan_xl.formula.a1 import cell_name
    from xlsx_tools import defined_name_area

    python = require_uno()
    source = example_workbook("zh")
    edited = tmp_path / "errors.xlsx"
    jobs, results = tmp_path / "jobs.json", tmp_path / "results.json"
    typed = [{"name": "BudgetPlanInputs", "row": 0, "col": 2, "formula": "=1/0"},
             {"name": "CompetitorShares", "row": 1, "formula": "=NA()"}]
    jobs.write_text(json.dumps([{"source": str(source), "target": str(edited), "type": typed}]), encoding="utf-8")
    run = subprocess.run([python, str(UNO_SCRIPT), str(jobs), str(results)], capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    read = read_plan(edited)
    errors = [(f.cell, f.field) for f in read.findings if f.code == "error_value"]
    plan_sheet, (plan_col, plan_row, _, _) = defined_name_area(edited, "BudgetPlanInputs")     # 1-based
    share_sheet, (share_col, share_row, _, _) = defined_name_area(edited, "CompetitorShares")
    assert errors == [(cell_name(plan_sheet, plan_row - 1, plan_col - 1 + 2), "budget.activities[0].plan[2]"),
                      (cell_name(share_sheet, share_row - 1 + 1, share_col - 1), "analysis.competitors[1].share")]
    assert read.spec.budget.activities[0].plan[2] is None
