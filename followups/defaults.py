"""Product defaults for what follows a report that the framework itself does not fix.

Read from settings when used, so a deployment (or a test) can change them without a release.
"""

from __future__ import annotations

from django.conf import settings

#: Months after publication by which the partnership is planned to publish its updated strategic plan.
DEFAULT_STRATEGIC_PLAN_MONTHS = 6


def strategic_plan_months() -> int:
    return int(getattr(settings, "FOLLOWUPS_STRATEGIC_PLAN_MONTHS", DEFAULT_STRATEGIC_PLAN_MONTHS))
