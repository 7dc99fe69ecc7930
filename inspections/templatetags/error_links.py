"""Where an error summary link should lead, so that it always reaches an element on the page."""

from __future__ import annotations

from django import forms, template

register = template.Library()


@register.filter
def error_anchor(bound_field, field_id: str) -> str:
    """The id of the element an error for this field should focus.

    Radios and checkboxes have no element with the field's own id: GOV.UK styling numbers each
    choice from 1, so the link leads to the first choice.
    """
    if isinstance(bound_field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"id_{bound_field.html_name}_1"
    return field_id
