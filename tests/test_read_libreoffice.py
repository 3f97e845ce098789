"""Plans filled with openpyxl and saved through LibreOffice (as a user's spreadsheet program saves
them), then read back, checked, rolled up and given actuals; the results recalculated in
LibreOffice. Two LibreOffice runs for the whole module: the filled plans, then the outputs."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import EXAMPLES
from mktplan_xl import Plan, read_plan
from mktplan_xl.cli import main
from mktplan_xl.names import inputs
from mktplan_xl.spec.fields import leaf_type
from mktplan_xl.reader.lint import check_plan
from mktplan_xl.formula.a1 import cell_name
from mktplan_xl.recalc import recalculate
from xlsx_tools import Book, is_error, name_value, same, values

TODAY = dt.date(2027, 1, 15)
CONTINGENCY = {
    "plan": {"year": 2028, "fiscal_year_start": 7, "language": "zh", "company": "华东公司"},
    "budget": {"contingency_pct": 0.05, "contingency_actual": [10],
               "activities": [{"name": "广告", "group": "推广", "plan": [100] * 12, "actual": [90]},
                              {"name": "调研", "plan": [1.5]}]},
    "sales": {"products": [{"name": "牛奶", "unit": "盒", "units": [1, 2], "price": 7.25}]},
}


#: The sections whose numbers _fill types: their amounts have no upper bound and no rule across
#: fields, so any number typed is a valid plan (the other sheets' inputs have scales and rules).
FILLED_SECTIONS = ("plan.", "budget.", "sales.")
SMALL = ("CheckTolerance", "ContingencyPct", "VarianceTolerancePct")
AS_OF = 5


def _fill(source: Path, target: Path, seed: int, company: str | None = None) -> dict[str, Any]:
    """Type a number into every numeric input cell of the budget, sales and plan inputs (found
    through the names catalogue), on the lines that hold an activity or product, as a user
    would; returns {cell: value} of what was typed."""
    book = openpyxl.load_workbook(source)
    names = Book(source)
    typed: dict[str, Any] = {}
    named_rows = {"budget.activities": [bool(v) for (v,) in names.values("BudgetLineNames")],
                  "sales.products": [bool(v) for (v,) in names.values("SalesProductNames")]}
    for entry in inputs():
        info = entry.info
        if info.name not in book.defined_names or not info.field.startswith(FILLED_SECTIONS):
            continue
        base = leaf_type(info.field).base
        cells = names.cells(info.name)
        items = named_rows.get(info.field.split("[*]")[0]) if "[*]" in info.field else None
        for r, row in enumerate(cells):
            if items is not None and (r >= len(items) or not items[r]):
                continue  # a spare line: no activity or product to carry the number
            for c, cell in enumerate(row):
                if "Actual" in info.name and c >= AS_OF:
                    continue  # actuals stop at the as-of month (later ones fail a check)
                if base in (int, float):
                    if info.name == "AsOfMonth":
                        value: Any = AS_OF
                    elif info.name in SMALL:
                        value = 0.01 * seed
                    else:
                        value = seed * 100_000 + 13 * r + c + (0.25 if "Price" in info.name else 0)
                elif info.name == "PlanCompany" and company:
                    value = company
                else:
                    continue
                sheet = book[cell.parent.title]
                sheet[cell.coordinate] = value
                typed[cell_name(cell.parent.title, cell.row - 1, cell.column - 1)] = value
    book.save(target)
    return typed


def _spec_value(data: Any, path: str) -> Any:
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        data = data[int(part[1:-1])] if part.startswith("[") else data[part]
    return data


@dataclass
class Files:
    filled: dict[str, Path] = field(default_factory=dict)
    typed: dict[str, dict[str, Any]] = field(default_factory=dict)
    saved: dict[str, Path] = field(default_factory=dict)        # saved through LibreOffice
    outputs: dict[str, Path] = field(default_factory=dict)      # rollup / actuals, recalculated
    source_hash: str = ""
    csv_total: float = 0.0
    csv_last_month: int = 0


@pytest.fixture(scope="module")
def files(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> Files:
    made = tmp_path_factory.mktemp("made")
    files = Files()
    plans = {
        "en": (Plan.from_file(EXAMPLES / "en.yaml"), None),
        "vi-default": (Plan.default(language="vi", year=2027, fiscal_year_start=4), None),
        "zh-contingency": (Plan.from_dict(CONTINGENCY), None),
        **{f"unit-{i}": (Plan.from_file(EXAMPLES / "en.yaml"), f"Unit {i}") for i in (1, 2, 3)},
    }
    for seed, (key, (plan, company)) in enumerate(plans.items(), start=1):
        blank = plan.save(made / f"{key}-blank.xlsx", today=TODAY)
        files.filled[key] = made / f"{key}.xlsx"
        files.typed[key] = _fill(blank, files.filled[key], seed, company)
    # a plan whose total was overwritten by hand, with an error typed into the Summary
    broken = made / "broken.xlsx"
    source = Plan.from_file(EXAMPLES / "en.yaml").save(made / "broken-blank.xlsx", today=TODAY)
    book = openpyxl.load_workbook(source)
    total = Book(source).cell("BudgetPlanTotal")
    book[total.parent.title][total.coordinate] = 4242
    book[Book(source).cell("ChecksOK").parent.title]["Z99"] = "=1/0"    # a cell no sheet uses
    book.save(broken)
    files.filled["broken"] = broken
    # a plan without actuals, for the actuals import
    spec = Plan.from_file(EXAMPLES / "vi.yaml").spec.model_dump(mode="json")
    spec["budget"]["as_of_month"] = 0
    for activity in spec["budget"]["activities"]:
        activity["actual"] = []
    files.filled["no-actuals"] = Plan.from_dict(spec).save(made / "no-actuals.xlsx", today=TODAY)

    saved_dir = tmp_path_factory.mktemp("saved")
    for key, path in zip(files.filled, recalculate(list(files.filled.values()), saved_dir)):
        files.saved[key] = path

    # outputs made from the LibreOffice-saved plans, then recalculated in one more run
    out = tmp_path_factory.mktemp("out")
    units = [files.saved[f"unit-{i}"] for i in (1, 2, 3)]
    assert main(["rollup", str(out / "group.xlsx"), *map(str, units)]) == 0
    source = files.saved["no-actuals"]
    files.source_hash = hashlib.sha256(source.read_bytes()).hexdigest()
    first_activity = read_plan(source).spec.budget.activities
    rows = [[first_activity[0].name, 1, "1500000"], [first_activity[1].name, "2027-02", 250000.5],
            [first_activity[2].name, 3, 75], [first_activity[0].name, 3, 25]]
    with open(out / "actuals.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["activity", "month", "amount"], *rows])
    files.csv_total, files.csv_last_month = 1500000 + 250000.5 + 75 + 25, 3
    assert main(["actuals", str(source), str(out / "actuals.csv"), "-o", str(out / "v2.xlsx")]) == 0
    recalculated = tmp_path_factory.mktemp("recalculated")
    for key, path in zip(("group", "v2"), recalculate([out / "group.xlsx", out / "v2.xlsx"], recalculated)):
        files.outputs[key] = path
    return files


FILLED = ["en", "vi-default", "zh-contingency", "unit-1", "unit-2", "unit-3"]


@pytest.mark.parametrize("key", FILLED)
def test_every_typed_number_comes_back(files: Files, key: str) -> None:
    read = read_plan(files.saved[key])
    # the most specific spec path of each cell (a month of a list, not the list)
    by_cell = {cell: path for path, cell in sorted(read.cells.items(), key=lambda item: len(item[0]))}
    typed = files.typed[key]
    assert len(typed) > 20
    for cell, value in typed.items():
        assert cell in by_cell, f"{cell} was not read"
        got = _spec_value(read.spec_data, by_cell[cell])
        assert same(got, value), f"{cell} ({by_cell[cell]}): typed {value!r}, read {got!r}"
    read.spec  # valid for `mktplan new`
    assert read.findings == []


def test_libreoffice_keeps_what_the_reader_needs(files: Files) -> None:
    """LibreOffice turns the very hidden sheet into a hidden one; names and properties survive."""
    read = read_plan(files.saved["en"])
    states = {s.name: s.state for s in read.workbook.sheets}
    assert states["mktplan_meta"] in ("hidden", "veryHidden")
    assert read.schema == 2 and read.workbook.properties["fiscal_year_start"] == 4


@pytest.mark.parametrize("key", ["en", "zh-contingency"])
def test_check_is_clean_on_a_plan_saved_by_libreoffice(files: Files, key: str) -> None:
    report = check_plan(files.saved[key])
    assert report.findings == []


def test_check_finds_the_overwritten_formula_and_names_its_cell(files: Files) -> None:
    path = files.saved["broken"]
    report = check_plan(path)
    total = Book(path).cell("BudgetPlanTotal")
    cell = cell_name(total.parent.title, total.row - 1, total.column - 1)
    found = {(f.code, f.cell) for f in report.findings}
    assert ("formula_overwritten", cell) in found
    assert any(f.code == "error_cell" and f.cell.endswith("!Z99") and "#DIV/0!" in f.message
               for f in report.findings)
    master = [f for f in report.findings if f.code == "checks_failed"]
    assert master and "row totals equal column totals" in master[0].message
    assert any(f.code == "check_failed" and "in the file" in f.message for f in report.findings)
    assert main(["check", str(path)]) == 1


def test_rollup_of_three_plans_recalculated_adds_up(files: Files) -> None:
    group = files.outputs["group"]
    units = [name_value(files.saved[f"unit-{i}"], "BudgetPlanTotal") for i in (1, 2, 3)]
    assert all(u > 0 for u in units)
    assert same(name_value(group, "BudgetPlanTotal"), sum(units))
    revenue = [name_value(files.saved[f"unit-{i}"], "RevenuePlanTotal") for i in (1, 2, 3)]
    assert same(name_value(group, "RevenuePlanTotal"), sum(revenue), rel=1e-9)
    assert name_value(group, "ChecksOK") is True
    book = Book(group, data_only=True)
    assert book.values("ByUnitNames")[0] == ["Unit 1", "Unit 2", "Unit 3"]
    assert [same(a, b) for a, b in zip(book.values("ByUnitBudgetPlan")[0], units)] == [True] * 3
    assert not [v for v in values(group).values() if is_error(v)]
    assert check_plan(group).findings == []


def test_actuals_leave_the_source_unchanged_and_match_the_csv(files: Files) -> None:
    assert hashlib.sha256(files.saved["no-actuals"].read_bytes()).hexdigest() == files.source_hash
    v2 = files.outputs["v2"]
    assert name_value(v2, "AsOfMonth") == files.csv_last_month
    assert same(name_value(v2, "BudgetActualYTD"), files.csv_total)
    assert name_value(v2, "ChecksOK") is True
    # everything else carried over: the plan amounts are the source's
    assert same(name_value(v2, "BudgetPlanTotal"), name_value(files.saved["no-actuals"], "BudgetPlanTotal"))
