"""Pages for writing, checking, rendering and publishing the inspection report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import rules
from inspections.concurrency import CONFLICT_STATUS, EditConflict, conflict_response
from inspections.forms import add_validation_errors
from inspections.models import Inspection
from inspections.views import inspection_context, not_for_monitoring

from . import selectors, services
from .composition import CHILD_EXPERIENCE_HEADING
from .forms import AnswerForm, CommentForm, NarrativeForm, StageForm
from .models import NARRATIVE_SECTIONS, FactualAccuracyComment, Report, ReportPdf, Stage


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _inspection(request: HttpRequest, inspection_pk: int, may) -> Inspection:
    return rules.get_inspection_or_deny(request, inspection_pk, may=may)


def _started_report(inspection) -> Report:
    """The report, which the lead inspector starts on the report page; nothing else creates it."""
    report = selectors.report_for(inspection)
    if report is None:
        raise Http404("The report has not been started")
    return report


def _letter_is_composed(request: HttpRequest, inspection) -> HttpResponse:
    """A monitoring inspection's letter has no narrative: its findings and conclusion are written elsewhere."""
    if rules.may_read_monitoring_evidence(request.user, inspection):
        to, label = reverse("monitoring:matrix", args=[inspection.pk]), "Evidence and findings"
    else:
        to, label = reverse("reports:overview", args=[inspection.pk]), "the report"
    return not_for_monitoring(request, inspection, reason=services.MONITORING_LETTER_COMPOSED, to=to, to_label=label)


def _context(request: HttpRequest, inspection, report, **extra) -> dict:
    context = inspection_context(request, inspection, "reports:overview")
    context.update({"report": report, "today": timezone.localdate()})
    context.update(extra)
    return context


def _pdf_panel(request: HttpRequest, inspection, report, pdf: ReportPdf | None) -> str:
    return render_to_string(
        "reports/_pdf_panel.html",
        {
            "inspection": inspection,
            "report": report,
            "pdf": pdf,
            "may_make_pdf": rules.may_edit_report(request.user, inspection),
        },
        request=request,
    )


@login_required
@require_GET
def overview(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = _inspection(request, inspection_pk, rules.may_open_report_page)
    return _render_overview(request, inspection)


def _may(user, inspection, report: Report | None) -> dict[str, bool]:
    """What this person may do with the report as it stands, for the page to show."""
    may_edit = rules.may_edit_report(user, inspection)
    return {
        "start": report is None and rules.may_start_report(user, inspection),
        "read": report is not None
        and rules.may_read_report(user, inspection, open_to_partnership=report.is_open_to_partnership),
        "edit": bool(may_edit and report and report.is_editable),
        "change_stage": bool(may_edit and report),
        "see_workings": rules.may_see_report_workings(user, inspection),
        "comment": bool(
            report
            and rules.may_comment_on_report(user, inspection)
            and report.stage == Stage.FACTUAL_ACCURACY
            and (report.factual_accuracy_due_on is None or timezone.localdate() <= report.factual_accuracy_due_on)
        ),
    }


def _finding_rows(inspection, findings) -> list[dict]:
    """Each publication refusal finding with an anchor for the error summary and a link to where to change it."""
    fields = {heading: field for field, heading in NARRATIVE_SECTIONS}
    fields[CHILD_EXPERIENCE_HEADING] = "child_experience"
    edit = reverse("reports:edit", args=[inspection.pk])
    rows = []
    for finding in findings:
        field = fields.get(finding.where)
        # Areas for action are written in the evaluation, the rest in the report.
        url = f"{edit}#id_{field}" if field else reverse("evaluation:outcome", args=[inspection.pk])
        rows.append({"finding": finding, "id": f"finding-{len(rows) + 1}", "url": url})
    return rows


def _render_overview(request, inspection, *, comment_form=None, stage_errors=None, findings=None, status=200):
    report = selectors.report_for(inspection)
    may = _may(request.user, inspection, report)
    pdf = selectors.latest_pdf(report) if report is not None else None
    if pdf is not None and not rules.may_read_report(
        request.user, inspection, open_to_partnership=pdf.is_open_to_partnership
    ):
        pdf = None
    from evaluation.selectors import outcome_for

    outcome = outcome_for(inspection)
    local_only = not may["see_workings"]  # the partnership's leads: the outcome only as they may know it
    context = _context(
        request,
        inspection,
        report,
        may=may,
        pdf=pdf,
        comment_form=comment_form or (CommentForm() if may["comment"] else None),
        comments=selectors.comments_for(report) if report else [],
        outcome=outcome,
        outcome_state=rules.outcome_state_for_local_area(inspection, decision=outcome) if local_only else "",
        published_pdf=selectors.published_pdf(report) if report else None,
        events=list(report.events.select_related("by")) if report and may["see_workings"] else [],
        stage_errors=stage_errors or [],
        findings=_finding_rows(inspection, findings or []),
    )
    if pdf is not None or may["change_stage"]:
        context["pdf_panel"] = _pdf_panel(request, inspection, report, pdf)
    return render(request, "reports/overview.html", context, status=status)


@login_required
@require_POST
def start(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """The lead inspector starts the report: an empty draft credited to them."""
    inspection = _inspection(request, inspection_pk, rules.may_start_report)
    services.start_report(inspection=inspection, by=request.user)
    messages.success(request, "The report has been started.")
    if inspection.kind == "monitoring":  # the letter is composed from the findings: nothing to write here
        return redirect("reports:overview", inspection_pk=inspection.pk)
    return redirect("reports:edit", inspection_pk=inspection.pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = _inspection(request, inspection_pk, rules.may_edit_report)
    if inspection.kind == "monitoring":
        return _letter_is_composed(request, inspection)
    report = selectors.report_for(inspection)
    if report is None:
        messages.info(request, "The report has not been started yet.")
        return redirect("reports:overview", inspection_pk=inspection.pk)
    if not report.is_editable:
        messages.info(request, f"The report is {report.get_stage_display().lower()}: its text can no longer change.")
        return redirect("reports:overview", inspection_pk=inspection.pk)
    form = NarrativeForm(request.POST or None, instance=report, versions=selectors.section_versions(report))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_narrative(
                report=report, data=form.sent_sections(), loaded=form.loaded_versions(), by=request.user
            )
        except EditConflict as conflict:
            edit_url = reverse("reports:edit", args=[inspection.pk])
            return conflict_response(
                request, conflict, action=edit_url, back_url=edit_url, context=_context(request, inspection, report)
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "The report has been saved.")
            return redirect("reports:overview", inspection_pk=inspection.pk)
    from evaluation.selectors import criterion_summaries

    summaries = [s for _, s in sorted(criterion_summaries(inspection).items())]
    return render(request, "reports/edit.html", _context(request, inspection, report, form=form, summaries=summaries))


@login_required
@require_POST
def start_from_summaries(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """The lead inspector copies the team's summaries into the editor, to change before sending."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow={"lead_inspector"})
    if inspection.kind == "monitoring":
        return _letter_is_composed(request, inspection)
    report = services.start_report(inspection=inspection, by=request.user)
    try:
        filled = services.start_from_team_summaries(report=report, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Copied the team's summaries into: {' and '.join(filled)}. Change them as you need.")
    return redirect("reports:edit", inspection_pk=inspection.pk)


@login_required
@require_POST
def autosave(request: HttpRequest, inspection_pk: int) -> JsonResponse:
    """Saves the narrative as the lead inspector types (called by the page's script)."""
    inspection = _inspection(request, inspection_pk, rules.may_edit_report)
    if inspection.kind == "monitoring":
        message = services.MONITORING_LETTER_COMPOSED
        return JsonResponse({"saved": False, "errors": [message], "message": message}, status=400)
    report = _started_report(inspection)
    form = NarrativeForm(request.POST, instance=report)
    if not form.is_valid():
        return JsonResponse({"saved": False, "errors": form.errors.get_json_data()}, status=400)
    try:
        report = services.save_narrative(
            report=report, data=form.sent_sections(), loaded=form.loaded_versions(), by=request.user
        )
    except EditConflict as conflict:
        headings = [f"‘{field.label}’" for field in conflict.fields if field.conflicting]
        message = (
            f"Someone else has changed {' and '.join(headings)} since you opened this page. "
            "Your text has not been saved. Save the form to compare the two versions."
        )
        return JsonResponse(
            {"saved": False, "conflict": True, "message": message, "sections": headings}, status=CONFLICT_STATUS
        )
    except ValidationError as exc:
        message = " ".join(exc.messages)
        return JsonResponse({"saved": False, "errors": exc.messages, "message": message}, status=CONFLICT_STATUS)
    saved_at = timezone.localtime(report.updated_at)
    return JsonResponse(
        {
            "saved": True,
            "version": report.version,
            "versions": selectors.section_versions(report),
            "saved_at": saved_at.strftime("%H:%M:%S"),
        }
    )


@login_required
@require_GET
def history(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Every saved version of each narrative section, newest first, for those who see the report's workings."""
    inspection = _inspection(request, inspection_pk, rules.may_see_report_workings)
    report = _started_report(inspection)
    return render(
        request,
        "reports/history.html",
        _context(
            request,
            inspection,
            report,
            sections=selectors.section_history(report),
            may_edit=rules.may_edit_report(request.user, inspection) and report.is_editable,
        ),
    )


@login_required
@require_GET
def preview(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = _inspection(request, inspection_pk, rules.may_open_report_page)
    report = _started_report(inspection)
    if not rules.may_read_report(request.user, inspection, open_to_partnership=report.is_open_to_partnership):
        raise PermissionDenied(
            "The partnership can read the report during the factual accuracy check and once it is published."
        )
    document = selectors.report_document(report)
    return render(request, "reports/preview.html", _context(request, inspection, report, doc=document))


@login_required
@require_POST
def change_stage(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = _inspection(request, inspection_pk, rules.may_edit_report)
    report = _started_report(inspection)
    form = StageForm(request.POST)
    if not form.is_valid():
        return _render_overview(request, inspection, stage_errors=["Choose what to do with the report"], status=400)
    action = form.cleaned_data["action"]
    try:
        if action == "send_for_factual_accuracy":
            report = services.send_for_factual_accuracy(report=report, by=request.user)
            message = (
                f"The draft has been sent to the partnership for the factual accuracy check. "
                f"They can comment until {report.factual_accuracy_due_on:%-d %B %Y}."
            )
        elif action == "mark_final":
            services.mark_final(report=report, by=request.user)
            message = "The report is final."
        elif action == "reopen":
            services.reopen_report(report=report, by=request.user)
            message = "The report is a draft again and can be edited."
        else:
            services.publish_report(report=report, by=request.user)
            message = "The report has been published. Its PDF is being made."
    except services.AnonymityError as exc:
        return _render_overview(request, inspection, findings=exc.findings, status=400)
    except ValidationError as exc:
        return _render_overview(request, inspection, stage_errors=exc.messages, status=400)
    messages.success(request, message)
    return redirect("reports:overview", inspection_pk=inspection.pk)


@login_required
@require_POST
def comment(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = _inspection(request, inspection_pk, rules.may_comment_on_report)
    report = _started_report(inspection)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_factual_accuracy_comment(
                report=report, by=request.user, text=form.cleaned_data["text"], section=form.cleaned_data["section"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "Your comment has been sent to the inspection team.")
            return redirect("reports:overview", inspection_pk=inspection.pk)
    return _render_overview(request, inspection, comment_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, inspection_pk: int, pk: int) -> HttpResponse:
    """The lead inspector answers one factual accuracy comment; the partnership's leads see the answer."""
    inspection = _inspection(request, inspection_pk, rules.may_edit_report)
    report = _started_report(inspection)
    comment = get_object_or_404(FactualAccuracyComment.objects.select_related("author"), pk=pk, report=report)
    initial = {"response": comment.response, "text": comment.response_text} if comment.response else None
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_factual_accuracy_comment(
                comment=comment,
                accepted=form.cleaned_data["response"] == FactualAccuracyComment.Response.ACCEPTED,
                text=form.cleaned_data["text"],
                by=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Your answer has been saved. The partnership's leads can read it.")
            return redirect(reverse("reports:overview", args=[inspection.pk]) + "#comments")
    context = _context(request, inspection, report, comment=comment, form=form)
    return render(request, "reports/answer.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def generate_pdf(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = _inspection(request, inspection_pk, rules.may_edit_report)
    report = _started_report(inspection)
    pdf = services.request_report_pdf(report=report, by=request.user)
    pdf.refresh_from_db()  # the queue may have been found down once the request was committed
    if _wants_json(request):
        return JsonResponse(_status_payload(request, inspection, report, pdf))
    return redirect("reports:overview", inspection_pk=inspection.pk)


def _pdf_or_deny(request: HttpRequest, inspection, pdf_pk: int) -> ReportPdf:
    pdf = get_object_or_404(ReportPdf.objects.select_related("report"), pk=pdf_pk, report__inspection=inspection)
    if not rules.may_read_report(request.user, inspection, open_to_partnership=pdf.is_open_to_partnership):
        raise PermissionDenied("The partnership can read the draft during the factual accuracy check only.")
    return pdf


def _status_payload(request, inspection, report, pdf: ReportPdf) -> dict:
    return {
        "state": pdf.status,
        "label": pdf.get_status_display(),
        "error": pdf.error,
        "version": pdf.version,
        "status_url": reverse("reports:pdf_status", args=[inspection.pk, pdf.pk]),
        "download_url": reverse("reports:download_pdf", args=[inspection.pk, pdf.pk]) if pdf.is_ready else "",
        "html": _pdf_panel(request, inspection, report, pdf),
    }


@login_required
@require_GET
def pdf_status(request: HttpRequest, inspection_pk: int, pdf_pk: int) -> JsonResponse:
    """Polled by the page while a PDF is queued or rendering."""
    inspection = _inspection(request, inspection_pk, rules.may_open_report_page)
    pdf = _pdf_or_deny(request, inspection, pdf_pk)
    response = JsonResponse(_status_payload(request, inspection, pdf.report, pdf))
    response["Cache-Control"] = "no-store"
    return response


def _file_response(pdf: ReportPdf) -> FileResponse:
    if not pdf.is_ready:
        raise Http404("The PDF is not ready yet")
    name = pdf.report.inspection.partnership.name.lower().replace(" ", "-")
    suffix = "" if pdf.stage == Stage.PUBLISHED else f"-{pdf.stage.replace('_', '-')}"
    filename = f"area-send-inspection-{name}-v{pdf.version}{suffix}.pdf"
    response = FileResponse(pdf.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def download_pdf(request: HttpRequest, inspection_pk: int, pdf_pk: int) -> FileResponse:
    inspection = _inspection(request, inspection_pk, rules.may_open_report_page)
    return _file_response(_pdf_or_deny(request, inspection, pdf_pk))


@login_required
@require_GET
def download_published(request: HttpRequest, inspection_pk: int) -> FileResponse:
    """The published report, for everyone who may see the inspection."""
    inspection = _inspection(request, inspection_pk, rules.may_open_report_page)
    report = selectors.report_for(inspection)
    pdf = selectors.published_pdf(report) if report else None
    if pdf is None:
        raise Http404("The report has not been published yet")
    return _file_response(pdf)
