"""Labels per language and the default plan, read from ``workbook_templates/``."""

from __future__ import annotations

import copy
import functools
from importlib import resources
from pathlib import Path
from typing import Any, Optional

import yaml

from .spec import LANGUAGES


def _templates_dir() -> Any:
    try:
        return resources.files("mktplan_xl.workbook_templates")
    except ModuleNotFoundError:  # running from a source checkout, not installed
        return Path(__file__).resolve().parent.parent / "workbook_templates"


@functools.lru_cache(maxsize=None)
def _load(relative: str) -> dict:
    node = _templates_dir()
    for part in relative.split("/"):
        node = node / part
    return yaml.safe_load(node.read_text(encoding="utf-8"))


class Labels:
    """The labels of one language; ``labels("budget.title")`` looks a key up."""

    def __init__(self, language: str):
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        self.language = language
        self.data = _load(f"labels/{language}.yaml")

    def __call__(self, key: str, **fields: Any) -> Any:
        node: Any = self.data
        for part in key.split("."):
            node = node[part]
        return node.format(**fields) if fields and isinstance(node, str) else node

    def month_header(self, year: int, month: int) -> str:
        return self("month_header", month=self("months")[month - 1], num=month,
                    year=year, short_year=f"{year % 100:02d}")

    def fiscal_year(self, year: int, end_year: int) -> str:
        if end_year == year:
            return self("fiscal_year", year=year)
        return self("fiscal_year_split", year=year, end=end_year, end_short=f"{end_year % 100:02d}")


def default_plan(language: str) -> dict:
    """The default budget and sales sections, with names in ``language``."""
    labels = Labels(language)
    template = _load("default_plan.yaml")
    activities = [
        {"name": labels(f"activities.{item['key']}"),
         **({"group": labels(f"groups.{item['group']}")} if item.get("group") else {})}
        for item in template["budget"]["activities"]
    ]
    products = [{"name": labels("sales.default_product", n=n)}
                for n in range(1, int(template["sales"]["products"]) + 1)]
    return {"budget": {"activities": activities}, "sales": {"products": products}}


def complete_spec(data: Optional[dict], overrides: Optional[dict] = None) -> dict:
    """A spec dict with command-line ``overrides`` applied to ``plan`` and the
    default budget/sales filled in where the spec leaves them out.

    Nothing is validated here; a malformed section is left for validation to report.
    """
    spec = copy.deepcopy(data) if data else {}
    plan = spec.setdefault("plan", {})
    if isinstance(plan, dict):
        plan.update({k: v for k, v in (overrides or {}).items() if v is not None})
        language = plan.get("language", "en")
    else:
        language = "en"
    defaults = default_plan(language if language in LANGUAGES else "en")
    for section, key in (("budget", "activities"), ("sales", "products")):
        part = spec.setdefault(section, {})
        if isinstance(part, dict) and key not in part:
            part[key] = defaults[section][key]
    return spec


def example_spec(language: str) -> str:
    """The commented example spec for ``language``, as YAML text."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    return (_templates_dir() / "examples" / f"{language}.yaml").read_text(encoding="utf-8")
