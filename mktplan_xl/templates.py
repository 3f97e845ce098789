"""Labels per language and the default plan, read from ``workbook_templates/``."""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
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


@dataclass(frozen=True)
class LabelRef:
    """``!label key`` in a template: the label ``key`` of the plan's language, placeholders filled."""

    key: str
    fields: tuple[tuple[str, Any], ...] = ()


class _TemplateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader plus the ``!label`` tag."""


def _label_tag(loader: yaml.SafeLoader, node: yaml.Node) -> LabelRef:
    if isinstance(node, yaml.ScalarNode):
        return LabelRef(loader.construct_scalar(node))
    fields = loader.construct_mapping(node)
    key = fields.pop("key")
    return LabelRef(key, tuple(sorted(fields.items())))


_TemplateLoader.add_constructor("!label", _label_tag)


@functools.lru_cache(maxsize=None)
def _load(relative: str) -> dict:
    node = _templates_dir()
    for part in relative.split("/"):
        node = node / part
    return yaml.load(node.read_text(encoding="utf-8"), Loader=_TemplateLoader)


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


def _resolve(node: Any, labels: "Labels") -> Any:
    if isinstance(node, LabelRef):
        return labels(node.key, **dict(node.fields))
    if isinstance(node, dict):
        return {k: _resolve(v, labels) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, labels) for v in node]
    return node


def default_plan(language: str) -> dict:
    """The default sections of a plan, with names in ``language``."""
    return _resolve(_load("default_plan.yaml"), Labels(language))


def complete_spec(data: Optional[dict], overrides: Optional[dict] = None) -> dict:
    """A spec dict with command-line ``overrides`` applied to ``plan`` and, in every section
    of the default plan, each key the spec leaves out filled from the default.

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
    for section, values in defaults.items():
        part = spec.setdefault(section, {})
        if isinstance(part, dict):
            for key, value in values.items():
                part.setdefault(key, value)
    return spec


def example_spec(language: str) -> str:
    """The commented example spec for ``language``, as YAML text."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    return (_templates_dir() / "examples" / f"{language}.yaml").read_text(encoding="utf-8")
