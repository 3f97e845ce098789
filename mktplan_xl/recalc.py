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
from pathlib import Path
from typing import Iterable, Optional

from .errors import RecalcError

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


def recalculate(sources: Iterable[Path], out_dir: Path, timeout: float = 600) -> list[Path]:
    """Open each workbook in LibreOffice, recalculate every formula and save it
    under the same name in ``out_dir``; returns the new paths in order."""
    sources = [Path(s).resolve() for s in sources]
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    if any(s.parent == out_dir for s in sources):
        raise RecalcError("the output folder must differ from the sources' folder")
    soffice = find_soffice()
    if soffice is None:
        raise RecalcError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="mktplan-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                   "--outdir", str(out_dir), *map(str, sources)]
        env = {**os.environ, "HOME": profile}
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            raise RecalcError(f"LibreOffice did not finish within {timeout:.0f} s") from None
    outputs = [out_dir / s.name for s in sources]
    missing = [p.name for p in outputs if not p.exists()]
    if missing:
        raise RecalcError(f"LibreOffice did not write {', '.join(missing)} "
                          f"(exit {run.returncode}): {run.stderr.strip() or run.stdout.strip()}")
    return outputs
