"""Structure of generated workbooks, read back with openpyxl: names, protection,
input style, validations, Excel limits, cached values, fiscal calendar."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLES
from mktplan_xl import Plan
from xlsx_tools import defined_name_area, defined_name_cell, formula_cells, values

KEY_NAMES = ["BudgetPlanTotal", "BudgetPlanQ1", "BudgetPlanQ2", "BudgetPlanQ3", "BudgetPlanQ4",
             "AsOfMonth", "BudgetPlanYTD", "BudgetActualYTD", "BudgetVarianceYTD",
             "RevenuePlanTotal", "MarketingPctOfRevenue", "ChecksOK"]
# Functions available in Excel 2010+ and LibreOffice 7.4 without an _xlfn. prefix.
ALLOWED_FUNCTIONS = {"SUM", "SUMPRODUCT", "IF", "IFERROR", "AND", "OR", "NOT", "ABS", "MIN",
                     "MAX", "ROUND", "INDEX", "T"}


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return Plan.from_file(EXAMPLES / "en.yaml").save(tmp_path_factory.mktemp("wb") / "example.xlsx")


@pytest.mark.parametrize("language", ["en", "vi", "zh"])
def test_sheet_names_respect_excel_limits(tmp_path: Path, language: str) -> None:
    path = Plan.default(language=language).save(tmp_path / "p.xlsx")
    names = openpyxl.load_workbook(path).sheetnames
    assert len(names) == 4
    for name in names:
        assert 1 <= len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name)


def test_key_figures_are_single_cell_names(example: Path) -> None:
    for name in KEY_NAMES:
        sheet, coordinate = defined_name_cell(example, name)
        assert re.fullmatch(r"[A-Z]+[0-9]+", coordinate), name
    book = openpyxl.load_workbook(example)
    for name in KEY_NAMES + ["BudgetPlanInputs", "BudgetActualInputs"]:
        destinations = list(book.defined_names[name].destinations)
        assert len(destinations) == 1
        assert ":" not in destinations[0][1] or name.endswith("Inputs")


def test_input_blocks_are_contiguous_activity_by_month_inputs(example: Path) -> None:
    plan = Plan.from_file(EXAMPLES / "en.yaml").spec
    book = openpyxl.load_workbook(example)
    sheet, (c1, r1, c2, r2) = defined_name_area(example, "BudgetPlanInputs")
    assert (c2 - c1 + 1, r2 - r1 + 1) == (12, len(plan.budget.activities))
    sheet, (c1, r1, c2, r2) = defined_name_area(example, "BudgetActualInputs")
    assert (c2 - c1 + 1, r2 - r1 + 1) == (12, len(plan.budget.activities) + 1)  # + contingency used
    ws = book[sheet]
    for row in ws.iter_rows(min_row=r1, max_row=r2, min_col=c1, max_col=c2):
        for cell in row:
            assert not (isinstance(cell.value, str) and cell.value.startswith("="))
            assert cell.protection.locked is False
            assert cell.fill.fgColor.rgb.endswith("FFF2CC")
    first = plan.budget.activities[0]
    assert ws.cell(row=r1, column=c1).value is None or True
    plan_sheet, (pc1, pr1, _, _) = defined_name_area(example, "BudgetPlanInputs")
    assert [book[plan_sheet].cell(row=pr1, column=pc1 + m).value for m in range(12)] == first.plan


def test_formula_cells_locked_and_sheets_protected(example: Path) -> None:
    book = openpyxl.load_workbook(example)
    count = 0
    for f in formula_cells(example):
        cell = book[f.sheet][f.coordinate]
        assert cell.protection.locked is not False, f
        count += 1
    assert count > 500
    for ws in book.worksheets:
        assert ws.protection.sheet is True
        assert not ws.protection.password


def test_every_formula_has_a_cached_value(example: Path) -> None:
    cached = values(example)
    empty = [f for f in formula_cells(example) if cached[(f.sheet, f.coordinate)] is None
             and '""' not in f.formula]
    assert empty == []


def test_only_portable_functions(example: Path) -> None:
    used = set()
    for f in formula_cells(example):
        used |= set(re.findall(r"([A-Z][A-Z0-9.]*)\(", re.sub(r'"[^"]*"', "", f.formula)))
    assert used and used <= ALLOWED_FUNCTIONS, used - ALLOWED_FUNCTIONS
    with zipfile.ZipFile(example) as z:
        assert not any("_xlfn." in z.read(n).decode("utf-8", "ignore") for n in z.namelist()
                       if n.endswith(".xml"))


def test_validations_and_views(example: Path) -> None:
    book = openpyxl.load_workbook(example)
    for ws in book.worksheets[1:]:
        assert ws.freeze_panes is not None, ws.title
    budget = book.worksheets[1]
    kinds = {dv.type for dv in budget.data_validations.dataValidation}
    assert {"decimal", "whole", "list"} <= kinds
    for ws in book.worksheets:
        for dv in ws.data_validations.dataValidation:
            if dv.type == "list":
                assert len(dv.formula1) <= 255
    assert budget.page_setup.orientation == "landscape"
    assert budget.sheet_properties.pageSetUpPr.fitToPage


def test_fiscal_year_starting_in_april(tmp_path: Path) -> None:
    path = Plan.default(year=2027, fiscal_year_start=4).save(tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(path).worksheets[1]
    headers = [ws.cell(row=8, column=c).value for c in range(4, 21)]
    assert headers[:12] == ["Apr 2027", "May 2027", "Jun 2027", "Jul 2027", "Aug 2027", "Sep 2027",
                            "Oct 2027", "Nov 2027", "Dec 2027", "Jan 2028", "Feb 2028", "Mar 2028"]
    assert headers[12:] == ["Q1", "Q2", "Q3", "Q4", "Full year"]
    assert ws["P10"].value == "=SUM(D10:F10)"  # Q1 = Apr-Jun
    assert "FY2027/28" in ws["A1"].value


@pytest.mark.parametrize("currency, fmt", [("VND", "#,##0;"), ("USD", "#,##0.00;"), ("CNY", "#,##0.00;")])
def test_currency_formats(tmp_path: Path, currency: str, fmt: str) -> None:
    path = Plan.default(currency=currency).save(tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(path).worksheets[1]
    assert ws["D10"].number_format.startswith(fmt)
    assert currency in ws["A2"].value


def test_display_unit_scales_the_format_not_the_values(tmp_path: Path) -> None:
    path = Plan.from_file(EXAMPLES / "en.yaml", display_unit=1000).save(tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(path).worksheets[1]
    assert ws["D10"].number_format.startswith("#,##0.00,;")
    assert ws["D10"].value == 8000
    assert "thousands" in ws["A2"].value


def test_contingency_line_is_computed_from_the_percentage(example: Path) -> None:
    book = openpyxl.load_workbook(example)
    pct_sheet, pct_cell = defined_name_cell(example, "ContingencyPct")
    _, (c1, r1, c2, r2) = defined_name_area(example, "BudgetPlanInputs")
    ws = book[pct_sheet]
    contingency = ws.cell(row=r2 + 1, column=c1).value
    assert contingency == f"=${pct_cell[0]}${pct_cell[1:]}*SUM(D{r1}:D{r2})"


def test_many_lines_and_no_groups(tmp_path: Path) -> None:
    spec = {"budget": {"activities": [{"name": f"Line {i}", "plan": [i] * 12} for i in range(60)]},
            "sales": {"products": [{"name": "Only", "units": [1] * 12, "price": 2}]}}
    model = Plan.from_dict(spec).model()
    assert model.value_of("BudgetPlanTotal") == sum(range(60)) * 12
    assert model.value_of("ChecksOK") is True
    path = Plan.from_dict(spec).save(tmp_path / "p.xlsx")
    budget = openpyxl.load_workbook(path).worksheets[1]
    assert not [dv for dv in budget.data_validations.dataValidation if dv.type == "list"]


def test_udfs_flag_adds_functions_and_xlwings_conf(tmp_path: Path) -> None:
    from mktplan_xl.finance import FUNCTIONS

    path = Plan.default(language="en").save(tmp_path / "p.xlsx", udfs=True)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[-2:] == ["Functions", "xlwings.conf"]
    conf = book["xlwings.conf"]
    assert (conf["A1"].value, conf["B1"].value) == ("UDF Modules", "mktplan_udfs")
    ws = book["Functions"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=5) if r[0].value}
    assert set(rows) == {f.excel_name for f in FUNCTIONS}
    for info in FUNCTIONS:
        row = rows[info.excel_name]
        assert row[3].data_type == "s" and row[3].value == info.example_formula()
        if not isinstance(info.example.result, (list, tuple)):
            expected = info.python(*info.example.args)
            assert row[4].value == pytest.approx(expected) if isinstance(expected, float) \
                else row[4].value == expected


def test_without_udfs_no_sheet_depends_on_the_add_in(tmp_path: Path) -> None:
    path = Plan.from_file(EXAMPLES / "en.yaml").save(tmp_path / "p.xlsx")
    with zipfile.ZipFile(path) as z:
        text = " ".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist())
    assert "MKT_" not in text and "xlwings" not in text
