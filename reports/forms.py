"""Forms for writing the report, moving it between stages and commenting on the draft."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from django import forms

from inspections.concurrency import version_field

from .models import NARRATIVE_SECTIONS, FactualAccuracyComment, Report
from .services import MAX_SECTION_LENGTH, version_field_name

HINTS = {
    "partnership_information": "Leave blank to use a short description made from the partnership's details.",
    "child_experience": "Write about children and young people as a group. Do not name or describe anyone "
    "who could be recognised.",
    "effective": "Paragraphs or bullets. “Start from the team's summaries” copies their words here to edit.",
    "better": "Paragraphs or bullets. “Start from the team's summaries” copies their words here to edit.",
}


class NarrativeForm(forms.ModelForm):
    """The narrative sections, each with the version it was drawn from; the page also saves them as the
    lead inspector types. A section sent (by the form or the autosave) must come with its version."""

    class Meta:
        model = Report
        fields = [name for name, _ in NARRATIVE_SECTIONS]
        labels = dict(NARRATIVE_SECTIONS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 8, "maxlength": MAX_SECTION_LENGTH}) for name, _ in NARRATIVE_SECTIONS
        }

    def __init__(self, *args, versions: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, hint in HINTS.items():
            self.fields[name].help_text = hint
            self.fields[name].required = False
        for name, _ in NARRATIVE_SECTIONS:
            field = self.fields[version_field_name(name)] = version_field()
            field.initial = (versions or {}).get(name, 0)
            field.required = not self.is_bound or name in self.data
        self.helper = FormHelper()
        self.helper.form_tag = False

    def sent_sections(self) -> dict[str, str]:
        """The sections in the request (the autosave sends only those that changed)."""
        return {name: self.cleaned_data[name] for name, _ in NARRATIVE_SECTIONS if name in self.data}

    def loaded_versions(self) -> dict[str, int]:
        """The version each sent section was drawn from."""
        return {name: self.cleaned_data[version_field_name(name)] for name in self.sent_sections()}


SECTION_CHOICES = (
    [("", "The whole report"), ("Inspection outcome", "Inspection outcome")]
    + [(heading, heading) for _, heading in NARRATIVE_SECTIONS]
    + [
        (heading, heading)
        for heading in (
            "Areas for priority action",
            "Areas for improvement",
            "Local area partnership details",
            "Information about this inspection",
            "Inspection team",
        )
    ]
)


class CommentForm(forms.Form):
    section = forms.ChoiceField(label="Which part of the report is it about?", choices=SECTION_CHOICES, required=False)
    text = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="Say what is factually inaccurate and what it should say. Do not include the names of "
        "children, young people or families.",
        error_messages={
            "required": "Enter your comment",
            "max_length": "Your comment must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class StageForm(forms.Form):
    """The stage change buttons post one of these actions."""

    ACTIONS = ("send_for_factual_accuracy", "mark_final", "reopen", "publish")
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])


class AnswerForm(forms.Form):
    """The lead inspector's answer to one factual accuracy comment."""

    response = forms.ChoiceField(
        label="Your answer",
        choices=FactualAccuracyComment.Response.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the comment was accepted"},
    )
    text = forms.CharField(
        label="What was changed, or why the comment was not accepted",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
