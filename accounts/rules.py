"""Who may see what: the one place that decides access.

Inspectors see the inspections they are assigned to; administrators see all; local area leads see
only their own partnership's inspections. Views call ``get_inspection_or_deny``; lists use
``Inspection.objects.visible_to(user)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

if TYPE_CHECKING:
    from inspections.models import Inspection, Partnership

AUDIENCES = frozenset({"admin", "team", "lead_inspector", "local_area"})


def is_administrator(user) -> bool:
    return bool(user.is_authenticated and user.is_administrator)


INSPECTOR_NOTES_AUDIENCES = frozenset({"team", "admin"})


def sees_inspector_notes(audiences: set[str]) -> bool:
    """Inspectors' notes and their reasons for choosing, swapping or replacing a child are not
    shown to the partnership's leads."""
    return bool(audiences & INSPECTOR_NOTES_AUDIENCES)


def can_announce(user) -> bool:
    """Only administrators announce an inspection (and so choose who leads it)."""
    return is_administrator(user)


def is_team_member(user, inspection: Inspection) -> bool:
    """True for inspectors on this inspection's team (the lead included)."""
    if not (user.is_authenticated and user.is_inspector):
        return False
    return _team_roles(user, inspection) is not None


def is_lead_inspector(user, inspection: Inspection) -> bool:
    if not (user.is_authenticated and user.is_inspector):
        return False
    return _team_roles(user, inspection) is True


def is_partnership_lead(user, partnership: Partnership) -> bool:
    if not (user.is_authenticated and user.is_local_area_lead):
        return False
    return partnership_id_of(user) == partnership.pk


def partnership_id_of(user) -> int | None:
    """The partnership a local area lead belongs to, or None."""
    if not (user.is_authenticated and user.is_local_area_lead):
        return None
    cached = getattr(user, "_partnership_id_cache", False)
    if cached is not False:
        return cached
    from inspections.models import PartnershipLead

    pid = PartnershipLead.objects.filter(user=user).values_list("partnership_id", flat=True).first()
    user._partnership_id_cache = pid
    return pid


def can_view_inspection(user, inspection: Inspection) -> bool:
    return bool(audiences_for(user, inspection))


def audiences_for(user, inspection: Inspection) -> set[str]:
    """Every audience the user belongs to for this inspection."""
    found: set[str] = set()
    if not user.is_authenticated or not user.is_active:
        return found
    if is_administrator(user):
        found.add("admin")
    if user.is_inspector:
        role = _team_roles(user, inspection)
        if role is not None:
            found.add("team")
            if role:
                found.add("lead_inspector")
    if is_partnership_lead(user, inspection.partnership):
        found.add("local_area")
    return found


def get_inspection_or_deny(request: HttpRequest, pk: int, *, allow: Iterable[str]) -> Inspection:
    """Fetch an inspection for a view, or refuse.

    Someone who may not see the inspection at all gets 404 (its existence is not revealed);
    someone who may see it but not this page gets 403.
    """
    from inspections.models import Inspection

    allow = set(allow)
    unknown = allow - AUDIENCES
    if unknown:
        raise ValueError(f"Unknown audiences: {sorted(unknown)}")
    try:
        inspection = Inspection.objects.select_related("partnership").get(pk=pk)
    except (Inspection.DoesNotExist, ValueError, TypeError):
        raise Http404("No such inspection")
    audiences = audiences_for(request.user, inspection)
    if not audiences:
        raise Http404("No such inspection")
    if not audiences & allow:
        raise PermissionDenied("You do not have access to this page for this inspection.")
    request.inspection_audiences = audiences
    return inspection


def _team_roles(user, inspection: Inspection) -> bool | None:
    """None when not on the team; True for the lead inspector; False for a team member."""
    cache = getattr(user, "_team_cache", None)
    if cache is None:
        cache = user._team_cache = {}
    if inspection.pk not in cache:
        from inspections.models import TeamMember

        row = (
            TeamMember.objects.filter(inspection_id=inspection.pk, user_id=user.pk)
            .values_list("is_lead", flat=True)
            .first()
        )
        cache[inspection.pk] = row
    return cache[inspection.pk]
