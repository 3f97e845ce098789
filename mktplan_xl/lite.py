"""Export the Marketing Plan functions for xlwings Lite (Excel 2021/365, no local Python).

xlwings Lite runs only the ``main.py`` and ``requirements.txt`` pasted into its
editor, so :func:`write_lite_bundle` builds a self-contained ``main.py`` from
the *source text* of the finance core and of the classic add-in module
(``mktplan_udfs``): the same formulas and the same ``@func``/``@arg``
wrappers, with the package-internal imports removed. There is no second
implementation to keep in step.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import re
from pathlib import Path

from .errors import MktplanError, OutputError

#: Modules embedded in main.py, in dependency order (each imports only earlier ones).
CORE_MODULES: tuple[str, ...] = (
    "mktplan_xl.xlerrors",
    "mktplan_xl.finance.errors",
    "mktplan_xl.finance.coerce",
    "mktplan_xl.finance.engine",
    "mktplan_xl.finance.breakeven",
    "mktplan_xl.finance.pricing",
    "mktplan_xl.finance.variance",
    "mktplan_xl.finance.budget",
    "mktplan_xl.finance.excel",
    "mktplan_xl.finance.registry",
)
UDF_MODULE = "mktplan_udfs"
BUNDLE_FILES: tuple[str, ...] = ("main.py", "requirements.txt")
_INTERNAL_PACKAGES = ("mktplan_xl", "mktplan_udfs")


class LiteExportError(MktplanError):
    """The xlwings Lite bundle cannot be built or written."""


class LiteBundleExistsError(LiteExportError, FileExistsError):
    """The target folder already holds bundle files and ``force`` was not given."""


def _module_path(name: str) -> Path:
    """Source file of ``name``; ``mktplan_udfs`` falls back to the repository's ``udfs/``."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin and spec.origin.endswith(".py"):
        return Path(spec.origin)
    if name == UDF_MODULE:
        candidate = Path(__file__).resolve().parent.parent / "udfs" / "__init__.py"
        if candidate.is_file():
            return candidate
    raise LiteExportError(f"cannot find the source of module {name}")


def _is_internal(node: ast.ImportFrom) -> bool:
    return node.level > 0 or (node.module or "").split(".")[0] in _INTERNAL_PACKAGES


def _bound_names(node: ast.stmt) -> list[str]:
    """Top-level names a statement defines."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    names: list[str] = []
    for target in targets:
        names += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
    return names


class _Flattener:
    """Concatenates module sources into one namespace, checking it stays consistent."""

    def __init__(self) -> None:
        self.bound: dict[str, str] = {}  # name -> origin ("def module" or "import module.attr")
        self.chunks: list[str] = []

    def _bind(self, name: str, origin: str, module: str) -> None:
        previous = self.bound.setdefault(name, origin)
        if previous != origin:
            raise LiteExportError(f"{module}: top-level name {name!r} clashes with {previous}")

    def add(self, module: str, source: str) -> None:
        tree = ast.parse(source)
        lines = source.splitlines()
        drop: set[int] = set()
        body = tree.body
        first = body[0] if body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            summary = first.value.value.strip().splitlines()[0]
            drop.update(range(first.lineno, first.end_lineno + 1))
        else:
            summary = ""
        for node in body:
            skip = False
            if isinstance(node, ast.ImportFrom) and (node.module == "__future__" or _is_internal(node)):
                skip = True
                if node.module != "__future__":
                    for alias in node.names:
                        if alias.asname or alias.name not in self.bound or alias.name == "*":
                            raise LiteExportError(f"{module}: cannot flatten import of {alias.name!r}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] in _INTERNAL_PACKAGES:
                        raise LiteExportError(f"{module}: cannot flatten 'import {alias.name}'")
                    local = alias.asname or alias.name.split(".")[0]
                    self._bind(local, f"import {alias.name}", module)
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    self._bind(alias.asname or alias.name, f"import {node.module}.{alias.name}", module)
            elif _bound_names(node) == ["__all__"]:
                skip = True
            else:
                for name in _bound_names(node):
                    self._bind(name, f"def {module}", module)
            if skip:
                drop.update(range(node.lineno, node.end_lineno + 1))
        kept = [line for number, line in enumerate(lines, start=1) if number not in drop]
        text = re.sub(r"\n{4,}", "\n\n\n", "\n".join(kept)).strip("\n")
        banner = f"# {'-' * 76}\n# {module}" + (f": {summary}" if summary else "")
        self.chunks.append(f"{banner}\n\n{text}\n")


def _version(distribution: str, fallback: str) -> str:
    import importlib.metadata  # not at the top: `mktplan --help` registers this module's command

    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return fallback


def build_main_py() -> str:
    """The text of the self-contained xlwings Lite ``main.py``."""
    flattener = _Flattener()
    for module in (*CORE_MODULES, UDF_MODULE):
        flattener.add(module, _module_path(module).read_text(encoding="utf-8"))
    header = (
        '"""Marketing Plan functions (break-even, pricing, variance) for xlwings Lite.\n\n'
        f"Generated by `mktplan udfs lite` from mktplan-xl {_version('mktplan-xl', 'dev')}: "
        "the finance core and the\nclassic add-in wrappers, flattened into one module. "
        "Regenerate rather than edit.\nType =MKT_ in a cell to see the functions.\n"
        '"""\n\nfrom __future__ import annotations\n'
    )
    text = header + "\n\n" + "\n\n".join(flattener.chunks)
    try:
        compile(text, "main.py", "exec")
    except SyntaxError as error:  # a bug in the flattening, not a user error
        raise LiteExportError(f"generated main.py does not compile: {error}") from error
    return text


def build_requirements_txt() -> str:
    """requirements.txt for xlwings Lite: xlwings pinned, numpy as Pyodide ships it."""
    return f"xlwings=={_version('xlwings', '0.37.8')}\nnumpy\n"


def write_lite_bundle(directory: Path, *, force: bool = False) -> list[Path]:
    """Write ``main.py`` and ``requirements.txt`` for xlwings Lite into ``directory``.

    Creates the folder if needed. Without ``force``, existing bundle files are
    left alone and :class:`LiteBundleExistsError` is raised before anything is
    written. Returns the paths written.
    """
    directory = Path(directory)
    targets = [directory / name for name in BUNDLE_FILES]
    if directory.exists() and not directory.is_dir():
        raise LiteExportError(f"{directory} exists and is not a folder")
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        names = ", ".join(str(path) for path in existing)
        raise LiteBundleExistsError(f"{names} already exist(s); use --force to overwrite")
    contents = {"main.py": build_main_py(), "requirements.txt": build_requirements_txt()}
    from .output import replace_atomically  # here, not at the top: kept off `mktplan --help`

    try:
        directory.mkdir(parents=True, exist_ok=True)
        for path in targets:
            text = contents[path.name]
            replace_atomically(path, lambda temp: temp.write_text(text, encoding="utf-8", newline="\n"))
    except (OSError, OutputError) as error:
        raise LiteExportError(f"cannot write the xlwings Lite bundle to {directory}: {error}") from error
    return targets


def _cmd_udfs_lite(args: argparse.Namespace) -> int:
    for path in write_lite_bundle(args.directory, force=args.force):
        print(f"wrote {path}")
    print("Paste main.py and requirements.txt into the matching tabs of the xlwings Lite editor.")
    return 0


def add_udfs_cli(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``mktplan udfs lite DIR [--force]`` on the CLI's subcommand set."""
    udfs = subparsers.add_parser(
        "udfs", help="Excel functions for break-even, pricing and variance",
        description="Excel functions (MKT_*) for break-even, pricing and variance. The classic "
                    "add-in needs no export: set UDF Modules to mktplan_udfs in the xlwings ribbon.")
    commands = udfs.add_subparsers(dest="udfs_command", required=True, metavar="COMMAND")
    lite = commands.add_parser(
        "lite", help="write main.py and requirements.txt for xlwings Lite",
        description="Write a self-contained main.py and a requirements.txt to paste into the "
                    "xlwings Lite editor (Excel 2021/365, no local Python needed).")
    lite.add_argument("directory", type=Path, metavar="DIR", help="folder to write into (created if missing)")
    lite.add_argument("--force", action="store_true", help="overwrite existing main.py/requirements.txt")
    lite.set_defaults(handler=_cmd_udfs_lite)
    return udfs
