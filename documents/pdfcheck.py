"""Refusing PDFs that run code, act on opening or carry other files.

Two lines of defence: pypdf follows the document's structure (catalogue, name trees, pages,
annotations and form fields), and a scan of the raw bytes finds the same keys anywhere they are
written uncompressed, including spellings hidden with ``#xx`` escapes.
"""

from __future__ import annotations

import io
import re
import zlib

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

MSG_PDF_SCRIPT = (
    "The selected PDF must not contain JavaScript or actions that run when it opens – "
    "print it to a new PDF, or export it again without them, and try again"
)
MSG_PDF_ATTACHMENT = (
    "The selected PDF must not contain attached files – upload each file separately, "
    "or export the PDF again without attachments, and try again"
)

#: Keys whose presence means the PDF runs something, and the action types that do.
_SCRIPT_KEYS = frozenset({"/JS", "/JavaScript", "/OpenAction", "/AA"})
_SCRIPT_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToE", "/RichMediaExecute"})
_ATTACHMENT_KEYS = frozenset({"/EmbeddedFile", "/EmbeddedFiles", "/RichMedia"})
_ATTACHMENT_SUBTYPES = frozenset({"/FileAttachment", "/RichMedia"})
_END = rb"(?![^\s()<>\[\]{}/%])"
_RAW_KEY_RE = re.compile(rb"/(JS|JavaScript|OpenAction|AA|Launch|EmbeddedFiles?|RichMedia)" + _END)
_RAW_ESCAPED_RE = re.compile(rb"/[^\s()<>\[\]{}/%]*#[0-9A-Fa-f]{2}[^\s()<>\[\]{}/%]*")
_RAW_ATTACHMENT = frozenset({b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia"})
_MAX_NODES = 200_000

#: What a damaged PDF can raise while pypdf reads it.
PDF_ERRORS: tuple[type[BaseException], ...] = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    RecursionError,
    OSError,
    zlib.error,
)


class PdfRefused(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _unescape(name: bytes) -> bytes:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), name)


def _refuse_raw(key: bytes) -> None:
    raise PdfRefused(MSG_PDF_ATTACHMENT if key in _RAW_ATTACHMENT else MSG_PDF_SCRIPT)


def scan_raw(data: bytes) -> None:
    """Refuse keys written in the open anywhere in the file, including ``#xx``-escaped spellings."""
    found = _RAW_KEY_RE.search(data)
    if found:
        _refuse_raw(found.group(1))
    for match in _RAW_ESCAPED_RE.finditer(data):
        plain = _RAW_KEY_RE.fullmatch(_unescape(match.group(0)))
        if plain:
            _refuse_raw(plain.group(1))


def _check_dictionary(node: DictionaryObject) -> None:
    keys = set(node.keys())
    if keys & _SCRIPT_KEYS or node.get("/S") in _SCRIPT_ACTIONS:
        raise PdfRefused(MSG_PDF_SCRIPT)
    if keys & _ATTACHMENT_KEYS or node.get("/Subtype") in _ATTACHMENT_SUBTYPES or node.get("/Type") == "/Filespec":
        raise PdfRefused(MSG_PDF_ATTACHMENT)


def walk(reader: PdfReader) -> None:
    """Visit every dictionary reachable from the trailer once (object streams included)."""
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [reader.trailer]
    visited = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        visited += 1
        if visited > _MAX_NODES:
            raise PdfRefused(MSG_PDF_SCRIPT)
        if isinstance(node, DictionaryObject):
            _check_dictionary(node)
            stack.extend(value for key, value in node.items() if key not in {"/Parent", "/P"})
        elif isinstance(node, ArrayObject):
            stack.extend(node)


def check_pdf_bytes(data: bytes) -> None:
    """Raise PdfRefused for active content; any of ``PDF_ERRORS`` means the PDF is damaged."""
    scan_raw(data)
    reader = PdfReader(io.BytesIO(data), strict=False)
    walk(reader)
