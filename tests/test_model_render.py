"""The model and the renderer on their own: every kind of cell, rule and option the
builders can use, written with XlsxWriter and read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from mktplan_xl.errors import SheetDefinitionError, WorkbookLimitError
from mktplan_xl.formula import AND, RANK_EQ, Area, Name, Ref, render
from mktplan_xl.model import (CellRule, Chart, ChartSeries, DateValidation, FormulaRule,
                              Link, ListValidation, NumberValidation, WorkbookModel)
from mktplan_xl.render import write_workbook

STYLES = {"date": {"num_format": "yyyy-mm-dd"}, "cf_good": {"bg_color": "#C6EFCE"},
          "bar": {"bg_color": "#4472C4"}, "input": {"locked": False}}


def _model() -> WorkbookModel:
    model = WorkbookModel()
    model.styles = dict(STYLES)
    return model


def _write(model: WorkbookModel, tmp_path: Path) -> openpyxl.Workbook:
    path = tmp_path / "m.xlsx"
    write_workbook(model, path)
    return openpyxl.load_workbook(path)


def test_constants_dates_links_and_formulas(tmp_path: Path) -> None:
    model = _model()
    first = model.add_sheet("a", "First")
    other = model.add_sheet("b", "Other sheet")
    start = first.set(0, 0, dt.date(2024, 9, 1), "date")
    first.set(0, 1, start + 30, "date")
    first.set(1, 0, "=not a formula")
    first.set(2, 0, Link("Go to the other sheet", "b", 4, 2))
    other.set(0, 0, True)
    model.evaluate()
    assert model.evaluator.cell_value("a", 0, 1) == 45536 + 30
    book = _write(model, tmp_path)
    ws = book["First"]
    assert ws["A1"].value == dt.datetime(2024, 9, 1) and ws["A1"].number_format == "yyyy-mm-dd"
    assert ws["B1"].value == "=A1+30"
    assert ws["A2"].value == "=not a formula" and ws["A2"].data_type == "s"
    assert ws["A3"].value == "Go to the other sheet"
    assert ws["A3"].hyperlink.location == "'Other sheet'!C5"
    assert book["Other sheet"]["A1"].value is True


def test_names_and_sheet_keys_are_checked() -> None:
    model = _model()
    sheet = model.add_sheet("a", "A")
    model.define("Total", sheet.ref(0, 0))
    with pytest.raises(SheetDefinitionError, match="twice"):
        model.define("TOTAL", sheet.ref(1, 0))
    for bad in ("A1", "R1C1", "1abc", "has space", "x" * 256):
        with pytest.raises(WorkbookLimitError):
            model.define(bad, sheet.ref(0, 0))
    with pytest.raises(SheetDefinitionError, match="key"):
        model.add_sheet("a", "Another")
    with pytest.raises(WorkbookLimitError, match="31"):
        model.add_sheet("c", "x" * 32)
    with pytest.raises(WorkbookLimitError):
        model.add_sheet("d", "a/b")


def test_validations_in_the_models_terms(tmp_path: Path) -> None:
    model = _model()
    sheet = model.add_sheet("s", "S")
    sheet.set(0, 5, 10)
    sheet.add(ListValidation(sheet.area(0, 0, 9, 0), source=sheet.area(0, 4, 5, 4, True),
                             error_title="Pick a group from the list, please", error_message="x" * 300))
    sheet.add(ListValidation(sheet.area(0, 1, 9, 1), source=("high", "medium", "low")))
    sheet.add(NumberValidation(sheet.area(0, 2, 9, 2), whole=True, criteria="between", minimum=0,
                               maximum=Ref("s", 0, 5, True, True)))
    sheet.add(DateValidation(sheet.area(0, 3, 9, 3), criteria=">=", minimum=dt.date(2024, 1, 1)))
    book = _write(model, tmp_path)
    rules = {str(dv.sqref): dv for dv in book["S"].data_validations.dataValidation}
    assert rules["A1:A10"].type == "list" and rules["A1:A10"].formula1 == "$E$1:$E$6"
    assert len(rules["A1:A10"].errorTitle) <= 32 and len(rules["A1:A10"].error) <= 255
    assert rules["B1:B10"].formula1 == '"high,medium,low"'
    assert rules["C1:C10"].type == "whole" and rules["C1:C10"].formula2 == "$F$1"
    assert rules["D1:D10"].type == "date" and rules["D1:D10"].operator == "greaterThanOrEqual"


def test_an_inline_list_over_excels_limit_is_refused() -> None:
    sheet = _model().add_sheet("s", "S")
    with pytest.raises(WorkbookLimitError, match="255"):
        ListValidation(sheet.area(0, 0, 0, 0), source=tuple(f"choice {i}" for i in range(40)))
    with pytest.raises(WorkbookLimitError):
        ListValidation(sheet.area(0, 0, 0, 0), source=("a,b",))


def test_conditional_formats_take_formula_objects(tmp_path: Path) -> None:
    """A Gantt bar: a formula rule written for the area's top-left cell, with relative references."""
    model = _model()
    sheet = model.add_sheet("g", "Gantt")
    week = Ref("g", 0, 3, abs_row=True)          # D$1: the week's date in the header row
    start, end = Ref("g", 1, 1, abs_col=True), Ref("g", 1, 2, abs_col=True)   # $B2, $C2
    sheet.add(FormulaRule(sheet.area(1, 3, 10, 20), "bar", formula=AND(week.ge(start), week.le(end))))
    sheet.add(CellRule(sheet.area(1, 0, 10, 0), "cf_good", criteria="==", value="On track"))
    sheet.add(CellRule(sheet.area(1, 0, 10, 0), "cf_good", criteria="between", value=1, maximum=Name("Top")))
    model.define("Top", sheet.ref(0, 0, True))
    book = _write(model, tmp_path)
    rules = {str(r.sqref): r.rules for r in book["Gantt"].conditional_formatting}
    (bar,) = rules["D2:U11"]
    assert bar.type == "expression" and bar.formula == ["AND(D$1>=$B2,D$1<=$C2)"]
    kinds = sorted(rule.type for rule in rules["A2:A11"])
    assert kinds == ["cellIs", "cellIs"]
    assert [r.formula for r in rules["A2:A11"]] == [['"On track"'], ["1", "Top"]]


def test_page_setup_visibility_and_properties(tmp_path: Path) -> None:
    model = _model()
    model.custom_properties = {"mktplan_schema": 2, "language": "vi"}
    sheet = model.add_sheet("t", "Table")
    for col, header in enumerate(["ID", "Goal", "Target"]):
        sheet.set(0, col, header)
    sheet.set(1, 0, "G1")
    sheet.set(1, 2, 650)
    sheet.page.landscape = False
    sheet.page.print_area = (0, 0, 3, 2)
    sheet.page.repeat_cols = (0, 1)
    sheet.page.footer = "&LPlan&RPage &P of &N"
    hidden = model.add_sheet("h", "Hidden")
    hidden.visibility = "very_hidden"
    book = _write(model, tmp_path)
    ws = book["Table"]
    assert [c.value for c in ws[1]] == ["ID", "Goal", "Target"]
    assert ws.page_setup.orientation == "portrait"
    assert ws.print_area == "'Table'!$A$1:$C$4"
    assert ws.oddFooter.right.text == "Page &P of &N"
    assert book["Hidden"].sheet_state == "veryHidden"
    assert {p.name: p.value for p in book.custom_doc_props.props} == {"mktplan_schema": 2, "language": "vi"}


def test_charts_with_subtypes_and_titles(tmp_path: Path) -> None:
    model = _model()
    sheet = model.add_sheet("c", "Chart data")
    for col in range(3):
        sheet.set(0, col, col + 1)
        sheet.set(1, col, 2 * col)
    categories, values = sheet.area(0, 0, 0, 2, True), sheet.area(1, 0, 1, 2, True)
    sheet.add(Chart("column", "Spend", (3, 0), [ChartSeries("TV", categories, values, color="#4472C4")],
                    subtype="stacked", y_title="VND"))
    sheet.add(Chart("scatter", "Break-even", (20, 0), [ChartSeries("Revenue", categories, values, line=True)],
                    subtype="straight", x_title="Units"))
    path = tmp_path / "c.xlsx"
    write_workbook(model, path)
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2
    assert any('<c:grouping val="stacked"/>' in c for c in charts)
    assert any("<c:scatterChart>" in c and "Units" in c for c in charts)


def test_the_formula_override_writes_what_stock_xlsxwriter_writes(tmp_path: Path) -> None:
    """render.py skips XlsxWriter's _xlfn expansion (the formula module writes the prefix);
    the sheet XML must be the same as stock XlsxWriter's for a function that needs it."""
    formula = RANK_EQ(Ref("s", 0, 0), Area("s", 0, 0, 9, 0, True, True))
    ours = _model()
    sheet = ours.add_sheet("s", "Sheet1")
    for row in range(10):
        sheet.set(row, 0, row * 3)
    sheet.set(0, 1, formula)
    sheet.protect = False
    sheet.page.fit_width = 0
    ours_path = tmp_path / "ours.xlsx"
    write_workbook(ours, ours_path)

    stock_path = tmp_path / "stock.xlsx"
    stock = xlsxwriter.Workbook(str(stock_path), {"use_future_functions": True, "strings_to_numbers": False,
                                                  "constant_memory": True})
    ws = stock.add_worksheet("Sheet1")
    for row in range(10):  # in row order: constant-memory mode, as render.py writes
        ws.write_number(row, 0, row * 3)
        if row == 0:
            ws.write_formula(0, 1, "=RANK.EQ(A1,$A$1:$A$10)", None, 10)
    ws.set_paper(9)
    ws.set_landscape()
    stock.close()

    assert render(formula, "s", {"s": "Sheet1"}) == "_xlfn.RANK.EQ(A1,$A$1:$A$10)"

    def cell_data(path: Path) -> str:
        with zipfile.ZipFile(path) as z:
            xml = z.read("xl/worksheets/sheet1.xml").decode()
        return re.search(r"<sheetData>.*</sheetData>", xml).group()

    assert cell_data(ours_path) == cell_data(stock_path)
    assert "<f>_xlfn.RANK.EQ(A1,$A$1:$A$10)</f>" in cell_data(ours_path)


def test_xlsxwriter_is_pinned_below_its_next_major_version() -> None:
    import tomllib

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    (pin,) = [d for d in deps if d.lower().startswith("xlsxwriter")]
    major = int(xlsxwriter.__version__.split(".")[0])
    assert f"<{major + 1}" in pin.replace(" ", "")


def test_what_xlsxwriter_refuses_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    """XlsxWriter returns a code (and writes nothing) for a string past Excel's 32,767 characters or a
    link past 2,079: the renderer raises instead of leaving a blank cell."""
    model = _model()
    sheet = model.add_sheet("s", "Long text")
    sheet.set(3, 1, "x" * 40_000)
    with pytest.raises(WorkbookLimitError, match=r"'Long text'!B4"):
        _write(model, tmp_path)
