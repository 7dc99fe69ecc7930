from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts import rules

from . import selectors, services
from .forms import AnnounceInspectionForm, FinalFeedbackForm, MoveMilestoneForm, add_validation_errors
from .models import Milestone, Partnership
from .navigation import ONLY_FOR_KIND, SECTIONS

#: Inspections per page on the dashboard: the page costs the same however many exist.
DASHBOARD_PAGE_SIZE = 50


def section_links(request: HttpRequest, inspection, current: str) -> list[dict]:
    """The inspection's sub-navigation, limited to what this user may open."""
    audiences = getattr(request, "inspection_audiences", None) or rules.audiences_for(request.user, inspection)
    links = []
    for label, url_name, who in SECTIONS:
        if not audiences & who or ONLY_FOR_KIND.get(url_name, inspection.kind) != inspection.kind:
            continue
        try:
            url = reverse(url_name, kwargs={"inspection_pk": inspection.pk})
        except NoReverseMatch:
            continue
        links.append({"label": label, "url": url, "current": url_name == current})
    return links


def inspection_context(request: HttpRequest, inspection, current: str) -> dict:
    """What every page of an inspection needs for its heading and sub-navigation."""
    audiences = getattr(request, "inspection_audiences", set())
    return {
        "inspection": inspection,
        "sections": section_links(request, inspection, current),
        "audiences": audiences,
        "is_lead_inspector": "lead_inspector" in audiences,
        "is_team": "team" in audiences,
    }


def not_for_monitoring(request: HttpRequest, inspection, *, reason: str, to: str, to_label: str) -> HttpResponse:
    """A page that does not apply to a monitoring inspection, opened by its address.

    A GET goes to the page that does apply (`to`), which shows the reason in a banner; anything
    else is refused with a 400 page giving the reason and a link there. Nothing is stored.
    """
    if request.method in ("GET", "HEAD"):
        messages.info(request, reason)
        return redirect(to)
    context = inspection_context(request, inspection, "")
    context.update({"reason": reason, "to": to, "to_label": to_label})
    return render(request, "inspections/not_for_monitoring.html", context, status=400)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    if request.user.is_local_area_lead:
        inspections = list(selectors.inspections_for_dashboard(request.user))
        current = selectors.current_inspection_for_partnership(inspections, today)
        due_next = None
        rows = []
        if current:
            milestones = list(current.milestones.all())
            due_next = selectors.due_next(current, milestones, today)
            rows = selectors.timeline_rows(milestones, today)
        return render(
            request,
            "inspections/dashboard_lead.html",
            {
                "current": current,
                "due_next": due_next,
                "rows": rows,
                "today": today,
                "partnership_id": rules.partnership_id_of(request.user),
            },
        )
    inspections = selectors.inspection_list(request.user, today)
    page = Paginator(inspections, DASHBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    summaries = selectors.dashboard_rows(list(page.object_list))
    return render(
        request,
        "inspections/dashboard.html",
        {
            "summaries": summaries,
            "today": today,
            "page": page,
            "can_announce": rules.may_announce_inspection(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def announce(request: HttpRequest) -> HttpResponse:
    if not rules.may_announce_inspection(request.user):
        raise PermissionDenied("Only administrators can announce an inspection.")
    form = AnnounceInspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.announce_inspection(
                partnership=data["partnership"],
                notified_on=data["notified_on"],
                by=request.user,
                lead_inspector=data["lead_inspector"],
                team=data["team"],
                cqc_lead=data["cqc_lead"],
                override_reason=data["override_reason"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request,
                f"Inspection of {inspection.partnership} announced: notification on "
                f"{inspection.notified_on:%-d %B %Y}. The partnership's leads have been sent an email.",
            )
            return redirect("inspections:detail", inspection_pk=inspection.pk)
    return render(request, "inspections/announce.html", {"form": form})


@login_required
def detail(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow={"admin", "team", "local_area"})
    today = timezone.localdate()
    milestones = selectors.timeline_for(inspection)
    context = inspection_context(request, inspection, "inspections:detail")
    context.update(
        {
            "rows": selectors.timeline_rows(milestones, today),
            "today": today,
            "team": inspection.team.select_related("user"),
            "history": selectors.milestone_history(inspection),
            "previous_inspections": selectors.inspection_history(inspection.partnership, before=inspection.notified_on),
            "bodies": inspection.partnership.bodies.all(),
            "can_move": "lead_inspector" in context["audiences"],
        }
    )
    return render(request, "inspections/detail.html", context)


@login_required
def timeline_ics(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow={"admin", "team", "local_area"})
    from .ics import timeline_calendar  # icalendar is loaded only by the workers that serve a calendar

    body = timeline_calendar(
        inspection,
        selectors.timeline_for(inspection),
        domain=request.get_host().split(":")[0],
        sequences=selectors.milestone_change_counts(inspection),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inspection-{inspection.pk}-timeline.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def move_milestone(request: HttpRequest, inspection_pk: int, key: str) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow={"lead_inspector"})
    milestone = get_object_or_404(Milestone, inspection=inspection, key=key)
    form = MoveMilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_milestone(
                milestone=milestone,
                starts_on=form.cleaned_data["starts_on"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            return redirect("inspections:detail", inspection_pk=inspection.pk)
    context = inspection_context(request, inspection, "inspections:detail")
    context.update({"form": form, "milestone": milestone})
    return render(request, "inspections/move_milestone.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def final_feedback(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """The lead inspector records the final feedback meeting; the partnership then sees the outcome, embargoed."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow={"lead_inspector"})
    initial = {"held_on": inspection.final_feedback_held_on} if inspection.final_feedback_held_on else {}
    form = FinalFeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_final_feedback(inspection=inspection, held_on=form.cleaned_data["held_on"], by=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            return redirect("inspections:detail", inspection_pk=inspection.pk)
    context = inspection_context(request, inspection, "inspections:detail")
    context["form"] = form
    return render(request, "inspections/final_feedback.html", context)


@login_required
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(Partnership, pk=pk)
    if not rules.may_see_partnership(request.user, partnership):
        raise Http404("No such partnership")
    inspections = list(partnership.inspections.order_by("-notified_on"))
    return render(
        request,
        "inspections/partnership.html",
        {
            "partnership": partnership,
            "leads": partnership.leads.select_related("user"),
            "inspections": inspections,
            "may": {
                "see_follow_ups": rules.may_see_follow_ups(request.user),
                "edit_partnership": rules.may_edit_partnership(request.user),
            },
            "bodies": partnership.bodies.all(),
            "previous_inspections": selectors.inspection_history(partnership),
        },
    )


def error_403(request: HttpRequest, exception=None) -> HttpResponse:
    reason = str(exception) if exception and str(exception) else "You do not have access to this page."
    return render(request, "403.html", {"reason": reason}, status=403)


def error_404(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    """Render the service's own error page without context processors, which may be what failed."""
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
