"""Checks an uploaded file before anything is stored: its name, size, extension and content.

Pure functions (no database, no storage) so every bad input can be tested directly. Content is
sniffed with libmagic; Office Open XML and OpenDocument files sniff as zip archives, so the
archive is opened to check that it really is the kind of document its extension says.
"""

from __future__ import annotations

import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

import magic

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


def _check_ooxml(stream: BinaryIO, extension: str, label: str) -> None:
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                raise _mismatch(label)
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _MAX_MANIFEST_BYTES:
                raise _mismatch(label)
            manifest = archive.read(info).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
        raise _mismatch(label) from None
    finally:
        stream.seek(0)
    if "macroEnabled" in manifest or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise FileRejected(MSG_MACRO)
    if OOXML_MAIN_PART[extension] not in manifest:
        raise _mismatch(label)


def _check_ods(stream: BinaryIO, label: str) -> None:
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if "mimetype" not in names or archive.getinfo("mimetype").file_size > 200:
                raise _mismatch(label)
            mimetype = archive.read("mimetype").strip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
        raise _mismatch(label) from None
    finally:
        stream.seek(0)
    if mimetype != ODS_MIMETYPE:
        raise _mismatch(label)
    if any(n.startswith(("Basic/", "Scripts/")) for n in names):
        raise FileRejected(MSG_MACRO)


def check_upload(*, name: str, stream: BinaryIO, size: int, max_bytes: int) -> CheckedFile:
    """Check one upload; return what to record about it, or raise FileRejected.

    `stream` must be seekable; it is left at position 0.
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
    sniffed = magic.from_buffer(head, mime=True)
    if sniffed not in sniffable:
        raise _mismatch(label)
    if extension in OOXML_MAIN_PART:
        _check_ooxml(stream, extension, label)
    elif extension == ".ods":
        _check_ods(stream, label)
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
