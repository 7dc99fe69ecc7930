"""Pages for evidence, the matrix, criterion pages and the outcome decision.

Every view asks ``accounts.rules`` who may see it. Evidence is the team's working material:
local area leads never see it, and they see the outcome only once the report is published.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import rules
from documents import selectors as documents_selectors
from inspections.concurrency import EditConflict, conflict_response
from inspections.forms import add_validation_errors
from inspections.framework import CRITERIA_BY_NUMBER, OUTCOMES
from surveys import selectors as survey_selectors

from . import selectors, services
from .forms import AreaForActionForm, CriterionSummaryForm, EvidenceForm, OutcomeForm, WithdrawForm
from .models import AreaForAction, Evidence, EvidenceDraft, EvidenceVersion, Nature, OutcomeDecision, SourceKind

READ = rules.may_read_evidence
WRITE = rules.may_record_evidence


def _page(request: HttpRequest, inspection, current: str = "evaluation:matrix") -> dict:
    """The inspection's heading, section navigation and what this person may do, for every page here."""
    from inspections.views import inspection_context

    context = inspection_context(request, inspection, current)
    context["may"] = {
        "read_evidence": rules.may_read_evidence(request.user, inspection),
        "record_evidence": rules.may_record_evidence(request.user, inspection),
        "decide_outcome": rules.may_decide_outcome(request.user, inspection),
    }
    return context


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _uuid_or_none(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


# --- Matrix and lists -------------------------------------------------------------------------


@login_required
def matrix(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Criteria against source kinds, with the gaps that remain and each inspector's share."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=READ)
    if inspection.kind == "monitoring":  # evidence against the areas for priority action instead
        return redirect("monitoring:matrix", inspection_pk=inspection.pk)
    return render(
        request,
        "evaluation/matrix.html",
        {
            **_page(request, inspection),
            "matrix": selectors.evidence_matrix(inspection),
            "can_write": rules.may_record_evidence(request.user, inspection),
        },
    )


@login_required
def evidence_list(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=READ)
    criterion = _int_or_none(request.GET.get("criterion"))
    criterion = criterion if criterion in CRITERIA_BY_NUMBER else None
    source_kind = request.GET.get("source") if request.GET.get("source") in SourceKind.values else None
    nature = request.GET.get("nature") if request.GET.get("nature") in Nature.values else None
    include_withdrawn = request.GET.get("withdrawn") == "1"
    items = selectors.evidence_list(
        inspection,
        criterion=criterion,
        source_kind=source_kind,
        nature=nature,
        author_id=_int_or_none(request.GET.get("author")),
        include_withdrawn=include_withdrawn,
    )
    selectors.with_source_links(inspection, items, audiences=request.inspection_audiences)
    filters = []
    if criterion:
        filters.append(CRITERIA_BY_NUMBER[criterion].short_name)
    if source_kind:
        filters.append(SourceKind(source_kind).label)
    if nature:
        filters.append(Nature(nature).label)
    if request.GET.get("author") and items:
        filters.append(f"recorded by {items[0].author.display_name}")
    return render(
        request,
        "evaluation/evidence_list.html",
        {
            **_page(request, inspection),
            "items": items,
            "filters": filters,
            "include_withdrawn": include_withdrawn,
            "drafts": selectors.drafts_for(inspection, request.user)
            if rules.may_record_evidence(request.user, inspection)
            else [],
            "can_write": rules.may_record_evidence(request.user, inspection),
        },
    )


# --- Recording and changing evidence --------------------------------------------------------


def _draft_initial(draft: EvidenceDraft) -> dict:
    data = draft.data or {}
    return {
        "criteria": [n for n in (_int_or_none(v) for v in data.get("criteria", [])) if n],
        "source_kind": data.get("source_kind", ""),
        "nature": data.get("nature", ""),
        "source": data.get("source", ""),
        "text": draft.text,
        "draft_key": draft.key,
    }


@login_required
def evidence_new(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Record evidence; the page saves a draft as the inspector types (see static/evaluation)."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=WRITE)
    options = selectors.source_options(inspection)
    if request.method == "POST":
        form = EvidenceForm(request.POST, source_options=options)
        if form.is_valid():
            try:
                evidence = services.record_evidence(inspection=inspection, by=request.user, **form.service_kwargs())
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, f"Evidence {evidence.reference} recorded")
                return _to_detail(evidence, form.cleaned_data.get("draft_key"))
    else:
        initial = {}
        key = _uuid_or_none(request.GET.get("draft"))
        if key:
            draft = EvidenceDraft.objects.filter(author=request.user, key=key, inspection=inspection).first()
            initial = _draft_initial(draft) if draft else {"draft_key": key}
        criteria = [n for n in (_int_or_none(v) for v in request.GET.getlist("criterion")) if n in CRITERIA_BY_NUMBER]
        if criteria and not initial.get("criteria"):
            initial["criteria"] = criteria
        # Recording from a source's page (a fieldwork activity): its kind and link are set.
        source = request.GET.get("source", "")
        if not initial.get("source") and any(o.value == source for o in options):
            initial["source"] = source
            if request.GET.get("source_kind") in SourceKind.values:
                initial["source_kind"] = request.GET["source_kind"]
        form = EvidenceForm(initial=initial, source_options=options)
    # Coming back to "Record evidence": offer the inspector's unfinished drafts, newest first.
    unfinished = [] if request.GET.get("draft") else selectors.drafts_for(inspection, request.user)
    return render(
        request,
        "evaluation/evidence_form.html",
        {
            **_page(request, inspection),
            "form": form,
            "unfinished": unfinished,
            "evidence": None,
            "autosave_url": reverse("evaluation:draft_save", args=[inspection.pk]),
        },
    )


def _to_detail(evidence: Evidence, draft_key) -> HttpResponse:
    url = reverse("evaluation:evidence_detail", args=[evidence.inspection_id, evidence.pk])
    if draft_key:
        url += f"?saved_draft={draft_key}"
    return redirect(url)


@login_required
def evidence_edit(request: HttpRequest, inspection_pk: int, pk: int) -> HttpResponse:
    """Change evidence: the service saves a new version and keeps the old ones.

    The form carries the version it was drawn from; a save against a newer one shows the conflict
    page. A draft of the current version is put back in the form; one of an older version is only
    shown beside it, so saving can never quietly bring back older text.
    """
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=WRITE)
    evidence = get_object_or_404(Evidence, pk=pk, inspection=inspection)
    if evidence.is_withdrawn:
        raise PermissionDenied("Withdrawn evidence cannot be changed.")
    options = selectors.source_options(inspection)
    if evidence.source_object_id and not any(o.value.endswith(f":{evidence.source_object_id}") for o in options):
        options.append(selectors.SourceOption(_source_value(evidence), evidence.source_label, "Current"))
    restored = stale = None
    if request.method == "POST":
        form = EvidenceForm(request.POST, source_options=options, versioned=True)
        if form.is_valid():
            try:
                evidence = services.revise_evidence(evidence=evidence, by=request.user, **form.service_kwargs())
            except EditConflict as conflict:
                return conflict_response(
                    request,
                    conflict,
                    action=request.path,
                    back_url=reverse("evaluation:evidence_detail", args=[inspection.pk, evidence.pk]),
                    context=_page(request, inspection),
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, f"Evidence {evidence.reference} updated: version {evidence.version_count}")
                return _to_detail(evidence, form.cleaned_data.get("draft_key"))
    else:
        draft = EvidenceDraft.objects.filter(author=request.user, evidence=evidence).order_by("-updated_at").first()
        if draft and draft.base_version == evidence.version_count:
            initial, restored = _draft_initial(draft), draft
        else:
            initial, stale = _evidence_initial(evidence), draft
        initial["version"] = evidence.version_count
        form = EvidenceForm(initial=initial, source_options=options, versioned=True)
    return render(
        request,
        "evaluation/evidence_form.html",
        {
            **_page(request, inspection),
            "form": form,
            "evidence": evidence,
            "restored_draft": restored,
            "stale_draft": stale,
            "autosave_url": reverse("evaluation:draft_save", args=[inspection.pk]) + f"?evidence={evidence.pk}",
        },
    )


def _evidence_initial(evidence: Evidence) -> dict:
    return {
        "criteria": evidence.criterion_numbers,
        "source_kind": evidence.source_kind,
        "nature": evidence.nature,
        "text": evidence.text,
        "source": _source_value(evidence),
    }


def _source_value(evidence: Evidence) -> str:
    if not evidence.source_object_id:
        return ""
    if evidence.source_content_type_id:
        return f"ct:{evidence.source_content_type_id}:{evidence.source_object_id}"
    return evidence.source_object_id


@login_required
@require_POST
def draft_save(request: HttpRequest, inspection_pk: int) -> JsonResponse:
    """Autosave endpoint: keeps what is typed so far, keyed by the page's draft key."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=WRITE)
    key = _uuid_or_none(request.POST.get("draft_key"))
    if key is None:
        return JsonResponse({"error": "Missing draft key"}, status=400)
    evidence = None
    evidence_pk = _int_or_none(request.GET.get("evidence"))
    if evidence_pk:
        evidence = Evidence.objects.filter(pk=evidence_pk, inspection=inspection, withdrawn_at__isnull=True).first()
        if evidence is None:
            return JsonResponse({"error": "No such evidence"}, status=404)
    data = {
        "criteria": request.POST.getlist("criteria"),
        "source_kind": request.POST.get("source_kind", ""),
        "nature": request.POST.get("nature", ""),
        "source": request.POST.get("source", ""),
        "text": request.POST.get("text", ""),
    }
    base_version = _int_or_none(request.POST.get("version")) if evidence else None
    try:
        draft = services.save_draft(
            inspection=inspection, by=request.user, key=key, data=data, evidence=evidence, base_version=base_version
        )
    except services.DraftAlreadySaved as error:
        return JsonResponse({"error": str(error)}, status=410)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    saved_at = draft.updated_at if draft is not None else timezone.now()
    return JsonResponse({"key": str(key), "saved_at": timezone.localtime(saved_at).strftime("%H:%M:%S")})


@login_required
def draft_discard(request: HttpRequest, inspection_pk: int, key: uuid.UUID) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=WRITE)
    if request.method == "POST":
        services.discard_draft(by=request.user, key=key)
        messages.success(request, "Draft deleted")
        # Discarding from an edit page goes back to it, now showing the saved text.
        back_to = Evidence.objects.filter(
            pk=_int_or_none(request.POST.get("evidence")), inspection=inspection, withdrawn_at__isnull=True
        ).first()
        if back_to:
            return redirect("evaluation:evidence_edit", inspection.pk, back_to.pk)
        return redirect("evaluation:evidence_list", inspection.pk)
    draft = get_object_or_404(EvidenceDraft, author=request.user, key=key, inspection=inspection)
    return render(request, "evaluation/draft_discard.html", {**_page(request, inspection), "draft": draft})


@login_required
def evidence_detail(request: HttpRequest, inspection_pk: int, pk: int) -> HttpResponse:
    """One piece of evidence with every version, oldest last."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=READ)
    evidence = get_object_or_404(
        Evidence.objects.select_related("author", "withdrawn_by"), pk=pk, inspection=inspection
    )
    versions = list(EvidenceVersion.objects.filter(evidence=evidence).select_related("saved_by").order_by("-number"))
    selectors.with_source_links(inspection, [evidence], audiences=request.inspection_audiences)
    return render(
        request,
        "evaluation/evidence_detail.html",
        {
            **_page(request, inspection),
            "evidence": evidence,
            "versions": versions,
            "saved_draft": _uuid_or_none(request.GET.get("saved_draft")),
            "can_write": rules.may_record_evidence(request.user, inspection) and not evidence.is_withdrawn,
        },
    )


@login_required
def evidence_withdraw(request: HttpRequest, inspection_pk: int, pk: int) -> HttpResponse:
    """Withdraw evidence with a reason: it leaves the matrix but stays on record."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=WRITE)
    evidence = get_object_or_404(Evidence, pk=pk, inspection=inspection)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_evidence(evidence=evidence, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Evidence {evidence.reference} withdrawn")
            return redirect("evaluation:evidence_detail", inspection.pk, evidence.pk)
    return render(
        request, "evaluation/evidence_withdraw.html", {**_page(request, inspection), "evidence": evidence, "form": form}
    )


# --- Criterion pages --------------------------------------------------------------------------


@login_required
def criterion_detail(request: HttpRequest, inspection_pk: int, number: int) -> HttpResponse:
    """Everything for one criterion side by side, and the team's summary of it."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=READ)
    criterion = CRITERIA_BY_NUMBER.get(number)
    if criterion is None:
        raise Http404("No such criterion")
    summary = selectors.criterion_summaries(inspection).get(number)
    can_write = rules.may_record_evidence(request.user, inspection)
    initial = {"effective": summary.effective, "better": summary.better} if summary else {}
    initial["version"] = summary.version if summary else 0
    form = CriterionSummaryForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("Only the inspection team can write the summary.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_criterion_summary(
                    inspection=inspection,
                    criterion=number,
                    by=request.user,
                    effective=data["effective"],
                    better=data["better"],
                    loaded_version=data["version"],
                )
            except EditConflict as conflict:
                return conflict_response(
                    request, conflict, action=request.path, back_url=request.path, context=_page(request, inspection)
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, f"Summary for {criterion.short_name.lower()} saved")
                return redirect("evaluation:criterion", inspection.pk, number)
    items = selectors.evidence_list(inspection, criterion=number)
    selectors.with_source_links(inspection, items, audiences=request.inspection_audiences)
    return render(
        request,
        "evaluation/criterion.html",
        {
            **_page(request, inspection),
            "criterion": criterion,
            "form": form,
            "summary": summary,
            "strengths": [e for e in items if e.nature == Nature.STRENGTH],
            "weaknesses": [e for e in items if e.nature == Nature.WEAKNESS],
            "context": [e for e in items if e.nature == Nature.CONTEXT],
            "survey_results": list(survey_selectors.question_results_for_criterion(inspection, number)),
            "survey_comments": list(survey_selectors.tagged_free_text(inspection, number)),
            "self_evaluation": documents_selectors.self_evaluation_summary(inspection).get(number),
            "can_write": can_write,
            "previous": CRITERIA_BY_NUMBER.get(number - 1),
            "next": CRITERIA_BY_NUMBER.get(number + 1),
            "summary_history": list(summary.history.select_related("history_user").order_by("-history_date")[:20])
            if summary
            else [],
        },
    )


# --- Outcome ----------------------------------------------------------------------------------


def _outcome_context(request, inspection) -> dict:
    decision = selectors.outcome_for(inspection)
    published = bool(decision and decision.is_published)
    embargoed = False
    if not rules.may_see_outcome(request.user, inspection, published=published):
        # The partnership's leads hear the outcome at the final feedback meeting, under embargo.
        state = (
            rules.outcome_state_for_local_area(inspection, decision=decision)
            if rules.is_partnership_lead(request.user, inspection.partnership)
            else ""
        )
        if not state:
            raise PermissionDenied("The outcome is shared at the final feedback meeting.")
        embargoed = state == "embargoed"
    is_lead = rules.may_decide_outcome(request.user, inspection)
    return {
        **_page(request, inspection),
        "decision": decision,
        "priority_areas": selectors.areas_for_action(inspection, AreaForAction.PRIORITY),
        "improvement_areas": selectors.areas_for_action(inspection, AreaForAction.IMPROVEMENT),
        "follow_ups": selectors.follow_ups_for(inspection, decision=decision) if decision else None,
        "on_site_begun": services.on_site_has_begun(inspection),
        "can_change": is_lead and not published,
        "show_history": rules.may_see_outcome_history(request.user, inspection),
        "embargoed": embargoed,
        "plan_url": _action_plan_url(request, inspection, decision),
    }


def _action_plan_url(request, inspection, decision) -> str:
    """After a published outcome 3 each area for priority action links to the partnership's plan."""
    if not (decision and decision.is_published and decision.definition.priority_action_plan_wd):
        return ""
    if not rules.may_see_follow_up_plans(request.user, inspection):
        return ""
    return reverse("followups:action_plan", kwargs={"inspection_pk": inspection.pk})


@login_required
def outcome(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """The decision, its areas for action, what follows and the history of changes."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.can_view_inspection)
    if inspection.kind == "monitoring" and rules.may_read_monitoring_evidence(request.user, inspection):
        return redirect("monitoring:matrix", inspection_pk=inspection.pk)  # a conclusion, not an outcome
    context = _outcome_context(request, inspection)
    if context["show_history"]:
        context["history"] = selectors.outcome_history(inspection)
    return render(request, "evaluation/outcome.html", context)


def _lead_only(request, inspection_pk: int):
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_decide_outcome)
    if OutcomeDecision.objects.filter(inspection=inspection, published_on__isnull=False).exists():
        raise PermissionDenied("The report has been published: the outcome can no longer change.")
    return inspection


@login_required
def outcome_decide(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Lead inspector only, once on-site work has begun."""
    inspection = _lead_only(request, inspection_pk)
    decision = selectors.outcome_for(inspection)
    initial = {"outcome": decision.outcome, "rationale": decision.rationale} if decision else {}
    initial["version"] = decision.version if decision else 0
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decide_outcome(
                inspection=inspection,
                by=request.user,
                outcome=data["outcome"],
                rationale=data["rationale"],
                loaded_version=data["version"],
            )
        except EditConflict as conflict:
            return conflict_response(
                request,
                conflict,
                action=request.path,
                back_url=reverse("evaluation:outcome", args=[inspection.pk]),
                context=_page(request, inspection),
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Outcome {decision.outcome} recorded")
            return redirect("evaluation:outcome", inspection.pk)
    return render(
        request,
        "evaluation/outcome_decide.html",
        {
            **_page(request, inspection),
            "form": form,
            "decision": decision,
            "outcomes": OUTCOMES,
            "on_site_begun": services.on_site_has_begun(inspection),
            "priority_count": len(selectors.areas_for_action(inspection, AreaForAction.PRIORITY)),
        },
    )


@login_required
def area_new(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = _lead_only(request, inspection_pk)
    kind = request.GET.get("kind")
    initial = {"kind": kind} if kind in {AreaForAction.PRIORITY, AreaForAction.IMPROVEMENT} else {}
    form = AreaForActionForm(request.POST or None, initial=initial, bodies=inspection.partnership.bodies.all())
    if request.method == "POST" and form.is_valid():
        try:
            area = services.add_area_for_action(inspection=inspection, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{area.get_kind_display()} added")
            return redirect("evaluation:outcome", inspection.pk)
    return render(request, "evaluation/area_form.html", {**_page(request, inspection), "form": form, "area": None})


@login_required
def area_edit(request: HttpRequest, inspection_pk: int, pk: int) -> HttpResponse:
    inspection = _lead_only(request, inspection_pk)
    area = get_object_or_404(AreaForAction, pk=pk, inspection=inspection)
    form = AreaForActionForm(
        request.POST or None,
        initial={
            "text": area.text,
            "criteria": area.criteria,
            "responsible_bodies": list(area.responsible_bodies.all()),
            "version": area.version,
        },
        bodies=inspection.partnership.bodies.all(),
        with_kind=False,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_area_for_action(
                area=area,
                by=request.user,
                text=data["text"],
                criteria=data["criteria"],
                responsible_bodies=data["responsible_bodies"],
                loaded_version=data["version"],
            )
        except EditConflict as conflict:
            return conflict_response(
                request,
                conflict,
                action=request.path,
                back_url=reverse("evaluation:outcome", args=[inspection.pk]),
                context=_page(request, inspection),
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{area.get_kind_display()} updated")
            return redirect("evaluation:outcome", inspection.pk)
    return render(request, "evaluation/area_form.html", {**_page(request, inspection), "form": form, "area": area})


@login_required
def area_remove(request: HttpRequest, inspection_pk: int, pk: int) -> HttpResponse:
    inspection = _lead_only(request, inspection_pk)
    area = get_object_or_404(AreaForAction, pk=pk, inspection=inspection)
    error = None
    if request.method == "POST":
        try:
            services.remove_area_for_action(area=area, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"{area.get_kind_display()} removed")
            return redirect("evaluation:outcome", inspection.pk)
    return render(request, "evaluation/area_remove.html", {**_page(request, inspection), "area": area, "error": error})


# --- Follow-ups for administrators ----------------------------------------------------------


@login_required
def follow_ups(request: HttpRequest) -> HttpResponse:
    """Administrators: engagement meetings and inspection windows set by published outcomes."""
    if not rules.may_see_follow_ups(request.user):
        raise PermissionDenied("Only administrators can see follow-ups.")
    partnership = None
    partnership_pk = _int_or_none(request.GET.get("partnership"))
    if partnership_pk:
        from inspections.models import Partnership

        partnership = get_object_or_404(Partnership, pk=partnership_pk)
    return render(
        request,
        "evaluation/follow_ups.html",
        {
            "rows": selectors.published_follow_ups(partnership=partnership),
            "partnership": partnership,
            "today": timezone.localdate(),
        },
    )
