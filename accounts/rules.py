"""Who may see what: the one place that decides access.

Inspectors see the inspections they are assigned to; administrators see all; local area leads see
only their own partnership's inspections. Views call ``get_inspection_or_deny``; lists use
``Inspection.objects.visible_to(user)``.

What a person may do on an inspection is a named rule, ``may_<action>(user, inspection, ...)``:
services refuse, views return 403 and templates show a button through the same rule (views pass
templates a ``may`` dict of booleans). ``accounts/tests/test_rules.py`` holds the table of who may
do what; a new rule without its row there fails that test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

if TYPE_CHECKING:
    from inspections.models import Inspection, Partnership

AUDIENCES = frozenset({"admin", "team", "lead_inspector", "local_area"})


def is_administrator(user) -> bool:
    return bool(user.is_authenticated and user.is_administrator)


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


def get_inspection_or_deny(
    request: HttpRequest,
    pk: int,
    *,
    allow: Iterable[str] = (),
    may: Callable[..., bool] | None = None,
) -> Inspection:
    """Fetch an inspection for a view, or refuse.

    Someone who may not see the inspection at all gets 404 (its existence is not revealed);
    someone who may see it but not this page gets 403: either no audience in ``allow``, or the
    named rule ``may(user, inspection)`` says no.
    """
    from inspections.models import Inspection

    allow = set(allow)
    unknown = allow - AUDIENCES
    if unknown:
        raise ValueError(f"Unknown audiences: {sorted(unknown)}")
    if not allow and may is None:
        raise ValueError("Say who may open the page: allow=... or may=...")
    try:
        inspection = Inspection.objects.select_related("partnership").get(pk=pk)
    except (Inspection.DoesNotExist, ValueError, TypeError):
        raise Http404("No such inspection")
    audiences = audiences_for(request.user, inspection)
    if not audiences:
        raise Http404("No such inspection")
    if allow and not audiences & allow:
        raise PermissionDenied("You do not have access to this page for this inspection.")
    if may is not None and not may(request.user, inspection):
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


#: Organisations whose inspectors lead an area SEND inspection (an HMI); CQC inspectors join the team.
LEAD_ORGANISATIONS = frozenset({"ofsted"})


def may_lead_inspection(user) -> bool:
    """Only one of His Majesty's Inspectors from Ofsted may lead; CQC may name a lead of its own."""
    return bool(getattr(user, "is_inspector", False) and user.organisation in LEAD_ORGANISATIONS and user.is_hmi)


# --- What each person may do on an inspection ---------------------------------------------------
# The state of the work (a report's stage, a decision's publication) is passed in; these rules
# decide only who. Each reads at most the team membership, cached on the user for the request.


def may_announce_inspection(user) -> bool:
    """Only administrators announce an inspection (and so choose who leads it)."""
    return is_administrator(user)


def may_see_partnership(user, partnership: Partnership) -> bool:
    """A partnership's page is for administrators and the partnership's own leads."""
    return is_administrator(user) or is_partnership_lead(user, partnership)


def may_edit_partnership(user) -> bool:
    """Partnership details (leads, bodies, addresses) are kept by administrators."""
    return is_administrator(user)


def may_see_survey_results(user, inspection: Inspection) -> bool:
    """Survey counts and answers are for the inspection team."""
    return is_team_member(user, inspection)


def may_manage_surveys(user, inspection: Inspection) -> bool:
    """The lead inspector extends close dates, reads every raw answer and the safeguarding queue."""
    return is_lead_inspector(user, inspection)


def may_upload_case_list(user, inspection: Inspection) -> bool:
    """The partnership's leads upload the person-level data; administrators can do it for them."""
    return is_administrator(user) or is_partnership_lead(user, inspection.partnership)


def may_see_tracking_notes(user, inspection: Inspection) -> bool:
    """How the children were chosen (seed, notes) is for the team and administrators."""
    return is_administrator(user) or is_team_member(user, inspection)


def may_choose_children(user, inspection: Inspection) -> bool:
    """The lead inspector chooses the tracked children, their replacements and the sampled cases."""
    return is_lead_inspector(user, inspection)


def may_review_sampled_cases(user, inspection: Inspection) -> bool:
    """Team inspectors record the review of a sampled case."""
    return is_team_member(user, inspection)


def may_upload_documents(user, inspection: Inspection) -> bool:
    """The partnership's leads upload the information request and write the self-evaluation summary."""
    return is_partnership_lead(user, inspection.partnership)


def may_review_documents(user, inspection: Inspection) -> bool:
    """Team inspectors accept an upload or ask for changes."""
    return is_team_member(user, inspection)


def may_download_documents(user, inspection: Inspection) -> bool:
    """The team and the partnership's leads download uploaded files (administrators do not)."""
    return is_team_member(user, inspection) or is_partnership_lead(user, inspection.partnership)


def may_create_survey_links(user, inspection: Inspection) -> bool:
    """The lead inspector or an administrator creates the surveys of an inspection that has none."""
    return is_administrator(user) or is_lead_inspector(user, inspection)


def may_read_evidence(user, inspection: Inspection) -> bool:
    """The evidence is the team's working record; administrators read it (ADR 44)."""
    return is_administrator(user) or is_team_member(user, inspection)


def may_record_evidence(user, inspection: Inspection) -> bool:
    """Team inspectors record, change and withdraw evidence and write criterion summaries."""
    return is_team_member(user, inspection)


def may_see_outcome(user, inspection: Inspection, *, published: bool) -> bool:
    """The team and administrators at any time; the partnership's leads once the report is published."""
    if is_administrator(user) or is_team_member(user, inspection):
        return True
    return published and is_partnership_lead(user, inspection.partnership)


def may_see_outcome_history(user, inspection: Inspection) -> bool:
    """How the decision was reached stays with the team and administrators."""
    return is_administrator(user) or is_team_member(user, inspection)


def may_decide_outcome(user, inspection: Inspection) -> bool:
    """Only the lead inspector decides the outcome and writes the areas for action."""
    return is_lead_inspector(user, inspection)


def may_see_follow_ups(user) -> bool:
    """The follow-up dates of every partnership are for administrators."""
    return is_administrator(user)


def may_open_report_page(user, inspection: Inspection) -> bool:
    """The team, administrators and the partnership's leads open the report page."""
    return (
        is_administrator(user) or is_team_member(user, inspection) or is_partnership_lead(user, inspection.partnership)
    )


def may_start_report(user, inspection: Inspection) -> bool:
    """The lead inspector starts the report, which is then credited to them."""
    return is_lead_inspector(user, inspection)


def may_edit_report(user, inspection: Inspection) -> bool:
    """Only the lead inspector writes the report, moves its stages and asks for its PDF."""
    return is_lead_inspector(user, inspection)


def may_read_report(user, inspection: Inspection, *, open_to_partnership: bool) -> bool:
    """The team and administrators at every stage; the partnership's leads only while the report is
    open to them (the factual accuracy check, then publication)."""
    if is_administrator(user) or is_team_member(user, inspection):
        return True
    return open_to_partnership and is_partnership_lead(user, inspection.partnership)


def may_see_report_workings(user, inspection: Inspection) -> bool:
    """Versions, stage history and drafts' PDFs are the team's (and administrators') business."""
    return is_administrator(user) or is_team_member(user, inspection)


def may_comment_on_report(user, inspection: Inspection) -> bool:
    """The partnership's leads comment on the draft's factual accuracy (while the check is open)."""
    return is_partnership_lead(user, inspection.partnership)


# --- Fieldwork planner -------------------------------------------------------------------------

#: Who may open the plan itself (the grid, day plans, activities with the team's notes).
FIELDWORK_PLAN_AUDIENCES = frozenset({"admin", "team"})
#: Who may open "What we need to arrange" (no team notes, no child's reference).
FIELDWORK_ARRANGEMENTS_AUDIENCES = frozenset({"admin", "team", "local_area"})


def may_see_fieldwork_plan(user, inspection: Inspection) -> bool:
    """The team and administrators see the plan; the partnership sees only what to arrange."""
    return bool(audiences_for(user, inspection) & FIELDWORK_PLAN_AUDIENCES)


def may_plan_fieldwork(user, inspection: Inspection) -> bool:
    """Any member of the team may add, move or cancel activities."""
    return is_team_member(user, inspection)


def may_override_remote_fieldwork_day(user, inspection: Inspection) -> bool:
    """Only the lead inspector may hold an in-person activity on a remote fieldwork day."""
    return is_lead_inspector(user, inspection)


def may_see_fieldwork_arrangements(user, inspection: Inspection) -> bool:
    return bool(audiences_for(user, inspection) & FIELDWORK_ARRANGEMENTS_AUDIENCES)


def outcome_state_for_local_area(inspection: Inspection, *, decision) -> str:
    """What the partnership's leads may know of the outcome.

    "published" once the report is published; "embargoed" from the final feedback meeting (where
    they hear it) until publication; "" before that, when they see it nowhere.
    """
    if decision is None:
        return ""
    if decision.is_published:
        return "published"
    if inspection.final_feedback_held_on is not None:
        return "embargoed"
    return ""


# --- After the report --------------------------------------------------------------------------


def may_see_follow_up_plans(user, inspection: Inspection) -> bool:
    """The plans' status and versions are for the partnership's leads, the team and administrators."""
    return (
        is_administrator(user) or is_team_member(user, inspection) or is_partnership_lead(user, inspection.partnership)
    )


def may_upload_action_plan(user, inspection: Inspection) -> bool:
    """The partnership's leads upload the priority action plan."""
    return is_partnership_lead(user, inspection.partnership)


def may_review_action_plan(user, inspection: Inspection) -> bool:
    """The lead inspector reviews each version of the priority action plan."""
    return is_lead_inspector(user, inspection)


def may_record_strategic_plan(user, inspection: Inspection) -> bool:
    """The partnership's leads record where and when they published the updated strategic plan."""
    return is_partnership_lead(user, inspection.partnership)


def may_read_engagement_notes(user, inspection: Inspection) -> bool:
    """Engagement meeting notes, themes and concern are for inspectors (and administrators), never the leads."""
    return is_administrator(user) or is_team_member(user, inspection)


def may_reschedule_engagement_meeting(user, inspection: Inspection) -> bool:
    """Administrators move a planned engagement meeting."""
    return is_administrator(user)


def may_record_engagement_meeting(user, inspection: Inspection) -> bool:
    """An inspector of the team records a held engagement meeting."""
    return is_team_member(user, inspection)


# --- Monitoring inspections ----------------------------------------------------------------------


def may_read_monitoring_evidence(user, inspection: Inspection) -> bool:
    """Monitoring evidence, like a full inspection's, is the team's record: never the partnership's leads."""
    return is_administrator(user) or is_team_member(user, inspection)


def may_record_monitoring_evidence(user, inspection: Inspection) -> bool:
    """Inspectors of the monitoring inspection's team record evidence against the areas for priority action."""
    return is_team_member(user, inspection)


def may_record_monitoring_findings(user, inspection: Inspection) -> bool:
    """The lead inspector writes the finding for each area for priority action and the conclusion."""
    return is_lead_inspector(user, inspection)
