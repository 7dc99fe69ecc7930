"""Template tags other pages use to show this app's data."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts.rules import may_see_follow_ups

from ..selectors import ShownCell, published_follow_ups

register = template.Library()


@register.inclusion_tag("evaluation/_partnership_follow_ups.html", takes_context=True)
def partnership_follow_ups(context, partnership) -> dict:
    """The follow-ups of a partnership's published outcomes, for administrators only."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not may_see_follow_ups(user):
        return {"rows": [], "show": False}
    return {"rows": published_follow_ups(partnership=partnership), "show": True, "partnership": partnership}


@register.simple_tag
def planning_defaults(follow_ups) -> dict:
    """The planning defaults behind planned follow-up dates, to say them beside the dates."""
    from django.conf import settings

    outcome = getattr(follow_ups, "outcome", None)
    return {
        "publication_wd": settings.REPORT_PUBLICATION_TARGET_WORKING_DAYS,
        "plan_wd": settings.PRIORITY_ACTION_PLAN_WORKING_DAYS,
        "meeting_months": settings.ENGAGEMENT_MEETING_INTERVAL_MONTHS.get(outcome),
    }


_GAP_CELL = (
    '<td class="govuk-table__cell app-gap" data-gap="true"><span aria-hidden="true">–</span>'
    '<span class="govuk-visually-hidden">Gap: no evidence</span></td>'
)


@register.simple_tag
def matrix_cells(cells: list[ShownCell], short_name: str) -> SafeString:
    """One criterion's cells of the evidence matrix, written in one go: the hundred or so cells of
    the table, each looked up and tested piece by piece in the template, were most of its time."""
    hidden = f'<span class="govuk-visually-hidden"> for {escape(short_name)}</span></a></td>'
    shown = []
    for href, strengths, weaknesses, context in cells:
        if not href:
            shown.append(_GAP_CELL)
            continue
        counts = "".join(
            (
                f'<span class="app-nowrap">{strengths}</span> ' if strengths else "",
                f'<span class="app-nowrap">{weaknesses}</span> ' if weaknesses else "",
                f'<span class="app-nowrap">{context}</span>' if context else "",
            )
        )
        shown.append(f'<td class="govuk-table__cell"><a class="govuk-link" href="{escape(href)}">{counts}{hidden}')
    return mark_safe("\n      ".join(shown))  # every value above is escaped or a count written here
