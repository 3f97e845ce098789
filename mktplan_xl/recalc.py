"""Recalculate workbooks in LibreOffice headless (for tests and `mktplan recalc`).

LibreOffice keeps the cached values of an .xlsx unless its profile says to
recalculate on load, so each run gets a fresh profile with OOXMLRecalcMode=0
(always). soffice exits 0 even when a conversion fails, so every expected
output is checked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Iterable, Optional
from xml.etree import ElementTree

from .errors import RecalcError
from .output import lock_files, new_file_mode, write_failure

SUFFIXES = (".xlsx", ".xlsm")

_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <item oor:path="/org.openoffice.Office.Calc/Formula/Load">
    <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>
  </item>
  <item oor:path="/org.openoffice.Office.Calc/Formula/Load">
    <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop>
  </item>
</oor:items>
"""

_CANDIDATES = ("soffice", "libreoffice", "/usr/lib/libreoffice/program/soffice",
               "/opt/libreoffice/program/soffice",
               "/Applications/LibreOffice.app/Contents/MacOS/soffice")


def find_soffice() -> Optional[str]:
    """Path of the LibreOffice binary, or None."""
    for candidate in _CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def recalculate(sources: Iterable[Path], out_dir: Path, timeout: float = 600,
                force: bool = False) -> list[Path]:
    """Open each workbook in LibreOffice, recalculate every formula and save a copy
    as ``out_dir/<name>.xlsx``; returns the new paths in order.

    LibreOffice writes into a fresh folder inside ``out_dir``; every result must
    be a readable .xlsx before any is moved into place, so a failure writes
    nothing and never passes off an older file as new. An ``.xlsm`` gives an
    ``.xlsx`` copy (its macros are not kept). Without ``force`` an existing
    output is an error.
    """
    sources = [Path(s).resolve() for s in sources]
    out_dir = Path(out_dir).resolve()
    outputs = _plan_outputs(sources, out_dir, force)
    soffice = find_soffice()
    if soffice is None:
        raise RecalcError("LibreOffice (soffice) is not installed")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".mktplan-recalc-", dir=out_dir))
    except OSError as exc:
        raise RecalcError(f"cannot write in folder {out_dir}: {exc.strerror}") from None
    try:
        run = run_soffice(soffice, sources, staging, "xlsx:Calc MS Excel 2007 XML", timeout)
        failed = [f"{source.name} ({why})" for source, output in zip(sources, outputs)
                  for why in [not_a_workbook(staging / output.name)] if why]
        if failed:
            detail = (run.stderr.strip() or run.stdout.strip())[-500:]
            raise RecalcError(f"LibreOffice did not write {', '.join(failed)} (exit {run.returncode})"
                              + (f": {detail}" if detail else "") + "; nothing was written")
        _check_free(outputs, force)
        for output in outputs:
            try:
                (staging / output.name).chmod(new_file_mode(output))
            except OSError:
                pass  # a file system without modes
            try:
                os.replace(staging / output.name, output)
            except OSError as exc:
                raise write_failure(output, exc) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return outputs


def _plan_outputs(sources: list[Path], out_dir: Path, force: bool) -> list[Path]:
    """The output path of each source; raises before anything runs when one cannot be written."""
    for source in sources:
        if not source.is_file():
            raise RecalcError(f"{source}: no such workbook")
        if source.suffix.lower() not in SUFFIXES:
            raise RecalcError(f"{source}: recalc takes .xlsx or .xlsm workbooks")
    if out_dir.exists() and not out_dir.is_dir():
        raise RecalcError(f"--out-dir {out_dir} is a file, not a folder")
    if any(s.parent == out_dir for s in sources):
        raise RecalcError("the output folder must differ from the sources' folder")
    outputs = [out_dir / (s.stem + ".xlsx") for s in sources]
    seen: dict[str, Path] = {}
    for source, output in zip(sources, outputs):
        other = seen.setdefault(output.name.casefold(), source)
        if other != source:
            raise RecalcError(f"{other} and {source} would both be written as {output}; "
                              f"recalculate them into different folders")
    _check_free(outputs, force)
    return outputs


def _check_free(outputs: list[Path], force: bool) -> None:
    for output in outputs:
        if output.is_dir():
            raise RecalcError(f"{output} is a folder")
        if (output.exists() or output.is_symlink()) and not force:
            raise RecalcError(f"{output} already exists; use --force to overwrite it")
        locks = lock_files(output)
        if locks:
            raise RecalcError(f"{output} is open in Excel or LibreOffice (lock file {locks[0].name}); "
                              f"close it and try again")


def run_soffice(soffice: str, sources: list[Path], out_dir: Path, convert_to: str,
                timeout: float) -> subprocess.CompletedProcess:
    """Convert ``sources`` into ``out_dir`` with headless LibreOffice (``--convert-to convert_to``), in a
    profile of its own that recalculates every formula on load."""
    with tempfile.TemporaryDirectory(prefix="mktplan-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", convert_to,
                   "--outdir", str(out_dir), *map(str, sources)]
        env = {**os.environ, "HOME": profile}
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            raise RecalcError(f"LibreOffice did not finish within {timeout:.0f} s; nothing was written") from None
        except OSError as exc:
            raise RecalcError(f"cannot run LibreOffice ({soffice}): {exc.strerror}") from None


def not_a_workbook(path: Path) -> str:
    """Why ``path`` is not a readable .xlsx, or "" if it is one."""
    if not path.is_file():
        return "no output"
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                return "not an .xlsx workbook"
            ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError) as exc:
        return f"unreadable output: {exc}"
    return ""
