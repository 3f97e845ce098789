"""Issue 12, the budget tracker in daily use: each defect reproduced on workbooks recalculated
in LibreOffice (one ``recalculate`` call for the whole module), the row insert of item 1 done
through UNO in en, vi and zh, and the figures checked against values worked out by hand
from the spec (tests/expected.py), never by the builder.

Items: 1 adding lines and groups (spare lines; a row inserted inside the plan block), 2 colours
by flag with a tolerance band, 3 display units (inputs in full, 万 and 亿), 4 actuals after
the as-of month, 5 refunds, 6 the Functions sheet, 7 text that fits, 8 install instructions;
and the outlook figures (remaining budget, latest estimate, pacing, actual sales).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import openpyxl
import pytest

from conftest import EXAMPLES, ROOT, require_soffice
from expected import expected_names
from mktplan_xl import Plan
from mktplan_xl.recalc import recalculate
from mktplan_xl.sheets.common import SPARE_ROWS, TEXT_DENSITY
from mktplan_xl.textfit import text_width
from mktplan_xl.templates import Labels
from xlsx_tools import Book, defined_name_area, is_error, name_destination, same, values
from xlsx_tools import name_value as value, named_column as column_values

TODAY = dt.date(2027, 1, 15)
UNO_PYTHON = os.environ.get("MKTPLAN_UNO_PYTHON", "/usr/bin/python3")
UNO_SCRIPT = Path(__file__).resolve().parent / "uno_session.py"
LANGUAGES = ("en", "vi", "zh")


def require_uno() -> str:
    """The Python with LibreOffice's ``uno`` module: skipped locally without it, a failure under CI."""
    require_soffice()
    found = shutil.which(UNO_PYTHON) or (UNO_PYTHON if Path(UNO_PYTHON).exists() else None)
    if found and subprocess.run([found, "-c", "import uno"], capture_output=True).returncode == 0:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"python3-uno is required under CI ({UNO_PYTHON} cannot import uno)")
    pytest.skip("python3-uno is not installed")


# --------------------------------------------------------------------------- typing like a user

class Typist:
    """Types into a saved workbook with openpyxl, cells found by defined names."""

    def __init__(self, source: Path):
        self.source = source
        self.book = openpyxl.load_workbook(source)

    def cell(self, name: str, row: int = 0, col: int = 0) -> Any:
        sheet, (c1, r1, _, _) = name_destination(self.book, name)
        return self.book[sheet].cell(row=r1 + row, column=c1 + col)

    def rows(self, name: str) -> int:
        _, (_, r1, _, r2) = name_destination(self.book, name)
        return r2 - r1 + 1

    def type(self, name: str, row: int, col: int, value: Any) -> None:
        self.cell(name, row, col).value = value

    def save(self, target: Path) -> Path:
        self.book.save(target)
        return target


def _activities(plan: Plan) -> int:
    return len(plan.spec.budget.activities)


NEW_PLAN = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200]
NEW_GROUP = {"en": "Events & trade shows", "vi": "Sự kiện & hội chợ", "zh": "展会与活动"}
NEW_LINE = {"en": "Trade show stand (Hanoi)", "vi": "Gian hàng hội chợ Hà Nội", "zh": "上海展会展位"}


def type_spare_line(source: Path, target: Path, plan: Plan, language: str) -> dict:
    """Name a spare line and a spare group, type its plan, an actual, an owner; name a spare
    product with units, a price and actual units. Returns what was typed."""
    typist = Typist(source)
    line = _activities(plan)                       # the first spare line
    group_row = len(plan.spec.budget.groups)       # the first spare group row
    typist.type("BudgetGroupInputs", group_row, 0, NEW_GROUP[language])
    typist.type("BudgetLineNames", line, 0, NEW_LINE[language])
    typist.type("BudgetLineGroups", line, 0, NEW_GROUP[language])
    typist.type("BudgetLineOwners", line, 0, "Minh")
    for m, amount in enumerate(NEW_PLAN):
        typist.type("BudgetPlanInputs", line, m, amount)
    typist.type("BudgetActualInputs", line, 0, 150)
    product = len(plan.spec.sales.products)
    typist.type("SalesProductNames", product, 0, "New product")
    for m in range(12):
        typist.type("SalesUnitsInputs", product, m, 10)
        typist.type("SalesPriceInputs", product, m, 7)
    typist.type("SalesActualUnitsInputs", product, 0, 12)
    typist.save(target)
    return {"plan": sum(NEW_PLAN), "actual": 150, "revenue": 10 * 7 * 12, "actual_revenue": 12 * 7}


# --------------------------------------------------------------------------- the cases

@dataclass
class Case:
    plan: Plan
    source: Path
    edit: Optional[Callable[[Path, Path], Any]] = None
    typed: Any = None
    recalculated: Optional[Path] = None
    uno: Optional[dict] = None           # a UNO job: insert a row, read what cells show
    uno_out: Optional[Path] = None
    shown: dict = field(default_factory=dict)


def colour_spec(tolerance: float = 0.05) -> dict:
    """Three lines 3 % over, 20 % under and 20 % over plan in month 1; revenue 20 % over forecast."""
    return {
        "plan": {"name": "Colours", "year": 2027, "currency": "USD", "language": "en"},
        "budget": {"as_of_month": 1, "variance_tolerance_pct": tolerance, "activities": [
            {"name": "Within band", "group": "G", "plan": [100] * 12, "actual": [103]},
            {"name": "Under", "group": "G", "plan": [100] * 12, "actual": [80]},
            {"name": "Over", "group": "G", "plan": [100] * 12, "actual": [120]}]},
        "sales": {"products": [{"name": "P", "units": [100] * 12, "price": 10, "actual_units": [120]}]},
    }


def _cases(tmp: Path) -> dict[str, Case]:
    cases: dict[str, Case] = {}

    def add(key: str, plan: Plan, edit: Optional[Callable] = None, udfs: bool = False, **extra: Any) -> None:
        source = plan.save(tmp / f"{key}-generated.xlsx", today=TODAY, udfs=udfs)
        cases[key] = Case(plan, source, edit, **extra)

    for language in LANGUAGES:
        plan = Plan.from_file(EXAMPLES / f"{language}.yaml")
        add(f"spare-{language}", plan,
            lambda s, t, plan=plan, language=language: type_spare_line(s, t, plan, language))
        add(f"insert-{language}", plan)
    plan = Plan.from_file(EXAMPLES / "en.yaml")

    def unnamed(source: Path, target: Path) -> None:
        typist = Typist(source)
        for m in range(12):
            typist.type("BudgetPlanInputs", _activities(plan) + 1, m, 1000)
        typist.save(target)
    add("unnamed-en", plan, unnamed)

    def late(source: Path, target: Path) -> None:
        typist = Typist(source)
        typist.type("AsOfMonth", 0, 0, 3)
        typist.type("BudgetActualInputs", 0, 4, 999)      # month 5, after the as-of month
        typist.save(target)
    add("late-en", plan, late)

    def refund(amount: float) -> Callable:
        def edit(source: Path, target: Path) -> None:
            typist = Typist(source)
            typist.type("BudgetActualInputs", 0, 1, amount)  # month 2 of the first line
            typist.save(target)
        return edit
    first = plan.spec.budget.activities[0].actual          # 7600, 2400, 0
    add("refund-en", plan, refund(-1000))                  # the line stays above zero to date
    add("refund-below-zero-en", plan, refund(-(first[0] + 1)))

    add("colours-en", Plan.from_dict(colour_spec()))

    def wide_band(source: Path, target: Path) -> None:
        typist = Typist(source)
        typist.type("VarianceTolerancePct", 0, 0, 0.25)
        typist.save(target)
    add("tolerance-en", Plan.from_dict(colour_spec()), wide_band)

    add("wan-zh", Plan.from_file(EXAMPLES / "zh.yaml", display_unit=10_000))
    add("yi-zh", Plan.from_file(EXAMPLES / "zh.yaml", display_unit=100_000_000))

    def typed_150(source: Path, target: Path) -> None:
        typist = Typist(source)
        typist.type("BudgetPlanInputs", 0, 1, 150)
        typist.save(target)
    add("million-vi", Plan.from_file(EXAMPLES / "vi.yaml", display_unit=1_000_000), typed_150)
    for language in ("vi", "zh"):
        add(f"udfs-{language}", Plan.from_file(EXAMPLES / f"{language}.yaml"), udfs=True)
    return cases


INSERTED_PLAN = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]


def insert_job(case: Case, language: str, target: Path) -> dict:
    """Insert a row after the first plan line, type a name, a group and twelve amounts, and fill
    the row's formulas (A … W of the row above) down, as a user would."""
    group = case.plan.spec.budget.groups[0]
    text = {"0": f"Inserted {language}", "1": group, "20": "Lan", "21": "Inserted by hand"}
    return {"source": str(case.source), "target": str(target),
            "insert": {"name": "BudgetLineNames", "after": 1, "fill_from": [-1, 21], "text": text,
                       "numbers": {str(2 + m): amount for m, amount in enumerate(INSERTED_PLAN)}},
            "shown": ["BudgetPlanTotal"]}


@pytest.fixture(scope="module")
def cases(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    tmp = tmp_path_factory.mktemp("daily")
    found = _cases(tmp)
    for key, case in found.items():
        if case.edit is not None:
            edited = tmp / f"{key}.xlsx"
            case.typed = case.edit(case.source, edited)
            case.source = edited
    recalc = [c for k, c in found.items() if not k.startswith("insert-")]
    outputs = recalculate([c.source for c in recalc], tmp / "recalculated")
    for case, output in zip(recalc, outputs):
        case.recalculated = output
    return found


@pytest.fixture(scope="module")
def uno_session(cases: dict[str, Case], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    """One LibreOffice session through UNO: the row inserts (en, vi, zh) and what cells show."""
    python = require_uno()
    tmp = tmp_path_factory.mktemp("uno")
    jobs, keys = [], []
    for language in LANGUAGES:
        case = cases[f"insert-{language}"]
        case.uno_out = tmp / f"inserted-{language}.xlsx"
        jobs.append(insert_job(case, language, case.uno_out))
        keys.append(f"insert-{language}")
    shown = {"wan-zh": ["BudgetPlanTotal", "BudgetPlanInputs", "RevenuePlanTotal"],
             "yi-zh": ["BudgetPlanTotal", "BudgetPlanInputs"],
             "million-vi": ["BudgetPlanTotal", "BudgetPlanInputs", "SalesPriceInputs"]}
    for key, names in shown.items():
        jobs.append({"source": str(cases[key].source), "target": None, "shown": names})
        keys.append(key)
    job_file, result_file = tmp / "jobs.json", tmp / "results.json"
    job_file.write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run([python, str(UNO_SCRIPT), str(job_file), str(result_file)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    for key, result in zip(keys, json.loads(result_file.read_text(encoding="utf-8"))):
        cases[key].shown = result["shown"]
    return cases


def no_errors(path: Path) -> None:
    cells = values(path)
    errors = {k: v for k, v in cells.items() if is_error(v)}
    assert errors == {}
    book = openpyxl.load_workbook(path, data_only=True)
    typed_errors = [(ws.title, c.coordinate) for ws in book.worksheets for row in ws.iter_rows()
                    for c in row if c.data_type == "e"]
    assert typed_errors == []


# --------------------------------------------------------------------------- item 1: adding lines

@pytest.mark.parametrize("language", LANGUAGES)
def test_a_named_spare_line_and_group_count_everywhere(cases: dict[str, Case], language: str) -> None:
    case = cases[f"spare-{language}"]
    path, typed = case.recalculated, case.typed
    no_errors(path)
    expected = expected_names(case.plan.spec)
    pct = case.plan.spec.budget.contingency_pct or 0
    assert same(value(path, "BudgetPlanTotal"), expected["BudgetPlanTotal"] + typed["plan"] * (1 + pct))
    assert same(value(path, "BudgetActualYTD"), expected["BudgetActualYTD"] + typed["actual"])
    assert same(value(path, "RevenuePlanTotal"), expected["RevenuePlanTotal"] + typed["revenue"])
    assert same(value(path, "RevenueActualYTD"), expected["RevenueActualYTD"] + typed["actual_revenue"])
    assert value(path, "ChecksOK") is True
    groups = dict(zip(column_values(path, "BudgetGroupNames"), column_values(path, "BudgetGroupPlan")))
    actual_groups = dict(zip(column_values(path, "BudgetGroupNames"), column_values(path, "BudgetGroupActual")))
    assert same(groups[NEW_GROUP[language]], typed["plan"])
    assert same(actual_groups[NEW_GROUP[language]], typed["actual"])
    # the line follows into the actual and variance blocks
    book = Book(path, data_only=True)
    texts = book.texts(book.sheet_of("BudgetLineNames"))
    assert texts.count(NEW_LINE[language]) == 3
    # the group list offers the new group (the list points at the group inputs)
    budget = Book(case.source).sheet_of("BudgetLineNames")
    _, (c1, r1, _, r2) = defined_name_area(case.source, "BudgetGroupInputs")
    lists = [dv.formula1 for dv in budget.data_validations.dataValidation if dv.type == "list"]
    assert lists == [f"$B${r1}:$B${r2}"]


def test_spare_lines_show_blank_everywhere_and_count_as_zero(cases: dict[str, Case]) -> None:
    """A spare line without a name: its formula cells are blank; amounts typed on it do not
    count and a check says so."""
    case = cases["unnamed-en"]
    path = case.recalculated
    no_errors(path)
    expected = expected_names(case.plan.spec)
    assert same(value(path, "BudgetPlanTotal"), expected["BudgetPlanTotal"])
    assert value(path, "ChecksOK") is False
    book = Book(path, data_only=True)
    sheet = book.sheet_of("BudgetLineNames")
    _, (c1, r1, _, r2) = defined_name_area(path, "BudgetLineNames")
    spare = r1 + _activities(case.plan) + 1
    assert sheet.cell(row=spare, column=c1 - 1).value in (None, "")        # no number
    assert sheet.cell(row=spare, column=c1).value is None                  # no name
    assert sheet.cell(row=spare, column=c1 + 2).value == 1000              # what was typed
    for col in range(c1 + 14, c1 + 20):                                    # quarters, year, share
        assert sheet.cell(row=spare, column=col).value in (None, ""), col
    # the untouched spare lines of every block are blank too
    blank_rows = [r for r in range(r1, r2 + 1) if sheet.cell(row=r, column=c1).value is None]
    assert len(blank_rows) == SPARE_ROWS


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_row_inserted_inside_the_plan_block_is_safe(uno_session: dict[str, Case], language: str) -> None:
    """Unprotect, insert a row inside the plan block, type a line and fill the formulas down:
    LibreOffice recalculates with no error cell and every total includes the new line."""
    case = uno_session[f"insert-{language}"]
    path = case.uno_out
    no_errors(path)
    expected = expected_names(case.plan.spec)
    pct = case.plan.spec.budget.contingency_pct or 0
    added = sum(INSERTED_PLAN) * (1 + pct)           # a computed contingency grows with it
    assert same(value(path, "BudgetPlanTotal"), expected["BudgetPlanTotal"] + added)
    assert same(value(path, "BudgetPlanQ1"), expected["BudgetPlanQ1"] + sum(INSERTED_PLAN[:3]) * (1 + pct))
    assert value(path, "ChecksOK") is True
    names = column_values(path, "BudgetLineNames")          # the defined names grew with the block
    assert names[1] == f"Inserted {language}" and len(names) == _activities(case.plan) + SPARE_ROWS + 1
    assert len(Book(path).values("BudgetPlanInputs")) == len(names)
    group = case.plan.spec.budget.groups[0]
    groups = dict(zip(column_values(path, "BudgetGroupNames"), column_values(path, "BudgetGroupPlan")))
    base = sum(sum(a.plan) for a in case.plan.spec.budget.activities if a.group == group)
    assert same(groups[group], base + sum(INSERTED_PLAN))
    shown = case.shown["BudgetPlanTotal"]
    assert shown and "#" not in shown and "Err" not in shown


# --------------------------------------------------------------------------- item 2: colours

def test_variances_are_coloured_by_their_flag_within_a_tolerance_band(cases: dict[str, Case]) -> None:
    path = cases["colours-en"].recalculated
    no_errors(path)
    book = Book(path, data_only=True)
    sheet = book.sheet_of("BudgetLineNames")
    statuses = {row[1].value: row[24].value for row in sheet.iter_rows()
                if row[1].value in ("Within band", "Under", "Over") and row[24].value}
    assert statuses == {"Within band": "On budget", "Under": "Favourable", "Over": "Unfavourable"}
    assert value(path, "RevenueVarianceYTD") == 200
    # no number format colours a variance by its sign
    source = Book(cases["colours-en"].source)
    budget = source.sheet_of("BudgetLineNames")
    month_variance = re.compile(r'^=IF\(\$B\d+="","",IF\([A-Z]+\$\d+<=\$D\$\d+,[A-Z]+\d+-[A-Z]+\d+,0\)\)$')
    variance_formats = {c.number_format for row in budget.iter_rows() for c in row
                        if isinstance(c.value, str) and month_variance.match(c.value)}
    assert variance_formats and not any("[Red]" in f for f in variance_formats)
    # conditional formats compare with the tolerance input (green: favourable, red: unfavourable)
    tolerance = re.escape(defined_cell(cases["colours-en"].source, "VarianceTolerancePct"))
    rules = [r for rng in budget.conditional_formatting for r in rng.rules]
    month_rules = [r for r in rules if r.formula and re.search(tolerance, r.formula[0])]
    assert len(month_rules) >= 4
    fills = {r.dxf.fill.bgColor.rgb[-6:] for r in month_rules if r.dxf and r.dxf.fill}
    assert {"C6EFCE", "FFC7CE"} <= fills
    # the rules survive LibreOffice
    recalculated = openpyxl.load_workbook(path)[budget.title]
    assert any(r.formula and "ISNUMBER" in r.formula[0] for rng in recalculated.conditional_formatting
               for r in rng.rules)


def defined_cell(path: Path, name: str) -> str:
    book = openpyxl.load_workbook(path)
    _, (c1, r1, _, _) = name_destination(book, name)
    return f"${openpyxl.utils.get_column_letter(c1)}${r1}"


def test_a_wider_tolerance_puts_the_lines_on_budget(cases: dict[str, Case]) -> None:
    path = cases["tolerance-en"].recalculated
    book = Book(path, data_only=True)
    sheet = book.sheet_of("BudgetLineNames")
    statuses = {row[24].value for row in sheet.iter_rows() if row[1].value in ("Within band", "Under", "Over")
                and row[24].value}
    assert statuses == {"On budget"}
    assert value(path, "VarianceTolerancePct") == 0.25


# --------------------------------------------------------------------------- item 3: display units

def test_money_typed_in_shows_in_full_and_totals_in_the_display_unit(uno_session: dict[str, Case]) -> None:
    case = uno_session["million-vi"]
    shown = case.shown
    assert shown["BudgetPlanInputs"] == "90,000,000"       # an input shows in đồng
    assert shown["SalesPriceInputs"] == "6,500"
    total = value(case.recalculated, "BudgetPlanTotal")
    assert total == expected_names(Plan.from_file(EXAMPLES / "vi.yaml").spec)["BudgetPlanTotal"] + 150
    assert shown["BudgetPlanTotal"] == f"{total / 1e6:,.0f}"   # a total in triệu
    book = Book(case.recalculated)
    for name in ("BudgetPlanInputs", "SalesUnitsInputs", "ChecksOK"):
        assert any("Số nhập: VND · số tổng hợp: triệu VND" in t for t in book.texts(book.sheet_of(name)))
    typed = Book(case.recalculated, data_only=True).values("BudgetPlanInputs")[0][1]
    assert typed == 150                                    # what was typed is what is stored


def test_wan_and_yi_show_as_chinese_readers_count(uno_session: dict[str, Case]) -> None:
    wan, yi = uno_session["wan-zh"], uno_session["yi-zh"]
    total = value(wan.recalculated, "BudgetPlanTotal")
    assert wan.shown["BudgetPlanTotal"] == f"{total / 1e4:.1f}万"
    assert yi.shown["BudgetPlanTotal"] == f"{total / 1e8:.2f}亿"
    revenue = value(wan.recalculated, "RevenuePlanTotal")
    assert wan.shown["RevenuePlanTotal"] == f"{revenue / 1e4:.1f}万"
    assert "万" not in wan.shown["BudgetPlanInputs"] and "亿" not in yi.shown["BudgetPlanInputs"]
    for case, unit in ((wan, "万"), (yi, "亿")):
        book = Book(case.recalculated)
        assert any(f"输入单位：CNY · 合计单位：{unit} CNY" in t for t in book.texts(book.sheet_of("ChecksOK")))


# --------------------------------------------------------------------------- item 4: late actuals

def test_actuals_after_the_as_of_month_are_flagged_and_not_counted(cases: dict[str, Case]) -> None:
    case = cases["late-en"]
    path = case.recalculated
    no_errors(path)
    spec = case.plan.spec.model_copy(deep=True)
    spec.budget.as_of_month = 3
    expected = expected_names(spec)
    assert same(value(path, "BudgetActualYTD"), expected["BudgetActualYTD"])
    assert same(value(path, "BudgetActualTotal"), value(path, "BudgetActualYTD"))   # full year = to date
    assert value(path, "BudgetActualQ2") == 0                                     # the 999 is not in Q2
    assert value(path, "ChecksOK") is False
    labels = Labels("en")
    book = Book(path, data_only=True)
    summary = book.sheet_of("ChecksOK")
    late = [row for row in summary.iter_rows() if row[0].value == labels("checks.budget_actual_late")]
    assert late and late[0][1].value == 999 and late[0][2].value is False
    # the cell is highlighted: a rule over the actual inputs compares the month with AsOfMonth
    source = Book(case.source).sheet_of("BudgetActualInputs")
    as_of = defined_cell(case.source, "AsOfMonth")
    assert any(r.formula and as_of in r.formula[0] and r.dxf.fill.bgColor.rgb.endswith("FFEB9C")
               for rng in source.conditional_formatting for r in rng.rules)


# --------------------------------------------------------------------------- item 5: refunds

def test_a_refund_may_be_negative(cases: dict[str, Case]) -> None:
    path = cases["refund-en"].recalculated
    no_errors(path)
    expected = expected_names(cases["refund-en"].plan.spec)
    first = cases["refund-en"].plan.spec.budget.activities[0].actual
    assert same(value(path, "BudgetActualYTD"), expected["BudgetActualYTD"] - first[1] - 1000)
    assert value(path, "ChecksOK") is True
    validation = [dv for dv in Book(path).sheet_of("BudgetActualInputs").data_validations.dataValidation
                  if dv.type == "decimal" and dv.operator == "between"]
    assert any(float(dv.formula1) < 0 for dv in validation)


def test_a_line_below_zero_to_date_is_flagged(cases: dict[str, Case]) -> None:
    path = cases["refund-below-zero-en"].recalculated
    no_errors(path)
    assert value(path, "ChecksOK") is False
    labels = Labels("en")
    summary = Book(path, data_only=True).sheet_of("ChecksOK")
    row = [r for r in summary.iter_rows() if r[0].value == labels("checks.budget_actual_ytd_negative")][0]
    assert row[1].value == -1 and row[2].value is False


# --------------------------------------------------------------------------- outlook and actual sales

@pytest.mark.parametrize("key", ["spare-en", "late-en", "colours-en", "wan-zh"])
def test_remaining_budget_latest_estimate_and_pacing(cases: dict[str, Case], key: str) -> None:
    case = cases[key]
    path = case.recalculated
    plan_total, actual, plan_ytd = (value(path, n) for n in ("BudgetPlanTotal", "BudgetActualYTD", "BudgetPlanYTD"))
    as_of = value(path, "AsOfMonth")
    assert same(value(path, "BudgetRemaining"), plan_total - actual)
    assert same(value(path, "BudgetLatestEstimate"), actual + plan_total - plan_ytd)
    assert same(value(path, "BudgetProjectedVariance"), actual - plan_ytd)
    assert same(value(path, "BudgetPacing"), actual / (plan_total * as_of / 12))
    if key == "colours-en":   # by hand: 303 spent in month 1 of 3,600 planned
        assert value(path, "BudgetRemaining") == 3600 - 303
        assert value(path, "BudgetLatestEstimate") == 303 + 3300
        assert same(value(path, "BudgetPacing"), 303 / 300)
        assert value(path, "RevenueActualYTD") == 1200
        assert same(value(path, "MarketingPctOfActualRevenue"), 303 / 1200)


# --------------------------------------------------------------------------- item 6: Functions

@pytest.mark.parametrize("language", ["vi", "zh"])
def test_functions_sheet_formats_results_by_kind_translates_and_hides_the_config(
        cases: dict[str, Case], language: str) -> None:
    path = cases[f"udfs-{language}"].recalculated
    no_errors(path)
    labels = Labels(language)
    book = openpyxl.load_workbook(path)
    sheet = book[labels("sheets.functions")]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=5) if r[0].value}
    assert "%" in rows["MKT_CONTRIBUTION_MARGIN"][4].number_format     # 0.5 shows 50.0 %
    assert "%" in rows["MKT_VARIANCE_PCT"][4].number_format
    assert rows["MKT_PRICE_INDEX"][4].number_format == "0.000"
    assert rows["MKT_BREAKEVEN_UNITS"][4].number_format == "#,##0"
    assert rows["MKT_VARIANCE"][4].number_format == "#,##0.00"         # -15, not currency-rounded
    english = Labels("en")("functions.descriptions")
    assert all(rows[k][2].value == v and v != english[k] for k, v in labels("functions.descriptions").items())
    assert book["xlwings.conf"].sheet_state == "hidden"
    assert "pip install mktplan-xl" not in sheet["A2"].value and "python -m build" in sheet["A2"].value


# --------------------------------------------------------------------------- item 7: text that fits

def test_long_names_and_labels_fit_or_wrap(cases: dict[str, Case]) -> None:
    path = cases["spare-vi"].source
    book = Book(path)
    sales = book.sheet_of("SalesProductNames")
    longest = max((p.name for p in cases["spare-vi"].plan.spec.sales.products), key=text_width)
    assert sales.column_dimensions["B"].width >= text_width(longest)
    for (cell,) in book.cells("SalesProductNames"):
        assert cell.alignment.wrap_text
    summary = book.sheet_of("ChecksOK")
    width = summary.column_dimensions["A"].width
    for row in summary.iter_rows():
        label = row[0]
        if isinstance(label.value, str) and row[0].row > 3:
            if text_width(label.value) * TEXT_DENSITY > width:     # too long: wraps in a taller row
                assert label.alignment.wrap_text, label.value
                assert summary.row_dimensions[label.row].height >= 30, label.value


# --------------------------------------------------------------------------- item 8: install

def test_readme_says_how_to_install_from_a_checkout_or_a_wheel() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    mentions = readme.count("pip install mktplan-xl")
    assert mentions == readme.count("pip install mktplan-xl` finds nothing")   # only as a warning
    assert "python -m build" in readme and "pip install dist/mktplan_xl-" in readme
