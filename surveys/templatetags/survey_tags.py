"""Template tags of the survey results pages.

A results page has hundreds of numbers; a template loop looking each one up was most of the
page's time, so each table's rows are written here in one go, with the same markup. Every value
is escaped (the standard library's escaping, which Django's own filter wraps).
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_BAR = (
    '<svg class="app-bar-svg" width="100%" height="20" aria-hidden="true" focusable="false">'
    '<rect x="0" y="0" width="100%" height="20" fill="#f3f2f1"></rect>{}</svg>'
)


@register.simple_tag
def numeric_cells(cells: list[str]) -> SafeString:
    """One row's numbers of a breakdown table."""
    return mark_safe(
        "".join(f'<td class="govuk-table__cell govuk-table__cell--numeric">{escape(c)}</td>' for c in cells)
    )


@register.simple_tag
def option_rows(shown: list[tuple[str, str, str, int]]) -> SafeString:
    """One question's rows: each option, its responses, its percentage and a bar (decoration only)."""
    rows = []
    for label, responses, percentage, bar_width in shown:
        bar = f'<rect x="0" y="0" width="{int(bar_width)}%" height="20" fill="#1d70b8"></rect>' if bar_width else ""
        rows.append(
            '<tr class="govuk-table__row">'
            f'<th scope="row" class="govuk-table__header govuk-!-font-weight-regular">{escape(label)}</th>'
            f'<td class="govuk-table__cell govuk-table__cell--numeric">{escape(responses)}</td>'
            f'<td class="govuk-table__cell govuk-table__cell--numeric">{escape(percentage)}</td>'
            f'<td class="govuk-table__cell app-bar-cell">{_BAR.format(bar)}</td>'
            "</tr>"
        )
    return mark_safe("\n      ".join(rows))
