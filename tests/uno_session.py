"""Drive LibreOffice through UNO as a user would: unprotect a sheet, insert a row inside a block,
type into it, fill the formulas of the row above down, recalculate, read what cells show, save.

Run with the Python that has the ``uno`` module (python3-uno, usually ``/usr/bin/python3``):

    python3 uno_session.py JOBS.json RESULTS.json

JOBS.json holds a list of jobs, each ``{"source": xlsx, "target": xlsx or null, "insert": {...} or
null, "shown": [defined names]}``; ``insert`` is ``{"name": defined name of the block's names,
"after": lines of the block to keep above the new row, "text": {"col offset": text},
"numbers": {"col offset": number}, "fill_from": [first, last col offset]}`` with column offsets
counted from the block's name column; ``type`` (optional) is a list of ``{"name", "row", "col",
"text", "number" or "formula"}``, typed into the cells of defined names (offsets inside the name's area). RESULTS.json gets, per job, the strings the ``shown``
names' first cells display (after the edit) and the errors LibreOffice reports, if any.
The tests (test_budget_daily_use.py) write the jobs and check the saved workbooks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # noqa: F401  (python3-uno)
from com.sun.star.beans import PropertyValue  # type: ignore
from com.sun.star.connection import NoConnectException  # type: ignore
from com.sun.star.table import CellAddress, CellRangeAddress  # type: ignore


def prop(name: str, value) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe: str, deadline: float):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.time() > deadline:
                raise
            time.sleep(0.3)


def named_range(doc, name: str):
    """(sheet object, CellRangeAddress) of a workbook-scoped defined name."""
    cells = doc.NamedRanges.getByName(name).getReferredCells()
    address = cells.getRangeAddress()
    return doc.Sheets.getByIndex(address.Sheet), address


def insert_row(doc, job: dict) -> None:
    spec = job["insert"]
    sheet, names = named_range(doc, spec["name"])
    sheet.unprotect("")
    row = names.StartRow + spec["after"]          # the new row's index (0-based)
    col0 = names.StartColumn
    sheet.getRows().insertByIndex(row, 1)
    first, last = spec["fill_from"]
    source = CellRangeAddress()
    source.Sheet, source.StartRow, source.EndRow = names.Sheet, row - 1, row - 1
    source.StartColumn, source.EndColumn = col0 + first, col0 + last
    target = CellAddress()
    target.Sheet, target.Row, target.Column = names.Sheet, row, col0 + first
    sheet.copyRange(target, source)             # formulas move relative, as Ctrl+D does
    for offset, text in spec.get("text", {}).items():
        sheet.getCellByPosition(col0 + int(offset), row).setString(text)
    for offset, number in spec.get("numbers", {}).items():
        sheet.getCellByPosition(col0 + int(offset), row).setValue(number)
    for offset in spec.get("clear", []):
        sheet.getCellByPosition(col0 + int(offset), row).setString("")


def type_into(doc, job: dict) -> None:
    """Type into cells of defined names: ``{"name", "row", "col", "text" or "number"}`` each."""
    for entry in job["type"]:
        sheet, address = named_range(doc, entry["name"])
        sheet.unprotect("")
        cell = sheet.getCellByPosition(address.StartColumn + entry.get("col", 0),
                                       address.StartRow + entry.get("row", 0))
        if "formula" in entry:
            cell.setFormula(entry["formula"])
        elif "text" in entry:
            cell.setString(entry["text"])
        else:
            cell.setValue(entry["number"])


def run(jobs: list[dict]) -> list[dict]:
    profile = tempfile.mkdtemp(prefix="mktplan-uno-")
    pipe = f"mktplan_uno_{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--nolockcheck", "--invisible", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HOME": profile})
    results = []
    try:
        context = connect(pipe, time.time() + 60)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        for job in jobs:
            url = uno.systemPathToFileUrl(str(Path(job["source"]).resolve()))
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            try:
                if job.get("insert"):
                    insert_row(doc, job)
                if job.get("type"):
                    type_into(doc, job)
                doc.calculateAll()
                shown = {}
                for name in job.get("shown", []):
                    sheet, address = named_range(doc, name)
                    shown[name] = sheet.getCellByPosition(address.StartColumn, address.StartRow).getString()
                if job.get("target"):
                    target = uno.systemPathToFileUrl(str(Path(job["target"]).resolve()))
                    doc.storeToURL(target, (prop("FilterName", "Calc MS Excel 2007 XML"),))
                results.append({"shown": shown})
            finally:
                doc.close(True)
    finally:
        try:
            desktop.terminate()  # noqa: F821 (set when the connection worked)
        except Exception:
            pass
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
        subprocess.run(["rm", "-rf", profile], check=False)
    return results


if __name__ == "__main__":
    jobs = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    Path(sys.argv[2]).write_text(json.dumps(run(jobs), ensure_ascii=False), encoding="utf-8")
