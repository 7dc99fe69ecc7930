"""Zip archives (OOXML, ODF) read with a running cap on inflated bytes.

``ZipFile.read()`` inflates a whole entry at once and trusts the size the archive declares, so a
small file can inflate to gigabytes. Here entries are inflated in fixed chunks and every byte counts
against one budget for the archive; going over it stops reading at once.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import BinaryIO

CHUNK_BYTES = 64 * 1024

#: Errors a damaged or hostile archive raises while it is opened or inflated.
ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,  # unsupported compression or encryption
    RuntimeError,  # encrypted entry
    OSError,
    EOFError,
    KeyError,
    ValueError,
    UnicodeDecodeError,
)


class ArchiveTooLarge(ValueError):
    """The archive inflates past its budget, or has more entries than any real document."""


class BoundedArchive:
    """A zip archive whose entries can only be read in chunks under one inflated-bytes budget."""

    def __init__(self, stream: BinaryIO, *, max_inflated: int, max_entries: int = 10_000) -> None:
        stream.seek(0)
        self._zip = zipfile.ZipFile(stream)
        self._infos = {info.filename: info for info in self._zip.infolist()}
        if len(self._zip.infolist()) > max_entries:
            raise ArchiveTooLarge(f"more than {max_entries} entries")
        self.budget = max_inflated
        self.spent = 0

    def __enter__(self) -> BoundedArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zip.close()

    def names(self) -> list[str]:
        return list(self._infos)

    def declared_size(self, name: str) -> int:
        return self._infos[name].file_size

    def chunks(self, name: str, *, max_bytes: int | None = None) -> Iterator[bytes]:
        """Inflate one entry a chunk at a time; raise ArchiveTooLarge past either limit."""
        limit = self.budget - self.spent if max_bytes is None else min(max_bytes, self.budget - self.spent)
        info = self._infos[name]
        if info.file_size > limit:
            raise ArchiveTooLarge(name)
        read = 0
        with self._zip.open(info) as entry:
            while chunk := entry.read(CHUNK_BYTES):
                read += len(chunk)
                self.spent += len(chunk)
                if read > limit:
                    raise ArchiveTooLarge(name)
                yield chunk

    def head(self, name: str, size: int) -> bytes:
        """The first ``size`` bytes of an entry (to recognise what it holds), counted in the budget."""
        with self._zip.open(self._infos[name]) as entry:
            data = entry.read(size)
        self.spent += len(data)
        if self.spent > self.budget:
            raise ArchiveTooLarge(name)
        return data

    def read(self, name: str, *, max_bytes: int) -> bytes:
        """A whole (small) entry, refused once it passes ``max_bytes``."""
        return b"".join(self.chunks(name, max_bytes=max_bytes))
