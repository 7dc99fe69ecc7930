"""Changes to the information request: uploads, downloads, reviews and the self-evaluation summary.

Each function checks the rules a user could break (ended inspection, bad file, wrong item) and
raises a ValidationError with a message they can read; nothing is stored when one is raised.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from inspections.concurrency import refuse_if_changed
from inspections.framework import CRITERIA_BY_NUMBER
from notifications import services as notify

from . import catalogue, filecheck
from .models import ActivityEntry, RequestItem, SelfEvaluationEntry, UploadedFile

if TYPE_CHECKING:
    from inspections.models import Inspection

MAX_FILES_PER_UPLOAD = 10
#: The texts of one criterion's summary, as the conflict page names them.
SUMMARY_LABELS = {"known": "What we know about our effectiveness", "next_steps": "What we are doing next"}
REVIEW_LABELS = {"decision": "Decision", "comment": "Comment for the partnership"}
MSG_ENDED = "The inspection has ended – you can no longer upload documents"


def max_upload_bytes() -> int:
    """The per-file size limit (DOCUMENT_MAX_UPLOAD_BYTES), read when used so tests can change it."""
    return settings.DOCUMENT_MAX_UPLOAD_BYTES


@dataclass(frozen=True)
class IncomingFile:
    """A file as received: its name as sent, a seekable binary stream and its size in bytes."""

    name: str
    stream: BinaryIO
    size: int


def _sha256(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def check_files(files: Sequence[IncomingFile]) -> list[filecheck.CheckedFile]:
    """Check every file before any is stored; the first problem is raised against the file field."""
    if not files:
        raise ValidationError({"files": "Select a file to upload"})
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise ValidationError({"files": f"Select {MAX_FILES_PER_UPLOAD} files or fewer at a time"})
    checked: list[filecheck.CheckedFile] = []
    limit = max_upload_bytes()
    for incoming in files:
        try:
            result = filecheck.check_upload(
                name=incoming.name,
                stream=incoming.stream,
                size=incoming.size,
                max_bytes=limit,
                max_inflated=int(
                    getattr(settings, "DOCUMENT_MAX_INFLATED_BYTES", filecheck.DEFAULT_MAX_INFLATED_BYTES)
                ),
            )
        except filecheck.FileRejected as error:
            message = error.message if len(files) == 1 else f"{incoming.name[:80]}: {error.message}"
            raise ValidationError({"files": message}) from None
        checked.append(result)
    names = [c.name.casefold() for c in checked]
    if len(set(names)) != len(names):
        raise ValidationError({"files": "Each selected file must have a different name"})
    return checked


def _refuse_if_ended(inspection: Inspection, today: date | None) -> None:
    if inspection.has_ended(today or timezone.localdate()):
        raise ValidationError(MSG_ENDED)


def _lock_item(*, inspection: Inspection, kind: str, item_id: int | None, title: str) -> RequestItem:
    """The item to change, locked for this transaction; created on first use."""
    definition = catalogue.ITEM_KINDS_BY_KEY.get(kind)
    if definition is None or definition.handled_elsewhere:
        raise ValidationError("This document cannot be uploaded here")
    if definition.repeatable:
        if item_id is not None:
            return RequestItem.objects.select_for_update().get(pk=item_id, inspection=inspection, kind=kind)
        title = (title or "").strip()
        if not title:
            raise ValidationError({"title": "Enter a title for the document"})
        return RequestItem.objects.create(inspection=inspection, kind=kind, title=title[:200])
    RequestItem.objects.get_or_create(inspection=inspection, kind=kind)
    return RequestItem.objects.select_for_update().get(inspection=inspection, kind=kind)


def upload_files(
    *,
    inspection: Inspection,
    kind: str,
    files: Sequence[IncomingFile],
    by,
    item_id: int | None = None,
    title: str = "",
    today: date | None = None,
) -> list[UploadedFile]:
    """Store one new version of an item (one or more files), keeping every earlier version.

    All files are checked before the first is written; if a later write fails, the rows roll back
    and the files already written are deleted again.
    """
    _refuse_if_ended(inspection, today)
    checked = check_files(files)
    digests = [_sha256(f.stream) for f in files]
    written: list[str] = []
    try:
        with transaction.atomic():
            item = _lock_item(inspection=inspection, kind=kind, item_id=item_id, title=title)
            version = (item.files.aggregate(v=Max("version"))["v"] or 0) + 1
            now = timezone.now()
            stored: list[UploadedFile] = []
            for incoming, result, digest in zip(files, checked, digests):
                row = UploadedFile(
                    item=item,
                    version=version,
                    original_name=result.name,
                    content_type=result.content_type,
                    size=incoming.size,
                    sha256=digest,
                    uploaded_by=by,
                    uploaded_at=now,
                )
                incoming.stream.seek(0)
                row.file.save(f"upload{result.extension}", File(incoming.stream), save=False)
                written.append(row.file.name)
                row.save()
                stored.append(row)
            item.status = catalogue.UPLOADED
            item.version += 1
            item.save(update_fields=["status", "version", "updated_at"])
            count = f"{len(stored)} files" if len(stored) > 1 else stored[0].original_name
            ActivityEntry.objects.create(
                inspection=inspection,
                actor=by,
                action=ActivityEntry.Action.UPLOADED,
                item=item,
                created_at=now,
                description=f"Uploaded {count} for “{item.display_title}” (version {version})",
            )
    except BaseException:
        # The rows were rolled back: remove the files written so far, so nothing half-stored remains.
        for name in written:
            default_storage.delete(name)
        raise
    return stored


def record_download(*, inspection: Inspection, file: UploadedFile, by) -> ActivityEntry:
    """Note in the activity log who downloaded which file, and which version of it."""
    if file.item.inspection_id != inspection.pk:
        raise ValidationError("This file is not part of this inspection")
    return ActivityEntry.objects.create(
        inspection=inspection,
        actor=by,
        action=ActivityEntry.Action.DOWNLOADED,
        item=file.item,
        description=f"Downloaded {file.original_name} from “{file.item.display_title}” (version {file.version})"[:500],
    )


def review_item(
    *,
    inspection: Inspection,
    item: RequestItem,
    decision: str,
    comment: str,
    by,
    loaded_version: int | None = None,
) -> RequestItem:
    """Accept an item or ask for changes; a request for changes must say what to change.

    A review from a page drawn before another review or a new upload is refused (`EditConflict`)
    unless it says the same: nobody accepts a version they have not seen or replaces a comment unseen.
    """
    if item.inspection_id != inspection.pk:
        raise ValidationError("This document is not part of this inspection")
    comment = (comment or "").strip()
    if decision not in {catalogue.ACCEPTED, catalogue.CHANGES_REQUESTED}:
        raise ValidationError({"decision": "Select whether to accept the document or ask for changes"})
    if decision == catalogue.CHANGES_REQUESTED and not comment:
        raise ValidationError({"comment": "Enter what the partnership needs to change"})
    with transaction.atomic():
        locked = RequestItem.objects.select_for_update(of=("self",)).select_related("reviewed_by").get(pk=item.pk)
        if not locked.files.exists():
            raise ValidationError("Nothing has been uploaded for this document yet")
        refuse_if_changed(
            loaded=loaded_version,
            current=locked.version,
            what=f"The review of “{locked.display_title}”",
            labels=REVIEW_LABELS,
            yours={"decision": catalogue.STATUS_LABELS[decision], "comment": comment},
            theirs={"decision": _status_in_words(locked), "comment": locked.review_comment},
            saved_by=locked.reviewed_by.display_name
            if locked.reviewed_by and locked.status != catalogue.UPLOADED
            else "",
            saved_at=locked.updated_at,
            shown_only={"decision"},
        )
        now = timezone.now()
        locked.version += 1
        locked.status = decision
        locked.review_comment = comment
        locked.reviewed_by = by
        locked.reviewed_at = now
        locked.save(update_fields=["status", "review_comment", "reviewed_by", "reviewed_at", "version", "updated_at"])
        action = (
            ActivityEntry.Action.ACCEPTED if decision == catalogue.ACCEPTED else ActivityEntry.Action.CHANGES_REQUESTED
        )
        verb = "Accepted" if decision == catalogue.ACCEPTED else "Asked for changes to"
        ActivityEntry.objects.create(
            inspection=inspection,
            actor=by,
            action=action,
            item=locked,
            created_at=now,
            description=f"{verb} “{locked.display_title}”",
        )
        if decision == catalogue.CHANGES_REQUESTED:
            notify.document_returned(inspection, locked.display_title)
    return locked


def _status_in_words(item: RequestItem) -> str:
    if item.status != catalogue.UPLOADED:
        return catalogue.STATUS_LABELS[item.status]
    latest = item.files.aggregate(v=Max("version"))["v"]
    return f"A new version (version {latest}) was uploaded and is waiting for review"


def save_self_evaluation_entry(
    *,
    inspection: Inspection,
    criterion: int,
    known: str,
    next_steps: str,
    by,
    today: date | None = None,
    loaded_version: int | None = None,
) -> SelfEvaluationEntry | None:
    """Save the summary for one criterion (saved as the lead goes, one criterion per page).

    Only a real change is saved and logged; an empty page for an unwritten criterion saves nothing.
    A page loaded before someone else's save is refused (`EditConflict`) unless the texts agree.
    """
    if criterion not in CRITERIA_BY_NUMBER or criterion > 11:
        raise ValidationError("There is no such criterion")
    _refuse_if_ended(inspection, today)
    known, next_steps = (known or "").strip(), (next_steps or "").strip()
    with transaction.atomic():
        existing = SelfEvaluationEntry.objects.filter(inspection=inspection, criterion=criterion)
        if not (known or next_steps) and not existing.exists():
            return None  # nothing written: nothing to keep and nothing to log
        entry, created = SelfEvaluationEntry.objects.select_for_update().get_or_create(
            inspection=inspection,
            criterion=criterion,
            defaults={"known": known, "next_steps": next_steps, "updated_by": by, "version": 1},
        )
        if not created:
            refuse_if_changed(
                loaded=loaded_version,
                current=entry.version,
                what=f"The self-evaluation summary for criterion {criterion}",
                labels=SUMMARY_LABELS,
                yours={"known": known, "next_steps": next_steps},
                theirs={"known": entry.known, "next_steps": entry.next_steps},
                saved_by=entry.updated_by.display_name if entry.updated_by else "",
                saved_at=entry.updated_at,
            )
            if (entry.known, entry.next_steps) == (known, next_steps):
                return entry
            entry.known, entry.next_steps, entry.updated_by = known, next_steps, by
            entry.updated_at = timezone.now()
            entry.version += 1
            entry.save()
        ActivityEntry.objects.create(
            inspection=inspection,
            actor=by,
            action=ActivityEntry.Action.SUMMARY_UPDATED,
            description=f"Updated the self-evaluation summary for criterion {criterion}: "
            f"{CRITERIA_BY_NUMBER[criterion].short_name}",
        )
    return entry
