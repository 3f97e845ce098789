"""`mktplan pdf`: the recalculated plan as a PDF document, with every sheet's pages, titles and
footers; never overwrites without --force; nothing written on failure."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLES
from mktplan_xl import Plan
from mktplan_xl.pdf import page_count
from xlsx_tools import run_cli as run




def pdf_pages(path: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is required under CI but is not installed")
        pytest.skip("pdftotext (poppler) is not installed")
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    pages = done.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def titles(workbook: Path) -> dict[str, str]:
    """Each visible sheet's name and its title (the text in A1)."""
    book = openpyxl.load_workbook(workbook)
    return {ws.title: ws["A1"].value for ws in book.worksheets if ws.sheet_state == "visible"}


@pytest.fixture(scope="module")
def documents(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    en = Plan.from_file(EXAMPLES / "en.yaml").save(folder / "plan-en.xlsx")
    zh = Plan.default(language="zh", fiscal_year_start=4).save(folder / "plan-zh.xlsx", udfs=True)
    (folder / "plan-en.pdf").write_bytes(b"an older PDF")
    assert run("pdf", str(en)) == 2                               # exists: not without --force
    assert (folder / "plan-en.pdf").read_bytes() == b"an older PDF"
    assert run("pdf", str(en), "--force") == 0
    assert run("pdf", str(zh), "-o", str(folder / "zh.pdf")) == 0
    return {"en": en, "en.pdf": folder / "plan-en.pdf", "zh": zh, "zh.pdf": folder / "zh.pdf"}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_sheet_has_pages_with_its_title_and_name(documents: dict[str, Path], language: str) -> None:
    pdf = documents[f"{language}.pdf"]
    assert pdf.read_bytes().startswith(b"%PDF-")
    pages = pdf_pages(pdf)
    sheets = titles(documents[language])
    assert len(pages) == page_count(pdf) >= len(sheets)
    squeeze = [" ".join(page.split()) for page in pages]
    for name, title in sheets.items():
        # the footer names the sheet on each of its pages; its title is on its first page
        own = [text for text in squeeze if f" {name} " in f" {text} "]
        assert own, f"no page of {name}"
        if isinstance(title, str):
            assert any(" ".join(title.split()) in text for text in own), f"title of {name}"


def test_the_footer_numbers_pages_and_names_the_plan(documents: dict[str, Path]) -> None:
    pages = pdf_pages(documents["en.pdf"])
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        assert "2027 Marketing Plan" in text
    zh = pdf_pages(documents["zh.pdf"])
    assert f"第 1 页，共 {len(zh)} 页" in zh[0]


def test_recalculated_figures_reach_the_document(documents: dict[str, Path]) -> None:
    text = " ".join(" ".join(pdf_pages(documents["en.pdf"])).split())
    assert "WO" in text and "67.0%" in text                  # SWOT position, competitors' share total
    assert "Maximise market share" in text                    # the growth stage's objective


def test_bad_inputs_write_nothing(tmp_path: Path, capsys) -> None:
    assert run("pdf", str(tmp_path / "missing.xlsx")) == 2
    assert "no such workbook" in capsys.readouterr().err
    text = tmp_path / "notes.txt"
    text.write_text("x")
    assert run("pdf", str(text)) == 2
    workbook = Plan.default().save(tmp_path / "p.xlsx")
    assert run("pdf", str(workbook), "-o", str(tmp_path / "p.docx")) == 2
    assert "must be a .pdf" in capsys.readouterr().err
    assert run("pdf", str(workbook), "-o", str(tmp_path / "nowhere" / "p.pdf")) == 2
    assert run("pdf", str(workbook), "-o", str(tmp_path)) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "p.xlsx"]


def test_a_file_that_is_not_a_workbook_gives_a_message(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert run("pdf", str(broken)) == 2
    assert "nothing was written" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.xlsx"]
