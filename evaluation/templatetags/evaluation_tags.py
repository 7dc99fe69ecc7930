"""Template tags other pages use to show this app's data."""

from __future__ import annotations

from django import template

from accounts.rules import may_see_follow_ups

from ..selectors import published_follow_ups

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
