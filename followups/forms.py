"""Forms for the plans that follow a report, with GOV.UK error wording."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from django import forms

from inspections.forms import GovukDateField

from . import status


class PlanReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="What is your decision on this version?",
        choices=[(status.ACCEPTED, "Accepted"), (status.NEEDS_CHANGES, "Needs changes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the plan is accepted or needs changes"},
    )
    feedback = forms.CharField(
        label="Feedback for the partnership",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Needed when the plan needs changes. The partnership's leads see it.",
        error_messages={"max_length": "Feedback must be 4000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == status.NEEDS_CHANGES and not (cleaned.get("feedback") or "").strip():
            self.add_error("feedback", "Enter what the partnership needs to change")
        return cleaned


class StrategicPlanForm(forms.Form):
    url = forms.URLField(
        label="Link to the published strategic plan",
        max_length=500,
        assume_scheme="https",
        help_text="For example, https://www.northshire.gov.uk/send-strategy",
        error_messages={
            "required": "Enter the link to the published strategic plan",
            "invalid": "Enter a link in the right format, like https://www.northshire.gov.uk/send-strategy",
            "max_length": "The link must be 500 characters or fewer",
        },
    )
    published_on = GovukDateField(
        what="date the plan was published", label="When was it published?", help_text="For example 3 9 2027"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
