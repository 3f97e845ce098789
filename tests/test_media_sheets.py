"""Media calendar, distribution policy and pricing & break-even (issue 9), without LibreOffice:
the spec sections and their errors, the default plan, the sheets' structure, and every pricing
figure equal to hand arithmetic and to mktplan_xl.finance."""

from __future__ import annotations

import copy
import math
import unicodedata
from pathlib import Path

import pytest

from conftest import EXAMPLES
from expected_media import EDGE, SPARSE, TOASTER, expected_distribution, expected_media, expected_pricing
from mktplan_xl import Plan, SpecError, cli, finance
from mktplan_xl.sheets.common import SPARE_ROWS
from mktplan_xl.spec import validate_spec
from mktplan_xl.templates import Labels
from xlsx_tools import Book

PRICING_NAMES = ["PricingProducts", "PricingPrice", "UnitCost", "MarkupPrice", "TargetReturnPrice",
                 "ContributionMargin", "ContributionMarginRatio", "BreakevenUnits", "BreakevenRevenue",
                 "MarginOfSafety", "PricingProfit", "CompetitorAveragePrice", "PriceIndex"]


def _edge(path: str, value: object) -> dict:
    """EDGE with one field replaced; path like 'distribution.policies.0.values'."""
    data = copy.deepcopy(EDGE)
    node = data
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node[part]
    last = parts[-1]
    node[int(last) if last.isdigit() else last] = value
    return data


# --------------------------------------------------------------------------- spec

@pytest.mark.parametrize("path, value, expected_path, words", [
    ("media.channels.0.budget_line", "Billboards", "media.channels[0].budget_line", "not an activity"),
    ("media.channels.1.spend.1", -5, "media.channels[1].spend[1]", "negative"),
    ("media.channels.1.spend", [1] * 13, "media.channels[1].spend[12]", "12 months"),
    ("media.channels.0.impressions.0", "many", "media.channels[0].impressions[0]", "number"),
    ("distribution.policies.0.values", [0.1, 0.2], "distribution.policies[0].values", "one value per region"),
    ("distribution.policies.0.values.1", 1.5, "distribution.policies[0].values[1]", "from 0 to 1"),
    ("distribution.policies.1.values.0", -100, "distribution.policies[1].values[0]", "negative"),
    ("distribution.policies.1.basis", "percent", "distribution.policies[1].basis", "unknown basis"),
    ("distribution.regions.0.share", 0.3, "distribution.regions[0]", "not both"),
    ("distribution.regions.1.share", 1.2, "distribution.regions[1].share", "1"),
    ("distribution.cost_of_capital", -0.1, "distribution.cost_of_capital", "negative"),
    ("pricing.products.0.unit_variable_cost", -1, "pricing.products[0].unit_variable_cost", "negative"),
    ("pricing.products.0.fixed_costs", -300000, "pricing.products[0].fixed_costs", "negative"),
    ("pricing.products.0.markup_basis", "retail", "pricing.products[0].markup_basis", "unknown mark-up basis"),
    ("pricing.products.0.competitor_prices.1", -19, "pricing.products[0].competitor_prices[1]", "negative"),
])
def test_bad_input_names_its_field(path: str, value: object, expected_path: str, words: str) -> None:
    with pytest.raises(SpecError) as info:
        validate_spec(_edge(path, value))
    problems = info.value.problems
    assert len(problems) == 1, problems
    assert problems[0][0] == expected_path
    assert words.lower() in problems[0][1].lower()


@pytest.mark.parametrize("spec_text, words", [
    ("media:\n  channels:\n    - {name: TV, budget_line: Nowhere}\n", "media.channels[0].budget_line"),
    ("distribution:\n  policies:\n    - {name: X, basis: rate, values: [0.1, 0.2]}\n",
     "distribution.policies[0].values: give one value per region: 3 regions, 2 values"),
    ("distribution:\n  policies:\n    - {name: X, basis: rate, values: [0.1, 2, 0.3]}\n",
     "distribution.policies[0].values[1]"),
    ("distribution:\n  policies:\n    - {name: X, basis: share, values: [0.1, 0.2, 0.3]}\n",
     "distribution.policies[0].basis: unknown basis"),
    ("pricing:\n  products:\n    - {name: X, fixed_costs: -5}\n", "pricing.products[0].fixed_costs"),
])
def test_bad_input_exits_2_from_the_command(tmp_path: Path, capsys, spec_text: str, words: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    assert cli.main(["new", str(tmp_path / "plan.xlsx"), "--spec", str(spec)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mktplan: error:") and words in err
    assert not (tmp_path / "plan.xlsx").exists()


def test_sections_are_optional_and_budget_lines_match_as_excel_does() -> None:
    spec = validate_spec({"budget": {"activities": [{"name": "Ads"}]}, "sales": {"products": [{"name": "M"}]}})
    assert spec.media.channels == [] and spec.distribution.regions == [] and spec.pricing.products == []
    spec = validate_spec(EDGE)
    assert spec.media.channels[0].budget_line == "tv ADS"          # matches "TV ads", as = does in a cell
    assert spec.distribution.policies[3].values == [] and spec.distribution.policies[3].basis == "rate"
    assert validate_spec(_edge("distribution.policies.0.basis", " Amount ")).distribution.policies[0].basis == \
        "amount"


@pytest.mark.parametrize("language", ["en", "vi", "zh"])
def test_default_plan_has_the_seed_rows(language: str) -> None:
    spec = Plan.default(language=language).spec
    labels = Labels(language)
    assert [c.name for c in spec.media.channels] == [
        labels(f"channels.{k}") for k in ("print", "radio", "tv", "outdoor", "events", "pr", "online")]
    assert all(c.budget_line is None for c in spec.media.channels)
    assert [r.name for r in spec.distribution.regions] == [labels("regions.default", n=n) for n in (1, 2, 3)]
    assert len(spec.distribution.policies) == 7
    assert [p.basis for p in spec.distribution.policies] == ["rate", "rate", "rate", "amount", "days", "rate", "rate"]
    assert [p.name for p in spec.pricing.products] == [spec.sales.products[0].name]
    if language == "vi":
        assert [r.name for r in spec.distribution.regions] == ["KV 1", "KV 2", "KV 3"]
        assert spec.distribution.policies[0].name == "Chiết khấu trên hóa đơn"
        assert spec.media.channels[0].name == "In ấn"


def test_a_spec_with_its_own_budget_keeps_the_default_media() -> None:
    plan = Plan.from_dict({"budget": {"activities": [{"name": "Only line", "plan": [5]}]}})
    assert len(plan.spec.media.channels) == 7
    assert plan.model().value_of("MediaWithinBudget") is True


# --------------------------------------------------------------------------- workbook structure

def test_sheets_follow_the_spec(tmp_path: Path) -> None:
    plan = Plan.from_dict(EDGE)
    path = plan.save(tmp_path / "edge.xlsx")
    book = Book(path)
    channels = len(EDGE["media"]["channels"])
    assert len(book.cells("MediaPlanInputs")) == channels + SPARE_ROWS
    assert len(book.cells("MediaPlanInputs")[0]) == 12
    assert [r[0] for r in book.values("MediaChannelNames")[:channels]] == [c["name"] for c in EDGE["media"]["channels"]]
    assert book.values("MediaBudgetLines")[0] == ["tv ADS"]
    assert book.values("DistributionRegionNames") == [["A", "B", "C"]]
    assert book.values("DistributionRegionSales") == [[10000, None, None]]
    assert book.values("DistributionRegionShares") == [[None, 0.5, None]]
    policies = len(EDGE["distribution"]["policies"])
    assert len(book.cells("DistributionPolicyValues")) == policies + SPARE_ROWS
    products = [p["name"] for p in EDGE["pricing"]["products"]]
    for name in PRICING_NAMES:
        cells = book.cells(name)
        assert len(cells) == 1 and len(cells[0]) == len(products), name
    assert book.values("PricingProducts") == [products]
    assert book.values("PricingCompetitorPrices")[:3][0][:2] == [22, 30]
    sheets = [ws.title for ws in book.book.worksheets]
    assert {"Media calendar", "Distribution policy", "Pricing & break-even"} <= set(sheets)
    assert book.sheet_of("UnitCost").page_setup.orientation == "landscape"


def test_sheets_without_regions_or_products_are_left_out(tmp_path: Path) -> None:
    plan = Plan.from_dict({"distribution": {"regions": [], "policies": []}, "pricing": {"products": []}})
    model = plan.model()
    assert {s.key for s in model.sheets} >= {"media"}
    assert not {"distribution", "pricing"} & {s.key for s in model.sheets}
    assert model.value_of("ChecksOK") is True


def test_summary_has_one_check_per_budget_line_drawn_on() -> None:
    model = Plan.from_dict(EDGE).model()
    summary = model.sheet("summary")
    texts = [c.value for c in summary.cells.values() if isinstance(c.value, str)]
    line_checks = [t for t in texts if t.startswith("Media within plan: ")]
    assert line_checks == ["Media within plan: TV ads", "Media within plan: Online <5*"]
    assert model.value_of("MediaWithinBudget") is False      # Online: 120.5 drawn, 100 planned
    assert model.value_of("ChecksOK") is False


# --------------------------------------------------------------------------- figures in Python

def _row(model, name: str) -> list:
    return model.values_of(name)[0]


def _plan(source: str) -> Plan:
    if source in ("edge", "sparse"):
        return Plan.from_dict(EDGE if source == "edge" else SPARSE)
    return Plan.from_file(EXAMPLES / f"{source}.yaml")


@pytest.mark.parametrize("source", ["edge", "sparse", "en", "vi", "zh"])
def test_model_figures_equal_hand_arithmetic(source: str) -> None:
    plan = _plan(source)
    model = plan.model()
    spec = plan.spec
    for name, value in {**expected_media(spec), **expected_distribution(spec)}.items():
        got = model.value_of(name)
        assert got == pytest.approx(value, rel=1e-12) if not isinstance(value, bool) else got is value, name
    for j, _ in enumerate(spec.pricing.products):
        for name, value in expected_pricing(spec, j).items():
            got = _row(model, name)[j]
            if value is None:
                assert isinstance(got, str), (name, j, got)
            else:
                assert got == pytest.approx(value, rel=1e-12), (name, j)


def test_toaster_and_milk_equal_the_finance_functions() -> None:
    model = Plan.from_dict({"pricing": {"products": [TOASTER]}}).model()
    assert [_row(model, n)[0] for n in ("UnitCost", "MarkupPrice", "TargetReturnPrice", "BreakevenUnits",
                                        "BreakevenRevenue", "MarginOfSafety")] == \
        pytest.approx([16, 20, 20, 30000, 600000, 0.4])
    vi = Plan.from_file(EXAMPLES / "vi.yaml").model()
    milk = vi.values_of("PricingPrice")[0][0]
    assert milk == 6500                                        # the sales forecast's average price
    assert vi.values_of("CompetitorAveragePrice")[0][0] == 6500   # leader 7,000, others 6,500 and 6,000
    assert vi.values_of("PriceIndex")[0][0] == pytest.approx(1.0)


@pytest.mark.parametrize("source", ["edge", "sparse", "en", "vi", "zh"])
def test_pricing_cells_agree_with_mktplan_xl_finance(source: str) -> None:
    plan = _plan(source)
    model = plan.model()
    for j, product in enumerate(plan.spec.pricing.products):
        v, F, Q = product.unit_variable_cost, product.fixed_costs, product.expected_units
        p = _row(model, "PricingPrice")[j]
        T = product.target_profit or 0.0
        calls = {
            "UnitCost": (finance.unit_cost, (v, F, Q)),
            "MarkupPrice": (finance.markup_price, (_row(model, "UnitCost")[j], product.markup, product.markup_basis)),
            "TargetReturnPrice": (finance.target_return_price,
                                  (_row(model, "UnitCost")[j], product.invested_capital, product.target_return, Q)),
            "ContributionMargin": (finance.contribution_margin, (p, v)),
            "ContributionMarginRatio": (finance.contribution_margin, (p, v, True)),
            "BreakevenUnits": (finance.breakeven_units, (F, p, v, T)),
            "BreakevenRevenue": (finance.breakeven_revenue, (F, p, v, T)),
            "MarginOfSafety": (finance.margin_of_safety, (Q, F, p, v)),
            "PriceIndex": (finance.price_index, (p, [x for x in product.competitor_prices if x is not None])),
        }
        for name, (function, args) in calls.items():
            got = _row(model, name)[j]
            if any(a is None or a == "" or a == [] for a in args):
                assert got == "" or isinstance(got, str), (name, j)     # blank input: blank or a text
                continue
            try:
                want = function(*args)
            except finance.ExcelError:
                assert isinstance(got, str) and got, (name, j, got)     # the UDF's error: a text here
                continue
            assert got == pytest.approx(want, rel=1e-12), (name, j)


def test_impossible_cases_show_texts_never_errors() -> None:
    model = Plan.from_dict(EDGE).model()
    products = [p["name"] for p in EDGE["pricing"]["products"]]
    col = {name: j for j, name in enumerate(products)}
    row = {name: model.values_of(name)[0] for name in PRICING_NAMES}
    assert row["BreakevenUnits"][col["Below cost"]] == "price below variable cost"
    assert row["MarginOfSafety"][col["Below cost"]] == "price below variable cost"
    assert row["CompetitorAveragePrice"][col["Below cost"]] == "competitor price of 0 or less"
    assert row["PriceIndex"][col["Below cost"]] == "competitor price of 0 or less"
    assert row["UnitCost"][col["At cost, no units"]] == "no expected units"
    assert row["BreakevenUnits"][col["At cost, no units"]] == "price equals variable cost"
    assert row["MarkupPrice"][col["Target loss"]] == "mark-up of 100% or more on price"
    assert row["BreakevenUnits"][col["Target loss"]] == "target loss above fixed costs"
    assert all(row[name][col["Blank"]] == "" for name in PRICING_NAMES if name != "PricingProducts")
    assert row["PricingPrice"][col["widget"]] == 25 and row["PricingPrice"][col["Gadget"]] == 25
    for values in row.values():
        assert not any(type(v).__name__ == "XlError" for v in values)
    assert math.isclose(row["MarginOfSafety"][col["Gadget"]], (40 - 70 / 20) / 40)


def test_long_names_are_cut_to_fit_the_summary() -> None:
    line = "Digital marketing on every platform we can think of, all year"
    data = copy.deepcopy(EDGE)
    data["budget"]["activities"][1]["name"] = line
    data["media"]["channels"][2]["budget_line"] = line
    data["pricing"]["products"][1]["name"] = "智能门锁 S1 旗舰版（指纹 + 人脸识别 + 远程开锁）"
    data["plan"]["language"] = "zh"
    model = Plan.from_dict(data).model()
    texts = [c.value for c in model.sheet("summary").cells.values() if isinstance(c.value, str)]
    cut = [t for t in texts if t.endswith("…")]
    assert "媒体费用未超计划：Digital marketing on ever…" in cut
    assert "盈亏平衡销量 – 智能门锁 S1 旗舰版（指纹 +…" in cut
    assert len(cut) == 4
    assert all(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in t) <= 44 for t in cut)


def test_sparse_plan_zeros_and_empty_lists() -> None:
    model = Plan.from_dict(SPARSE).model()
    assert len(model.values_of("MediaPlanInputs")) == SPARE_ROWS
    assert model.value_of("MediaPlanTotal") == 0 and model.value_of("MediaWithinBudget") is True
    assert model.values_of("DistributionSales") == [[model.value_of("RevenuePlanTotal")]]
    assert model.value_of("DistributionCostTotal") == 0 and model.value_of("DistributionCostPct") == 0
    row = {name: model.values_of(name)[0] for name in PRICING_NAMES}
    assert row["UnitCost"] == [0, 2] and row["BreakevenUnits"][1] == 0 and row["MarginOfSafety"][1] == 1
    labels = Labels("vi")
    assert row["BreakevenUnits"][0] == labels("pricing.price_equals_cost") == "giá bán bằng biến phí"
    assert row["ContributionMarginRatio"][0] == labels("pricing.no_price")
    assert row["MarkupPrice"][1] == pytest.approx(2 / 0.001)
    assert row["PriceIndex"] == [labels("pricing.bad_competitor"), 1]
    assert model.value_of("ChecksOK") is True
