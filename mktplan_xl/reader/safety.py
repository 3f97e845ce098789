"""Taking a workbook from anywhere: sniff the first bytes, guard the zip, refuse XML tricks.

Everything here runs before any parser sees the file:

* the file is a regular file of at most :data:`MAX_FILE_BYTES`, read into
  memory once (so it cannot change between the checks and the parse);
* its first bytes say what it is: an encrypted workbook or an ``.xls`` (both
  OLE compound files), an ``.xlsb``, an ``.ods``, a text file (a CSV renamed to
  ``.xlsx``), an empty or truncated file each get one clear message;
* the zip directory is checked before anything is unpacked: at most
  :data:`MAX_PARTS` parts, none larger than :data:`MAX_PART_BYTES` unpacked nor
  more than :data:`MAX_RATIO` times its packed size (when above
  :data:`RATIO_FLOOR`), all together at most :data:`MAX_TOTAL_BYTES`;
* a part is unpacked only when something reads it (:meth:`Package.read`):
  never past the size its directory entry states (a longer stream is refused,
  whatever its checksum), its CRC checked, and an XML part refused if it holds
  a document type declaration (``<!DOCTYPE``/``<!ENTITY``): a workbook never
  needs one, and that is where entity-expansion and external-entity attacks
  live. The parts python-calamine reads are checked this way before it opens
  the workbook or a sheet; XML this package parses itself goes through
  defusedxml as well.

Macros are never run: an ``.xlsm`` is read as data (its ``vbaProject.bin`` is
never opened).
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from ..errors import MktplanError

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PARTS = 10_000
MAX_PART_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 400
RATIO_FLOOR = 8 * 1024 * 1024
_CHUNK = 1 << 20

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP = b"PK\x05\x06"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_DTD_MARKERS = (b"<!doctype", b"<!entity")


class ReadError(MktplanError):
    """A workbook cannot be read (not a workbook, damaged, unsafe, not a plan)."""


@dataclass
class Package:
    """A checked .xlsx in memory: its bytes, its zip directory, and the parts read so far.

    :meth:`read` unpacks a part once, itself, from the raw bytes: never past the size the
    directory states (a longer stream is refused, whatever its checksum), with the CRC
    checked, and for XML without a document type declaration. Parts nobody reads are never
    unpacked."""

    path: Path
    data: bytes
    infos: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    macros: bool = False
    _cache: dict[str, bytes] = field(default_factory=dict, repr=False)

    @property
    def parts(self) -> dict[str, int]:
        return {name: info.file_size for name, info in self.infos.items()}

    def read(self, name: str) -> bytes:
        """One part's bytes, checked; a missing or damaged part raises ReadError."""
        if name in self._cache:
            return self._cache[name]
        info = self.infos.get(name)
        if info is None:
            raise ReadError(f"{self.path}: the workbook has no part {name}")
        data = _unpack(self.path, self.data, info)
        if name.lower().endswith((".xml", ".rels", ".vml")):
            lowered = data.lower()
            if any(marker in lowered for marker in _DTD_MARKERS):
                raise ReadError(f"{self.path}: part {name} declares a document type or entities, which a "
                                f"workbook never does (refused as unsafe XML)")
        self._cache[name] = data
        return data


def _unpack(path: Path, data: bytes, info: zipfile.ZipInfo) -> bytes:
    where = f"{path}: part {info.filename}"
    offset = info.header_offset
    header = data[offset:offset + 30]
    if len(header) < 30 or header[:4] != ZIP_MAGIC:
        raise ReadError(f"{where} is damaged (no local header); the file was probably not saved completely")
    start = offset + 30 + int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
    raw = data[start:start + info.compress_size]
    if len(raw) < info.compress_size:
        raise ReadError(f"{where} is truncated; the file was probably not copied or saved completely")
    if info.compress_type == zipfile.ZIP_STORED:
        out = raw
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        try:
            out = inflater.decompress(raw, info.file_size + 1)
        except zlib.error as exc:
            raise ReadError(f"{where} is damaged ({short_reason(exc)})") from None
        if len(out) > info.file_size or inflater.unconsumed_tail:
            raise ReadError(f"{where} unpacks beyond its stated size (refused as a possible zip bomb)")
    else:
        raise ReadError(f"{where} uses a compression a workbook never uses ({info.compress_type})")
    if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        raise ReadError(f"{where} is damaged (its checksum or size does not match); the file was probably "
                        f"not copied or saved completely")
    return out


def load(path: Union[str, Path]) -> Package:
    """Read and check ``path``; raise :class:`ReadError` with one clear message."""
    path = Path(path)
    data = _read_bytes(path)
    what = sniff(data)
    if what:
        raise ReadError(f"{path}: {what}")
    return Package(path, data, *_check_zip(path, data))


def _read_bytes(path: Path) -> bytes:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except OSError as exc:
        raise ReadError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(f"{path} is a folder, not a workbook")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(f"{path} is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise ReadError(f"{path}: {info.st_size:,} bytes is larger than a plan workbook can be "
                        f"({MAX_FILE_BYTES // (1024 * 1024)} MB)")
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ReadError(f"{path}: cannot read it ({exc.strerror or exc})") from None


def sniff(data: bytes) -> str:
    """What is wrong with these bytes as an .xlsx, or "" if they start like one."""
    if not data:
        return "the file is empty (0 bytes); it is not a workbook"
    head = data[:8]
    if head == OLE_MAGIC:
        if _ENCRYPTED in data[:4 * 1024 * 1024] or _ENCRYPTED in data[-1024 * 1024:]:
            return ("the workbook is encrypted (protected with a password to open); open it in Excel, "
                    "remove the password (File › Info › Protect Workbook) and save it again")
        return ("this is an Excel 97–2003 workbook (.xls) or another OLE file, not an .xlsx; "
                "open it and save it as Excel Workbook (.xlsx)")
    if head.startswith(EMPTY_ZIP):
        return "an empty zip archive, not a workbook"
    if not head.startswith(ZIP_MAGIC):
        if len(data) < 4 and ZIP_MAGIC.startswith(data):
            return "the file is truncated (it ends after a few bytes); it is not a whole workbook"
        return _not_zip(data)
    return ""


def _not_zip(data: bytes) -> str:
    start = data[:512].lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff \t\r\n")
    lowered = start[:64].lower()
    if lowered.startswith(b"%pdf"):
        return "this is a PDF file, not a workbook"
    if lowered.startswith((b"<?xml", b"<html", b"<!doctype", b"<table", b"<")):
        return ("this is an XML or HTML file (perhaps saved as 'XML Spreadsheet 2003' or a web page), "
                "not an .xlsx; open it and save it as Excel Workbook (.xlsx)")
    if lowered.startswith(b"{\\rtf"):
        return "this is a rich-text document, not a workbook"
    sample = data[:4096]
    if _looks_like_text(sample):
        return ("this is a text file (a CSV or similar renamed to .xlsx), not a workbook; "
                "open it in Excel and save it as Excel Workbook (.xlsx)")
    return "this is not an .xlsx workbook (it does not start like one)"


def _looks_like_text(sample: bytes) -> bool:
    for encoding in ("utf-8", "utf-16"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
        return printable >= 0.95 * max(len(text), 1)
    return False


def _check_zip(path: Path, data: bytes) -> tuple[dict[str, zipfile.ZipInfo], bool]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReadError(f"{path}: the workbook is damaged or truncated (its zip directory is missing); "
                        f"it was probably not copied or saved completely") from None
    except (OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ReadError(f"{path}: the workbook is damaged ({short_reason(exc)})") from None
    with archive:
        infos = archive.infolist()
        if len({info.filename for info in infos}) != len(infos):
            raise ReadError(f"{path}: two parts of the zip have the same name; not a sound workbook")
        if len(infos) > MAX_PARTS:
            raise ReadError(f"{path}: {len(infos):,} parts in the zip; a workbook has far fewer "
                            f"(refused as a possible zip bomb)")
        names = {info.filename for info in infos}
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise ReadError(f"{path}: part {info.filename} is encrypted; not a readable workbook")
            if info.file_size > MAX_PART_BYTES:
                raise ReadError(f"{path}: part {info.filename} unpacks to {info.file_size:,} bytes, more "
                                f"than the {MAX_PART_BYTES // (1024 * 1024)} MB allowed (refused as a "
                                f"possible zip bomb)")
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ReadError(f"{path}: part {info.filename} unpacks {info.file_size // max(info.compress_size, 1):,} "
                                f"times larger than it is packed (refused as a possible zip bomb)")
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise ReadError(f"{path}: the parts unpack to more than {MAX_TOTAL_BYTES // (1024 ** 3)} GB "
                                f"(refused as a possible zip bomb)")
        _what_kind(path, archive, names)
        macros = any(n.lower().endswith("vbaproject.bin") for n in names)
        return {info.filename: info for info in infos}, macros


def _what_kind(path: Path, archive: zipfile.ZipFile, names: set[str]) -> None:
    if "mimetype" in names:
        try:
            mimetype = archive.read("mimetype")[:100]
        except Exception:
            mimetype = b""
        if b"opendocument" in mimetype:
            return _raise(path, "this is an OpenDocument spreadsheet (.ods), not an .xlsx; open it and "
                                "save it as Excel Workbook (.xlsx)")
    if "xl/workbook.bin" in names:
        _raise(path, "this is an Excel binary workbook (.xlsb), not an .xlsx; open it in Excel and save "
                     "it as Excel Workbook (.xlsx)")
    if "word/document.xml" in names or "ppt/presentation.xml" in names:
        _raise(path, "this is a Word or PowerPoint file, not a workbook")
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        _raise(path, "this zip file is not an Excel workbook (it has no workbook part)")


def _raise(path: Path, message: str) -> None:
    raise ReadError(f"{path}: {message}")


def short_reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 120 else text[:119] + "…"
