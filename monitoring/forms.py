"""Forms for monitoring inspections, with GOV.UK error wording."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from django import forms

from inspections.concurrency import version_field
from inspections.framework import MONITORING_CONCLUSION_CHOICES
from inspections.models import Partnership

from .models import SourceKind


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.text


class EvidenceForm(_Form):
    area = AreaChoiceField(
        queryset=None,
        label="Area for priority action",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select the area for priority action the evidence is about",
            "invalid_choice": "Select one of the areas for priority action",
        },
    )
    source_kind = forms.ChoiceField(
        label="Where does the evidence come from?",
        choices=SourceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the evidence comes from"},
    )
    source_label = forms.CharField(
        label="Source (optional)",
        required=False,
        max_length=300,
        help_text="For example the document's title, the meeting, or a sampled case's reference.",
        error_messages={"max_length": "The source must be 300 characters or fewer"},
    )
    text = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": "Enter the evidence", "max_length": "Evidence must be 10,000 characters or fewer"},
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class FindingForm(_Form):
    text = forms.CharField(
        label="Finding",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text="What the partnership has done on this area since the full inspection, and its impact. "
        "The letter prints it under the area.",
        error_messages={
            "required": "Enter the finding for this area for priority action",
            "max_length": "The finding must be 10,000 characters or fewer",
        },
    )
    #: The finding's version when the page was drawn (0 before the first save).
    version = version_field()


class ConclusionForm(_Form):
    conclusion = forms.ChoiceField(
        label="Has the partnership taken effective action to address the areas for priority action?",
        choices=MONITORING_CONCLUSION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select effective action or ineffective action"},
    )
    rationale = forms.CharField(
        label="Reasons for the conclusion",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={
            "required": "Enter the reasons for the conclusion",
            "max_length": "The reasons must be 10,000 characters or fewer",
        },
    )
    #: The conclusion's version when the page was drawn (0 before the first save).
    version = version_field()


class WithdrawForm(_Form):
    reason = forms.CharField(
        label="Why are you withdrawing this evidence?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": "Enter why you are withdrawing this evidence",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )


class DrawSampleForm(_Form):
    seed = forms.IntegerField(
        label="Seed (optional)",
        required=False,
        min_value=0,
        help_text="Leave blank for a random draw. The seed is recorded, so the same list and seed give the same cases.",
        error_messages={"invalid": "The seed must be a whole number", "min_value": "The seed must be 0 or more"},
    )


def partnerships():
    return Partnership.objects.order_by("name")
