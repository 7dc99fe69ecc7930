"""What the signed-in person may open from every page's navigation, decided by ``accounts.rules``."""

from __future__ import annotations

from django.http import HttpRequest

from . import rules


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_may": {}}
    return {"nav_may": {"see_follow_ups": rules.may_see_follow_ups(user)}}
