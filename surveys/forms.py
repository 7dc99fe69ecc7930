"""Forms for the public survey pages and the inspectors' survey pages."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from inspections.forms import GovukDateField
from inspections.framework import CRITERION_CHOICES

from .models import SafeguardingFlag
from .questionsets import MAX_TEXT_LENGTH, Question


def answer_form(question: Question, data=None, initial=None) -> forms.Form:
    """A one-field form for one question page; the field is always called "answer"."""
    messages = {
        "single": _("Select an answer"),
        "multiple": _("Select at least one option"),
        "text": _("Enter your answer"),
    }
    choices = [(o.value, o.label) for o in question.options]
    if question.kind == "single":
        field: forms.Field = forms.ChoiceField(choices=choices, required=question.required, widget=forms.RadioSelect)
    elif question.kind == "multiple":
        field = forms.MultipleChoiceField(
            choices=choices, required=question.required, widget=forms.CheckboxSelectMultiple
        )
    else:
        field = forms.CharField(
            required=question.required, max_length=MAX_TEXT_LENGTH, strip=True, widget=forms.Textarea(attrs={"rows": 6})
        )
        field.error_messages["max_length"] = _("Your answer must be %(limit_value)s characters or fewer")
    field.error_messages["required"] = messages[question.kind]
    field.error_messages["invalid_choice"] = _("Select from the options shown")
    field.label = question.text
    form = forms.Form(data=data, initial={"answer": initial} if initial is not None else None)
    form.fields["answer"] = field
    return form


class ResumeForm(forms.Form):
    code = forms.CharField(
        label=_("Resume code"),
        max_length=20,
        help_text=_("The 8 letters and numbers you were given, for example K7QM-3TZA"),
        error_messages={"required": _("Enter your resume code")},
    )


class ExtendCloseDateForm(forms.Form):
    closes_on = GovukDateField(
        what="new close date",
        label="New close date",
        help_text="The survey stays open until the end of this day, UK time",
    )
    reason = forms.CharField(
        label="Why are you extending the survey?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for extending the survey"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class SafeguardingDecisionForm(forms.Form):
    status = forms.ChoiceField(
        label="What did you do?",
        widget=forms.RadioSelect,
        choices=[
            (SafeguardingFlag.Status.REVIEWED, "Reviewed: no referral needed"),
            (SafeguardingFlag.Status.REFERRED, "Referred to children's social care"),
        ],
        error_messages={"required": "Select reviewed or referred"},
    )
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a note saying what you did"},
    )

    def __init__(self, *args, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class TagForm(forms.Form):
    criteria = forms.TypedMultipleChoiceField(
        label="Criteria this answer is evidence for",
        choices=CRITERION_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
