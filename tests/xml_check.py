"""Every XML part of a workbook must parse: the check shared by the hardening tests."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree


def xml_problems(path: Path) -> list[str]:
    """``part: error`` for each XML part of the .xlsx at ``path`` that does not parse."""
    problems = []
    with zipfile.ZipFile(path) as archive:
        parts = [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]
        assert "xl/workbook.xml" in parts and "[Content_Types].xml" in parts
        for name in parts:
            try:
                ElementTree.fromstring(archive.read(name))
            except ElementTree.ParseError as exc:
                problems.append(f"{name}: {exc}")
    return problems
