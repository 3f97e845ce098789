"""A plan as a document: ``mktplan pdf PLAN.xlsx [-o PLAN.pdf]``.

LibreOffice opens the workbook with a fresh profile that recalculates every
formula on load (as :mod:`.recalc` does), then exports every visible sheet to
PDF with the workbook's own print settings (print areas, orientation, fit to
width, repeated rows, the page footer). The PDF is written into a fresh
folder beside the target, checked (it must exist and be a PDF), and only then
moved into place: an existing file is never overwritten without ``force``, and
a failure writes nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Optional

from .errors import OutputError, RecalcError
from .output import new_file_mode, resolve_target, write_failure
from .recalc import SUFFIXES, not_a_workbook, find_soffice, run_soffice

_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def export_pdf(source: Path, output: Optional[Path] = None, *, force: bool = False,
               timeout: float = 600) -> Path:
    """Recalculate ``source`` in LibreOffice and write it as a PDF (default: beside it, ``.pdf``).

    Raises :class:`OutputError` when the PDF cannot or should not be written and
    :class:`RecalcError` when LibreOffice is missing or fails; nothing is written then.
    """
    source = Path(source)
    if not source.is_file():
        raise RecalcError(f"{source}: no such workbook")
    if source.suffix.lower() not in SUFFIXES:
        raise RecalcError(f"{source}: pdf takes an .xlsx or .xlsm workbook")
    why = not_a_workbook(source)
    if why:
        raise RecalcError(f"{source}: {why}; nothing was written")
    output = Path(output) if output is not None else source.with_suffix(".pdf")
    if output.suffix.lower() != ".pdf":
        raise OutputError(f"{output}: the output must be a .pdf file")
    if not output.parent.exists():
        raise OutputError(f"folder {output.parent} does not exist")
    target = resolve_target(output, force)
    soffice = find_soffice()
    if soffice is None:
        raise RecalcError("LibreOffice (soffice) is not installed")
    try:
        staging = Path(tempfile.mkdtemp(prefix=".mktplan-pdf-", dir=target.parent))
    except OSError as exc:
        raise OutputError(f"cannot write in folder {target.parent}: {exc.strerror}") from None
    try:
        run = run_soffice(soffice, [source.resolve()], staging, "pdf:calc_pdf_Export", timeout)
        made = staging / (source.stem + ".pdf")
        why = _not_a_pdf(made)
        if why:
            detail = (run.stderr.strip() or run.stdout.strip())[-500:]
            raise RecalcError(f"LibreOffice did not write a PDF of {source.name} ({why}, exit "
                              f"{run.returncode})" + (f": {detail}" if detail else "") + "; nothing was written")
        resolve_target(output, force)  # still free (or still ours to replace)?
        try:
            made.chmod(new_file_mode(target))
        except OSError:
            pass  # a file system without modes
        try:
            os.replace(made, target)
        except OSError as exc:
            raise write_failure(output, exc) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return output


def page_count(path: Path) -> int:
    """Pages of a PDF as LibreOffice writes it (one ``/Type /Page`` object per page)."""
    return len(_PAGE.findall(Path(path).read_bytes()))



def _not_a_pdf(path: Path) -> str:
    """Why ``path`` is not a PDF with pages, or "" if it is one."""
    if not path.is_file():
        return "no output"
    try:
        with path.open("rb") as handle:
            head = handle.read(5)
    except OSError as exc:
        return f"unreadable output: {exc.strerror}"
    if head != b"%PDF-":
        return "the output is not a PDF"
    if page_count(path) == 0:
        return "the PDF has no pages"
    return ""
