"""The schema version follows the layout: a change of names or input tables needs a new version."""

from __future__ import annotations

import dataclasses

import pytest

from mktplan_xl import meta, names


def test_the_layout_is_the_one_its_schema_version_records() -> None:
    assert names.schema_fingerprint() == meta.SCHEMA_FINGERPRINTS[meta.SCHEMA_VERSION], (
        "the workbook layout (defined names, their fields and kinds, or the input tables) changed: raise "
        "meta.SCHEMA_VERSION and record `python -m mktplan_xl.names --fingerprint` in SCHEMA_FINGERPRINTS")


def test_each_schema_version_has_a_layout_of_its_own() -> None:
    fingerprints = meta.SCHEMA_FINGERPRINTS
    assert max(fingerprints) == meta.SCHEMA_VERSION
    assert len(set(fingerprints.values())) == len(fingerprints)


@pytest.mark.parametrize("change", [
    lambda entries: entries[:-1],                                                     # a name dropped
    lambda entries: [dataclasses.replace(e, info=dataclasses.replace(e.info, kind="row"))
                     if e.name == "BudgetLineNames" else e for e in entries],          # a kind changed
    lambda entries: [dataclasses.replace(e, info=dataclasses.replace(e.info, field="budget.activities[*].cost"))
                     if e.name == "BudgetPlanInputs" else e for e in entries],        # a column renamed
])
def test_a_layout_change_changes_the_fingerprint(monkeypatch: pytest.MonkeyPatch, change) -> None:
    before = names.schema_fingerprint()
    changed = tuple(change(list(names.catalogue())))
    monkeypatch.setattr(names, "catalogue", lambda: changed)
    assert names.schema_fingerprint() != before


def test_a_wording_change_keeps_the_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    before = names.schema_fingerprint()
    reworded = tuple(dataclasses.replace(e, info=dataclasses.replace(e.info, holds=e.info.holds + " (reworded)"))
                     for e in names.catalogue())
    monkeypatch.setattr(names, "catalogue", lambda: reworded)
    assert names.schema_fingerprint() == before
