"""The shape of the code: who may write files, what sheets may import, the registry's order.

Imports are read with ``ast``, so ``from xlsxwriter import Workbook`` counts as much
as ``import xlsxwriter``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mktplan_xl
from mktplan_xl import builder, names
from mktplan_xl.errors import SheetDefinitionError
from mktplan_xl.sheets import REGISTRY
from mktplan_xl.sheets.protocol import CHECKS, Sheet
from conftest import EXAMPLES

PACKAGE = Path(mktplan_xl.__file__).resolve().parent
SHEETS = PACKAGE / "sheets"


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(absolute module, imported names) of every import in a file of the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("mktplan_xl", *path.relative_to(PACKAGE).parent.parts))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((module, [alias.name for alias in node.names]))
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_renderer_is_the_only_writer() -> None:
    """Only render.py imports XlsxWriter, in any form."""
    writers = sorted(str(p.relative_to(PACKAGE)) for p in modules()
                     if any(m.split(".")[0] == "xlsxwriter" for m, _ in imports(p)))
    assert writers == ["render.py"]


def test_the_import_reader_sees_from_imports(tmp_path: Path) -> None:
    probe = PACKAGE / "sheets" / "_probe_for_test.py"
    probe.write_text("from xlsxwriter import Workbook\nfrom .budget import ROW_HEADER\n", encoding="utf-8")
    try:
        found = imports(probe)
    finally:
        probe.unlink()
    assert ("xlsxwriter", ["Workbook"]) in found
    assert ("mktplan_xl.sheets.budget", ["ROW_HEADER"]) in found


def test_sheets_never_touch_files_or_parse_input() -> None:
    forbidden = {"os", "io", "pathlib", "shutil", "tempfile", "yaml", "json", "openpyxl", "pandas",
                 "mktplan_xl.output", "mktplan_xl.render", "mktplan_xl.spec.files", "mktplan_xl.recalc"}
    for path in sorted(SHEETS.glob("*.py")):
        used = {m for m, _ in imports(path)}
        assert not used & forbidden, (path.name, used & forbidden)
        assert "open(" not in path.read_text(encoding="utf-8"), path.name


def test_no_sheet_imports_another_sheets_layout() -> None:
    """A sheet may import another sheet's exports type, never its rows, columns or helpers."""
    sheet_modules = {f"mktplan_xl.sheets.{p.stem}" for p in SHEETS.glob("*.py")} - {
        "mktplan_xl.sheets.common", "mktplan_xl.sheets.protocol", "mktplan_xl.sheets.variance",
        "mktplan_xl.sheets.__init__"}
    for path in sorted(SHEETS.glob("*.py")):
        if path.stem == "__init__":
            continue
        for module, imported in imports(path):
            if module in sheet_modules:
                assert all(n.endswith("Exports") for n in imported), (path.name, module, imported)


def test_formula_model_and_builder_stay_free_of_numpy_and_pandas() -> None:
    for path in [*PACKAGE.joinpath("formula").glob("*.py"), PACKAGE / "model.py", PACKAGE / "builder.py",
                 PACKAGE / "render.py", PACKAGE / "names.py", PACKAGE / "meta.py"]:
        top = {m.split(".")[0] for m, _ in imports(path)}
        assert not top & {"numpy", "pandas"}, path.name


def test_registry_keys_tabs_and_dependencies() -> None:
    keys = [cls.key for cls in REGISTRY]
    assert len(keys) == len(set(keys))
    assert len({cls.tab for cls in REGISTRY}) == len(REGISTRY)
    for cls in REGISTRY:
        assert issubclass(cls, Sheet)
        assert set(cls.uses) - {CHECKS} <= set(keys), cls.key
    order = [cls.key for cls in builder.dependency_order(list(REGISTRY))]
    for cls in REGISTRY:
        for used in set(cls.uses) - {CHECKS}:
            assert order.index(used) < order.index(cls.key)
    assert order.index("summary") > order.index("budget") and order.index("about") > order.index("summary")
    assert len(names.catalogue()) == len({e.name.lower() for e in names.catalogue()})


def test_a_circle_of_sheets_is_refused() -> None:
    class A(Sheet):
        key, tab, uses = "a", 1, ("b",)

    class B(Sheet):
        key, tab, uses = "b", 2, ("a",)

    with pytest.raises(SheetDefinitionError, match="circle"):
        builder.dependency_order([A, B])


def test_a_sheet_defining_an_undeclared_name_is_an_internal_error(tmp_path, monkeypatch, capsys) -> None:
    """A programming error (a name the sheet did not declare) is not the user's: exit 1, "internal
    error", and no workbook."""
    from mktplan_xl.sheets.competitors import Competitors
    from xlsx_tools import run_cli

    built = Competitors.build

    def build(self, b):
        exports = built(self, b)
        b.define("NotDeclaredAnywhere", b.model.sheets[-1].ref(0, 0))
        return exports

    monkeypatch.setattr(Competitors, "build", build)
    target = tmp_path / "plan.xlsx"
    assert run_cli("new", str(target)) == 1
    assert "internal error" in capsys.readouterr().err
    assert not target.exists()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_master_check_includes_every_check_the_model_lists(language: str) -> None:
    """``model.checks`` (what `check` reads) is every check a sheet declares, and ChecksOK ANDs
    exactly their cells."""
    from mktplan_xl import Plan
    from mktplan_xl.formula import Area, Call

    model = Plan.from_file(EXAMPLES / f"{language}.yaml").model()
    master = model.names["ChecksOK"]
    formula = model.sheet(master.sheet).cells.get((master.row, master.col)).value
    assert isinstance(formula, Call) and formula.func == "AND"
    anded = {(arg.sheet, r, arg.col1) for arg in formula.args if isinstance(arg, Area)
             for r in range(arg.row1, arg.row2 + 1)}
    listed = {(c.ok.sheet, c.ok.row, c.ok.col) for c in model.checks}
    assert listed == anded and len(model.checks) == len(listed)
    assert {c.sheet for c in model.checks} >= {"budget", "sales", "pricing"}
    failing = [c.label for c in model.checks if model.evaluate_cell(c.ok.sheet, c.ok.row, c.ok.col) is not True]
    assert failing == [] and model.value_of("ChecksOK") is True


def test_the_collector_is_paused_once_at_the_entry_points(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Plan.model and Plan.save pause the cyclic collector around building, evaluating and writing,
    and restore it; nothing below them pauses it again (one pause, at entry)."""
    import gc

    from mktplan_xl import Plan
    from mktplan_xl import plan as plan_module

    seen: list[bool] = []
    real = plan_module.build_model

    def recording(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(plan_module, "build_model", recording)
    assert gc.isenabled()
    Plan.default().model()
    Plan.default().save(tmp_path / "plan.xlsx")
    assert seen == [False, False] and gc.isenabled()
    users = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                   if "collector_paused" in p.read_text(encoding="utf-8") and p.name != "gcpause.py")
    assert users == ["plan.py", "reader/lint.py"]
