"""Reading plans back (no LibreOffice here; see test_read_libreoffice.py): the spec and the
tables come back from generated and openpyxl-edited workbooks, generically through the names
catalogue; the CLI's read command; check's findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import EXAMPLES
from mktplan_xl import Plan, read_plan
from mktplan_xl.cli import main
from mktplan_xl.names import NameEntry
from mktplan_xl.reader import core as reader_core
from mktplan_xl.reader.lint import check_plan
from mktplan_xl.sheets.protocol import DefinedName
from mktplan_xl.spec import validate_spec
from mktplan_xl.formula.a1 import cell_name
from xlsx_tools import Book, defined_name_area


def named_cell(path: Path, name: str, row: int = 0, col: int = 0) -> str:
    """``Sheet!A1`` of a cell inside a defined name, as findings name it."""
    cell = Book(path).cell(name, row, col)
    return cell_name(cell.parent.title, cell.row - 1, cell.column - 1)


def normalised(spec: Any) -> dict:
    """A spec as the workbook shows it: month lists padded to 12, the as-of month explicit."""
    from mktplan_xl.templates import Labels

    data = spec.model_dump(mode="json")
    # a plan without a name shows (and so reads back as) the default name
    data["plan"]["name"] = spec.plan.name or Labels(spec.plan.language)("default_plan_name", year=spec.plan.year)
    budget = data["budget"]
    budget["as_of_month"] = spec.budget.months_reported
    pad = lambda values: (list(values) + [None] * 12)[:12] if values else []  # noqa: E731
    for activity in budget["activities"]:
        activity["plan"], activity["actual"] = pad(activity["plan"]), pad(activity["actual"])
        activity["group"] = activity["group"] or None
    budget["contingency_actual"] = pad(budget["contingency_actual"])
    for product in data["sales"]["products"]:
        product["units"], product["price"] = pad(product["units"]), pad(product["price"])
    return data


CONTINGENCY = {
    "plan": {"year": 2028, "fiscal_year_start": 7, "language": "zh", "name": "计划", "company": "公司"},
    "budget": {"contingency_pct": 0.05, "contingency_actual": [10, None, 30], "as_of_month": 3,
               "activities": [{"name": "A", "group": "G1", "plan": [100] * 12, "actual": [90, 95, 99]},
                              {"name": "B", "plan": [1.5, None, 3], "actual": []}]},
    "sales": {"products": [{"name": "P", "unit": "", "units": [1, 2], "price": 7.25},
                           {"name": "Q", "unit": "kg", "units": [], "price": []}]},
}

PLANS = {
    "en-example": lambda: Plan.from_file(EXAMPLES / "en.yaml"),
    "vi-example-fy4": lambda: Plan.from_file(EXAMPLES / "vi.yaml", fiscal_year_start=4),
    "zh-example": lambda: Plan.from_file(EXAMPLES / "zh.yaml", display_unit=1000),
    "default-vi": lambda: Plan.default(language="vi", year=2027),
    "contingency": lambda: Plan.from_dict(CONTINGENCY),
}


@pytest.mark.parametrize("key", PLANS)
def test_generated_workbook_reads_back_to_its_spec(tmp_path: Path, key: str) -> None:
    plan = PLANS[key]()
    path = plan.save(tmp_path / "plan.xlsx")
    read = read_plan(path)
    assert read.findings == []
    assert normalised(read.spec) == normalised(plan.spec)
    # the spec read back is valid for `mktplan new` and makes the same workbook
    again = Plan(validate_spec(json.loads(reader_core.spec_json(read)))).save(tmp_path / "again.xlsx")
    assert normalised(read_plan(again).spec) == normalised(plan.spec)


def test_tables_are_tidy(tmp_path: Path) -> None:
    path = Plan.from_dict(CONTINGENCY).save(tmp_path / "plan.xlsx")
    read = read_plan(path)
    budget = read.budget
    assert list(budget.columns) == ["activity", "group", "owner", "notes", "month", "calendar_month", "plan", "actual"]
    assert len(budget) == 24
    first = budget.iloc[0]
    assert (first.activity, first.group, first.month, first.calendar_month, first.plan, first.actual) == \
        ("A", "G1", 1, "2028-07", 100.0, 90.0)
    assert budget.iloc[17].calendar_month == "2028-12"          # B, fiscal month 6
    assert budget.iloc[23].calendar_month == "2029-06"
    assert budget[budget.activity == "B"].plan.isna().sum() == 10
    sales = read.sales
    assert list(sales.columns)[:6] == ["product", "unit", "month", "calendar_month", "units", "price"]
    assert sales[sales["product"] == "P"].price.tolist() == [7.25] * 12
    settings = read.frames["settings"]
    assert set(settings.field) >= {"plan.name", "budget.as_of_month", "budget.contingency_pct",
                                   "budget.contingency_actual"}
    assert settings[settings.field == "budget.contingency_actual"].value.tolist()[:3] == [10, None, 30]


def _type(path: Path, target: Path, edits: dict[str, list[list[Any]]]) -> None:
    book = openpyxl.load_workbook(path)
    for name, grid in edits.items():
        sheet, (c1, r1, _, _) = defined_name_area(path, name)
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                if value is not ...:
                    book[sheet].cell(row=r1 + r, column=c1 + c).value = value
    book.save(target)


def test_typed_inputs_come_back(example_workbook, tmp_path: Path) -> None:
    source = example_workbook("en")
    edited = tmp_path / "edited.xlsx"
    _type(source, edited, {"BudgetPlanInputs": [[1, 2.5, None]], "BudgetLineNames": [[...], ["Renamed"]],
                           "SalesPriceInputs": [[...] * 11 + [9999]], "AsOfMonth": [[7]],
                           "PlanName": [["Typed name"]], "BudgetLineGroups": [[None]]})
    read = read_plan(edited)
    spec = read.spec
    first = spec.budget.activities[0]
    assert first.plan[:3] == [1, 2.5, None] and first.group is None
    assert spec.budget.activities[1].name == "Renamed"
    assert spec.sales.products[0].price[11] == 9999
    assert spec.budget.as_of_month == 7 and spec.plan.name == "Typed name"
    assert read.cell_of("budget.activities[0].plan[1]") == named_cell(source, "BudgetPlanInputs", 0, 1)


def test_text_in_a_number_cell_is_a_finding_with_its_cell(example_workbook, tmp_path: Path) -> None:
    source = example_workbook("en")
    edited = tmp_path / "edited.xlsx"
    _type(source, edited, {"BudgetActualInputs": [[..., "n/a"]], "SalesUnitsInputs": [[-3]]})
    read = read_plan(edited)
    text_cell = named_cell(source, "BudgetActualInputs", 0, 1)
    assert [(f.cell, f.message) for f in read.findings] == [(text_cell, "text 'n/a' in a number cell")]
    problems = {f.cell: f.message for f in read.spec_problems()}
    assert text_cell in problems
    assert "must not be negative" in problems[named_cell(source, "SalesUnitsInputs")]
    assert read.budget.actual.iloc[1] != read.budget.actual.iloc[1]   # NaN in the table
    with pytest.raises(Exception, match="Sales forecast"):
        read.spec


# generic: a sheet added later, with items across and lists down, and spare columns ------------

def test_a_new_sheet_is_read_without_reader_code(example_workbook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sales products laid out across (names in a row, units down each column, two blank spare
    columns): declared only through DefinedName(field, kind), read by the same code."""
    source = example_workbook("en")
    book = openpyxl.load_workbook(source)
    ws = book.create_sheet("Across")
    names = ["Alpha", "Beta", None, None]
    for c, name in enumerate(names):
        ws.cell(row=2, column=2 + c, value=name)
        ws.cell(row=3, column=2 + c, value="box" if name else None)
        for m in range(12):
            ws.cell(row=5 + m, column=2 + c, value=(c + 1) * 10 + m if name else None)
    from openpyxl.workbook.defined_name import DefinedName as XlName
    for name, ref in (("XNames", "$B$2:$E$2"), ("XUnits", "$B$3:$E$3"), ("XQty", "$B$5:$E$16")):
        book.defined_names[name] = XlName(name, attr_text=f"Across!{ref}")
    for name in ("SalesProductNames", "SalesProductUnits", "SalesUnitsInputs", "SalesPriceInputs"):
        del book.defined_names[name]
    path = tmp_path / "across.xlsx"
    book.save(path)
    entries = [e for e in reader_core.catalogue.inputs() if not e.info.field.startswith("sales.")]
    entries += [NameEntry("across", DefinedName("XNames", "", "sales.products[*].name", "row")),
                NameEntry("across", DefinedName("XUnits", "", "sales.products[*].unit", "row")),
                NameEntry("across", DefinedName("XQty", "", "sales.products[*].units", "grid_t")),
                # a shape the reader does not know is skipped with a finding, not a failure
                NameEntry("across", DefinedName("XNested", "", "sales.products[*].tiers[*].price", "grid"))]
    monkeypatch.setattr(reader_core.catalogue, "inputs", lambda: tuple(entries))
    read = read_plan(path)
    assert [f.code for f in read.findings] == ["unread_name"]
    products = read.spec.sales.products
    assert [p.name for p in products] == ["Alpha", "Beta"]
    assert products[1].units == [20 + m for m in range(12)] and products[0].unit == "box"
    # fields that are not inputs here are carried over from the stored spec: an item whose name is
    # new takes the stored item at its position (a renamed line keeps what only the spec holds)
    stored = Plan.from_file(EXAMPLES / "en.yaml").spec.sales.products
    assert products[0].price == stored[0].price and products[1].price == stored[1].price
    assert read.cell_of("sales.products[1].units[3]") == named_cell(path, "XQty", 3, 1)
    assert list(read.sales.columns) == ["product", "unit", "month", "calendar_month", "units"]


def test_blank_spare_rows_are_skipped_and_rows_beyond_the_key_belong_elsewhere(tmp_path: Path) -> None:
    """BudgetActualInputs holds the computed contingency line below the activities: not an item."""
    path = Plan.from_dict(CONTINGENCY).save(tmp_path / "plan.xlsx")
    read = read_plan(path)
    assert [a.name for a in read.spec.budget.activities] == ["A", "B"]
    assert read.spec.budget.contingency_actual[:3] == [10, None, 30]
    # a whole line blanked by the user disappears; the others keep their data
    edited = tmp_path / "edited.xlsx"
    _type(path, edited, {"BudgetLineNames": [[None]], "BudgetLineGroups": [[None]],
                         "BudgetPlanInputs": [[None] * 12], "BudgetActualInputs": [[None] * 12]})
    assert [a.name for a in read_plan(edited).spec.budget.activities] == ["B"]


# the command ----------------------------------------------------------------------------

def test_read_command_writes_tables_and_a_spec_new_accepts(example_workbook, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = example_workbook("vi")
    assert main(["read", str(path)]) == 0
    out = capsys.readouterr().out
    assert "budget: 96 rows, 8 × activity" in out
    assert main(["read", str(path), "--out", str(tmp_path / "csv")]) == 0
    written = {p.name for p in (tmp_path / "csv").iterdir()}
    assert {"budget.csv", "sales.csv", "settings.csv", "spec.json"} <= written
    assert written == {f"{name}.csv" for name in read_plan(path).tables} | {"spec.json"}
    text = (tmp_path / "csv" / "budget.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("activity,group,")
    assert text.splitlines()[0].endswith(",month,calendar_month,plan,actual")
    assert main(["read", str(path), "--out", str(tmp_path / "csv")]) == 2          # exists, no --force
    assert main(["read", str(path), "--out", str(tmp_path / "js"), "--format", "json"]) == 0
    records = json.loads((tmp_path / "js" / "sales.json").read_text(encoding="utf-8"))
    assert records[0]["product"] and records[0]["month"] == 1
    assert main(["new", str(tmp_path / "again.xlsx"), "--spec", str(tmp_path / "js" / "spec.json")]) == 0
    capsys.readouterr()
    assert main(["read", str(path), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert {"budget", "sales", "settings"} <= set(document["tables"]) and document["spec"]["budget"]
    assert main(["read", str(path), "--format", "csv"]) == 2
    assert normalised(read_plan(tmp_path / "again.xlsx").spec) == normalised(read_plan(path).spec)


def test_parquet_needs_pyarrow_or_says_so(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = Plan.default().save(tmp_path / "plan.xlsx")
    code = main(["read", str(path), "--out", str(tmp_path / "pq"), "--format", "parquet"])
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        assert code == 2 and "pyarrow" in capsys.readouterr().err
    else:
        assert code == 0 and (tmp_path / "pq" / "budget.parquet").is_file()


# check (openpyxl-edited; cached values are gone, so checks are recalculated in Python) ------------

def test_check_clean_plan_exits_0(example_workbook, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = example_workbook("zh")
    assert main(["check", str(path)]) == 0
    assert "no problems" in capsys.readouterr().out
    assert main(["check", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"file": str(path), "ok": True, "schema": 2, "findings": []}


def test_check_names_an_overwritten_formula_and_the_failing_checks(example_workbook, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture) -> None:
    path = example_workbook("en")
    book = openpyxl.load_workbook(path)
    total = Book(path).cell("BudgetPlanTotal")
    book[total.parent.title][total.coordinate] = 999
    book.save(tmp_path / "bad.xlsx")
    report = check_plan(tmp_path / "bad.xlsx")
    cell = named_cell(path, "BudgetPlanTotal")
    assert [(f.code, f.cell) for f in report.findings if f.code == "formula_overwritten"] == \
        [("formula_overwritten", cell)]
    assert "constant 999" in report.findings[0].message
    master = [f for f in report.findings if f.code == "checks_failed"]
    assert len(master) == 1 and "row totals equal column totals" in master[0].message
    assert main(["check", str(tmp_path / "bad.xlsx"), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and any(f["cell"] == cell for f in data["findings"])


def test_check_broken_name_missing_sheet_and_schema(example_workbook, tmp_path: Path) -> None:
    path = example_workbook("en")
    book = openpyxl.load_workbook(path)
    del book["Sales forecast"]
    book.defined_names["RevenuePlanTotal"].attr_text = "#REF!"
    schema = Book(path).cell("MktplanSchema")
    book[schema.parent.title][schema.coordinate] = 1
    book.save(tmp_path / "broken.xlsx")
    codes = {(f.code, f.field) for f in check_plan(tmp_path / "broken.xlsx").findings}
    assert ("broken_name", "RevenuePlanTotal") in codes
    assert ("missing_sheet", "sales") in codes
    assert ("schema", "MktplanSchema") in codes
    assert main(["check", str(tmp_path / "broken.xlsx")]) == 1


def test_check_negative_amount_names_its_cell(example_workbook, tmp_path: Path) -> None:
    path = example_workbook("en")
    _type(path, tmp_path / "neg.xlsx", {"BudgetPlanInputs": [[..., ..., -50]]})
    findings = check_plan(tmp_path / "neg.xlsx").findings
    assert any(f.code == "invalid_input" and f.cell == named_cell(path, "BudgetPlanInputs", 0, 2)
               and "negative" in f.message
               for f in findings)
    assert any(f.code == "check_failed" and "negative" in f.message for f in findings)


def test_check_names_an_input_formula_without_a_saved_value(example_workbook, tmp_path: Path) -> None:
    path = example_workbook("en")
    _type(path, tmp_path / "formula.xlsx", {"SalesUnitsInputs": [[..., "=100*2"]]})
    findings = check_plan(tmp_path / "formula.xlsx").findings
    assert [(f.code, f.cell) for f in findings if f.code == "unsaved_formula"] == \
        [("unsaved_formula", named_cell(path, "SalesUnitsInputs", 0, 1))]


def test_check_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad = tmp_path / "notes.xlsx"
    bad.write_text("activity,month,amount\nA,1,2\n")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "text file" in err and err.count("\n") == 1
