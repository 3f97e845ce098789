"""Safe output: never overwrite without asking, never leave a half-written file.

The workbook is written to a temporary file in the target's folder and renamed
into place, so a failure leaves whatever was there before untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from .errors import OutputError

ALLOWED_SUFFIXES = (".xlsx",)


def _lock_files(path: Path) -> list[Path]:
    """Files that Excel or LibreOffice keep beside a workbook that is open."""
    name = path.name
    candidates = [path.with_name("~$" + name), path.with_name(".~lock." + name + "#")]
    if len(name) > 2:
        candidates.append(path.with_name("~$" + name[2:]))
    return [p for p in candidates if p.exists()]


def check_target(path: Path, force: bool) -> Path:
    """Raise :class:`OutputError` if ``path`` cannot or should not be written."""
    path = Path(path)
    if path.suffix.lower() not in ALLOWED_SUFFIXES:
        raise OutputError(f"{path}: the output must be an .xlsx file")
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name ending in .xlsx")
    if not path.parent.exists():
        raise OutputError(f"folder {path.parent} does not exist")
    locks = _lock_files(path)
    if locks:
        raise OutputError(f"{path} is open in Excel or LibreOffice (lock file {locks[0].name}); "
                          f"close {path.name} and try again")
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; use --force to overwrite it")
    return path


def write_safely(path: Path, write: Callable[[Path], None], force: bool = False) -> Path:
    """Check ``path`` as a workbook target, then :func:`replace_atomically`."""
    return replace_atomically(check_target(Path(path), force), write)


def replace_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temp_path)`` for a temporary file beside ``path``, then rename it into
    place; on any failure the temporary file is removed and ``path`` is untouched."""
    path = Path(path)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".~mktplan-", suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write in folder {path.parent}: {exc.strerror}") from None
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        try:
            os.replace(temp, path)
        except PermissionError:
            raise OutputError(f"cannot replace {path}: it may be open in Excel; close it and try again") from None
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        if temp.exists():
            temp.unlink()
    return path
