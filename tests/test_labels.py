"""The label files: the same keys in every language, the same placeholders, nothing missing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from mktplan_xl.spec import LANGUAGES
from mktplan_xl.templates import LabelRef, Labels, _load, default_plan

LABELS = Path(__file__).resolve().parent.parent / "workbook_templates" / "labels"
PLACEHOLDER = re.compile(r"{(\w+)}")
#: Labels whose placeholders a language may choose from what the builders pass.
CHOICE = {"month_header": {"month", "num", "year", "short_year"},
          "fiscal_year_split": {"year", "end", "end_short"}}


def leaves(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list) and not all(isinstance(v, str) for v in node):
        for i, value in enumerate(node):
            yield from leaves(value, f"{path}[{i}]")
    else:
        yield path, node


def load(language: str) -> dict:
    return yaml.safe_load((LABELS / f"{language}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_language_has_the_same_keys_and_placeholders(language: str) -> None:
    english, other = dict(leaves(load("en"))), dict(leaves(load(language)))
    assert sorted(set(english) ^ set(other)) == []
    for key, text in english.items():
        translated = other[key]
        if isinstance(text, list):
            assert isinstance(translated, list) and len(translated) == len(text), key
        elif isinstance(text, str):
            assert isinstance(translated, str) and translated.strip(), key
            if key in CHOICE:
                assert set(PLACEHOLDER.findall(translated)) <= CHOICE[key], key
            else:
                assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(translated)), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_months_and_sheet_names(language: str) -> None:
    labels = Labels(language)
    assert len(labels("months")) == 12
    names = list(labels("sheets").values())
    assert len(set(n.lower() for n in names)) == len(names)
    assert all(1 <= len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)


@pytest.mark.parametrize("language", LANGUAGES)
def test_default_plan_labels_resolve(language: str) -> None:
    template = _load("default_plan.yaml")
    refs = [v for _, v in leaves(template) if isinstance(v, LabelRef)]
    assert refs
    plan = default_plan(language)
    assert not [v for _, v in leaves(plan) if isinstance(v, LabelRef)]
    labels = Labels(language)
    assert plan["budget"]["activities"][0]["name"] == labels("activities.market_research")
    assert plan["sales"]["products"][1]["name"] == labels("sales.default_product", n=2)


def test_function_descriptions_in_every_language() -> None:
    """The Functions sheet's descriptions: English as in the finance registry, one per function
    in every language."""
    from mktplan_xl.finance import FUNCTIONS

    english = Labels("en")("functions.descriptions")
    assert english == {info.excel_name: info.description for info in FUNCTIONS}
    for language in LANGUAGES:
        assert set(Labels(language)("functions.descriptions")) == set(english)
