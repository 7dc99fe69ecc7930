"""Forms for the case list, tracking steps and case sampling (GOV.UK wording and errors)."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.conf import settings

from inspections.concurrency import version_field
from inspections.forms import GovukDateField
from inspections.framework import AGE_GROUPS, NEED_CODES

from .case_list import SERVICES, SUPPORT_LEVELS
from .models import TrackedChild
from .services import MAX_SEED

ALLOWED_EXTENSIONS = (".csv", ".txt", ".xlsx")


def max_upload_bytes() -> int:
    """The case list size limit (CASE_LIST_MAX_UPLOAD_BYTES), read when used so tests can change it."""
    return settings.CASE_LIST_MAX_UPLOAD_BYTES


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class CaseListUploadForm(_Form):
    file = forms.FileField(
        label="Upload the case list",
        help_text="A CSV file (comma or semicolon separated) or an Excel workbook (.xlsx), up to 20 MB.",
        error_messages={"required": "Select the case list file", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_EXTENSIONS):
            raise forms.ValidationError("The selected file must be a CSV or an Excel .xlsx file")
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                f"The selected file must be smaller than {max_upload_bytes() // (1024 * 1024)} MB"
            )
        return upload


class SeedField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            min_value=0,
            max_value=MAX_SEED,
            label="Seed (optional)",
            help_text="Leave blank for a new random choice. Enter an earlier seed to repeat a choice.",
            error_messages={
                "invalid": "Enter the seed as a whole number",
                "min_value": f"The seed must be a whole number from 0 to {MAX_SEED}",
                "max_value": f"The seed must be a whole number from 0 to {MAX_SEED}",
            },
            widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-10"}),
            **kwargs,
        )


class ProposeCohortForm(_Form):
    seed = SeedField()


class ConsentForm(_Form):
    decision = forms.ChoiceField(
        label="Did the family agree to take part?",
        widget=forms.RadioSelect,
        choices=[("agreed", "Yes, the family agreed"), ("declined", "No, the family declined")],
        error_messages={"required": "Select whether the family agreed"},
    )
    reason = forms.CharField(
        label="Why did the family decline? (if they declined)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Do not include names. For example, “the family is moving house this month”.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "declined" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter why the family declined (for example, “no reason given”)")
        return data


class DocumentsForm(_Form):
    received_on = GovukDateField(
        what="date the documents arrived", label="When did the documents arrive?", help_text="For example, 16 12 2026"
    )


class MeetingForm(_Form):
    meeting_on = GovukDateField(
        what="meeting date", label="Date of the tracking meeting", help_text="For example, 31 12 2026"
    )
    meeting_time = forms.TimeField(
        label="Time",
        help_text="Use the 24-hour clock, for example 14:30",
        input_formats=["%H:%M", "%H.%M", "%H%M", "%H:%M:%S"],
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the meeting time", "invalid": "Enter the time like 14:30"},
    )
    attendees = forms.MultipleChoiceField(
        label="Who attends?",
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        choices=list(TrackedChild.ATTENDEES.items()),
        error_messages={"required": "Select who attends the tracking meeting"},
    )
    version = version_field()


class HeldForm(_Form):
    held_on = GovukDateField(what="date of the meeting", label="When was the meeting held?")
    notes = forms.CharField(
        label="Inspectors' notes",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Only the inspection team can see these notes. Do not include names.",
        error_messages={"required": "Enter notes from the tracking meeting"},
    )


class WithdrawForm(_Form):
    reason = forms.CharField(
        label="Why is the child or young person no longer taking part?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the child was withdrawn"},
    )


class SwapForm(_Form):
    child_ref = forms.CharField(
        label="Reference of the child to choose instead",
        max_length=40,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
        error_messages={"required": "Enter the reference of the child to choose instead"},
    )
    reason = forms.CharField(
        label="Why?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Kept with the cohort's record.",
    )

    def __init__(self, *args, reason_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason_required = reason_required
        if not reason_required:
            self.fields["reason"].label = "Why? (optional)"
            self.fields["reason"].help_text = "Leave blank to keep the reason already recorded."

    def clean(self):
        data = super().clean()
        if self.reason_required and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter why this child is being swapped")
        return data


class AcceptReplacementForm(_Form):
    child_ref = forms.CharField(widget=forms.HiddenInput)


def _choices(items, any_label: str):
    return [("", any_label), *items]


class SampleForm(_Form):
    support = forms.ChoiceField(
        label="Support level", required=False, choices=_choices(list(SUPPORT_LEVELS.items()), "Any support level")
    )
    need = forms.ChoiceField(
        label="Primary need",
        required=False,
        choices=_choices([(k, f"{k} – {v}") for k, v in NEED_CODES.items()], "Any primary need"),
    )
    age_group = forms.ChoiceField(
        label="Age group", required=False, choices=_choices([(a, a) for a, _l, _h in AGE_GROUPS], "Any age")
    )
    service = forms.ChoiceField(
        label="Service involved", required=False, choices=_choices(list(SERVICES.items()), "Any service")
    )
    alternative_provision = forms.BooleanField(label="Only children in alternative provision", required=False)
    out_of_area = forms.BooleanField(label="Only children educated out of area", required=False)
    size = forms.IntegerField(
        label="How many cases?",
        required=False,
        min_value=1,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter how many cases as a whole number",
            "min_value": "Draw at least 1 case",
            "max_value": "Draw 100 cases or fewer",
        },
    )
    seed = SeedField()

    def __init__(self, *args, default_size: int = 12, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["size"].help_text = f"Leave blank for {default_size}."


class ReviewForm(_Form):
    record_reviewed = forms.BooleanField(label="The case record has been reviewed", required=False)
    practitioners_spoken_to = forms.CharField(
        label="Practitioners spoken to",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Their roles, for example “SENCo, school nurse, social worker”.",
    )
    notes = forms.CharField(
        label="Inspectors' notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Only the inspection team can see these notes. Do not include names.",
    )
    version = version_field()

    def clean(self):
        data = super().clean()
        if not (
            data.get("record_reviewed")
            or (data.get("practitioners_spoken_to") or "").strip()
            or (data.get("notes") or "").strip()
        ):
            raise forms.ValidationError(
                "Record what was reviewed: tick the record, name the practitioners or add notes"
            )
        return data


class WithdrawCaseForm(_Form):
    reason = forms.CharField(
        label="Why is this case being withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, “the practitioner is on long-term leave”. Do not include names.",
        error_messages={"required": "Enter why this case is being withdrawn"},
    )
