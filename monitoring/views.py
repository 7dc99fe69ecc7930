"""Pages of a monitoring inspection. Every view asks accounts.rules first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts import rules
from inspections.concurrency import EditConflict, conflict_response
from inspections.forms import AnnounceInspectionForm, add_validation_errors
from inspections.views import inspection_context

from . import selectors, services
from .forms import ConclusionForm, DrawSampleForm, EvidenceForm, FindingForm, WithdrawForm
from .models import MonitoringEvidence

NAV_CURRENT = "monitoring:matrix"


@login_required
@require_http_methods(["GET", "POST"])
def announce(request: HttpRequest) -> HttpResponse:
    """An administrator announces the monitoring inspection that follows a published outcome 3."""
    if not rules.may_announce_inspection(request.user):
        raise PermissionDenied("Only administrators can announce an inspection.")
    form = AnnounceInspectionForm(request.POST if request.method == "POST" else None)
    code = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                inspection = services.announce_monitoring_inspection(
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
                    f"Monitoring inspection of {inspection.partnership} announced: notification on "
                    f"{inspection.notified_on:%-d %B %Y}. The partnership's leads have been sent an email.",
                )
                return redirect("inspections:detail", inspection_pk=inspection.pk)
        code = 400
    return render(
        request,
        "monitoring/announce.html",
        {"form": form, "candidates": selectors.monitoring_candidates()},
        status=code,
    )


def _monitoring_or_404(inspection):
    monitoring = selectors.monitoring_for(inspection)
    if monitoring is None:
        raise Http404("This is not a monitoring inspection")
    return monitoring


def _conflict(request, inspection, conflict: EditConflict) -> HttpResponse:
    """The 409 page with both versions; saving from it posts back here with the newer version."""
    return conflict_response(
        request,
        conflict,
        action=request.path,
        back_url=reverse("monitoring:matrix", args=[inspection.pk]),
        context=_page(request, inspection),
    )


def _page(request, inspection, **extra) -> dict:
    context = inspection_context(request, inspection, NAV_CURRENT)
    context.update(extra)
    return context


@login_required
def matrix(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Areas for priority action against sources, with each area's evidence, finding and the conclusion."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_read_monitoring_evidence)
    monitoring = _monitoring_or_404(inspection)
    decision = monitoring.full_inspection.outcome_decision
    return render(
        request,
        "monitoring/matrix.html",
        _page(
            request,
            inspection,
            monitoring=monitoring,
            matrix=selectors.monitoring_matrix(monitoring),
            due_by=selectors.monitoring_due_by(decision),
            published_on=decision.published_on,
            activities=selectors.pcf_meetings(inspection),
            samples=selectors.case_samples(inspection),
            withdrawn=selectors.withdrawn_evidence(inspection),
            may={
                "record": rules.may_record_monitoring_evidence(request.user, inspection)
                and not monitoring.is_published,
                "find": rules.may_record_monitoring_findings(request.user, inspection) and not monitoring.is_published,
                "draw": rules.may_choose_children(request.user, inspection) and not monitoring.is_published,
            },
            draw_form=DrawSampleForm(),
            plan_url=reverse("followups:action_plan", kwargs={"inspection_pk": monitoring.full_inspection_id})
            if rules.may_see_follow_up_plans(request.user, monitoring.full_inspection)
            else "",
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def evidence_new(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_record_monitoring_evidence)
    monitoring = _monitoring_or_404(inspection)
    areas = selectors.priority_areas_queryset(monitoring.full_inspection)
    form = EvidenceForm(
        request.POST if request.method == "POST" else None, areas=areas, initial={"area": request.GET.get("area")}
    )
    code = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                evidence = services.record_monitoring_evidence(
                    inspection=inspection,
                    area=data["area"],
                    source_kind=data["source_kind"],
                    source_label=data["source_label"],
                    text=data["text"],
                    by=request.user,
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, f"Evidence {evidence.reference} recorded")
                return redirect("monitoring:matrix", inspection_pk=inspection.pk)
        code = 400
    return render(request, "monitoring/evidence_form.html", _page(request, inspection, form=form), status=code)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_withdraw(request: HttpRequest, inspection_pk: int, pk: int) -> HttpResponse:
    """Withdraw evidence with a reason: it leaves the matrix and the finding pages but stays on record."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_record_monitoring_evidence)
    monitoring = _monitoring_or_404(inspection)
    evidence = get_object_or_404(MonitoringEvidence.objects.select_related("area"), pk=pk, inspection=inspection)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    code = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.withdraw_monitoring_evidence(
                    evidence=evidence, reason=form.cleaned_data["reason"], by=request.user
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, f"Evidence {evidence.reference} withdrawn")
                return redirect("monitoring:matrix", inspection_pk=inspection.pk)
        code = 400
    if monitoring.is_published:
        closed = "The monitoring letter has been published: its evidence can no longer change."
    elif evidence.withdrawn_at is not None:
        closed = f"This evidence was withdrawn on {evidence.withdrawn_at:%-d %B %Y}: {evidence.withdrawal_reason}"
    else:
        closed = ""
    return render(
        request,
        "monitoring/evidence_withdraw.html",
        _page(request, inspection, form=form, evidence=evidence, closed=closed),
        status=code,
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding(request: HttpRequest, inspection_pk: int, area_pk: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_record_monitoring_findings)
    monitoring = _monitoring_or_404(inspection)
    area = get_object_or_404(selectors.priority_areas_queryset(monitoring.full_inspection), pk=area_pk)
    existing = selectors.finding_for(inspection, area)
    form = FindingForm(
        request.POST if request.method == "POST" else None,
        initial={"text": existing.text if existing else "", "version": existing.version if existing else 0},
    )
    code = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_area_finding(
                    inspection=inspection,
                    area=area,
                    text=form.cleaned_data["text"],
                    by=request.user,
                    loaded_version=form.cleaned_data["version"],
                )
            except EditConflict as conflict:
                return _conflict(request, inspection, conflict)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, "Finding saved")
                return redirect("monitoring:matrix", inspection_pk=inspection.pk)
        code = 400
    evidence = selectors.evidence_for_area(inspection, area)
    return render(
        request,
        "monitoring/finding_form.html",
        _page(request, inspection, form=form, area=area, evidence=evidence),
        status=code,
    )


@login_required
@require_http_methods(["GET", "POST"])
def conclusion(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_record_monitoring_findings)
    monitoring = _monitoring_or_404(inspection)
    form = ConclusionForm(
        request.POST if request.method == "POST" else None,
        initial={"conclusion": monitoring.conclusion, "rationale": monitoring.rationale, "version": monitoring.version},
    )
    code = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_conclusion(
                    inspection=inspection,
                    conclusion=form.cleaned_data["conclusion"],
                    rationale=form.cleaned_data["rationale"],
                    by=request.user,
                    loaded_version=form.cleaned_data["version"],
                )
            except EditConflict as conflict:
                return _conflict(request, inspection, conflict)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, "Conclusion recorded")
                return redirect("monitoring:matrix", inspection_pk=inspection.pk)
        code = 400
    return render(
        request,
        "monitoring/conclusion_form.html",
        _page(request, inspection, form=form, missing=selectors.areas_without_finding(monitoring)),
        status=code,
    )


@login_required
@require_POST
def draw_sample(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """The lead inspector draws EHC plans at random from the case list; the seed is recorded."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_choose_children)
    _monitoring_or_404(inspection)
    form = DrawSampleForm(request.POST)
    if form.is_valid():
        try:
            sample = services.draw_ehc_plan_sample(
                inspection=inspection, by=request.user, seed=form.cleaned_data["seed"]
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, f"{sample.cases.count()} EHC plans drawn at random (seed {sample.seed})")
            return redirect("monitoring:matrix", inspection_pk=inspection.pk)
    return render(request, "monitoring/draw_refused.html", _page(request, inspection, form=form), status=400)
