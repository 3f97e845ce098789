"""Reading spec files: YAML or JSON into a dict, not yet validated.

Only regular files of at most :data:`MAX_SPEC_BYTES` are read (a device such as
``/dev/zero`` or a pipe is refused before reading, a large file before
parsing); YAML goes through :mod:`.safe_yaml` and JSON through
:mod:`.safe_json`, which refuse alias bombs, deep nesting, over-long lists and
duplicate keys. An empty file is an error for both formats.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import yaml

from ..errors import SpecFileError
from .safe_json import load_json
from .safe_yaml import Refused, load_yaml

MAX_SPEC_BYTES = 50 * 1024 * 1024


def read_spec_file(path: Path) -> dict:
    """Parse a YAML or JSON spec file into a dict (not yet validated)."""
    path = Path(path)
    raw = _read_regular_file(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SpecFileError(f"{path}: not UTF-8 text (byte {raw[exc.start]:#04x} at line {line}); "
                            f"save the spec as UTF-8") from None
    del raw
    if not text.strip():
        raise _empty(path)
    data = _parse(path, text)
    if data is None:
        raise _empty(path)
    if not isinstance(data, dict):
        raise SpecFileError(f"{path}: the spec must be a mapping of plan/budget/sales, "
                            f"not {type(data).__name__}")
    return data


def _empty(path: Path) -> SpecFileError:
    return SpecFileError(f"{path}: the spec file is empty; give at least one section "
                         f"(e.g. `plan: {{year: 2027}}`), or use no spec for the default plan")


def _read_regular_file(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most MAX_SPEC_BYTES."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: opening a pipe must not wait for a writer
    except FileNotFoundError:
        raise SpecFileError(f"spec file not found: {path}") from None
    except IsADirectoryError:
        raise SpecFileError(f"spec path is a folder, not a file: {path}") from None
    except OSError as exc:
        raise SpecFileError(f"cannot read spec file {path}: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SpecFileError(f"spec path is a folder, not a file: {path}")
        if not stat.S_ISREG(info.st_mode):
            raise SpecFileError(f"{path} is not a regular file (a device, pipe or socket); "
                                f"give a YAML or JSON file")
        if info.st_size > MAX_SPEC_BYTES:
            raise _too_large(path, info.st_size)
        with os.fdopen(fd, "rb") as handle:
            fd = -1  # the handle closes it now
            raw = handle.read(MAX_SPEC_BYTES + 1)
    except OSError as exc:
        raise SpecFileError(f"cannot read spec file {path}: {exc.strerror}") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(raw) > MAX_SPEC_BYTES:  # it grew while we looked
        raise _too_large(path, len(raw))
    return raw


def _too_large(path: Path, size: int) -> SpecFileError:
    return SpecFileError(f"{path} is {size / 2**20:,.1f} MB; a spec file may be at most "
                         f"{MAX_SPEC_BYTES // 2**20} MB")


def _parse(path: Path, text: str) -> Any:
    try:
        if path.suffix.lower() == ".json":
            return load_json(text)
        return load_yaml(text)
    except json.JSONDecodeError as exc:
        raise SpecFileError(f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except Refused as exc:
        where = f", line {exc.line}" if exc.line else ""
        raise SpecFileError(f"{path}{where}: {exc.message}") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise SpecFileError(f"{path}: invalid YAML at line {line}: the character U+{code:04X} is not "
                            f"allowed in YAML (and cannot be stored in a workbook)") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecFileError(f"{path}: invalid YAML{where}: {problem}") from None
