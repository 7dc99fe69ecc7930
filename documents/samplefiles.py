"""Small, valid example documents built in memory, for the demo data and the tests.

Building them here (rather than shipping binary fixtures) keeps each one a few lines of code
that shows exactly what makes it valid.
"""

from __future__ import annotations

import io
import zipfile


def pdf_bytes(text: str = "Self-evaluation") -> bytes:
    """A one-page PDF with a line of text, with a correct cross-reference table."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 18 Tf 72 720 Td ({safe}) Tj ET".encode("latin-1", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


_CT_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
)


def _rels(target: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/officeDocument" Target="{target}"/></Relationships>'
    )


def docx_bytes(
    text: str = "SEND strategy",
    *,
    macro: bool = False,
    declared_macro: bool | None = None,
    vba_project: bool | None = None,
) -> bytes:
    """A minimal Word document; `macro=True` makes it carry macros as a .docm would.

    A .docm has two signs of macros: its main part is declared macro-enabled, and it holds a
    `vbaProject.bin`. `declared_macro` and `vba_project` give either sign alone.
    """
    declared_macro = macro if declared_macro is None else declared_macro
    vba_project = macro if vba_project is None else vba_project
    main_type = (
        "application/vnd.ms-word.document.macroEnabled.main+xml"
        if declared_macro
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            _CT_HEAD + f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>',
        )
        z.writestr("_rels/.rels", _rels("word/document.xml"))
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
        if vba_project:
            z.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 60)
    return out.getvalue()


def xlsx_bytes(rows: list[list[object]] | None = None) -> bytes:
    """A real workbook written by openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows or [["Measure", "Value"], ["EHC plans issued within 20 weeks", "52%"]]:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pptx_bytes() -> bytes:
    """A minimal presentation package (enough for the type checks)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            _CT_HEAD + '<Override PartName="/ppt/presentation.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>',
        )
        z.writestr("_rels/.rels", _rels("ppt/presentation.xml"))
        z.writestr(
            "ppt/presentation.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
        )
    return out.getvalue()


def ods_bytes(*, macro: bool = False) -> bytes:
    """A minimal OpenDocument spreadsheet; the mimetype entry comes first, uncompressed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            "</manifest:manifest>",
        )
        z.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
        )
        if macro:
            z.writestr("Basic/Standard/Module1.xml", "<script/>")
    return out.getvalue()


def csv_bytes() -> bytes:
    return b"Month,EHC needs assessments requested,Plans issued within 20 weeks\nSeptember,41,23\nOctober,38,20\n"
