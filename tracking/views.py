"""Pages for the case list, the tracking cohort and case sampling.

Access: local area leads upload the case list and see which of their children were chosen (they
arrange the meetings) but never inspectors' notes; the team sees everything for its inspection;
the lead inspector chooses, swaps and replaces.
"""

from __future__ import annotations

import itertools
import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts import rules
from inspections.concurrency import EditConflict, conflict_response
from inspections.csv_export import csv_download
from inspections.forms import add_validation_errors
from inspections.views import inspection_context, not_for_monitoring

from . import selectors, services, workflow
from .case_list import COLUMNS, SERVICES, SUPPORT_LEVELS, error_rows, template_rows
from .forms import (
    AcceptReplacementForm,
    CaseListUploadForm,
    ConsentForm,
    DocumentsForm,
    HeldForm,
    MeetingForm,
    ProposeCohortForm,
    ReviewForm,
    SampleForm,
    SwapForm,
    WithdrawCaseForm,
    WithdrawForm,
)
from .models import Case, SampledCase, TrackedChild
from .selection import Theme

EVERYONE = {"admin", "team", "local_area"}
SECTION = "tracking:overview"
ERRORS_SHOWN = 500  # on the page; the downloadable CSV has every problem
ERRORS_KEPT_SECONDS = 60 * 60


#: Why the tracking cohort's pages do not apply to a monitoring inspection.
NO_COHORT = (
    "A monitoring inspection does not track children and young people: it samples EHC plans at random. "
    "The cases drawn are on Case sampling."
)


def _no_cohort(request: HttpRequest, inspection) -> HttpResponse:
    return not_for_monitoring(
        request,
        inspection,
        reason=NO_COHORT,
        to=reverse("tracking:sampling", args=[inspection.pk]),
        to_label="Case sampling",
    )


def _context(request: HttpRequest, inspection, page: str, **extra: Any) -> dict[str, Any]:
    # A monitoring inspection's "Children and young people" section opens on case sampling.
    section = "tracking:sampling" if inspection.kind == "monitoring" else SECTION
    context = inspection_context(request, inspection, section)
    context.update(
        {
            "page": page,
            "is_local_area": "local_area" in context["audiences"],  # wording only: who approaches families
            "can_see_notes": rules.may_see_tracking_notes(request.user, inspection),
            "may": {"choose_children": rules.may_choose_children(request.user, inspection)},
        },
        **extra,
    )
    return context


def _require(request: HttpRequest, inspection, may, message: str) -> None:
    if not may(request.user, inspection):
        raise PermissionDenied(message)


# --- Case list -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def case_list(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Upload the person-level data; a file with any wrong row is refused whole, with every problem."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow=EVERYONE)
    can_upload = rules.may_upload_case_list(request.user, inspection)
    form = CaseListUploadForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST":
        _require(
            request, inspection, rules.may_upload_case_list, "Only the partnership's leads can upload the case list."
        )
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.import_case_list(
                    inspection=inspection, data=upload.read(), file_name=upload.name, by=request.user
                )
            except services.CaseListRejected as exc:
                problems = _keep_problems(request, inspection, exc)
                form.add_error("file", exc.messages[0])
            else:
                messages.success(request, "Case list uploaded")
                return redirect("tracking:case_list", inspection_pk=inspection.pk)
    current = selectors.current_case_list(inspection)
    context = _context(
        request,
        inspection,
        "case_list",
        form=form,
        problems=problems,
        current=current,
        can_upload=can_upload,
        columns=COLUMNS,
        status=selectors.case_list_status(inspection),
        summary=selectors.case_list_summary(current) if current else None,
        history=selectors.case_list_history(inspection),
        due=inspection.milestone_dates("case_list_due"),
    )
    return render(request, "tracking/case_list.html", context, status=400 if problems else 200)


def _keep_problems(request: HttpRequest, inspection, exc: services.CaseListRejected) -> dict[str, Any]:
    """Keep the problems for a short while so they can be downloaded; the file itself is not kept."""
    token = secrets.token_urlsafe(16)
    result = exc.result
    cache.set(
        _errors_key(request, inspection, token), error_rows(result.errors, result.file_errors), ERRORS_KEPT_SECONDS
    )
    return {
        "token": token,
        "file_errors": result.file_errors,
        "errors": result.errors[:ERRORS_SHOWN],
        "count": len(result.errors) + len(result.file_errors),
        "hidden": max(0, len(result.errors) - ERRORS_SHOWN),
    }


def _errors_key(request: HttpRequest, inspection, token: str) -> str:
    return f"tracking:case-list-errors:{inspection.pk}:{request.user.pk}:{token}"


@login_required
def case_list_errors(request: HttpRequest, inspection_pk: int, token: str) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_upload_case_list)
    rows = cache.get(_errors_key(request, inspection, token))
    if rows is None:
        raise Http404("These problems are no longer available: upload the file again to see them.")
    return csv_download(rows, f"case-list-problems-{inspection.pk}.csv")


@login_required
def case_list_template(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    rules.get_inspection_or_deny(request, inspection_pk, allow=EVERYONE)
    return csv_download(template_rows(), "case-list-template.csv")


@login_required
def case_list_download(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """The current case list as stored (references only), for checking what was received."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow=EVERYONE)
    current = selectors.current_case_list(inspection)
    if current is None:
        raise Http404("No case list yet")
    yes_no = {True: "Y", False: "N"}
    cases = Case.objects.filter(case_list=current).order_by("child_ref").iterator(chunk_size=5000)
    rows = (
        [
            case.child_ref,
            case.year_of_birth,
            case.primary_need,
            case.support,
            ";".join(sorted(case.services)),
            yes_no[case.in_alternative_provision],
            yes_no[case.educated_out_of_area],
            case.social_care_status,
            yes_no[case.opted_out],
            case.practitioner_email,
        ]
        for case in cases
    )
    return csv_download(itertools.chain([COLUMNS], rows), f"case-list-{inspection.pk}.csv")


# --- Tracking ------------------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """The tracking cohort: who was chosen, where each child has got to, and why they were chosen."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow=EVERYONE)
    if inspection.kind == "monitoring":
        return _no_cohort(request, inspection)
    return _render_overview(request, inspection, ProposeCohortForm())


def _render_overview(request: HttpRequest, inspection, form, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    prefetch_related_objects([inspection], "milestones")  # two of them are shown: one read for both
    selection = selectors.selection_for(inspection)
    rows = selectors.tracking_rows(selection, today) if selection else []
    context = _context(
        request,
        inspection,
        "tracking",
        form=form,
        selection=selection,
        today=today,
        case_list_status=selectors.case_list_status(inspection),
        rows=rows,
        coverage=selectors.cohort_coverage(selection, [r["child"] for r in rows if r["child"].active])
        if selection
        else (),
        selection_due=inspection.milestone_dates("tracking_selection"),
    )
    context["left"] = [r for r in context["rows"] if not r["child"].active]
    context["chosen_on"] = min((r["child"].selected_on for r in context["rows"]), default=None)
    context["cohort_size"] = services.cohort_size()
    context["can_propose"] = (
        context["may"]["choose_children"]
        and context["case_list_status"] == "uploaded"
        and (
            selection is None
            or all(r["child"].status == workflow.AWAITING and r["child"].active for r in context["rows"])
        )
    )
    return render(request, "tracking/overview.html", context, status=status)


@login_required
@require_http_methods(["POST"])
def propose(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_choose_children)
    if inspection.kind == "monitoring":
        return _no_cohort(request, inspection)
    form = ProposeCohortForm(request.POST)
    if form.is_valid():
        try:
            selection = services.propose_cohort(inspection=inspection, by=request.user, seed=form.cleaned_data["seed"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request, f"{selection.children.count()} children and young people chosen (seed {selection.seed})"
            )
            return redirect("tracking:overview", inspection_pk=inspection.pk)
    return _render_overview(request, inspection, form, status=400)


CHILD_FORMS = {
    "consent": (ConsentForm, {"team", "local_area", "admin"}),
    "documents": (DocumentsForm, {"team", "local_area", "admin"}),
    "schedule": (MeetingForm, {"team", "local_area", "admin"}),
    "held": (HeldForm, {"team"}),
    "withdraw": (WithdrawForm, {"team", "local_area", "admin"}),
    "swap": (SwapForm, {"lead_inspector"}),
}


def _available_actions(child: TrackedChild, audiences: set[str]) -> list[str]:
    if not child.active or child.needs_replacement:
        return []
    found = []
    if workflow.can("agree", child.status):
        found.append("consent")
    if workflow.can("documents", child.status) and child.documents_received_on is None:
        found.append("documents")
    if workflow.can("schedule", child.status):
        found.append("schedule")
    if workflow.can("held", child.status):
        found.append("held")
    if workflow.can("withdraw", child.status):
        found.append("withdraw")
    if child.status != workflow.HELD:
        found.append("swap")
    return [a for a in found if audiences & CHILD_FORMS[a][1]]


def _initial(action: str, child: TrackedChild) -> dict[str, Any]:
    today = timezone.localdate()
    if action == "documents":
        return {"received_on": today}
    if action == "schedule" and child.meeting_on:
        return {
            "meeting_on": child.meeting_on,
            "meeting_time": child.meeting_time,
            "attendees": child.attendees,
            "version": child.version,
        }
    if action == "schedule":
        return {"version": child.version}
    if action == "held":
        return {"held_on": child.meeting_on or today}
    return {}


@login_required
@require_http_methods(["GET", "POST"])
def child_detail(request: HttpRequest, inspection_pk: int, pk: int) -> HttpResponse:
    """One chosen child: the steps recorded so far and a form for each step that can come next."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow=EVERYONE)
    if inspection.kind == "monitoring":
        return _no_cohort(request, inspection)
    child = get_object_or_404(
        TrackedChild.objects.select_related("case", "selection", "replaced_by"), pk=pk, selection__inspection=inspection
    )
    audiences = request.inspection_audiences
    actions = _available_actions(child, audiences)
    bound = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in CHILD_FORMS:
            raise Http404("Unknown step")
        if action not in actions:
            if not audiences & CHILD_FORMS[action][1]:
                raise PermissionDenied("You cannot record this step.")
            messages.info(request, "That step can no longer be recorded: the page has been refreshed.")
            return redirect("tracking:child", inspection_pk=inspection.pk, pk=child.pk)
        form_class = CHILD_FORMS[action][0]
        bound = form_class(request.POST, prefix=action)
        if bound.is_valid():
            try:
                done = _apply(action, child, bound.cleaned_data, request.user)
            except EditConflict as conflict:
                return conflict_response(
                    request,
                    conflict,
                    action=request.path,
                    back_url=request.path,
                    context=_context(request, inspection, "tracking"),
                    version_name=f"{action}-version",
                )
            except ValidationError as exc:
                add_validation_errors(bound, exc)
            else:
                messages.success(request, done)
                child.refresh_from_db()
                if child.needs_replacement and rules.may_choose_children(request.user, inspection):
                    return redirect("tracking:replace", inspection_pk=inspection.pk, pk=child.pk)
                if action == "swap":
                    return redirect("tracking:overview", inspection_pk=inspection.pk)
                return redirect("tracking:child", inspection_pk=inspection.pk, pk=child.pk)
    forms = {}
    for action in actions:
        if bound is not None and bound.prefix == action:
            forms[action] = bound
        else:
            forms[action] = CHILD_FORMS[action][0](prefix=action, initial=_initial(action, child))
    today = timezone.localdate()
    context = _context(
        request,
        inspection,
        "tracking",
        child=child,
        forms=forms,
        bound=bound,
        candidate=selectors.candidate_for_case(child.case),
        overdue=workflow.overdue_steps(
            status=child.status,
            documents_due_on=child.documents_due_on,
            today=today,
            documents_received=child.documents_received_on is not None,
            meeting_on=child.meeting_on,
            meeting_due_on=selectors.meeting_due_on(inspection),
        )
        if child.active
        else [],
    )
    return render(request, "tracking/child.html", context, status=400 if bound is not None else 200)


def _apply(action: str, child: TrackedChild, data: dict[str, Any], user) -> str:
    if action == "consent":
        agreed = data["decision"] == "agreed"
        services.record_consent(child=child, agreed=agreed, reason=data.get("reason", ""), by=user)
        return f"{child.child_ref}: {'agreed to take part' if agreed else 'declined'}"
    if action == "documents":
        services.record_documents_received(child=child, received_on=data["received_on"], by=user)
        return f"{child.child_ref}: documents received"
    if action == "schedule":
        services.schedule_meeting(
            child=child,
            meeting_on=data["meeting_on"],
            meeting_time=data["meeting_time"],
            attendees=data["attendees"],
            by=user,
            loaded_version=data["version"],
        )
        return f"{child.child_ref}: tracking meeting scheduled"
    if action == "held":
        services.record_meeting_held(child=child, held_on=data["held_on"], notes=data["notes"], by=user)
        return f"{child.child_ref}: tracking meeting recorded"
    if action == "withdraw":
        services.withdraw_child(child=child, reason=data["reason"], by=user)
        return f"{child.child_ref}: withdrawn"
    if action == "swap":
        new = services.replace_child(child=child, child_ref=data["child_ref"], reason=data["reason"], by=user)
        return f"{child.child_ref} swapped for {new.child_ref}"
    raise Http404("Unknown step")


@login_required
@require_http_methods(["GET", "POST"])
def replace(request: HttpRequest, inspection_pk: int, pk: int) -> HttpResponse:
    """After a decline or withdrawal: the suggested replacement that keeps the range, or another child."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_choose_children)
    if inspection.kind == "monitoring":
        return _no_cohort(request, inspection)
    child = get_object_or_404(
        TrackedChild.objects.select_related("selection", "case"), pk=pk, selection__inspection=inspection
    )
    if not child.needs_replacement:
        messages.info(request, f"{child.child_ref} does not need a replacement.")
        return redirect("tracking:overview", inspection_pk=inspection.pk)
    accept = AcceptReplacementForm(prefix="accept")
    other = SwapForm(prefix="other", reason_required=False)
    suggestion = selectors.replacement_suggestion(child)
    bound = None
    if request.method == "POST":
        if "accept-child_ref" in request.POST:
            bound = accept = AcceptReplacementForm(request.POST, prefix="accept")
        else:
            bound = other = SwapForm(request.POST, prefix="other", reason_required=False)
        if bound.is_valid():
            ref = bound.cleaned_data["child_ref"]
            reasons = list(suggestion.reasons) if suggestion and suggestion.ref == ref else []
            try:
                new = services.replace_child(
                    child=child,
                    child_ref=ref,
                    reason=bound.cleaned_data.get("reason", ""),
                    by=request.user,
                    reasons=reasons,
                )
            except ValidationError as exc:
                if bound is accept:
                    bound.add_error(None, exc.messages)
                else:
                    add_validation_errors(bound, exc)
            else:
                messages.success(request, f"{new.child_ref} replaces {child.child_ref}")
                return redirect("tracking:overview", inspection_pk=inspection.pk)
    if suggestion is not None and not accept.is_bound:
        accept = AcceptReplacementForm(prefix="accept", initial={"child_ref": suggestion.ref})
    context = _context(
        request, inspection, "tracking", child=child, suggestion=suggestion, accept=accept, other=other, bound=bound
    )
    return render(request, "tracking/replace.html", context, status=400 if bound is not None else 200)


# --- Case sampling ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sampling(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow=EVERYONE)
    default_size = services.sample_size()
    form = SampleForm(request.POST or None, default_size=default_size)
    if request.method == "POST":
        _require(request, inspection, rules.may_choose_children, "Only the lead inspector can draw cases to sample.")
        if form.is_valid():
            data = form.cleaned_data
            theme = Theme(
                support=data["support"],
                need=data["need"],
                age_group=data["age_group"],
                service=data["service"],
                alternative_provision=data["alternative_provision"],
                out_of_area=data["out_of_area"],
            )
            try:
                sample = services.draw_cases(
                    inspection=inspection, by=request.user, theme=theme, size=data["size"], seed=data["seed"]
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                drawn = sample.cases.count()
                text = f"{drawn} cases drawn ({sample.theme_label})"
                if data["size"] and drawn < data["size"]:
                    text += f". The sample holds at most {default_size} cases for the inspection"
                messages.success(request, text)
                return redirect("tracking:sampling", inspection_pk=inspection.pk)
    in_sample = selectors.sampled_case_count(inspection)
    context = _context(
        request,
        inspection,
        "sampling",
        form=form,
        samples=selectors.samples_for(inspection),
        case_list_status=selectors.case_list_status(inspection),
        default_size=default_size,
        in_sample=in_sample,
        room=max(default_size - in_sample, 0),
        support_levels=SUPPORT_LEVELS,
        services_names=SERVICES,
    )
    return render(request, "tracking/sampling.html", context, status=400 if form.is_bound and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def sampled_case(request: HttpRequest, inspection_pk: int, pk: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow={"team", "admin"})
    case = get_object_or_404(
        SampledCase.objects.select_related("sample", "case", "reviewed_by"), pk=pk, sample__inspection=inspection
    )
    can_review = rules.may_review_sampled_cases(request.user, inspection)
    initial = {
        "record_reviewed": case.record_reviewed,
        "practitioners_spoken_to": case.practitioners_spoken_to,
        "notes": case.notes,
        "version": case.version,
    }
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST":
        _require(
            request, inspection, rules.may_review_sampled_cases, "Only the inspection team can record a case review."
        )
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.record_case_review(
                    sampled_case=case, by=request.user, loaded_version=data.pop("version"), **data
                )
            except EditConflict as conflict:
                return conflict_response(
                    request,
                    conflict,
                    action=request.path,
                    back_url=request.path,
                    context=_context(request, inspection, "sampling"),
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, f"Review of {case.child_ref} saved")
                return redirect("tracking:sampling", inspection_pk=inspection.pk)
    context = _context(
        request,
        inspection,
        "sampling",
        case=case,
        form=form,
        can_review=can_review and not case.is_withdrawn,
        can_withdraw=rules.may_choose_children(request.user, inspection)
        and not (case.is_reviewed or case.is_withdrawn),
        withdraw=WithdrawCaseForm(),
        candidate=selectors.candidate_for_case(case.case),
    )
    return render(request, "tracking/sampled_case.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["POST"])
def withdraw_sampled_case(request: HttpRequest, inspection_pk: int, pk: int) -> HttpResponse:
    """The lead inspector takes a drawn case out of the sample before it is reviewed, saying why."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_choose_children)
    case = get_object_or_404(
        SampledCase.objects.select_related("sample", "case", "reviewed_by"), pk=pk, sample__inspection=inspection
    )
    withdraw = WithdrawCaseForm(request.POST)
    if withdraw.is_valid():
        try:
            services.withdraw_sampled_case(sampled_case=case, reason=withdraw.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            add_validation_errors(withdraw, exc)
        else:
            messages.success(request, f"{case.child_ref} withdrawn from the sample")
            return redirect("tracking:sampling", inspection_pk=inspection.pk)
    case.refresh_from_db()
    context = _context(
        request,
        inspection,
        "sampling",
        case=case,
        form=ReviewForm(),
        can_review=False,
        can_withdraw=not (case.is_reviewed or case.is_withdrawn),
        withdraw=withdraw,
        candidate=selectors.candidate_for_case(case.case),
    )
    return render(request, "tracking/sampled_case.html", context, status=400)
