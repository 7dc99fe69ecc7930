"""Forms for uploads, reviews and the self-evaluation summary, with GOV.UK error wording."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from inspections.concurrency import version_field

from . import catalogue, filecheck, services

SUMMARY_MAX_CHARS = 2000


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        return files.getlist(name)


class FilesField(forms.Field):
    """One or more files; the checks on type, size and content are the service's."""

    widget = MultipleFileInput

    def clean(self, value):
        files = [f for f in (value or []) if f is not None]
        if not files:
            raise ValidationError("Select a file to upload", code="required")
        return files


class UploadForm(forms.Form):
    title = forms.CharField(
        label="Document title",
        max_length=200,
        required=False,
        help_text="For example, ‘Short breaks review 2026’",
        error_messages={"max_length": "Document title must be 200 characters or fewer"},
    )
    files = FilesField(label="Upload files")

    def __init__(
        self, *args, needs_title: bool = False, name_of=None, dropped_names=(), oversize_names=(), **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.needs_title = needs_title
        self.name_of = name_of or (lambda uploaded: uploaded.name)
        self.dropped_names = list(dropped_names)
        self.oversize_names = list(oversize_names)
        if not needs_title:
            del self.fields["title"]

    def clean_title(self) -> str:
        title = (self.cleaned_data.get("title") or "").strip()
        if self.needs_title and not title:
            raise ValidationError("Enter a title for the document")
        return title

    def incoming_files(self) -> list[services.IncomingFile]:
        return [services.IncomingFile(name=self.name_of(f), stream=f, size=f.size) for f in self.cleaned_data["files"]]

    def clean(self):
        cleaned = super().clean()
        if self.oversize_names:
            self.errors.pop("files", None)
            self.add_error(
                "files", f"The selected file must be smaller than {filecheck.human_size(services.max_upload_bytes())}"
            )
            return cleaned
        for name in self.dropped_names:
            try:
                filecheck.check_name(name)
            except filecheck.FileRejected as error:
                self.errors.pop("files", None)
                self.add_error("files", error.message)
                return cleaned
        if "files" in cleaned:
            try:
                services.check_files(self.incoming_files())
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="What do you want to do with this document?",
        choices=[(catalogue.ACCEPTED, "Accept it"), (catalogue.CHANGES_REQUESTED, "Ask for changes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to accept the document or ask for changes"},
    )
    comment = forms.CharField(
        label="Comment for the partnership",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Say what needs to change. The partnership's leads see this on their task list.",
        error_messages={"max_length": "Comment must be 2000 characters or fewer"},
    )
    version = version_field()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == catalogue.CHANGES_REQUESTED and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", "Enter what the partnership needs to change")
        return cleaned


class SummaryEntryForm(forms.Form):
    known = forms.CharField(
        label="What we know about our effectiveness",
        required=False,
        max_length=SUMMARY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": f"What you know must be {SUMMARY_MAX_CHARS} characters or fewer"},
    )
    next_steps = forms.CharField(
        label="What we are doing next",
        required=False,
        max_length=SUMMARY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": f"What you are doing next must be {SUMMARY_MAX_CHARS} characters or fewer"},
    )
    version = version_field()
