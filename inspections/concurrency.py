"""Optimistic concurrency: a save names the version its form was loaded from, and a newer one refuses it.

Two inspectors (or one person in two tabs) can open the same text. Without a version the second save
quietly replaces the first and both are told "saved". Every form that edits something in place
carries the version it was drawn from (`version_field`); the service compares it with the stored
version while holding the row lock (`refuse_if_changed`) and raises `EditConflict`. The view answers
with `conflict_response`: a GOV.UK page with both texts side by side and a form, pre-filled with the
user's own text and the newer version, so they can keep theirs, keep the other, or merge by hand.

A form whose parts carry versions of their own (the report's sections) names them in
`EditConflict.versions`: the page then carries each of those fields at its newer version instead of
the single `version`, and marks which texts someone else changed (`ConflictField.conflicting`).

Nothing here touches the database: services lock and count, this module only decides and describes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

#: The status of a refused save: the request was well formed but conflicts with the stored state.
CONFLICT_STATUS = 409
#: Names never carried through the conflict page (Django adds the token; the version is replaced).
_NOT_CARRIED = {"csrfmiddlewaretoken", "version"}


@dataclass(frozen=True)
class ConflictField:
    """One edited text: what the user sent and what is stored now.

    A field that is not free text (a meeting's date and time) is shown as words and is not
    `editable`: the user's own values travel as hidden inputs and are saved as they were sent.
    """

    name: str
    label: str
    yours: str
    theirs: str
    editable: bool = True
    #: False for a text sent in the same save that nobody else changed: shown so the whole save is in view.
    conflicting: bool = True
    #: Who saved the newer text, when the parts of one form were saved by different people.
    saved_by: str = ""

    @property
    def differs(self) -> bool:
        return _normalise(self.yours) != _normalise(self.theirs)


class EditConflict(Exception):
    """Someone saved a newer version since this form was loaded; nothing was written."""

    def __init__(
        self,
        *,
        what: str,
        fields: Iterable[ConflictField],
        current_version: int,
        saved_by: str = "",
        saved_at: datetime | None = None,
        versions: Mapping[str, int] | None = None,
    ) -> None:
        self.what = what
        self.fields = list(fields)
        self.current_version = current_version
        self.saved_by = saved_by
        self.saved_at = saved_at
        #: Version fields carried at their newer values (name -> version), instead of the single `version`.
        self.versions = dict(versions or {})
        super().__init__(f"{what} was changed by {saved_by or 'someone else'} since you opened it")


def _normalise(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").strip()


def version_field() -> forms.IntegerField:
    """The hidden field a form carries: the version of the thing when the page was drawn."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": "Reload the page: this form was opened without a version, so it cannot be saved safely"
        },
    )


def refuse_if_changed(
    *,
    loaded: int | None,
    current: int,
    what: str,
    labels: Mapping[str, str],
    yours: Mapping[str, str],
    theirs: Mapping[str, str],
    saved_by: str = "",
    saved_at: datetime | None = None,
    shown_only: Iterable[str] = (),
) -> None:
    """Raise `EditConflict` when the stored version moved on since `loaded`.

    Names in `shown_only` are described in words rather than edited on the conflict page.

    `loaded=None` means the caller is not a form (a command, the demo, an import) and is not checked.
    A newer version whose text is the same as what the user sent is not a conflict: nothing would be
    lost by saving, so the save goes ahead.
    """
    if loaded is None or loaded == current:
        return
    fields = [
        ConflictField(
            name=name,
            label=labels[name],
            yours=yours.get(name, ""),
            theirs=theirs.get(name, ""),
            editable=name not in set(shown_only),
        )
        for name in labels
        if name in yours
    ]
    if not any(field.differs for field in fields):
        return
    raise EditConflict(what=what, fields=fields, current_version=current, saved_by=saved_by, saved_at=saved_at)


def conflict_response(
    request: HttpRequest,
    conflict: EditConflict,
    *,
    action: str,
    back_url: str,
    context: Mapping[str, object] | None = None,
    version_name: str = "version",
) -> HttpResponse:
    """The page shown instead of saving: both texts side by side and a form to save the chosen text.

    The form posts back to `action` with the newer version, so saving it is a deliberate choice. Fields
    the user sent that are not in conflict (criteria ticked, a source chosen) are carried as hidden
    inputs so nothing they entered is lost. A form with a prefix names its version field
    (`version_name`, e.g. "schedule-version").
    """
    shown = {field.name for field in conflict.fields if field.editable} | set(conflict.versions)
    carried = [
        (name, value)
        for name in request.POST
        if name not in _NOT_CARRIED and name != version_name and name not in shown
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "conflict.html",
        {
            **(context or {}),
            "conflict": conflict,
            "action": action,
            "back_url": back_url,
            "carried": carried,
            "version_name": version_name,
            "editable": any(field.editable for field in conflict.fields),
        },
        status=CONFLICT_STATUS,
    )
