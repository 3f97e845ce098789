"""Safe output: never overwrite without asking, never leave a half-written file.

The workbook is written to a temporary file in the target's folder and renamed
into place, so a failure (a full disk included) leaves whatever was there
before untouched and no temporary file behind. The new file keeps the mode of
the file it replaces, else gets the user's umask. A symbolic link to a file is
written through (the link stays, the file it points to is replaced, with
``--force``); a link to nothing is refused, even with ``--force``.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import Callable

from .errors import OutputError

ALLOWED_SUFFIXES = (".xlsx",)


def lock_files(path: Path) -> list[Path]:
    """Files that Excel or LibreOffice keep beside a workbook that is open."""
    name = path.name
    candidates = [path.with_name("~$" + name), path.with_name(".~lock." + name + "#")]
    if len(name) > 2:
        candidates.append(path.with_name("~$" + name[2:]))
    return [p for p in candidates if p.exists()]



def resolve_target(path: Path, force: bool) -> Path:
    """The file to write for ``path``: itself, or the file a symbolic link points to.

    Raises :class:`OutputError` for a link to nothing, an existing file without
    ``force``, or something that is not a regular file.
    """
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.exists():
            raise OutputError(f"{path} is a symbolic link to {target}, which does not exist; "
                              f"remove the link or give another file name")
        if not force:
            raise OutputError(f"{path} already exists (a link to {target}); use --force to overwrite it")
    else:
        target = path
    if target.is_dir():
        raise OutputError(f"{path} is a folder; give a file name")
    if target.exists() and not force:
        raise OutputError(f"{path} already exists; use --force to overwrite it")
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):
        raise OutputError(f"{path} exists and is not a regular file; give another file name")
    return target


def check_target(path: Path, force: bool) -> Path:
    """The file to write for workbook ``path`` (see :func:`resolve_target`); raise
    :class:`OutputError` if it cannot or should not be written."""
    path = Path(path)
    if path.suffix.lower() not in ALLOWED_SUFFIXES:
        raise OutputError(f"{path}: the output must be an .xlsx file")
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name ending in .xlsx")
    if not path.parent.exists():
        raise OutputError(f"folder {path.parent} does not exist")
    target = resolve_target(path, force)
    locks = lock_files(path) + (lock_files(target) if target != path else [])
    if locks:
        raise OutputError(f"{path} is open in Excel or LibreOffice (lock file {locks[0].name}); "
                          f"close {path.name} and try again")
    return target


def write_safely(path: Path, write: Callable[[Path], None], force: bool = False) -> Path:
    """Check ``path`` as a workbook target, then :func:`replace_atomically`; returns ``path``."""
    replace_atomically(check_target(Path(path), force), write)
    return Path(path)


def new_file_mode(path: Path) -> int:
    """Mode for a file written at ``path``: that of the file replaced, else 0666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # no way to read it without setting it
    os.umask(mask)
    return mask


def write_failure(path: Path, exc: OSError) -> OutputError:
    """One message for an OSError while writing ``path``."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        why = "the disk is full" if exc.errno == errno.ENOSPC else "the disk quota is used up"
        return OutputError(f"cannot write {path}: {why}; nothing was written")
    if isinstance(exc, PermissionError):
        return OutputError(f"cannot write {path}: permission denied")
    return OutputError(f"cannot write {path}: {exc.strerror or exc}")


def replace_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temp_path)`` for a temporary file beside ``path``, then rename it into
    place; on any failure the temporary file is removed and ``path`` is untouched."""
    path = Path(path)
    mode = new_file_mode(path)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".~mktplan-", suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write in folder {path.parent}: {exc.strerror}") from None
    os.close(handle)
    temp = Path(temp_name)
    try:
        try:
            write(temp)
        except OSError as exc:
            raise write_failure(path, exc) from None
        try:
            os.chmod(temp, mode)
        except OSError:
            pass  # a file system without modes (FAT, some network shares)
        try:
            os.replace(temp, path)
        except PermissionError:
            raise OutputError(f"cannot replace {path}: it may be open in Excel; close it and try again") from None
        except OSError as exc:
            raise write_failure(path, exc) from None
    finally:
        if temp.exists():
            temp.unlink()
    return path
