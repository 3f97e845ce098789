"""Structure of generated workbooks, read back with openpyxl and found by defined names:
names, protection, input style, validations, Excel limits, cached values, fiscal calendar,
the stored spec and document properties."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLES
from mktplan_xl import Plan, names
from mktplan_xl.formula import FUNCTIONS
from mktplan_xl.meta import SCHEMA_VERSION, load_document
from mktplan_xl.sheets.common import SPARE_ROWS
from mktplan_xl.spec import validate_spec
from xlsx_tools import (Book, defined_name_area, defined_name_cell, expected_sheet_names, formula_cells,
                        name_destination, values)

KEY_NAMES = ["BudgetPlanTotal", "BudgetPlanQ1", "BudgetPlanQ2", "BudgetPlanQ3", "BudgetPlanQ4",
             "AsOfMonth", "BudgetPlanYTD", "BudgetActualYTD", "BudgetVarianceYTD",
             "RevenuePlanTotal", "MarketingPctOfRevenue", "ChecksOK"]
# Functions of the formula engine's registry: all exist in Excel 2010+ and LibreOffice 7.4.
ALLOWED_FUNCTIONS = {name for name, spec in FUNCTIONS.items() if not spec.xlfn}
PREFIXED_FUNCTIONS = {f"_xlfn.{name}" for name, spec in FUNCTIONS.items() if spec.xlfn}


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return Plan.from_file(EXAMPLES / "en.yaml").save(tmp_path_factory.mktemp("wb") / "example.xlsx")


@pytest.mark.parametrize("language", ["en", "vi", "zh"])
def test_sheet_names_respect_excel_limits(tmp_path: Path, language: str) -> None:
    path = Plan.default(language=language).save(tmp_path / "p.xlsx")
    book = Book(path)
    assert book.visible_sheetnames == expected_sheet_names(language)
    for name in book.book.sheetnames:
        assert 1 <= len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name)


def test_key_figures_are_single_cell_names(example: Path) -> None:
    for name in KEY_NAMES:
        sheet, coordinate = defined_name_cell(example, name)
        assert re.fullmatch(r"[A-Z]+[0-9]+", coordinate), name
    book = openpyxl.load_workbook(example)
    for name in KEY_NAMES:
        destinations = list(book.defined_names[name].destinations)
        assert len(destinations) == 1 and ":" not in destinations[0][1], name


def test_every_name_in_the_catalogue_and_every_catalogued_name_defined(example: Path) -> None:
    book = openpyxl.load_workbook(example)
    defined = set(book.defined_names)
    catalogued = {e.name for e in names.catalogue()}
    assert defined <= catalogued
    required = {e.name for e in names.catalogue() if not e.info.optional}
    assert required - {"ContingencyPct", "BudgetContingencyActual"} <= defined
    assert {"ContingencyPct", "BudgetContingencyActual"} <= defined  # the en example uses contingency_pct


def test_input_blocks_are_contiguous_activity_by_month_inputs(example: Path) -> None:
    plan = Plan.from_file(EXAMPLES / "en.yaml").spec
    book = Book(example)
    plan_cells, actual_cells = book.cells("BudgetPlanInputs"), book.cells("BudgetActualInputs")
    lines = len(plan.budget.activities) + SPARE_ROWS   # the spec's lines, then spare lines
    assert (len(plan_cells), len(plan_cells[0])) == (lines, 12)
    assert (len(actual_cells), len(actual_cells[0])) == (lines + 1, 12)  # + contingency
    for row in actual_cells:
        for cell in row:
            assert not (isinstance(cell.value, str) and cell.value.startswith("="))
            assert cell.protection.locked is False
            assert cell.fill.fgColor.rgb.endswith("FFF2CC")
    first = plan.budget.activities[0]
    assert [c.value for c in plan_cells[0]] == first.plan
    assert [c.value for c in actual_cells[0][:len(first.actual)]] == first.actual
    spare = [[None]] * SPARE_ROWS
    assert book.values("BudgetLineNames") == [[a.name] for a in plan.budget.activities] + spare
    assert book.values("BudgetLineGroups") == [[a.group] for a in plan.budget.activities] + spare
    assert book.values("BudgetLineOwners") == [[a.owner or None] for a in plan.budget.activities] + spare
    assert book.values("BudgetGroupInputs") == [[g] for g in plan.budget.groups] + spare
    assert book.values("BudgetContingencyActual") == [
        plan.budget.contingency_actual + [None] * (12 - len(plan.budget.contingency_actual))]
    assert book.values("SalesProductNames") == [[p.name] for p in plan.sales.products] + spare
    assert book.values("SalesProductUnits") == [[p.unit or None] for p in plan.sales.products] + spare


@pytest.mark.parametrize("language", ["en", "vi", "zh"])
def test_every_input_cell_lies_inside_a_defined_name(tmp_path: Path, language: str) -> None:
    """A reader never needs an A1 address: every unlocked cell of a protected sheet is named."""
    path = Plan.from_file(EXAMPLES / f"{language}.yaml").save(tmp_path / "p.xlsx", udfs=True)
    book = openpyxl.load_workbook(path)
    covered = set()
    for name in book.defined_names:
        sheet, (c1, r1, c2, r2) = name_destination(book, name)
        covered |= {(sheet, r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    inputs = [(ws.title, cell.row, cell.column) for ws in book.worksheets if ws.protection.sheet
              for row in ws.iter_rows() for cell in row if cell.protection.locked is False]
    assert len(inputs) > 100
    assert [i for i in inputs if i not in covered] == []


def test_input_names_carry_spec_fields_that_exist(example: Path) -> None:
    """Each input name says which spec field it carries, and that field exists in the spec."""
    spec = Plan.from_file(EXAMPLES / "en.yaml").spec.model_dump()
    for entry in names.inputs():
        node = spec
        for part in entry.info.field.replace("[*]", ".*").split("."):
            if part == "*":
                assert isinstance(node, list) and node, entry.name
                node = node[0]
            else:
                assert part in node, (entry.name, entry.info.field)
                node = node[part]


def test_readme_table_of_names_is_the_catalogue() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert names.markdown_table() in readme


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
    """Only formulas that may show blank (a "" result, T() of a blank cell, a reference to a
    blank line's cell) have no cached value."""
    cached = values(example)
    may_be_blank = re.compile(r'""|^=T\(|^=(\'[^\']+\'!)?\$?[A-Z]+\$?[0-9]+$')
    empty = [f for f in formula_cells(example) if cached[(f.sheet, f.coordinate)] is None
             and not may_be_blank.search(f.formula)]
    assert empty == []


def test_only_portable_functions(example: Path) -> None:
    """Every function is in the engine's registry; those added after Excel 2007 carry _xlfn."""
    used = set()
    for f in formula_cells(example):
        used |= set(re.findall(r"((?:_xlfn\.)?[A-Z][A-Z0-9.]*)\(", re.sub(r'"[^"]*"', "", f.formula)))
    assert used and used <= ALLOWED_FUNCTIONS | PREFIXED_FUNCTIONS, used - ALLOWED_FUNCTIONS - PREFIXED_FUNCTIONS
    assert "XLOOKUP" not in used and "LET" not in used


def test_validations_and_views(example: Path) -> None:
    book = Book(example)
    for name in ("BudgetPlanInputs", "SalesUnitsInputs"):
        assert book.sheet_of(name).freeze_panes is not None, name
    budget = book.sheet_of("BudgetPlanInputs")
    kinds = {dv.type for dv in budget.data_validations.dataValidation}
    assert {"decimal", "whole", "list"} <= kinds
    for ws in book.book.worksheets:
        for dv in ws.data_validations.dataValidation:
            if dv.type == "list":
                assert len(dv.formula1) <= 255
    assert budget.page_setup.orientation == "landscape"
    assert budget.page_setup.paperSize == 9 and 55 <= budget.page_setup.scale <= 100   # A4, readable
    assert budget.print_title_cols == "$A:$C" and budget.col_breaks.count >= 2


def test_fiscal_year_starting_in_april(tmp_path: Path) -> None:
    spec = {"plan": {"year": 2027, "fiscal_year_start": 4},
            "budget": {"activities": [{"name": "A", "plan": list(range(1, 13))}]}}
    plan = Plan.from_dict(spec)
    book = Book(plan.save(tmp_path / "p.xlsx"))
    headers = book.values("BudgetMonthHeaders")[0]
    assert headers == ["Apr 2027", "May 2027", "Jun 2027", "Jul 2027", "Aug 2027", "Sep 2027",
                       "Oct 2027", "Nov 2027", "Dec 2027", "Jan 2028", "Feb 2028", "Mar 2028"]
    model = plan.model()
    assert [model.value_of(f"BudgetPlanQ{q}") for q in range(1, 5)] == [6, 15, 24, 33]  # Q1 = Apr-Jun
    assert any("FY2027/28" in text for text in book.texts(book.sheet_of("BudgetPlanInputs")))


@pytest.mark.parametrize("currency, fmt", [("VND", "#,##0;"), ("USD", "#,##0.00;"), ("CNY", "#,##0.00;")])
def test_currency_formats(tmp_path: Path, currency: str, fmt: str) -> None:
    book = Book(Plan.default(currency=currency).save(tmp_path / "p.xlsx"))
    assert book.cell("BudgetPlanInputs").number_format.startswith(fmt)
    assert any(currency in text for text in book.texts(book.sheet_of("BudgetPlanInputs")))


def test_display_unit_scales_calculated_money_never_inputs(tmp_path: Path) -> None:
    """Issue 12, item 3: money typed in shows in full currency units, calculated money in the
    display unit, and each sheet's unit line says both."""
    book = Book(Plan.from_file(EXAMPLES / "en.yaml", display_unit=1000).save(tmp_path / "p.xlsx"))
    cell = book.cell("BudgetPlanInputs")
    assert cell.number_format.startswith("#,##0.00;")
    assert cell.value == 8000
    assert book.cell("SalesPriceInputs").number_format.startswith("#,##0.00;")
    assert book.cell("SalesActualPriceInputs").number_format.startswith("#,##0.00;")
    for name in ("BudgetPlanTotal", "BudgetRemaining", "RevenuePlanTotal"):
        assert book.cell(name).number_format.startswith("#,##0.00,;"), name
    for name in ("BudgetPlanInputs", "SalesUnitsInputs", "ChecksOK"):
        texts = book.texts(book.sheet_of(name))
        assert "Inputs in USD · totals in thousands of USD" in " ".join(texts), name


@pytest.mark.parametrize("unit, body", [(10_000, '0\\.0,"万"'), (100_000_000, '0\\.00,,"亿"')])
def test_wan_and_yi_display_units(tmp_path: Path, unit: int, body: str) -> None:
    book = Book(Plan.from_file(EXAMPLES / "zh.yaml", display_unit=unit).save(tmp_path / "p.xlsx"))
    assert book.cell("BudgetPlanTotal").number_format.startswith(body + ";")
    assert not book.cell("BudgetPlanInputs").number_format.startswith(body)
    unit_name = "万" if unit == 10_000 else "亿"
    assert any(f"合计单位：{unit_name} CNY" in text for text in book.texts(book.sheet_of("BudgetPlanInputs")))


def test_contingency_line_is_computed_from_the_percentage(example: Path) -> None:
    book = openpyxl.load_workbook(example)
    pct_sheet, pct_cell = defined_name_cell(example, "ContingencyPct")
    _, (c1, r1, c2, r2) = defined_name_area(example, "BudgetPlanInputs")
    ws = book[pct_sheet]
    contingency = ws.cell(row=r2 + 1, column=c1).value
    column = re.match(r"[A-Z]+", pct_cell).group()
    first_month = openpyxl.utils.get_column_letter(c1)
    names = f"$B${r1}:$B${r2}"   # lines without a name count as 0
    assert contingency == (f"=${column}${pct_cell[len(column):]}*SUMPRODUCT(--({names}<>\"\"),"
                           f"{first_month}{r1}:{first_month}{r2})")


def test_many_lines_and_no_groups(tmp_path: Path) -> None:
    spec = {"budget": {"activities": [{"name": f"Line {i}", "plan": [i] * 12} for i in range(60)]},
            "sales": {"products": [{"name": "Only", "units": [1] * 12, "price": 2}]}}
    model = Plan.from_dict(spec).model()
    assert model.value_of("BudgetPlanTotal") == sum(range(60)) * 12
    assert model.value_of("ChecksOK") is True
    book = Book(Plan.from_dict(spec).save(tmp_path / "p.xlsx"))
    budget = book.sheet_of("BudgetPlanInputs")
    lists = [dv for dv in budget.data_validations.dataValidation if dv.type == "list"]
    _, (c1, r1, c2, r2) = defined_name_area(book.path, "BudgetGroupInputs")   # the spare group rows
    assert [dv.formula1 for dv in lists] == [f"$B${r1}:$B${r2}"] and r2 - r1 + 1 == SPARE_ROWS
    assert book.values("BudgetLineGroups") == [[None]] * (60 + SPARE_ROWS)   # blank, not empty strings


def test_udfs_flag_adds_functions_and_xlwings_conf(tmp_path: Path) -> None:
    from mktplan_xl.finance import FUNCTIONS

    path = Plan.default(language="en").save(tmp_path / "p.xlsx", udfs=True)
    book = Book(path)
    assert book.visible_sheetnames == expected_sheet_names("en", udfs=True)
    assert book.visible_sheetnames[-1] == "Functions"
    conf = book.book["xlwings.conf"]
    assert (conf["A1"].value, conf["B1"].value) == ("UDF Modules", "mktplan_udfs")  # xlwings reads A1:B1
    assert conf.sheet_state == "hidden"    # neither shown nor printed
    ws = book.book["Functions"]
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


# --------------------------------------------------------------------------- what the workbook says it is

@pytest.mark.parametrize("language", ["en", "vi", "zh"])
def test_stored_spec_regenerates_the_same_plan(tmp_path: Path, language: str) -> None:
    plan = Plan.from_file(EXAMPLES / f"{language}.yaml", fiscal_year_start=7)
    book = Book(plan.save(tmp_path / "p.xlsx", udfs=True))
    assert book.value("MktplanSchema") == SCHEMA_VERSION
    document = load_document([c for (c,) in book.values("MktplanSpec")])
    assert document["schema"] == SCHEMA_VERSION and document["options"] == {"udfs": True}
    assert validate_spec(document["spec"]) == plan.spec
    meta_sheet = book.sheet_of("MktplanSpec")
    assert meta_sheet.sheet_state == "veryHidden"


def test_stored_spec_survives_text_xml_cannot_hold_raw(tmp_path: Path) -> None:
    spec = {"plan": {"name": "Plan \"quoted\" \\ \u00e9\u4e2d"},
            "budget": {"activities": [{"name": "x" * 255, "group": "G\u00fc"}]}}
    plan = Plan.from_dict(spec)
    book = Book(plan.save(tmp_path / "p.xlsx"))
    document = load_document([c for (c,) in book.values("MktplanSpec")])
    assert validate_spec(document["spec"]) == plan.spec


def test_large_spec_is_split_over_cells(tmp_path: Path) -> None:
    activities = [{"name": f"Activity {i} " + "\u4e2d" * 100, "plan": [i] * 12} for i in range(300)]
    plan = Plan.from_dict({"budget": {"activities": activities}})
    book = Book(plan.save(tmp_path / "p.xlsx"))
    chunks = [c for (c,) in book.values("MktplanSpec")]
    assert len(chunks) > 3 and all(len(c) <= 8000 for c in chunks)
    assert validate_spec(load_document(chunks)["spec"]) == plan.spec


def test_document_properties(tmp_path: Path) -> None:
    path = Plan.default(language="vi", year=2031, fiscal_year_start=4, currency="USD",
                        display_unit=1000).save(tmp_path / "p.xlsx")
    props = {p.name: p.value for p in openpyxl.load_workbook(path).custom_doc_props.props}
    from mktplan_xl import __version__
    assert props == {"mktplan_schema": SCHEMA_VERSION, "mktplan_version": __version__, "language": "vi",
                     "year": 2031, "fiscal_year_start": 4, "currency": "USD", "display_unit": 1000}
    with zipfile.ZipFile(path) as z:
        assert "docProps/custom.xml" in z.namelist()
