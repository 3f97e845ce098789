"""The reader takes files from anywhere: first bytes sniffed, zip bombs and XML attacks refused,
macros never run, and on random or mutated files only the project's own error type escapes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from mktplan_xl import MktplanError, Plan, ReadError, read_plan
from mktplan_xl.cli import main
from mktplan_xl.reader import safety
from mktplan_xl.reader.lint import check_plan


@pytest.fixture(scope="module")
def workbook_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = Plan.from_file(EXAMPLES / "en.yaml").save(tmp_path_factory.mktemp("wb") / "plan.xlsx")
    return path.read_bytes()


def _rezip(data: bytes, change: dict[str, bytes], extra: dict[str, bytes] = None,
           drop: tuple = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            target.writestr(info.filename, change.get(info.filename, source.read(info.filename)))
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def _refused(tmp_path: Path, data: bytes, name: str = "plan.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as caught:
        read_plan(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and "\n" not in message
    return message


OLE = safety.OLE_MAGIC + b"\x00" * 504


@pytest.mark.parametrize("data, says", [
    (b"", "empty"),
    (b"PK", "truncated"),
    (OLE + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100, "encrypted"),
    (OLE + "Workbook".encode("utf-16-le") + b"\x00" * 100, ".xls"),
    (b"activity,month,amount\nAds,1,100\n", "CSV"),
    ("hoạt động;tháng;số tiền\nQuảng cáo;1;100\n".encode("utf-8"), "CSV"),
    (b"%PDF-1.7\n...", "PDF"),
    (b"<?xml version='1.0'?><Workbook xmlns='urn:schemas-microsoft-com:office:spreadsheet'/>", "XML"),
    (bytes(range(256)) * 4, "not an .xlsx"),
    (b"PK\x05\x06" + b"\x00" * 18, "empty zip"),
])
def test_first_bytes_give_one_clear_message(tmp_path: Path, data: bytes, says: str) -> None:
    assert says in _refused(tmp_path, data)


def test_other_zip_formats(tmp_path: Path, workbook_bytes: bytes) -> None:
    xlsb = _rezip(workbook_bytes, {}, {"xl/workbook.bin": b"\x00" * 10}, drop=("xl/workbook.xml",))
    assert ".xlsb" in _refused(tmp_path, xlsb)
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    assert ".ods" in _refused(tmp_path, ods.getvalue())
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "not an Excel workbook" in _refused(tmp_path, other.getvalue())


def test_truncated_workbook(tmp_path: Path, workbook_bytes: bytes) -> None:
    assert "damaged or truncated" in _refused(tmp_path, workbook_bytes[: len(workbook_bytes) // 2])


def test_zip_bomb_is_refused_from_the_directory(tmp_path: Path, workbook_bytes: bytes,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = _rezip(workbook_bytes, {}, {"xl/media/padding.xml": b"\x00" * (12 * 1024 * 1024)})
    assert "zip bomb" in _refused(tmp_path, bomb)
    monkeypatch.setattr(safety, "MAX_PART_BYTES", 1000)
    assert "zip bomb" in _refused(tmp_path, workbook_bytes)


def test_a_lying_zip_directory_is_caught(tmp_path: Path, workbook_bytes: bytes) -> None:
    """A part whose directory entry understates its size fails before any parser sees it."""
    data = bytearray(workbook_bytes)
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as archive:
        info = archive.getinfo("xl/workbook.xml")
    central = data.rfind(b"xl/workbook.xml")   # the central directory entry's name
    size_at = central - 46 + 24                 # uncompressed size field of that entry
    data[size_at:size_at + 4] = (info.file_size // 2).to_bytes(4, "little")
    assert "damaged" in _refused(tmp_path, bytes(data)) or "beyond" in _refused(tmp_path, bytes(data))


@pytest.mark.parametrize("declaration", [
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>',
    b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
])
def test_xml_entities_are_refused(tmp_path: Path, workbook_bytes: bytes, declaration: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as archive:
        xml = archive.read("xl/workbook.xml")
    head, _, rest = xml.partition(b"?>")
    bad = _rezip(workbook_bytes, {"xl/workbook.xml": head + b"?>" + declaration + rest})
    assert "unsafe XML" in _refused(tmp_path, bad)


@pytest.mark.parametrize("part, old, new, says", [
    # python-calamine would try to allocate these and abort the whole process
    ("xl/sharedStrings.xml", rb'uniqueCount="\d+"', b'uniqueCount="4000000000"', "damaged"),
    ("xl/worksheets/sheet2.xml", rb'r="B8"', b'r="B99999999"', "outside the sheet"),
    ("xl/worksheets/sheet2.xml", rb'r="B8"', b'r="B1048576"', "more than"),
])
def test_sizes_calamine_would_trust_are_checked(tmp_path: Path, workbook_bytes: bytes, part: str, old: bytes,
                                                new: bytes, says: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    if part == "xl/sharedStrings.xml":  # mktplan writes strings inline; Excel and LibreOffice share them
        from mktplan_xl import render
        monkeypatch.setattr(render, "_OPTIONS", {**render._OPTIONS, "constant_memory": False})
        workbook_bytes = Plan.from_file(EXAMPLES / "en.yaml").save(tmp_path / "shared.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as archive:
        xml = archive.read(part)
    assert re.search(old, xml)
    assert says in _refused(tmp_path, _rezip(workbook_bytes, {part: re.sub(old, new, xml, count=1)}))


@pytest.mark.parametrize("tail", [
    b'<row r="1048576" s="1" customFormat="true" ht="12.8" hidden="false"></row>',   # LibreOffice, after a row delete
    b'<row r="1048576"/>',
    b'<row r="1048576"><c r="A1048576" s="1"/><c r="AMJ1048576" s="1"/></row>',      # formatting only
])
def test_formatting_at_the_last_row_is_no_used_area(tmp_path: Path, workbook_bytes: bytes, tail: bytes) -> None:
    """Rows and cells that hold nothing do not make the sheet too large: the plan reads as before."""
    part = "xl/worksheets/sheet2.xml"
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as archive:
        xml = archive.read(part)
    assert xml.count(b"</sheetData>") == 1
    before = tmp_path / "before.xlsx"
    before.write_bytes(workbook_bytes)
    after = tmp_path / "after.xlsx"
    after.write_bytes(_rezip(workbook_bytes, {part: xml.replace(b"</sheetData>", tail + b"</sheetData>")}))
    read = read_plan(after)
    assert read.findings == read_plan(before).findings
    assert read.spec == read_plan(before).spec


def test_xlsm_is_read_as_data(tmp_path: Path, workbook_bytes: bytes) -> None:
    xlsm = _rezip(workbook_bytes, {}, {"xl/vbaProject.bin": b"Attribute VB_Name = \"Module1\"\x00" * 10})
    path = tmp_path / "plan.xlsm"
    path.write_bytes(xlsm)
    read = read_plan(path)
    assert read.workbook.package.macros
    assert len(read.spec.budget.activities) == 7


def test_folder_and_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(ReadError, match="folder"):
        read_plan(tmp_path)
    with pytest.raises(ReadError, match="no such file"):
        read_plan(tmp_path / "nope.xlsx")
    assert main(["read", str(tmp_path / "nope.xlsx")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_workbook_that_is_not_a_plan(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "just a spreadsheet"
    book.save(tmp_path / "other.xlsx")
    assert "not a plan workbook" in _refused(tmp_path, (tmp_path / "other.xlsx").read_bytes())


# fuzzing ---------------------------------------------------------------------------------

FUZZ = settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                        HealthCheck.too_slow], deadline=None)


def _only_our_error(path: Path) -> None:
    try:
        read_plan(path)
    except MktplanError:
        pass


@FUZZ
@given(data=st.binary(max_size=2048))
def test_fuzz_random_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(data)
    _only_our_error(path)


@FUZZ
@given(edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8))
def test_fuzz_mutated_workbook_bytes(tmp_path: Path, workbook_bytes: bytes, edits: list) -> None:
    data = bytearray(workbook_bytes)
    for where, byte in edits:
        data[int(where * len(data))] = byte
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(bytes(data))
    _only_our_error(path)


PARTS = ["xl/workbook.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet5.xml", "docProps/custom.xml",
         "xl/sharedStrings.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"]


@FUZZ
@given(part=st.sampled_from(PARTS), where=st.floats(0, 1, exclude_max=True),
       cut=st.integers(0, 40), insert=st.sampled_from([b"", b"<", b"&", b"\x00", b"'", b"#REF!", b"]]>",
                                                        b"<c r=\"A1\" t=\"e\"><v>#N/A</v></c>", b"\xff\xfe",
                                                        "Ngân sách".encode(), b"999999999999999999999",
                                                        b"4294967296", b"1E+300", b"<row r=\"1048576\"/>",
                                                        b" r=\"ZZZ9\"", b"<v>1e999</v>", b"-1"]))
def test_fuzz_mutated_xml_parts(tmp_path: Path, workbook_bytes: bytes, part: str, where: float, cut: int,
                                insert: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as archive:
        if part not in archive.namelist():
            return
        xml = archive.read(part)
    at = int(where * len(xml))
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(_rezip(workbook_bytes, {part: xml[:at] + insert + xml[at + cut:]}))
    _only_our_error(path)
    try:
        check_plan(path)   # the lint reads further (formulas, errors, the regenerated model)
    except MktplanError:
        pass
