"""Writing what ``mktplan read`` found: one file per table (CSV, JSON or Parquet) and the spec."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..output import lock_files, replace_atomically
from .core import PlanRead, Table, spec_json

FORMATS = ("csv", "json", "parquet")


def write_tables(read: PlanRead, out_dir: Path, fmt: str = "csv", force: bool = False) -> list[Path]:
    """DIR/<table>.<fmt> for every table and DIR/spec.json; returns the paths written."""
    if fmt not in FORMATS:
        raise OutputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        _need_parquet()
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"--out {out_dir} is a file, not a folder")
    targets = [(out_dir / f"{name}.{fmt}", table) for name, table in read.tables.items()]
    spec_path = out_dir / "spec.json"
    for path in [p for p, _ in targets] + [spec_path]:
        if (path.exists() or path.is_symlink()) and not force:
            raise OutputError(f"{path} already exists; use --force to overwrite it")
        if lock_files(path):
            raise OutputError(f"{path} is open in another program; close it and try again")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create folder {out_dir}: {exc.strerror or exc}") from None
    written = []
    for path, table in targets:
        replace_atomically(path, lambda temp, table=table: _write_table(table, temp, fmt))
        written.append(path)
    text = spec_json(read) + "\n"
    replace_atomically(spec_path, lambda temp: temp.write_text(text, encoding="utf-8"))
    written.append(spec_path)
    return written


def document_json(read: PlanRead) -> str:
    """Every table (as records) and the spec, as one JSON document."""
    tables = {name: [{c: _json_value(v) for c, v in zip(table.columns, row)} for row in table.rows]
              for name, table in read.tables.items()}
    document = {"file": str(read.path), "schema": read.schema, "tables": tables,
                "spec": json.loads(spec_json(read)),
                "warnings": [finding.as_dict() for finding in read.findings]}
    return json.dumps(document, ensure_ascii=False, indent=1, default=str)


def _need_parquet() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise OutputError("--format parquet needs pyarrow: pip install 'mktplan-xl[parquet]' "
                          "(or pip install pyarrow); csv and json need nothing more") from None


def _write_table(table: Table, path: Path, fmt: str) -> None:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows([[_csv_value(v) for v in row] for row in table.rows])
        path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    elif fmt == "json":
        records = [{c: _json_value(v) for c, v in zip(table.columns, row)} for row in table.rows]
        path.write_text(json.dumps(records, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    else:
        frame = table.frame()
        for column in frame.columns:
            if frame[column].dtype == object:
                frame[column] = frame[column].map(lambda v: None if v is None else str(v)
                                                  if not isinstance(v, (int, float)) else v)
        frame.to_parquet(path, index=False)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value
