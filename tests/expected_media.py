"""Media, distribution and pricing figures computed by hand from a spec, independently of the
workbook code (and of mktplan_xl.finance, which the tests compare with these as well)."""

from __future__ import annotations

from typing import Any, Optional

from mktplan_xl.spec import PlanSpec

TOLERANCE = 0.005


def months(values: list) -> list[float]:
    return [float(v or 0) for v in values] + [0.0] * (12 - len(values))


def revenue_total(spec: PlanSpec) -> float:
    return sum(u * p for product in spec.sales.products
               for u, p in zip(months(product.units), months(product.price)))


# --------------------------------------------------------------------------- media

def media_lines(spec: PlanSpec) -> dict[str, dict[str, list[float]]]:
    """For every budget line some channel draws on: its monthly plan and the channels' monthly spend."""
    first_plan: dict[str, tuple[str, list[float]]] = {}
    for activity in spec.budget.activities:
        first_plan.setdefault(activity.name.casefold(), (activity.name, months(activity.plan)))
    lines: dict[str, dict[str, list[float]]] = {}
    for channel in spec.media.channels:
        if channel.budget_line is None:
            continue
        name, plan = first_plan[channel.budget_line.casefold()]
        line = lines.setdefault(name, {"plan": plan, "spend": [0.0] * 12})
        line["spend"] = [a + b for a, b in zip(line["spend"], months(channel.spend))]
    return lines


def expected_media(spec: PlanSpec) -> dict[str, Any]:
    spend = [months(c.spend) for c in spec.media.channels]
    lines = media_lines(spec)
    return {
        "MediaPlanTotal": sum(map(sum, spend)),
        "MediaWithinBudget": all(sum(line["plan"]) - sum(line["spend"]) >= -TOLERANCE for line in lines.values()),
        "MediaSpendUnchecked": 0.0,      # every line the spec's channels draw on has its rows
    }


def cpm(spend: list, impressions: list) -> list[Optional[float]]:
    """CPM per month: spend ÷ impressions × 1,000 where impressions are given."""
    return [s / i * 1000 if i else None for s, i in zip(months(spend), months(impressions))]


# --------------------------------------------------------------------------- distribution

def region_sales(spec: PlanSpec) -> list[float]:
    revenue = revenue_total(spec)
    return [r.sales if r.sales is not None else (r.share or 0.0) * revenue for r in spec.distribution.regions]


def distribution_costs(spec: PlanSpec) -> list[list[float]]:
    """Cost per policy item and region: rate × sales, the amount, or sales × days / days per year × rate."""
    d = spec.distribution
    sales = region_sales(spec)
    rate = d.cost_of_capital or 0.0
    rows = []
    for policy in d.policies:
        values = [v or 0.0 for v in policy.values] or [0.0] * len(sales)
        if policy.basis == "rate":
            rows.append([v * s for v, s in zip(values, sales)])
        elif policy.basis == "amount":
            rows.append(list(values))
        else:
            rows.append([s * v / d.days_per_year * rate for v, s in zip(values, sales)])
    return rows


def expected_distribution(spec: PlanSpec) -> dict[str, Any]:
    costs = distribution_costs(spec)
    total = sum(map(sum, costs))
    sales = sum(region_sales(spec))
    return {"DistributionCostTotal": total, "DistributionCostPct": total / sales if sales else 0.0}


# --------------------------------------------------------------------------- pricing

def planned_price(spec: PlanSpec, name: str) -> Optional[float]:
    units = revenue = 0.0
    for product in spec.sales.products:
        if product.name.casefold() == name.casefold():
            u, p = months(product.units), months(product.price)
            units += sum(u)
            revenue += sum(a * b for a, b in zip(u, p))
    return revenue / units if units else None


def expected_pricing(spec: PlanSpec, index: int) -> dict[str, Any]:
    """Every figure of one product where it exists; None where the sheet shows a text or blank."""
    product = spec.pricing.products[index]
    v, F, Q = product.unit_variable_cost, product.fixed_costs, product.expected_units
    m, K, r = product.markup, product.invested_capital, product.target_return
    T = product.target_profit or 0.0
    p = product.price if product.price is not None else planned_price(spec, product.name)
    out: dict[str, Any] = {"PricingPrice": p}
    c = v + F / Q if None not in (v, F, Q) and Q > 0 else None
    out["UnitCost"] = c
    if c is not None and m is not None:
        if product.markup_basis == "cost":
            out["MarkupPrice"] = c * (1 + m)
        else:
            out["MarkupPrice"] = c / (1 - m) if m < 1 else None
    else:
        out["MarkupPrice"] = None
    out["TargetReturnPrice"] = c + r * K / Q if c is not None and None not in (K, r) else None
    cm = p - v if None not in (p, v) else None
    out["ContributionMargin"] = cm
    out["ContributionMarginRatio"] = cm / p if cm is not None and p else None
    ok = cm is not None and cm > 0 and F is not None
    out["BreakevenUnits"] = (F + T) / cm if ok and F + T >= 0 else None
    out["BreakevenRevenue"] = out["BreakevenUnits"] * p if out["BreakevenUnits"] is not None else None
    out["MarginOfSafety"] = (Q - F / cm) / Q if ok and Q else None
    out["PricingProfit"] = Q * cm - F if cm is not None and None not in (F, Q) else None
    prices = [x for x in product.competitor_prices if x is not None]
    average = sum(prices) / len(prices) if prices and min(prices) > 0 else None
    out["CompetitorAveragePrice"] = average
    out["PriceIndex"] = p / average if p is not None and average else None
    return out


# --------------------------------------------------------------------------- specs the tests share

TOASTER = {"name": "Toaster", "unit_variable_cost": 10, "fixed_costs": 300000, "expected_units": 50000,
           "markup": 0.2, "markup_basis": "price", "invested_capital": 1000000, "target_return": 0.2,
           "target_profit": 0, "price": 20, "competitor_prices": [22, 19, 21]}

#: Fiscal year from July, a line over its plan, mixed regional sales, impossible prices.
EDGE: dict[str, Any] = {
    "plan": {"name": "Edge plan", "year": 2028, "fiscal_year_start": 7, "currency": "USD", "language": "en"},
    "budget": {"activities": [
        {"name": "TV ads", "group": "Promotion", "plan": [100] * 12},
        {"name": "Online <5*", "plan": [50, 50]},
        {"name": "Events", "plan": [0] * 12},
    ]},
    "sales": {"products": [{"name": "Widget", "units": [100] * 12, "price": 25},
                           {"name": "Gadget", "units": [10, 30], "price": [40, 20] + [0] * 10}]},
    "media": {"channels": [
        {"name": "TV", "budget_line": "tv ADS", "spend": [120, 80, 100], "impressions": [60000, None, 50000]},
        {"name": "Radio", "budget_line": "TV ads", "spend": [10] * 12},
        {"name": "Online", "budget_line": "Online <5*", "spend": [60, 50, 10.5], "impressions": [0, 20000]},
        {"name": "Print"},
    ]},
    "distribution": {"cost_of_capital": 0.12, "days_per_year": 360, "regions": [
        {"name": "A", "sales": 10000}, {"name": "B", "share": 0.5}, {"name": "C"}],
        "policies": [
            {"name": "Discount", "basis": "rate", "values": [0.1, 0.05, 0.2]},
            {"name": "Salary", "basis": "amount", "values": [100, None, 50]},
            {"name": "Credit", "basis": "days", "values": [30, 60, 90]},
            {"name": "Not filled yet"},
        ]},
    "pricing": {"products": [
        TOASTER,
        {"name": "widget", "unit_variable_cost": 10, "fixed_costs": 1000, "expected_units": 1200, "markup": 0.5,
         "invested_capital": 5000, "target_return": 0.1, "competitor_prices": [30, None, 20]},
        {"name": "Gadget", "unit_variable_cost": 5, "fixed_costs": 70, "expected_units": 40, "target_profit": 30},
        {"name": "Below cost", "unit_variable_cost": 30, "fixed_costs": 100, "expected_units": 10, "price": 20,
         "competitor_prices": [0, 10]},
        {"name": "At cost, no units", "unit_variable_cost": 20, "fixed_costs": 100, "expected_units": 0, "price": 20,
         "markup": 1.5, "markup_basis": "price"},
        {"name": "Target loss", "unit_variable_cost": 5, "fixed_costs": 100, "expected_units": 50, "price": 10,
         "markup": 1, "markup_basis": "price", "target_profit": -500},
        {"name": "Blank"},
    ]},
}

#: Empty lists, one region, zeros everywhere a price or cost can be 0.
SPARSE: dict[str, Any] = {
    "plan": {"year": 2027, "fiscal_year_start": 12, "language": "vi"},
    "media": {"channels": []},
    "distribution": {"regions": [{"name": "Toàn quốc", "share": 1}], "policies": [],
                     "cost_of_capital": 0},
    "pricing": {"products": [
        {"name": "Free", "unit_variable_cost": 0, "fixed_costs": 0, "expected_units": 100, "price": 0,
         "markup": 0, "invested_capital": 0, "target_return": 0, "competitor_prices": [0]},
        {"name": "No fixed costs", "unit_variable_cost": 2, "fixed_costs": 0, "expected_units": 10, "price": 3,
         "markup": 0.999, "markup_basis": "price", "competitor_prices": [3]},
    ]},
}
