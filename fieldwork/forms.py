"""Forms for planning, changing and cancelling a fieldwork activity (GOV.UK wording and errors)."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.contrib.auth import get_user_model

from inspections.concurrency import version_field
from inspections.forms import InspectorsChoiceField
from inspections.framework import CRITERION_CHOICES

from .kinds import KINDS, TRACKING_MEETING
from .planning import Window
from .services import ActivityDetails

IN_PERSON, ONLINE = "in_person", "online"


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of activity",
        choices=[("", "Choose the kind of activity")] + [(k.key, k.label) for k in KINDS if k.key != TRACKING_MEETING],
        help_text="Tracking meetings are arranged with families in tracking and appear in the plan from there.",
        error_messages={"required": "Choose the kind of activity"},
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title for the activity"}
    )
    day = forms.DateField(
        label="Day",
        widget=forms.Select,
        error_messages={"required": "Choose the day", "invalid": "Choose a day from the list"},
    )
    starts_at = forms.TimeField(
        label="Start time",
        help_text="For example, 09:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={"required": "Enter the start time", "invalid": "Enter the start time as hours and minutes"},
    )
    ends_at = forms.TimeField(
        label="End time",
        help_text="For example, 11:00",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={"required": "Enter the end time", "invalid": "Enter the end time as hours and minutes"},
    )
    mode = forms.ChoiceField(
        label="In person or online?",
        choices=[(IN_PERSON, "In person"), (ONLINE, "Online")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose in person or online"},
    )
    place = forms.CharField(label="Place (if in person)", required=False, max_length=200)
    address = forms.CharField(label="Address (if in person)", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    link = forms.CharField(
        label="Meeting link (if online)", required=False, max_length=500, help_text="Starts with https://"
    )
    attendees = InspectorsChoiceField(
        queryset=get_user_model().objects.none(),
        label="Team members attending",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one team member to attend",
            "invalid_choice": "Choose attendees from the inspection team only",
        },
    )
    invite = forms.CharField(
        label="Who should the partnership invite?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Roles only, for example \"SENCOs from 3 primary schools\". Never a child's or family's name.",
    )
    notes = forms.CharField(
        label="Notes for the team",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Not shown to the partnership.",
    )
    criteria = forms.TypedMultipleChoiceField(
        label="Which criteria is it meant to inform?",
        choices=CRITERION_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remote_override_reason = forms.CharField(
        label="Reason to hold it in person on a remote fieldwork day (lead inspector only)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = version_field()
    reason = forms.CharField(
        label="Why is it changing? (needed if the day or times move)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, window: Window, team_users, can_override: bool, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].widget.choices = [("", "Choose the day")] + [
            (d.isoformat(), f"WD{window.days[d]} – {d:%A %-d %B %Y}{' (remote)' if window.is_remote(d) else ''}")
            for d in window.dates
        ]
        self.fields["attendees"].queryset = team_users
        fields = [
            Field.select("kind"),
            Field.text("title"),
            Field.select("day"),
            Field.text("starts_at"),
            Field.text("ends_at"),
            Field.radios("mode", legend_size=Size.SMALL, inline=True),
            Field.text("place"),
            Field.textarea("address"),
            Field.text("link"),
            Field.checkboxes("attendees", legend_size=Size.SMALL, small=True),
            Field.textarea("invite"),
            Field.textarea("notes"),
            Field.checkboxes("criteria", legend_size=Size.SMALL, small=True),
        ]
        if can_override:
            fields.append(Field.textarea("remote_override_reason"))
        else:
            del self.fields["remote_override_reason"]
        if editing:
            fields.append(Field.textarea("reason"))
            self.fields["version"] = version_field()
            fields.append("version")
        else:
            del self.fields["reason"]
            del self.fields["version"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*fields)

    def details(self) -> ActivityDetails:
        data = self.cleaned_data
        return ActivityDetails(
            kind=data["kind"],
            title=data["title"],
            day=data["day"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            online=data["mode"] == ONLINE,
            place=data.get("place", ""),
            address=data.get("address", ""),
            link=data.get("link", ""),
            attendee_ids=tuple(u.pk for u in data["attendees"]),
            invite=data.get("invite", ""),
            notes=data.get("notes", ""),
            criteria=tuple(data.get("criteria") or ()),
            remote_override_reason=data.get("remote_override_reason", ""),
        )


def initial_for(activity) -> dict:
    return {
        "kind": activity.kind,
        "title": activity.title,
        "day": activity.day.isoformat(),
        "starts_at": activity.starts_at.strftime("%H:%M"),
        "ends_at": activity.ends_at.strftime("%H:%M"),
        "mode": ONLINE if activity.online else IN_PERSON,
        "place": activity.place,
        "address": activity.address,
        "link": activity.link,
        "attendees": list(activity.attendees.all()),
        "invite": activity.invite,
        "notes": activity.notes,
        "criteria": list(activity.criteria),
        "remote_override_reason": activity.remote_override_reason,
        "version": activity.version,
    }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is the activity cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the activity is cancelled"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
