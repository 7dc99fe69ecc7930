from __future__ import annotations

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from accounts import rules
from accounts.models import Organisation, Role

from .models import Partnership


def add_validation_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has one, else at the top,
    so it reaches the GOV.UK error summary either way."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def inspectors():
    return get_user_model().objects.filter(role=Role.INSPECTOR, is_active=True).order_by("last_name", "first_name")


def ofsted_hmis():
    """Only His Majesty's Inspectors from Ofsted may lead (``rules.may_lead_inspection``)."""
    return inspectors().filter(organisation__in=rules.LEAD_ORGANISATIONS, is_hmi=True)


def cqc_inspectors():
    return inspectors().filter(organisation=Organisation.CQC)


class InspectorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} ({obj.get_organisation_display()})"


class InspectorsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} ({obj.get_organisation_display()})"


class GovukDateField(DateInputField):
    """GOV.UK date input with wording for this service."""

    def __init__(self, *, what: str, **kwargs):
        super().__init__(**kwargs)
        self.error_messages["required"] = f"Enter the {what}"
        self.error_messages["incomplete"] = f"The {what} must include a day, month and year"
        self.error_messages["invalid"] = f"The {what} must be a real date"

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except forms.ValidationError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class AnnounceInspectionForm(forms.Form):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.all(),
        label="Local area partnership",
        empty_label="Choose a partnership",
        error_messages={"required": "Choose the local area partnership"},
    )
    notified_on = GovukDateField(
        what="notification date", label="Notification date", help_text="Normally a Monday, for example 14 12 2026"
    )
    lead_inspector = InspectorChoiceField(
        queryset=ofsted_hmis(),
        label="Lead inspector (Ofsted HMI)",
        empty_label="Choose the lead inspector",
        error_messages={
            "required": "Choose the lead inspector",
            "invalid_choice": "Choose one of His Majesty's Inspectors from Ofsted as lead inspector",
        },
    )
    cqc_lead = InspectorChoiceField(
        queryset=cqc_inspectors(),
        required=False,
        label="CQC lead inspector (optional)",
        empty_label="No CQC lead inspector",
        error_messages={"invalid_choice": "Choose an inspector from CQC as CQC lead inspector"},
    )
    team = InspectorsChoiceField(
        queryset=inspectors(),
        required=False,
        label="Inspection team",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Include Ofsted and CQC inspectors.",
    )
    override = forms.BooleanField(
        required=False,
        label="Announce on this date even though it is not a working Monday",
        # With JavaScript the reason box shows only once this is ticked (static/js/reveal.js).
        widget=forms.CheckboxInput(attrs={"data-reveals": "id_override_reason"}),
    )
    override_reason = forms.CharField(
        required=False, label="Reason for the different date", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_inspector"].queryset = ofsted_hmis()
        self.fields["cqc_lead"].queryset = cqc_inspectors()
        self.fields["team"].queryset = inspectors()
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        if data.get("override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", "Enter the reason for announcing on this date")
        if not data.get("override"):
            data["override_reason"] = ""
        return data


class MoveMilestoneForm(forms.Form):
    starts_on = GovukDateField(what="new date", label="New date", help_text="A working day, for example 5 1 2027")
    reason = forms.CharField(
        label="Why is it moving?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the milestone is moving"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class FinalFeedbackForm(forms.Form):
    held_on = GovukDateField(
        what="date of the final feedback meeting",
        label="When was the final feedback meeting held?",
        help_text="For example 6 1 2027",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
