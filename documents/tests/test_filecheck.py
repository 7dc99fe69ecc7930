"""Every kind of bad file is refused with a message a lead can act on; good files pass."""

from __future__ import annotations

import io

import magic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from documents import filecheck, samplefiles
from documents.filecheck import FileRejected, check_upload

MB = 1024 * 1024


def check(name: str, data: bytes, max_bytes: int = 25 * MB):
    return check_upload(name=name, stream=io.BytesIO(data), size=len(data), max_bytes=max_bytes)


@pytest.mark.parametrize(
    "name,data,content_type",
    [
        ("Self-evaluation.pdf", samplefiles.pdf_bytes(), "application/pdf"),
        ("Strategy.DOCX", samplefiles.docx_bytes(), filecheck.CONTENT_TYPES[".docx"]),
        ("Dashboard.xlsx", samplefiles.xlsx_bytes(), filecheck.CONTENT_TYPES[".xlsx"]),
        ("Board.pptx", samplefiles.pptx_bytes(), filecheck.CONTENT_TYPES[".pptx"]),
        ("Places.ods", samplefiles.ods_bytes(), filecheck.CONTENT_TYPES[".ods"]),
        ("Numbers.csv", samplefiles.csv_bytes(), "text/csv"),
    ],
)
def test_accepts_each_allowed_type(name, data, content_type):
    checked = check(name, data)
    assert checked.name == name
    assert checked.content_type == content_type


def test_refuses_a_type_not_on_the_list():
    with pytest.raises(FileRejected, match="must be a PDF, DOCX, XLSX, ODS, CSV or PPTX"):
        check("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)


def test_refuses_a_file_without_extension():
    with pytest.raises(FileRejected, match="must be a PDF"):
        check("README", b"hello")


@pytest.mark.parametrize(
    "name,data",
    [
        ("report.pdf", samplefiles.docx_bytes()),  # a Word file renamed to .pdf
        ("report.docx", samplefiles.pdf_bytes()),  # a PDF renamed to .docx
        ("report.docx", samplefiles.xlsx_bytes()),  # a workbook renamed to .docx
        ("report.xlsx", b"just,some,text\n"),
        ("report.ods", samplefiles.docx_bytes()),
        ("report.csv", samplefiles.pdf_bytes()),
    ],
)
def test_refuses_a_file_renamed_to_a_wrong_extension(name, data):
    with pytest.raises(FileRejected, match="is not a real"):
        check(name, data)


def test_refuses_a_plain_zip_renamed_to_docx():
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as z:
        z.writestr("notes.txt", "hello")
    with pytest.raises(FileRejected, match="is not a real DOCX"):
        check("notes.docx", out.getvalue())


def test_refuses_an_empty_file():
    with pytest.raises(FileRejected, match="The selected file is empty"):
        check("empty.pdf", b"")


def test_refuses_an_oversize_file_and_says_the_limit():
    data = samplefiles.pdf_bytes()
    with pytest.raises(FileRejected, match="must be smaller than 1KB"):
        check("big.pdf", data + b"\n" * 2048, max_bytes=1024)


def test_the_default_limit_is_described_in_megabytes():
    assert filecheck.human_size(25 * MB) == "25MB"


@pytest.mark.parametrize("name", ["plan.docm", "data.xlsm", "slides.pptm", "data.XLSM"])
def test_refuses_macro_enabled_extensions(name):
    with pytest.raises(FileRejected, match="must not contain macros"):
        check(name, samplefiles.docx_bytes(macro=True))


def test_refuses_a_macro_document_renamed_to_docx():
    with pytest.raises(FileRejected, match="must not contain macros"):
        check("plan.docx", samplefiles.docx_bytes(macro=True))


@pytest.mark.parametrize(
    "signal",
    [{"vba_project": True}, {"declared_macro": True}],
    ids=["vbaProject.bin with a normal content type", "declared macro-enabled without vbaProject.bin"],
)
def test_refuses_a_docx_with_either_sign_of_macros_alone(signal):
    data = samplefiles.docx_bytes(**signal)
    assert (
        magic.from_buffer(data[: filecheck._SNIFF_BYTES], mime=True) in filecheck.ALLOWED[".docx"][1]
    )  # sniffs as Word
    with pytest.raises(FileRejected, match="must not contain macros"):
        check("plan.docx", data)


def test_refuses_an_ods_with_macros():
    with pytest.raises(FileRejected, match="must not contain macros"):
        check("places.ods", samplefiles.ods_bytes(macro=True))


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "folder/plan.pdf", "C:\\Users\\plan.pdf", "..\\plan.pdf", "c:plan.pdf"]
)
def test_refuses_names_with_path_parts(name):
    with pytest.raises(FileRejected, match="folder names"):
        check(name, samplefiles.pdf_bytes())


@pytest.mark.parametrize("name", ["plan\x00.pdf", "plan\n.pdf", "pl\x1ban.pdf", "evil\u202efdp.docx"])
def test_refuses_names_with_control_characters(name):
    with pytest.raises(FileRejected, match="control characters"):
        check(name, samplefiles.pdf_bytes())


def test_refuses_a_very_long_name():
    with pytest.raises(FileRejected, match="200 characters or fewer"):
        check("a" * 250 + ".pdf", samplefiles.pdf_bytes())


def test_leaves_the_stream_at_the_start():
    stream = io.BytesIO(samplefiles.docx_bytes())
    check_upload(name="a.docx", stream=stream, size=len(stream.getvalue()), max_bytes=MB)
    assert stream.tell() == 0


@given(st.text(max_size=300))
def test_download_name_never_has_path_parts_or_control_characters(name):
    safe = filecheck.download_name(name)
    assert safe
    assert "/" not in safe and "\\" not in safe and '"' not in safe
    assert all(ord(ch) >= 32 and ord(ch) != 127 for ch in safe)
    assert len(safe) <= filecheck.MAX_NAME_LENGTH


def test_download_name_keeps_an_ordinary_name():
    assert filecheck.download_name("Self-evaluation 2026 (final).pdf") == "Self-evaluation 2026 (final).pdf"


def test_the_sample_pdf_is_a_real_pdf():
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(samplefiles.pdf_bytes("Northshire self-evaluation")))
    assert len(reader.pages) == 1
    assert "Northshire self-evaluation" in reader.pages[0].extract_text()
