"""rollup, actuals and diff without LibreOffice: the roll-up's model totals are the sums of the
units' (computed by hand here), refusals name the files, actuals leave the source untouched."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mktplan_xl import Plan, read_plan
from mktplan_xl.cli import main
from mktplan_xl.reader.actuals import parse_amount
from mktplan_xl.reader.diff import diff_plans
from mktplan_xl.reader.rollup import RollupError, rollup
from mktplan_xl.sheets.by_unit import units_from_options
from mktplan_xl.templates import Labels
from xlsx_tools import Book, generated_copy


def unit(name: str, company: str, activities: list[dict], products: list[dict], **budget: Any) -> dict:
    return {"plan": {"name": name, "company": company, "year": 2027, "fiscal_year_start": 4, "currency": "VND",
                     "language": "vi"},
            "budget": {"activities": activities, **budget}, "sales": {"products": products}}


NORTH = unit("KH Bắc", "Miền Bắc", [
    {"name": "Quảng cáo", "group": "Xúc tiến", "plan": [100, 200, 300], "actual": [90, 210]},
    {"name": "Nghiên cứu", "plan": [50] * 12}],
    [{"name": "Sữa", "unit": "hộp", "units": [10, 20], "price": 5}], as_of_month=2)
SOUTH = unit("KH Nam", "Miền Nam", [
    {"name": " quảng cáo ", "group": "", "plan": [1, None, 3, 4], "actual": [5]},
    {"name": "Sự kiện", "group": "Sự kiện", "plan": [7]}],
    [{"name": "Sữa", "units": [30, None, 1], "price": [7] * 12},
     {"name": "Trà", "unit": "chai", "units": [], "price": 9}], as_of_month=3)
EAST = unit("KH Đông", "Miền Đông", [{"name": "Nghiên cứu", "group": "R", "plan": [None, 1000]}],
            [{"name": "Trà", "units": [5], "price": 11}])


def year_budget(spec: dict) -> float:
    """Full-year budget plan of a unit spec, by hand."""
    budget = spec["budget"]
    base = sum(v or 0 for a in budget["activities"] for v in a.get("plan", []))
    return base * (1 + (budget.get("contingency_pct") or 0))


def year_revenue(spec: dict) -> float:
    total = 0.0
    for product in spec["sales"]["products"]:
        price = product.get("price", [])
        prices = [price] * 12 if isinstance(price, (int, float)) else price
        total += sum((u or 0) * (p or 0) for u, p in zip(product.get("units", []), prices))
    return total


def _save(tmp_path: Path, name: str, spec: dict) -> Path:
    """The plan of ``spec`` as ``name.xlsx``; each spec generated once, then copied."""
    return generated_copy(json.dumps(spec, sort_keys=True, default=str),
                          lambda target: Plan.from_dict(spec).save(target), tmp_path / f"{name}.xlsx")


def test_rollup_sums_inputs_by_name(tmp_path: Path) -> None:
    files = [_save(tmp_path, n, s) for n, s in (("north", NORTH), ("south", SOUTH), ("east", EAST))]
    result = rollup(tmp_path / "group.xlsx", files)
    assert result.plans == 3
    group = read_plan(result.path).spec
    lines = {a.name: a for a in group.budget.activities}
    assert list(lines) == ["Quảng cáo", "Nghiên cứu", "Sự kiện"]
    assert lines["Quảng cáo"].plan[:4] == [101, 200, 303, 4]
    assert lines["Quảng cáo"].group == "Xúc tiến" and lines["Nghiên cứu"].group == "R"
    assert lines["Nghiên cứu"].plan[:2] == [50, 1050]
    assert group.budget.as_of_month == 0           # East has reported no month: the group's year to date is empty
    assert any("actuals to month 0, the earliest" in note for note in result.notes)
    assert all(a.actual == [] for a in group.budget.activities)   # none counts, none is shown
    milk = {p.name: p for p in group.sales.products}["Sữa"]
    assert milk.units[:3] == [40, 20, 1] and milk.price[0] == pytest.approx((10 * 5 + 30 * 7) / 40)
    assert milk.unit == "hộp"
    model = Plan(group).model()
    assert model.value_of("BudgetPlanTotal") == pytest.approx(sum(map(year_budget, (NORTH, SOUTH, EAST))))
    assert model.value_of("RevenuePlanTotal") == pytest.approx(sum(map(year_revenue, (NORTH, SOUTH, EAST))))
    assert model.value_of("ChecksOK") is True
    book = Book(result.path, data_only=True)
    assert book.values("ByUnitNames")[0] == ["Miền Bắc", "Miền Nam", "Miền Đông"]
    assert book.values("ByUnitBudgetPlan")[0] == pytest.approx([year_budget(s) for s in (NORTH, SOUTH, EAST)])
    assert book.values("ByUnitRevenuePlan")[0] == pytest.approx([year_revenue(s) for s in (NORTH, SOUTH, EAST)])
    assert main(["check", str(result.path)]) == 0


WEST = unit("KH Tây", "Miền Tây", [
    {"name": "Quảng cáo", "group": "Xúc tiến", "plan": [100] * 12, "actual": [90, 210, 40]}],
    [{"name": "Sữa", "units": [3] * 12, "price": 6}], as_of_month=1, contingency_pct=0.05)


def test_by_unit_figures_are_each_plans_own_workbook_figures(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Units at months 2 (north) and 1 (west, with actuals typed for months 1-3): the roll-up's year to
    date runs to month 1 for both, west's actuals after its month 1 stay out, and every figure is the one
    the unit's own workbook computes. West's own checks fail (a stray actual), so the group names it."""
    files = [_save(tmp_path, "north", NORTH), _save(tmp_path, "west", WEST)]
    result = rollup(tmp_path / "group.xlsx", files)
    read = read_plan(result.path)
    units = read.options["units"]
    assert [u["actual"] for u in units] == [90, 90]                # month 1 of each
    assert [u["as_of_month"] for u in units] == [2, 1]
    group = Plan(read.spec).model(units=units_from_options(read.options))
    assert group.value_of("BudgetActualTotal") == 90 + 90
    assert group.value_of("BudgetPlanYTD") == pytest.approx(100 + 50 + 100 * 1.05)   # month 1 of north and west
    assert read.spec.budget.activities[0].actual[:3] == [90 + 90, None, None]   # to month 1: west's months 2-3 left out
    assert any("west.xlsx has actuals after its as-of month 1" in note for note in result.notes)
    west_own = Plan.from_dict(WEST).model().value_of("ChecksOK")
    assert [u["checks_ok"] for u in units] == [True, west_own]
    failing = [c.label for c in group.checks if group.evaluate_cell(c.ok.sheet, c.ok.row, c.ok.col) is not True]
    assert failing == ([] if west_own else [Labels("vi")("checks.by_unit_checks", unit="Miền Tây")])
    west = dict(units[1]["activities"])
    assert west["Quảng cáo"] == 1200 and sum(west.values()) == pytest.approx(1200 * 1.05)
    assert dict(units[1]["products"]) == {"Sữa": 3 * 12 * 6}
    for path, spec in zip(files, (NORTH, WEST)):
        assert main(["read", str(path)]) == 0
        shown = capsys.readouterr().out
        assert f"budget plan {year_budget(spec):,.0f}" in shown and f"revenue plan {year_revenue(spec):,.0f}" in shown
    assert "actual 90 (as of month 1)" in shown


def test_rollup_contingency_kept_or_made_a_line(tmp_path: Path) -> None:
    same = [dict(NORTH, budget=dict(NORTH["budget"], contingency_pct=0.1, contingency_actual=[1, 2])),
            dict(SOUTH, budget=dict(SOUTH["budget"], contingency_pct=0.1, contingency_actual=[3]))]
    files = [_save(tmp_path, f"s{i}", s) for i, s in enumerate(same)]
    group = read_plan(rollup(tmp_path / "same.xlsx", files).path).spec
    assert group.budget.contingency_pct == 0.1 and group.budget.contingency_actual[:2] == [4, 2]
    assert Plan(group).model().value_of("BudgetPlanTotal") == pytest.approx(sum(map(year_budget, same)))
    differ = [same[0], dict(SOUTH, budget=dict(SOUTH["budget"], contingency_pct=0.2))]
    files = [_save(tmp_path, f"d{i}", s) for i, s in enumerate(differ)]
    result = rollup(tmp_path / "differ.xlsx", files)
    group = read_plan(result.path).spec
    assert group.budget.contingency_pct is None
    assert any("contingency" in note for note in result.notes)
    assert Plan(group).model().value_of("BudgetPlanTotal") == pytest.approx(sum(map(year_budget, differ)))


def test_rollup_refusals_name_the_files(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    north, south = _save(tmp_path, "north", NORTH), _save(tmp_path, "south", SOUTH)
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(north.read_bytes())
    with pytest.raises(RollupError, match="north.xlsx and .*north.xlsx are the same file"):
        rollup(tmp_path / "g.xlsx", [north, south, north])
    with pytest.raises(RollupError, match="north.xlsx and .*copy.xlsx are the same file"):
        rollup(tmp_path / "g.xlsx", [north, copy])
    other_year = _save(tmp_path, "fy1", dict(EAST, plan=dict(EAST["plan"], fiscal_year_start=1)))
    with pytest.raises(RollupError, match=r"fiscal calendars \(north.xlsx, south.xlsx: .*fy1.xlsx: fiscal year "
                                          r"2027 starting in month 1"):
        rollup(tmp_path / "g.xlsx", [north, south, other_year])
    usd = _save(tmp_path, "usd", dict(EAST, plan=dict(EAST["plan"], currency="USD")))
    with pytest.raises(RollupError, match="currencies .*usd.xlsx: USD"):
        rollup(tmp_path / "g.xlsx", [north, usd])
    twin = _save(tmp_path, "twin", dict(SOUTH, plan=NORTH["plan"]))
    with pytest.raises(RollupError, match="north.xlsx and twin.xlsx are plans of the same unit"):
        rollup(tmp_path / "g.xlsx", [north, twin])
    assert main(["rollup", str(tmp_path / "g.xlsx"), str(north), str(twin)]) == 2
    assert "same unit" in capsys.readouterr().err
    assert not (tmp_path / "g.xlsx").exists()
    assert main(["rollup", str(north), str(north), str(south)]) == 2   # the output is a plan


def test_rollup_takes_typed_inputs_and_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    north, south = _save(tmp_path, "north", NORTH), _save(tmp_path, "south", SOUTH)
    book = openpyxl.load_workbook(north)
    cell = Book(north).cell("BudgetPlanInputs", 1, 11)
    book[cell.parent.title][cell.coordinate] = 12345
    book.save(north)
    assert main(["rollup", str(tmp_path / "g.xlsx"), str(north), str(south)]) == 0
    assert "roll-up of 2 plans" in capsys.readouterr().out
    research = {a.name: a for a in read_plan(tmp_path / "g.xlsx").spec.budget.activities}["Nghiên cứu"]
    assert research.plan[11] == 12345
    assert main(["rollup", str(tmp_path / "g.xlsx"), str(north), str(south)]) == 2
    assert main(["rollup", str(tmp_path / "g.xlsx"), str(north), str(south), "--force"]) == 0


def test_progress_on_long_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mktplan_xl.reader import rollup as rollup_module

    assert rollup_module.progress_bar(50) is None                     # not a terminal
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert rollup_module.progress_bar(5) is None                      # a short run
    assert rollup_module.progress_bar(12) is not None
    seen = []
    files = [_save(tmp_path, n, s) for n, s in (("north", NORTH), ("south", SOUTH))]
    rollup(tmp_path / "g.xlsx", files, progress=lambda done, total, path: seen.append((done, total, path.name)))
    assert seen == [(1, 2, "north.xlsx"), (2, 2, "south.xlsx")]


# actuals ---------------------------------------------------------------------------------

def _csv(path: Path, rows: list[list[Any]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["activity", "month", "amount"], *rows])
    return path


def test_actuals_into_a_new_version(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = _save(tmp_path, "north", NORTH)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    actuals = _csv(tmp_path / "a.csv", [["Quảng cáo", 3, "120.5"], ["nghiên cứu", "2027-06", 40],
                                        ["Quảng cáo", "2027-06", 10], ["Quảng cáo", 3, 1]])
    assert main(["actuals", str(source), str(actuals), "-o", str(tmp_path / "v2.xlsx")]) == 0
    assert "as of month 3" in capsys.readouterr().out
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest
    new = read_plan(tmp_path / "v2.xlsx").spec
    lines = {a.name: a for a in new.budget.activities}
    assert lines["Quảng cáo"].actual[:3] == [90, 210, 131.5]        # carried over, then replaced/added up
    assert lines["Nghiên cứu"].actual[2] == 40 and lines["Nghiên cứu"].plan == [50] * 12
    assert new.budget.as_of_month == 3 and new.sales == read_plan(source).spec.sales
    assert Plan(new).model().value_of("BudgetActualYTD") == pytest.approx(90 + 210 + 131.5 + 40)


def test_actuals_that_move_the_as_of_month_back_say_so(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = _save(tmp_path, "south", SOUTH)                  # actuals up to month 3
    actuals = _csv(tmp_path / "jan.csv", [["Sự kiện", 1, 5]])
    assert main(["actuals", str(source), str(actuals), "-o", str(tmp_path / "v2.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "as of month 1" in out and "up to month 3" in out and "jan.csv" in out
    assert read_plan(tmp_path / "v2.xlsx").spec.budget.as_of_month == 1
    assert main(["actuals", str(source), str(_csv(tmp_path / "q1.csv", [["Sự kiện", 3, 5]])),
                 "-o", str(tmp_path / "v3.xlsx")]) == 0
    assert "note:" not in capsys.readouterr().out


def test_actuals_bad_lines_are_listed_and_nothing_is_written(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture) -> None:
    source = _save(tmp_path, "north", NORTH)
    actuals = _csv(tmp_path / "bad.csv", [["Quảng cáo", 13, 1], ["Không có", 2, 1], ["Quảng cáo", "2028-04", 1],
                                          ["Quảng cáo", 2, "1,234"], ["Quảng cáo", 2, "n/a"],
                                          ["Quảng cáo", 2, "#DIV/0!"], ["Quảng cáo", 2, "-5"]])
    assert main(["actuals", str(source), str(actuals), "-o", str(tmp_path / "v2.xlsx")]) == 2
    err = capsys.readouterr().err
    for line in range(2, 9):
        assert f"line {line}:" in err
    assert "ambiguous" in err and "not in the plan" in err and "outside the fiscal year" in err
    assert not (tmp_path / "v2.xlsx").exists()
    assert main(["actuals", str(source), str(_csv(tmp_path / "new.csv", [["Không có", 2, 7]])),
                 "-o", str(tmp_path / "v3.xlsx"), "--add-missing"]) == 0
    added = {a.name: a for a in read_plan(tmp_path / "v3.xlsx").spec.budget.activities}["Không có"]
    assert added.actual[1] == 7 and added.plan == []
    assert main(["actuals", str(source), str(actuals), "-o", str(source), "--force"]) == 2


def test_actuals_from_xlsx_and_the_contingency_line(tmp_path: Path) -> None:
    spec = dict(NORTH, budget=dict(NORTH["budget"], contingency_pct=0.05))
    source = _save(tmp_path, "north", spec)
    book = openpyxl.Workbook()
    for row in (["Activity", "Month", "Amount"], ["Dự phòng", 1, 9], ["Quảng cáo", 4, 1000]):
        book.active.append(row)
    book.save(tmp_path / "a.xlsx")
    new = read_plan(Path(str(tmp_path / "v2.xlsx")) if main(
        ["actuals", str(source), str(tmp_path / "a.xlsx"), "-o", str(tmp_path / "v2.xlsx")]) == 0 else None).spec
    assert new.budget.contingency_actual[0] == 9 and new.budget.as_of_month == 4


def test_actuals_file_encodings_and_delimiters(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = _save(tmp_path, "north", NORTH)
    text = "Activity;Month;Amount;Note\nQuảng cáo;2027-05;12.5;tháng 5\n"
    (tmp_path / "semicolon.csv").write_text(text, encoding="utf-8-sig")
    (tmp_path / "utf16.csv").write_text(text.replace(";", "\t"), encoding="utf-16")
    for name in ("semicolon.csv", "utf16.csv"):
        assert main(["actuals", str(source), str(tmp_path / name), "-o", str(tmp_path / f"{name}.xlsx")]) == 0
        line = {a.name: a for a in read_plan(tmp_path / f"{name}.xlsx").spec.budget.activities}["Quảng cáo"]
        assert line.actual[1] == 12.5
    (tmp_path / "latin.csv").write_bytes("activity,month,amount\nCaf\u00e9,1,2\n".encode("cp1252"))
    assert main(["actuals", str(source), str(tmp_path / "latin.csv"), "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "CSV UTF-8" in capsys.readouterr().err
    (tmp_path / "header.csv").write_text("name,when,value\nA,1,2\n", encoding="utf-8")
    assert main(["actuals", str(source), str(tmp_path / "header.csv"), "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "line 1: the header row lacks column(s) activity, month, amount" in capsys.readouterr().err


@pytest.mark.parametrize("text, value", [("1234.5", 1234.5), ("1,234,567.25", 1234567.25), (" 7 ", 7),
                                         ("1e3", 1000), (0, 0), ("1,234", None), ("1,5", None), ("n/a", None),
                                         ("#DIV/0!", None), ("", None), ("-1", None), ("nan", None),
                                         ("inf", None), ("1.234,56", None), ("1 234", None)])
def test_amounts(text: Any, value: Any) -> None:
    assert parse_amount(text)[0] == value


# diff ------------------------------------------------------------------------------------

def test_diff_lists_input_changes(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    a = _save(tmp_path, "a", NORTH)
    changed = json.loads(json.dumps(NORTH))
    changed["budget"]["activities"][0]["plan"][1] = 250
    changed["budget"]["activities"].reverse()
    changed["budget"]["activities"].append({"name": "Mới", "plan": [1]})
    changed["sales"]["products"][0]["price"] = 6
    b = _save(tmp_path, "b", changed)
    changes = {(c.field, c.item, c.month): (c.old, c.new) for c in diff_plans(a, b)}
    assert changes[("budget.activities[*].plan", "Quảng cáo", 2)] == (200, 250)
    assert changes[("budget.activities[*].plan", "Mới", 1)] == (None, 1)
    assert changes[("sales.products[*].price", "Sữa", 12)] == (5, 6)
    assert not any(item == "Nghiên cứu" for _, item, _ in changes)      # moved, unchanged
    assert main(["diff", str(a), str(b)]) == 1
    assert "Quảng cáo" in capsys.readouterr().out
    assert main(["diff", str(a), str(a), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["diff", str(a), str(b), "--format", "csv"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == "field,item,month,old,new"


def _media_total(spec: dict) -> float:
    return sum(v or 0 for c in spec["media"]["channels"] for v in c.get("spend", []))


def _actual_revenue(spec: dict, as_of: int) -> float:
    """Actual revenue to the as-of month, by hand: a blank actual price sells at the forecast's."""
    total = 0.0
    for product in spec["sales"]["products"]:
        def twelve(value: Any) -> list:
            values = [value] * 12 if isinstance(value, (int, float)) else list(value or [])
            return values + [None] * (12 - len(values))
        price, actual_price = twelve(product.get("price")), twelve(product.get("actual_price"))
        for m, units in enumerate(twelve(product.get("actual_units"))[:as_of]):
            unit_price = actual_price[m] if actual_price[m] is not None else price[m]
            total += (units or 0) * (unit_price or 0)
    return total


def test_rollup_sums_actual_sales_media_and_keeps_line_details(tmp_path: Path) -> None:
    north = dict(NORTH, budget=dict(NORTH["budget"], groups=["Xúc tiến", "Nghiên cứu"],
                                    activities=[dict(NORTH["budget"]["activities"][0], owner="Lan", notes="TV Q1"),
                                                NORTH["budget"]["activities"][1]]),
                 sales={"products": [dict(NORTH["sales"]["products"][0], actual_units=[8, 25],
                                          actual_price=[None, 6])]},
                 media={"channels": [{"name": "TV", "budget_line": "Quảng cáo", "spend": [60, 80],
                                      "impressions": [1000, 2000]},
                                     {"name": "Online", "spend": [5, 5, 5]}]})
    south = dict(SOUTH, budget=dict(SOUTH["budget"], groups=["Sự kiện"],
                                    activities=[dict(SOUTH["budget"]["activities"][0], owner="Minh"),
                                                SOUTH["budget"]["activities"][1]]),
                 sales={"products": [dict(SOUTH["sales"]["products"][0], actual_units=[20, 0, 4], actual_price=8),
                                     SOUTH["sales"]["products"][1]]},
                 media={"channels": [{"name": " tv", "spend": [1, None, 3], "impressions": [500]},
                                     {"name": "Radio", "budget_line": "Sự kiện", "spend": [2]}]})
    files = [_save(tmp_path, n, s) for n, s in (("north", north), ("south", south))]
    result = rollup(tmp_path / "group.xlsx", files)
    group = read_plan(result.path).spec
    lines = {a.name: a for a in group.budget.activities}
    assert (lines["Quảng cáo"].owner, lines["Quảng cáo"].notes) == ("Lan", "TV Q1")
    assert group.budget.groups[:3] == ["Xúc tiến", "Nghiên cứu", "Sự kiện"]
    milk = {p.name: p for p in group.sales.products}["Sữa"]
    assert milk.actual_units[:3] == [28, 25, None]              # to month 2, the earliest as-of month
    assert milk.actual_price[0] == pytest.approx((8 * 5 + 20 * 8) / 28)
    channels = {c.name: c for c in group.media.channels}
    assert list(channels) == ["TV", "Online", "Radio"]
    assert channels["TV"].spend[:3] == [61, 80, 3] and channels["TV"].impressions[:2] == [1500, 2000]
    assert channels["TV"].budget_line == "Quảng cáo" and channels["Radio"].budget_line == "Sự kiện"
    model = Plan(group).model()
    assert group.budget.as_of_month == 2                     # the earliest: north reports to month 2
    expected = _actual_revenue(north, 2) + _actual_revenue(south, 2)
    assert model.value_of("RevenueActualYTD") == pytest.approx(expected)
    assert model.value_of("MediaPlanTotal") == pytest.approx(_media_total(north) + _media_total(south))
    assert model.value_of("ChecksOK") is True
    assert not any(note.startswith("media") for note in result.notes)
