"""Pages of the fieldwork planner: the week grid, activities, day plans, what to arrange, coverage.

Access: the team and administrators see the plan; the partnership's leads see only "What we need
to arrange" (no team notes, no tracked child's reference). Decided in ``accounts.rules``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts import rules
from inspections.concurrency import EditConflict, conflict_response
from inspections.forms import add_validation_errors
from inspections.views import inspection_context, not_for_monitoring

from . import selectors, services
from .forms import ActivityForm, CancelForm, initial_for
from .kinds import KINDS_BY_KEY
from .models import Activity

SECTION = "fieldwork:week"


def _show(form, error: ValidationError) -> None:
    """A service refusal on the form; "online" is asked as the "mode" question there."""
    if hasattr(error, "error_dict") and "online" in error.error_dict:
        error.error_dict["mode"] = error.error_dict.pop("online")
    add_validation_errors(form, error)


def _context(request: HttpRequest, inspection, page: str, **extra: Any) -> dict[str, Any]:
    context = inspection_context(request, inspection, SECTION)
    context.update(
        {
            "page": page,
            "can_see_plan": rules.may_see_fieldwork_plan(request.user, inspection),
            "can_plan": rules.may_plan_fieldwork(request.user, inspection),
        },
        **extra,
    )
    return context


def _inspection_for_plan(request: HttpRequest, inspection_pk: int, *, write: bool = False):
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow=rules.FIELDWORK_ARRANGEMENTS_AUDIENCES)
    if not rules.may_see_fieldwork_plan(request.user, inspection):
        raise PermissionDenied("The partnership sees what it needs to arrange, not the team's plan.")
    if write and not rules.may_plan_fieldwork(request.user, inspection):
        raise PermissionDenied("Only members of the inspection team can plan fieldwork.")
    return inspection


@login_required
def week(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Days by inspectors, time-ordered, with conflicts marked and gaps listed."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow=rules.FIELDWORK_ARRANGEMENTS_AUDIENCES)
    if not rules.may_see_fieldwork_plan(request.user, inspection):
        return redirect("fieldwork:arrange", inspection_pk=inspection.pk)
    plan = selectors.week_plan(inspection)
    return render(request, "fieldwork/week.html", _context(request, inspection, "week", plan=plan))


def _team_users(inspection):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(assignments__inspection=inspection).order_by("last_name", "first_name")


def _form(request: HttpRequest, inspection, *, data=None, initial=None, editing: bool = False) -> ActivityForm:
    return ActivityForm(
        data,
        initial=initial,
        window=services.window_for(inspection),
        team_users=_team_users(inspection),
        can_override=rules.may_override_remote_fieldwork_day(request.user, inspection),
        editing=editing,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = _inspection_for_plan(request, inspection_pk, write=True)
    if request.method == "POST":
        form = _form(request, inspection, data=request.POST)
        if form.is_valid():
            try:
                activity = services.plan_activity(inspection=inspection, by=request.user, details=form.details())
            except ValidationError as error:
                _show(form, error)
            else:
                messages.success(request, f"{activity.title} planned for {activity.day:%A %-d %B}")
                return redirect("fieldwork:week", inspection_pk=inspection.pk)
    else:
        initial: dict[str, Any] = {"mode": "in_person"}
        if request.GET.get("day"):
            initial["day"] = request.GET["day"]
        kind = KINDS_BY_KEY.get(request.GET.get("kind", ""))
        if kind:
            initial.update({"kind": kind.key, "invite": kind.usual_invite})
        form = _form(request, inspection, initial=initial)
    return render(
        request, "fieldwork/activity_form.html", _context(request, inspection, "new", form=form, activity=None)
    )


def _activity(inspection, pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("updated_by", "cancelled_by").prefetch_related("attendees"),
        pk=pk,
        inspection=inspection,
    )


@login_required
def activity_detail(request: HttpRequest, inspection_pk: int, pk: int) -> HttpResponse:
    inspection = _inspection_for_plan(request, inspection_pk)
    activity = _activity(inspection, pk)
    changes = list(activity.changes.select_related("by"))
    evidence = selectors.evidence_from(activity)
    record_url = None
    if rules.may_plan_fieldwork(request.user, inspection) and not activity.is_cancelled:
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(Activity)
        record_url = (
            reverse("evaluation:evidence_new", args=[inspection.pk])
            + f"?source=ct:{content_type.pk}:{activity.pk}&source_kind={KINDS_BY_KEY[activity.kind].evidence_source}"
            + "".join(f"&criterion={n}" for n in activity.criteria)
        )
    return render(
        request,
        "fieldwork/activity_detail.html",
        _context(
            request,
            inspection,
            "activity",
            activity=activity,
            changes=changes,
            evidence=evidence,
            record_url=record_url,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, inspection_pk: int, pk: int) -> HttpResponse:
    inspection = _inspection_for_plan(request, inspection_pk, write=True)
    activity = _activity(inspection, pk)
    if activity.is_cancelled:
        raise PermissionDenied("A cancelled activity cannot be changed.")
    if request.method == "POST":
        form = _form(request, inspection, data=request.POST, editing=True)
        if form.is_valid():
            try:
                activity = services.change_activity(
                    activity=activity,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    details=form.details(),
                    reason=form.cleaned_data.get("reason", ""),
                )
            except EditConflict as conflict:
                return conflict_response(
                    request,
                    conflict,
                    action=request.path,
                    back_url=reverse("fieldwork:activity", args=[inspection.pk, activity.pk]),
                    context=_context(request, inspection, "edit", activity=activity),
                )
            except ValidationError as error:
                _show(form, error)
            else:
                messages.success(request, f"{activity.title} saved")
                return redirect("fieldwork:activity", inspection_pk=inspection.pk, pk=activity.pk)
    else:
        form = _form(request, inspection, initial=initial_for(activity), editing=True)
    return render(
        request,
        "fieldwork/activity_form.html",
        _context(request, inspection, "edit", form=form, activity=activity),
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_cancel(request: HttpRequest, inspection_pk: int, pk: int) -> HttpResponse:
    inspection = _inspection_for_plan(request, inspection_pk, write=True)
    activity = _activity(inspection, pk)
    if activity.is_cancelled:
        raise PermissionDenied("This activity is already cancelled.")
    form = CancelForm(request.POST or None, initial={"version": activity.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_activity(
                activity=activity,
                by=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{activity.title} cancelled")
            return redirect("fieldwork:week", inspection_pk=inspection.pk)
    return render(
        request, "fieldwork/activity_cancel.html", _context(request, inspection, "cancel", form=form, activity=activity)
    )


def _member(inspection, user_pk: int):
    from inspections.models import TeamMember

    member = TeamMember.objects.filter(inspection=inspection, user_id=user_pk).select_related("user").first()
    if member is None:
        raise Http404("No such team member")
    return member.user


@login_required
def day_plan(request: HttpRequest, inspection_pk: int, user_pk: int, day: str) -> HttpResponse:
    """One inspector's day, printable on A4."""
    inspection = _inspection_for_plan(request, inspection_pk)
    inspector = _member(inspection, user_pk)
    try:
        on = date.fromisoformat(day)
    except ValueError:
        raise Http404("No such day")
    window = services.window_for(inspection)
    if window.working_day(on) is None:
        raise Http404("Not a fieldwork day")
    entries = selectors.day_plan(inspection, inspector, on)
    days = [(d, window.days[d]) for d in window.dates]
    return render(
        request,
        "fieldwork/day_plan.html",
        _context(
            request, inspection, "day", inspector=inspector, day=on, wd=window.days[on], entries=entries, days=days
        ),
    )


@login_required
def calendar(request: HttpRequest, inspection_pk: int, user_pk: int) -> HttpResponse:
    """The inspector's fieldwork as an .ics file: one event per activity, cancelled ones marked."""
    inspection = _inspection_for_plan(request, inspection_pk)
    inspector = _member(inspection, user_pk)
    from .ics import fieldwork_calendar  # icalendar is loaded only by the workers that serve a calendar

    body = fieldwork_calendar(
        selectors.calendar_activities(inspection, inspector),
        name=f"Fieldwork: {inspection.partnership.name} ({inspector.display_name})",
        domain=request.get_host().split(":")[0],
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fieldwork-{inspection.pk}-{inspector.pk}.ics"'
    return response


@login_required
def arrange(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """What the partnership needs to arrange: date, time, place and whom to invite."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow=rules.FIELDWORK_ARRANGEMENTS_AUDIENCES)
    if not rules.may_see_fieldwork_arrangements(request.user, inspection):
        raise PermissionDenied("You do not have access to this page for this inspection.")
    return render(
        request,
        "fieldwork/arrange.html",
        _context(request, inspection, "arrange", days=selectors.arrangements(inspection)),
    )


#: Why the criteria coverage matrix does not apply to a monitoring inspection.
NO_COVERAGE = (
    "A monitoring inspection's evidence is recorded against the areas for priority action, not the criteria: "
    "how each area is covered is on Evidence and findings."
)


@login_required
def coverage(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Criteria against activity kinds before fieldwork starts, and what the plan will not cover."""
    inspection = _inspection_for_plan(request, inspection_pk)
    if inspection.kind == "monitoring":
        to_matrix = rules.may_read_monitoring_evidence(request.user, inspection)
        return not_for_monitoring(
            request,
            inspection,
            reason=NO_COVERAGE,
            to=reverse("monitoring:matrix" if to_matrix else "fieldwork:week", args=[inspection.pk]),
            to_label="Evidence and findings" if to_matrix else "the fieldwork plan",
        )
    return render(
        request,
        "fieldwork/coverage.html",
        _context(request, inspection, "coverage", matrix=selectors.planned_coverage(inspection)),
    )
