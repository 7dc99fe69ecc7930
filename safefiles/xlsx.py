"""The rows of an XLSX workbook's first sheet, read as a stream within fixed limits.

openpyxl trusts a sheet's declared dimensions and pads every row to them, so a 2 KB file can claim
a million rows of 16,384 cells. This reader ignores the declared size: it keeps only the first
``max_columns`` cells of each row, yields missing rows lazily as empty ones (so the caller's row
limit counts them), inflates the archive in chunks under one budget, and refuses document types
and entity declarations.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from .archives import ZIP_ERRORS, ArchiveTooLarge, BoundedArchive


class UnreadableFile(ValueError):
    """The file is damaged or is not what it claims to be."""


class FileTooLarge(ValueError):
    """The file is bigger than the limits, once inflated or counted."""


_CELL_REF_RE = re.compile(r"^([A-Za-z]{1,3})(\d*)$")
_FORBIDDEN_MARKUP = (b"<!DOCTYPE", b"<!ENTITY")
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_R_ID_STRICT = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"


def local(tag: str) -> str:
    """An element's name without its namespace (transitional and strict OOXML differ only there)."""
    return tag.rsplit("}", 1)[-1]


def iter_xml(chunks: Iterable[bytes]) -> Iterator[tuple[str, ET.Element, int]]:
    """('start' | 'end', element, depth) for a stream of XML chunks, refusing DTDs and entities.

    The caller clears finished elements, so memory stays bounded by what it keeps.
    """
    parser = ET.XMLPullParser(events=("start", "end"))
    depth = -1
    tail = b""
    for chunk in chunks:
        probe = tail + chunk
        if any(marker in probe for marker in _FORBIDDEN_MARKUP):
            raise UnreadableFile("document type declarations are not allowed")
        tail = chunk[-16:]
        parser.feed(chunk)
        for event, element in parser.read_events():
            if event == "start":
                depth += 1
                yield event, element, depth
            else:
                yield event, element, depth
                depth -= 1
    parser.close()
    for event, element in parser.read_events():
        yield event, element, depth


def column_index(ref: str) -> int:
    """0-based column of a cell reference such as 'AB12'."""
    match = _CELL_REF_RE.match(ref)
    if not match:
        raise UnreadableFile(f"bad cell reference {ref[:20]!r}")
    index = 0
    for letter in match.group(1).upper():
        index = index * 26 + (ord(letter) - 64)
    return index - 1


def _text_of(element: ET.Element) -> str:
    """The text of a shared or inline string: its <t> parts, leaving out phonetic guides."""
    parts: list[str] = []
    for child in element:
        name = local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if local(t.tag) == "t")
    return "".join(parts)


def _number(text: str) -> str:
    if text.isdigit() or (text[:1] == "-" and text[1:].isdigit()):
        return text
    try:
        value = float(text)
    except ValueError:
        return text.strip()
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def _checked_chunks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The chunks unchanged, refusing document type and entity declarations anywhere in them."""
    tail = b""
    for chunk in chunks:
        probe = tail + chunk
        if any(marker in probe for marker in _FORBIDDEN_MARKUP):
            raise UnreadableFile("document type declarations are not allowed")
        tail = chunk[-16:]
        yield chunk


class _Names(dict):
    """Local names of namespaced tags, worked out once per tag."""

    def __missing__(self, tag: str) -> str:
        name = self[tag] = local(tag)
        return name


class _TextTarget:
    """Collects the text of <t> elements (leaving out phonetic guides) for shared and inline strings."""

    def __init__(self) -> None:
        self.names = _Names()
        self.text: list[str] | None = None
        self.parts: list[str] = []
        self.phonetic = False

    def data(self, text: str) -> None:
        if self.text is not None:
            self.text.append(text)

    def _start_text(self, name: str) -> bool:
        if name == "t" and not self.phonetic:
            self.text = []
        elif name == "rPh":
            self.phonetic = True
        else:
            return False
        return True

    def _end_text(self, name: str) -> bool:
        if name == "t" and self.text is not None:
            self.parts.append("".join(self.text))
            self.text = None
        elif name == "rPh":
            self.phonetic = False
        else:
            return False
        return True

    def close(self) -> None:
        return None


class _SharedStrings(_TextTarget):
    def __init__(self, max_strings: int) -> None:
        super().__init__()
        self.strings: list[str] = []
        self.max_strings = max_strings

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = self.names[tag]
        if name == "si":
            self.parts = []
        else:
            self._start_text(name)

    def end(self, tag: str) -> None:
        name = self.names[tag]
        if name == "si":
            self.strings.append("".join(self.parts))
            if len(self.strings) > self.max_strings:
                raise FileTooLarge("too many shared strings")
        else:
            self._end_text(name)


class _Sheet(_TextTarget):
    """Builds rows from parser callbacks (no element tree), keeping the first ``max_columns`` cells."""

    def __init__(self, strings: list[str], max_columns: int) -> None:
        super().__init__()
        self.strings = strings
        self.max_columns = max_columns
        self.finished: list[tuple[str | None, list[str]]] = []
        self.cells: list[str] | None = None
        self.row_ref: str | None = None
        self.next_column = 0
        self.column = 0
        self.kind = "n"
        self.value: str | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = self.names[tag]
        if name == "c":
            ref = attrib.get("r")
            self.column = column_index(ref) if ref else self.next_column
            self.next_column = self.column + 1
            self.kind = attrib.get("t", "n")
            self.value = None
            self.parts = []
        elif name == "v":
            self.text = []
        elif name == "row":
            self.cells, self.row_ref, self.next_column = [], attrib.get("r"), 0
        else:
            self._start_text(name)

    def end(self, tag: str) -> None:
        name = self.names[tag]
        if name == "v":
            self.value = "".join(self.text or ())
            self.text = None
        elif name == "c":
            cells = self.cells
            if cells is None or self.column >= self.max_columns:
                return
            value = self._cell_value()
            if value:
                if self.column >= len(cells):
                    cells.extend([""] * (self.column + 1 - len(cells)))
                cells[self.column] = value
        elif name == "row":
            if self.cells is not None:
                self.finished.append((self.row_ref, self.cells))
            self.cells = None
        else:
            self._end_text(name)

    def _cell_value(self) -> str:
        kind = self.kind
        if kind == "inlineStr":
            return "".join(self.parts).strip()
        value = self.value
        if value is None:
            return ""
        if kind == "s":
            return self.strings[int(value)].strip()
        if kind == "b":
            return "true" if value.strip() in {"1", "true"} else "false"
        if kind in {"str", "e"}:
            return value.strip()
        return _number(value.strip())


def _parse(chunks: Iterable[bytes], target: _TextTarget) -> Iterator[None]:
    """Feed the chunks to a parser calling ``target``; yield after each so the caller can drain it."""
    parser = ET.XMLParser(target=target)
    for chunk in _checked_chunks(chunks):
        parser.feed(chunk)
        yield None
    parser.close()
    yield None


class _Book:
    def __init__(self, archive: BoundedArchive, *, max_part_bytes: int) -> None:
        self.archive = archive
        self.max_part_bytes = max_part_bytes
        self.names = set(archive.names())

    def first_sheet(self) -> str:
        """The part name of the workbook's first sheet, following the workbook's relationships."""
        target_id = None
        for event, element, _depth in iter_xml([self.archive.read("xl/workbook.xml", max_bytes=self.max_part_bytes)]):
            if event == "end" and local(element.tag) == "sheet":
                target_id = element.get(_REL_NS) or element.get(_R_ID_STRICT)
                break
        if target_id and "xl/_rels/workbook.xml.rels" in self.names:
            rels = self.archive.read("xl/_rels/workbook.xml.rels", max_bytes=self.max_part_bytes)
            for event, element, _depth in iter_xml([rels]):
                if event == "end" and local(element.tag) == "Relationship" and element.get("Id") == target_id:
                    target = element.get("Target") or ""
                    path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
                    path = posixpath.normpath(path)
                    if path in self.names:
                        return path
        for fallback in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet.xml"):
            if fallback in self.names:
                return fallback
        raise UnreadableFile("no worksheet")

    def shared_strings(self, max_strings: int) -> list[str]:
        if "xl/sharedStrings.xml" not in self.names:
            return []
        target = _SharedStrings(max_strings)
        for _ in _parse(self.archive.chunks("xl/sharedStrings.xml"), target):
            pass
        return target.strings


def xlsx_rows(stream: BinaryIO, *, max_columns: int, max_inflated: int) -> Iterator[list[str]]:
    """Every row of the first sheet as text, from row 1; missing rows come out as empty lists.

    Raises UnreadableFile for a damaged workbook and FileTooLarge past the inflated-bytes budget.
    """
    try:
        with BoundedArchive(stream, max_inflated=max_inflated) as archive:
            book = _Book(archive, max_part_bytes=min(max_inflated, 8 * 1024 * 1024))
            sheet = book.first_sheet()
            strings = book.shared_strings(max_strings=max_inflated // 8)
            yield from _sheet_rows(archive.chunks(sheet), strings, max_columns)
    except ArchiveTooLarge as exc:
        raise FileTooLarge(str(exc)) from exc
    except (*ZIP_ERRORS, ET.ParseError, IndexError) as exc:
        if isinstance(exc, (UnreadableFile, FileTooLarge)):
            raise
        raise UnreadableFile(type(exc).__name__) from exc


def _sheet_rows(chunks: Iterable[bytes], strings: list[str], max_columns: int) -> Iterator[list[str]]:
    target = _Sheet(strings, max_columns)
    next_row = 1
    for _ in _parse(chunks, target):
        for ref, cells in target.finished:
            row_number = int(ref) if ref else next_row
            if row_number < next_row:
                raise UnreadableFile("rows out of order")
            while next_row < row_number:  # rows the sheet leaves out are blank rows
                next_row += 1
                yield []
            next_row += 1
            yield cells
        target.finished.clear()
