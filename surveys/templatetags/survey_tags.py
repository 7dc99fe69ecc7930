"""Template tags of the survey results pages."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def numeric_cells(cells: list[str]) -> SafeString:
    """One row's numbers of a breakdown table, written in one go: a results page has hundreds of
    them, and a template loop over each cell was most of the page's time."""
    return mark_safe(  # every value is escaped here
        "".join(f'<td class="govuk-table__cell govuk-table__cell--numeric">{escape(c)}</td>' for c in cells)
    )
