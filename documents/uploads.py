"""Keep the file names exactly as the browser sent them.

Django's multipart parser quietly drops folder names and control characters from an uploaded
file's name. The information request refuses such names instead (so a lead knows exactly what was
stored), which needs the name as sent: this parser records it next to the cleaned one.
"""

from __future__ import annotations

import html

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import FileResponse, HttpRequest
from django.http.multipartparser import MultiPartParser

from .filecheck import download_name


class NameRecordingParser(MultiPartParser):
    """A multipart parser that remembers each file's name as sent, in order."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sent_names: list[tuple[str | None, str]] = []

    def sanitize_file_name(self, file_name: str) -> str | None:
        cleaned = super().sanitize_file_name(file_name)
        self.sent_names.append((cleaned, html.unescape(file_name)))
        return cleaned


class SizeLimitHandler(FileUploadHandler):
    """Stop keeping a file as soon as it passes the size limit, so an oversize upload never fills
    the disk; its name is remembered so the page can say why it was refused."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.oversize_file_names.append(self.file_name)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def limit_upload_size(request: HttpRequest, limit: int) -> None:
    """Drop any file larger than `limit` bytes while the request is read; call before reading POST."""
    request.oversize_file_names = []
    request.upload_handlers.insert(0, SizeLimitHandler(request, limit))


def record_sent_file_names(request: HttpRequest) -> None:
    """Make the request's form parsing record file names as sent; call before reading POST or FILES.

    Afterwards `request.sent_file_names` maps each uploaded file object's id to its name as sent,
    and `request.dropped_file_names` lists names the parser threw away entirely (such as "../").
    """
    request.sent_file_names = {}
    request.dropped_file_names = []

    def parse_file_upload(meta, post_data):
        parser = NameRecordingParser(meta, post_data, request.upload_handlers, request.encoding)
        post, files = parser.parse()
        pending = list(parser.sent_names)
        for _field, uploaded in files.lists():
            for f in uploaded:
                match = next((i for i, (cleaned, _sent) in enumerate(pending) if cleaned == f.name), None)
                if match is None:  # a very long name was shortened after cleaning: take the next one
                    match = next((i for i, (cleaned, _sent) in enumerate(pending) if cleaned is not None), None)
                if match is not None:
                    request.sent_file_names[id(f)] = pending.pop(match)[1]
        request.dropped_file_names = [sent for cleaned, sent in pending if cleaned is None and sent]
        return post, files

    request.parse_file_upload = parse_file_upload


def sent_name(request: HttpRequest, uploaded) -> str:
    """The uploaded file's name as the browser sent it (falls back to Django's cleaned name)."""
    return getattr(request, "sent_file_names", {}).get(id(uploaded), uploaded.name)


def attachment_response(handle, *, original_name: str, content_type: str) -> FileResponse:
    """A stored upload sent back as a download: a safe name, never cached, never sniffed as another type."""
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(original_name), content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
