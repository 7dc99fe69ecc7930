"""Forms for evidence, criterion summaries, areas for action and the outcome decision."""

from __future__ import annotations

import uuid

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from inspections.concurrency import version_field
from inspections.framework import CRITERION_CHOICES, OUTCOME_CHOICES

from .models import AreaForAction, Nature, SourceKind
from .selectors import SourceOption, grouped_source_choices
from .services import MAX_TEXT_LENGTH, SourceRef


def _helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    return helper


class EvidenceForm(forms.Form):
    """One piece of evidence; ``draft_key`` ties it to the draft saved while typing."""

    criteria = forms.TypedMultipleChoiceField(
        label="Which criteria does it bear on?",
        choices=CRITERION_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one criterion the evidence bears on"},
    )
    source_kind = forms.ChoiceField(
        label="Where does it come from?",
        choices=SourceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the evidence comes from"},
    )
    source = forms.ChoiceField(
        label="Link to a source (optional)",
        required=False,
        help_text="Sources are grouped by kind: tracked children, sampled cases, documents, fieldwork activities and survey results.",
    )
    nature = forms.ChoiceField(
        label="What does it show?",
        choices=Nature.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the evidence shows a strength, a weakness or context"},
    )
    text = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT_LENGTH,
        help_text="Do not name any child, family or survey respondent.",
        error_messages={"required": "Enter the evidence"},
    )
    draft_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    #: The evidence version the page was drawn from (edits only: new evidence has none).
    version = version_field()

    def __init__(self, *args, source_options: list[SourceOption] = (), versioned: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not versioned:
            del self.fields["version"]
        self.source_options = {o.value: o for o in source_options}
        self.fields["source"].choices = [("", "No linked source"), *grouped_source_choices(list(source_options))]
        if not self.is_bound and not self.initial.get("draft_key"):
            self.initial["draft_key"] = uuid.uuid4()
        self.helper = _helper(
            Field.checkboxes("criteria", legend_size=Size.MEDIUM, small=True),
            Field.radios("source_kind", legend_size=Size.MEDIUM, small=True),
            Field.select("source"),
            Field.radios("nature", legend_size=Size.MEDIUM, inline=True),
            Field.textarea("text", label_size=Size.MEDIUM),
            "draft_key",
            *(["version"] if versioned else []),
        )

    def clean_source(self) -> SourceRef | None:
        value = self.cleaned_data.get("source")
        if not value:
            return None
        option = self.source_options.get(value)
        if option is None:
            raise forms.ValidationError("Select a source from the list")
        if value.startswith("ct:"):
            _, ct_id, object_id = value.split(":", 2)
            return SourceRef(int(ct_id), object_id, option.label)
        return SourceRef(None, value, option.label)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "criteria": data["criteria"],
            "source_kind": data["source_kind"],
            "nature": data["nature"],
            "text": data["text"],
            "source": data["source"],
            "draft_key": data.get("draft_key"),
            **({"loaded_version": data["version"]} if "version" in data else {}),
        }


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing this evidence?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter why you are withdrawing this evidence"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", label_size=Size.MEDIUM))


class CriterionSummaryForm(forms.Form):
    version = version_field()
    effective = forms.CharField(
        label="What is effective", widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=MAX_TEXT_LENGTH
    )
    better = forms.CharField(
        label="What needs to be better",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=MAX_TEXT_LENGTH,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.textarea("effective", label_size=Size.SMALL),
            Field.textarea("better", label_size=Size.SMALL),
            "version",
        )


class AreaForActionForm(forms.Form):
    version = version_field()
    kind = forms.ChoiceField(
        label="What kind of area is it?",
        choices=AreaForAction.KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select an area for priority action or an area for improvement"},
    )
    text = forms.CharField(
        label="What should leaders do?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text="Start with the leaders concerned and say what they should do, for example "
        "“Leaders across the partnership should …”.",
        error_messages={"required": "Enter what leaders should do"},
    )
    criteria = forms.TypedMultipleChoiceField(
        label="Which criteria does it concern?",
        choices=CRITERION_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one criterion the area concerns"},
    )

    responsible_bodies = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label="Which bodies are responsible?",
        help_text="The report's table names them. Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, bodies=None, with_kind: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_bodies"].queryset = bodies
        fields = []
        if with_kind:
            # A new area has no earlier version to compare with.
            fields.append(Field.radios("kind", legend_size=Size.MEDIUM, small=True))
            del self.fields["version"]
        else:
            del self.fields["kind"]
            fields.append("version")
        fields += [
            Field.textarea("text", label_size=Size.MEDIUM),
            Field.checkboxes("responsible_bodies", legend_size=Size.MEDIUM, small=True),
            Field.checkboxes("criteria", legend_size=Size.MEDIUM, small=True),
        ]
        self.helper = _helper(*fields)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text.lower().startswith("leaders") or " should " not in f" {text.lower()} ":
            raise forms.ValidationError("Write the area as “Leaders … should …”")
        return text


class OutcomeForm(forms.Form):
    version = version_field()
    outcome = forms.TypedChoiceField(
        label="Which outcome fits best?",
        choices=OUTCOME_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select an outcome"},
    )
    rationale = forms.CharField(
        label="Why this outcome?",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT_LENGTH,
        help_text="Summarise the evidence that led the team to this outcome.",
        error_messages={"required": "Enter the reasons for the outcome"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Field.textarea("rationale", label_size=Size.MEDIUM),
            "version",
        )
