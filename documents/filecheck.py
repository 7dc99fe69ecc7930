"""Checks an uploaded file before anything is stored: its name, size, extension and content.

Pure functions (no database, no storage) so every bad input can be tested directly. Content is
sniffed with libmagic; Office Open XML and OpenDocument files sniff as zip archives, so the
archive is opened to check that it really is the kind of document its extension says.
"""

from __future__ import annotations

import io
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from safefiles.archives import ZIP_ERRORS, ArchiveTooLarge, BoundedArchive
from safefiles.xlsx import UnreadableFile, iter_xml, local

#: Extension (lower case, with dot) -> (label shown to users, content types libmagic may report).
ALLOWED: dict[str, tuple[str, frozenset[str]]] = {
    ".pdf": ("PDF", frozenset({"application/pdf"})),
    ".docx": (
        "DOCX",
        frozenset(
            {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/zip",
                "application/octet-stream",
            }
        ),
    ),
    ".xlsx": (
        "XLSX",
        frozenset(
            {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/zip",
                "application/octet-stream",
            }
        ),
    ),
    ".pptx": (
        "PPTX",
        frozenset(
            {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "application/zip",
                "application/octet-stream",
            }
        ),
    ),
    ".ods": ("ODS", frozenset({"application/vnd.oasis.opendocument.spreadsheet", "application/zip"})),
    ".csv": ("CSV", frozenset({"text/csv", "text/plain", "application/csv"})),
}

#: The content type recorded and sent back on download for each extension.
CONTENT_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".csv": "text/csv",
}

#: Main part content type that [Content_Types].xml must declare for each Office Open XML extension.
OOXML_MAIN_PART: dict[str, str] = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

MACRO_EXTENSIONS = frozenset(
    {
        ".docm",
        ".dotm",
        ".xlsm",
        ".xltm",
        ".xlam",
        ".xlsb",
        ".pptm",
        ".potm",
        ".ppsm",
        ".ppam",
        ".sldm",
    }
)

MAX_NAME_LENGTH = 200
_SNIFF_BYTES = 64 * 1024
_MAX_MANIFEST_BYTES = 1024 * 1024

ALLOWED_LABELS = "PDF, DOCX, XLSX, ODS, CSV or PPTX"
MSG_WRONG_TYPE = f"The selected file must be a {ALLOWED_LABELS}"
MSG_EMPTY = "The selected file is empty"
MSG_MACRO = (
    "The selected file must not contain macros – save it without macros, for example as a DOCX, XLSX or PPTX file"
)
MSG_EMBEDDED = (
    "The selected file must not contain embedded objects or controls – remove them, or upload them as "
    "separate files, and try again"
)
MSG_EXTERNAL = (
    "The selected file must not link to a template or document stored elsewhere – remove the link, "
    "save the file again and try again"
)
MSG_TOO_BIG_INSIDE = "The selected file is too large once opened – save it again without embedded pictures or data, or split it, and try again"
MSG_PATH = "The file name must not include folder names – rename the file and try again"
MSG_CONTROL = "The file name must not include control characters – rename the file and try again"
MSG_NAME_LONG = f"The file name must be {MAX_NAME_LENGTH} characters or fewer"
MSG_NO_NAME = "The selected file must have a name"


class FileRejected(ValueError):
    """Raised with a message a user can act on when an upload must not be stored."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    content_type: str


def _has_control_characters(name: str) -> bool:
    return any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in name)


def check_name(name: str) -> str:
    """Return the file name if it is acceptable as given, else raise FileRejected.

    A name is refused rather than silently changed, so leads know exactly what was stored.
    """
    if name is None or not name.strip() or name.strip(". ") == "":
        raise FileRejected(MSG_NO_NAME)
    if _has_control_characters(name):
        raise FileRejected(MSG_CONTROL)
    if "/" in name or "\\" in name or name in {".", ".."} or ":" in name:
        raise FileRejected(MSG_PATH)
    if len(name) > MAX_NAME_LENGTH:
        raise FileRejected(MSG_NAME_LONG)
    return unicodedata.normalize("NFC", name.strip())


def extension_of(name: str) -> str:
    """Lower-case extension with its dot, or '' when there is none."""
    base = name.rsplit("/", 1)[-1]
    if "." not in base.lstrip("."):
        return ""
    return "." + base.rsplit(".", 1)[-1].lower()


def human_size(num_bytes: int) -> str:
    """Size in the GOV.UK style (25MB, 500KB)."""
    if num_bytes >= 1024 * 1024:
        value, unit = num_bytes / (1024 * 1024), "MB"
    elif num_bytes >= 1024:
        value, unit = num_bytes / 1024, "KB"
    else:
        return f"{num_bytes} bytes"
    return f"{value:.0f}{unit}" if value == int(value) else f"{value:.1f}{unit}"


def _read_head(stream: BinaryIO) -> bytes:
    stream.seek(0)
    head = stream.read(_SNIFF_BYTES)
    stream.seek(0)
    return head


def _mismatch(label: str) -> FileRejected:
    return FileRejected(
        f"The selected file is not a real {label} file – check it opens, save it again as {label} and try again"
    )


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Content types (lower case) of parts that hold macros, and of embedded objects and controls.
_MACRO_CONTENT_TYPES = ("macroenabled", "vbaproject", "vbadata", "vbasignature")
_EMBEDDED_CONTENT_TYPES = ("oleobject", "activex")
#: Relationship types (their last segment, lower case) that point at code, objects or controls.
_MACRO_RELATIONSHIPS = frozenset({"vbaproject", "wordvbadata", "keymapcustomizations", "attachedtoolbars"})
_EMBEDDED_RELATIONSHIPS = frozenset({"oleobject", "control", "activexcontrol", "activexcontrolbinary"})
#: Relationship types that fetch something from elsewhere when the document opens.
_FETCHING_RELATIONSHIPS = frozenset({"attachedtemplate", "subdocument", "frame", "oleobject", "externallinkpath"})
_MAX_RELS_BYTES = 4 * 1024 * 1024
#: Inflated bytes read from one document while checking it; more and the file is refused.
DEFAULT_MAX_INFLATED_BYTES = 256 * 1024 * 1024


def _xml_elements(chunks) -> list[tuple[str, dict[str, str]]]:
    """(local name, attributes) of every element in a small XML part (DTDs refused)."""
    found: list[tuple[str, dict[str, str]]] = []
    for event, element, _depth in iter_xml(chunks):
        if event == "end":
            found.append((local(element.tag), dict(element.attrib)))
            element.clear()
    return found


def _check_parts(archive: BoundedArchive, names: list[str]) -> None:
    """Refuse macros, embedded objects and remote templates wherever a part declares them."""
    for name in names:
        lowered = name.lower()
        if lowered.endswith(("vbaproject.bin", "vbadata.xml")):
            raise FileRejected(MSG_MACRO)
        if "/activex/" in lowered or "/embeddings/oleobject" in lowered:
            raise FileRejected(MSG_EMBEDDED)
        if archive.declared_size(name) and archive.head(name, 8) == _OLE_MAGIC:
            # A compound file inside a zip package is a VBA project or an embedded OLE object.
            raise FileRejected(MSG_MACRO if "vba" in lowered else MSG_EMBEDDED)
    for name in names:
        if not name.lower().endswith(".rels"):
            continue
        for tag, attrs in _xml_elements(archive.chunks(name, max_bytes=_MAX_RELS_BYTES)):
            if tag != "Relationship":
                continue
            kind = attrs.get("Type", "").rstrip("/").rsplit("/", 1)[-1].lower()
            if kind in _MACRO_RELATIONSHIPS:
                raise FileRejected(MSG_MACRO)
            if kind in _EMBEDDED_RELATIONSHIPS:
                raise FileRejected(MSG_EMBEDDED)
            if attrs.get("TargetMode", "").lower() == "external" and kind in _FETCHING_RELATIONSHIPS:
                raise FileRejected(MSG_EXTERNAL)


def _check_ooxml(stream: BinaryIO, extension: str, label: str, max_inflated: int) -> None:
    try:
        with BoundedArchive(stream, max_inflated=max_inflated) as archive:
            names = archive.names()
            if "[Content_Types].xml" not in names:
                raise _mismatch(label)
            manifest = archive.read("[Content_Types].xml", max_bytes=_MAX_MANIFEST_BYTES)
            if b"macroenabled" in manifest.lower() or any(n.lower().endswith("vbaproject.bin") for n in names):
                raise FileRejected(MSG_MACRO)
            types = [
                attrs.get("ContentType", "").lower()
                for tag, attrs in _xml_elements([manifest])
                if tag in {"Default", "Override"}
            ]
            if any(marker in kind for kind in types for marker in _MACRO_CONTENT_TYPES):
                raise FileRejected(MSG_MACRO)
            if any(marker in kind for kind in types for marker in _EMBEDDED_CONTENT_TYPES):
                raise FileRejected(MSG_EMBEDDED)
            if OOXML_MAIN_PART[extension] not in types:
                raise _mismatch(label)
            _check_parts(archive, names)
    except FileRejected:
        raise
    except ArchiveTooLarge:
        raise FileRejected(MSG_TOO_BIG_INSIDE) from None
    except (*ZIP_ERRORS, ET.ParseError, UnreadableFile):
        raise _mismatch(label) from None
    finally:
        stream.seek(0)


def _check_ods(stream: BinaryIO, label: str, max_inflated: int) -> None:
    try:
        with BoundedArchive(stream, max_inflated=max_inflated) as archive:
            names = archive.names()
            if "mimetype" not in names:
                raise _mismatch(label)
            mimetype = archive.read("mimetype", max_bytes=200).strip()
            if mimetype != ODS_MIMETYPE:
                raise _mismatch(label)
            if any(n.startswith(("Basic/", "Scripts/")) for n in names):
                raise FileRejected(MSG_MACRO)
            if any(n.startswith("ObjectReplacements/") for n in names):
                raise FileRejected(MSG_EMBEDDED)
            for name in names:
                if archive.declared_size(name) and archive.head(name, 8) == _OLE_MAGIC:
                    raise FileRejected(MSG_EMBEDDED)
            if "content.xml" in names:
                for tag, attrs in _xml_elements(archive.chunks("content.xml")):
                    if tag == "event-listener":
                        raise FileRejected(MSG_MACRO)
                    if tag == "object-ole" or (tag == "object" and any(v.startswith("http") for v in attrs.values())):
                        raise FileRejected(MSG_EMBEDDED)
    except FileRejected:
        raise
    except ArchiveTooLarge:
        raise FileRejected(MSG_TOO_BIG_INSIDE) from None
    except (*ZIP_ERRORS, ET.ParseError, UnreadableFile):
        raise _mismatch(label) from None
    finally:
        stream.seek(0)


def _check_pdf(stream: BinaryIO, label: str) -> None:
    """A PDF that is also a zip archive (a polyglot) or that carries active content is refused."""
    stream.seek(0)
    data = stream.read()
    stream.seek(0)
    if zipfile.is_zipfile(io.BytesIO(data)):
        raise _mismatch(label)
    # pypdf (with Pillow and fontTools) is loaded by the first PDF checked, not by every web worker.
    from .pdfcheck import PDF_ERRORS, PdfRefused, check_pdf_bytes

    try:
        check_pdf_bytes(data)
    except PdfRefused as refused:
        raise FileRejected(refused.message) from None
    except PDF_ERRORS:
        raise _mismatch(label) from None


def check_upload(
    *, name: str, stream: BinaryIO, size: int, max_bytes: int, max_inflated: int = DEFAULT_MAX_INFLATED_BYTES
) -> CheckedFile:
    """Check one upload; return what to record about it, or raise FileRejected.

    Archives are inflated in chunks up to ``max_inflated`` bytes in all, so checking any file of
    ``max_bytes`` or less takes bounded time and memory. `stream` must be seekable; it is left at
    position 0.
    """
    clean_name = check_name(name)
    extension = extension_of(clean_name)
    if extension in MACRO_EXTENSIONS:
        raise FileRejected(MSG_MACRO)
    if extension not in ALLOWED:
        raise FileRejected(MSG_WRONG_TYPE)
    if size <= 0:
        raise FileRejected(MSG_EMPTY)
    if size > max_bytes:
        raise FileRejected(f"The selected file must be smaller than {human_size(max_bytes)}")
    label, sniffable = ALLOWED[extension]
    head = _read_head(stream)
    if not head:
        raise FileRejected(MSG_EMPTY)
    import magic  # libmagic is loaded by the first upload checked, not by every web worker

    sniffed = magic.from_buffer(head, mime=True)
    if sniffed not in sniffable:
        raise _mismatch(label)
    if extension in OOXML_MAIN_PART:
        _check_ooxml(stream, extension, label, max_inflated)
    elif extension == ".ods":
        _check_ods(stream, label, max_inflated)
    elif extension == ".pdf":
        _check_pdf(stream, label)
    elif extension == ".csv" and b"\x00" in head:
        raise _mismatch(label)
    return CheckedFile(name=clean_name, extension=extension, content_type=CONTENT_TYPES[extension])


def download_name(original: str) -> str:
    """A file name safe to send in Content-Disposition, keeping as much of the original as possible."""
    name = unicodedata.normalize("NFC", original or "")
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Zl", "Zp"})
    for bad in ("/", "\\", '"', ":", "*", "?", "<", ">", "|", ";"):
        name = name.replace(bad, "_")
    name = name.strip(" .")
    return name[:MAX_NAME_LENGTH] or "document"
