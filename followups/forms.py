"""Forms for the plans that follow a report, with GOV.UK error wording."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from django import forms

from inspections.concurrency import version_field
from inspections.forms import GovukDateField

from . import meetings, status


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
    version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class RescheduleMeetingForm(forms.Form):
    new_date = GovukDateField(what="new date", label="New date", help_text="For example 5 10 2027")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class RecordMeetingForm(forms.Form):
    held_on = GovukDateField(
        what="date of the meeting", label="When was the meeting held?", help_text="For example 5 10 2027"
    )
    attendee_roles = forms.MultipleChoiceField(
        label="Who attended?",
        help_text="Select every role that took part. Do not record names.",
        choices=meetings.ATTENDEE_ROLES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who attended"},
    )
    themes = forms.MultipleChoiceField(
        label="Themes discussed",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    concern = forms.ChoiceField(
        label="Level of concern",
        choices=list(meetings.CONCERN_LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the level of concern"},
    )
    concern_reason = forms.CharField(
        label="Reason for the concern",
        required=False,
        max_length=300,
        help_text="Needed for a serious concern: it is shown on the national programme.",
        error_messages={"max_length": "The reason must be 300 characters or fewer"},
    )
    notes = forms.CharField(
        label="Notes (inspectors only)",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The partnership's leads never see these notes.",
    )
    shared_summary = forms.CharField(
        label="Summary to share with the partnership",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The partnership's leads see this summary and the date, nothing else.",
    )
    version = version_field()

    def __init__(self, *args, theme_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = list(theme_choices)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("concern") == meetings.SERIOUS and not (cleaned.get("concern_reason") or "").strip():
            self.add_error("concern_reason", "Enter the reason for the serious concern")
        return cleaned


class ProgrammeFilterForm(forms.Form):
    """Filters for the national programme; an unknown value is refused with a reason."""

    region = forms.ChoiceField(label="Region", required=False)
    outcome = forms.TypedChoiceField(
        label="Latest outcome",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any outcome"), ("1", "Outcome 1"), ("2", "Outcome 2"), ("3", "Outcome 3")],
    )
    flag = forms.ChoiceField(label="Flag", required=False)

    def __init__(self, *args, **kwargs):
        from inspections.models import Partnership

        from . import programme

        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Any region"), *Partnership.Region.choices]
        self.fields["flag"].choices = [("", "Any flag"), *programme.FLAG_LABELS.items()]
