"""Pages for the plans that follow a report. Every view asks accounts.rules first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import rules
from documents import filecheck, uploads
from documents import services as document_services
from documents.forms import UploadForm
from evaluation import selectors as evaluation_selectors
from inspections.concurrency import EditConflict, conflict_response
from inspections.csv_export import csv_download
from inspections.forms import add_validation_errors
from inspections.views import inspection_context

from . import charts, meetings, programme, selectors, services, status
from .forms import PlanReviewForm, ProgrammeFilterForm, RecordMeetingForm, RescheduleMeetingForm, StrategicPlanForm
from .models import ActionPlanVersion

NAV_CURRENT = "followups:after_report"


@login_required
@require_GET
def after_report(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """What the partnership owes after publication: the plan the outcome asks for, or nothing yet."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_see_follow_up_plans)
    decision = selectors.published_decision(inspection)
    if decision is not None and decision.definition.priority_action_plan_wd:
        return redirect("followups:action_plan", inspection_pk=inspection.pk)
    if decision is not None:
        return redirect("followups:strategic_plan", inspection_pk=inspection.pk)
    context = inspection_context(request, inspection, NAV_CURRENT)
    return render(request, "followups/not_yet.html", context)


def _render_plan(request, inspection, overview, *, upload_form=None, review_form=None, code: int = 200):
    context = inspection_context(request, inspection, NAV_CURRENT)
    may_upload = rules.may_upload_action_plan(request.user, inspection)
    may_review = rules.may_review_action_plan(request.user, inspection)
    latest = overview.latest
    if may_upload and upload_form is None:
        upload_form = UploadForm()
    if may_review and latest is not None and latest.status == status.AWAITING_REVIEW and review_form is None:
        review_form = PlanReviewForm()
    context.update(
        {
            "overview": overview,
            "upload_form": upload_form if may_upload else None,
            "review_form": review_form if may_review else None,
            "form": upload_form if upload_form is not None and upload_form.errors else review_form,
            "max_upload": filecheck.human_size(document_services.max_upload_bytes()),
            "allowed_types": filecheck.ALLOWED_LABELS,
            "accept": ",".join(filecheck.ALLOWED),
            "priority_areas": evaluation_selectors.areas_for_action(inspection, "priority"),
        }
    )
    return render(request, "followups/action_plan.html", context, status=code)


def _overview_or_404(inspection):
    overview = selectors.action_plan_overview(inspection, today=timezone.localdate())
    if overview is None:
        raise Http404("No priority action plan is asked for after this inspection")
    return overview


@csrf_exempt  # checked by csrf_protect below, once file names as sent are being recorded
@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def action_plan(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """The plan's status and versions; leads upload a new version here, the lead inspector reviews."""
    uploads.record_sent_file_names(request)
    uploads.limit_upload_size(request, document_services.max_upload_bytes())
    return _action_plan(request, inspection_pk)


@csrf_protect
def _action_plan(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_see_follow_up_plans)
    overview = _overview_or_404(inspection)
    if request.method == "GET":
        return _render_plan(request, inspection, overview)
    if not rules.may_upload_action_plan(request.user, inspection):
        raise PermissionDenied("Only the partnership's leads can upload the priority action plan.")
    form = UploadForm(
        request.POST,
        request.FILES,
        name_of=lambda uploaded: uploads.sent_name(request, uploaded),
        dropped_names=request.dropped_file_names,
        oversize_names=request.oversize_file_names,
    )
    if form.is_valid():
        files = form.incoming_files()
        if len(files) != 1:
            form.add_error("files", "Select one file: the plan is uploaded as a single document")
        else:
            try:
                version = services.upload_action_plan(inspection=inspection, file=files[0], by=request.user)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, f"Priority action plan version {version.number} uploaded for review")
                return redirect("followups:action_plan", inspection_pk=inspection.pk)
    return _render_plan(request, inspection, overview, upload_form=form, code=400)


@login_required
@require_POST
def review_action_plan(request: HttpRequest, inspection_pk: int, number: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_review_action_plan)
    overview = _overview_or_404(inspection)
    version = get_object_or_404(ActionPlanVersion, inspection=inspection, number=number)
    form = PlanReviewForm(request.POST)
    if form.is_valid():
        try:
            version = services.review_action_plan(
                version=version,
                decision=form.cleaned_data["decision"],
                feedback=form.cleaned_data["feedback"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Version {version.number}: {version.get_status_display().lower()}")
            return redirect("followups:action_plan", inspection_pk=inspection.pk)
    return _render_plan(request, inspection, overview, review_form=form, code=400)


@login_required
@require_GET
def download_action_plan(request: HttpRequest, inspection_pk: int, number: int) -> FileResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_see_follow_up_plans)
    row = get_object_or_404(ActionPlanVersion, inspection=inspection, number=number)
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage") from None
    return uploads.attachment_response(handle, original_name=row.original_name, content_type=row.content_type)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def strategic_plan(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Leads record when and where the updated strategic plan was published; others see it."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_see_follow_up_plans)
    today = timezone.localdate()
    overview = selectors.strategic_plan_overview(inspection, today=today)
    if overview is None:
        raise Http404("No strategic plan is asked for after this inspection")
    may_record = rules.may_record_strategic_plan(request.user, inspection)
    code = 200
    form = None
    if may_record:
        record = overview.record
        initial = {"url": record.url, "published_on": record.published_on} if record else {}
        form = StrategicPlanForm(initial={**initial, "version": record.version if record else 0})
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied("Only the partnership's leads can record the strategic plan.")
        form = StrategicPlanForm(request.POST)
        if form.is_valid():
            try:
                services.record_strategic_plan(
                    inspection=inspection,
                    url=form.cleaned_data["url"],
                    published_on=form.cleaned_data["published_on"],
                    by=request.user,
                    today=today,
                    loaded_version=form.cleaned_data["version"],
                )
            except EditConflict as conflict:
                return conflict_response(
                    request,
                    conflict,
                    action=request.path,
                    back_url=request.path,
                    context=inspection_context(request, inspection, NAV_CURRENT),
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, "Strategic plan recorded")
                return redirect("followups:strategic_plan", inspection_pk=inspection.pk)
        code = 400
    context = inspection_context(request, inspection, NAV_CURRENT)
    context.update({"overview": overview, "form": form})
    return render(request, "followups/strategic_plan.html", context, status=code)


# --- Engagement meetings -----------------------------------------------------------------------


def _theme_choices(inspection) -> list[tuple[str, str]]:
    from evaluation.models import AreaForAction
    from inspections.framework import CRITERIA

    choices = [(f"criterion:{c.number}", f"Criterion {c.number}: {c.short_name}") for c in CRITERIA]
    areas = AreaForAction.objects.filter(inspection=inspection, kind=AreaForAction.PRIORITY).order_by("order", "id")
    choices += [(f"area:{a.pk}", f"Area for priority action {i}") for i, a in enumerate(areas, start=1)]
    return choices


def _meeting_or_404(inspection, number: int) -> selectors.MeetingRow:
    rows = selectors.engagement_meetings(inspection)
    if not 1 <= number <= len(rows):
        raise Http404("No such engagement meeting")
    return rows[number - 1]


@login_required
@require_GET
def meeting_list(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Planned and held engagement meetings; the leads see dates and shared summaries only."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_see_follow_up_plans)
    context = inspection_context(request, inspection, NAV_CURRENT)
    may_read_notes = rules.may_read_engagement_notes(request.user, inspection)
    labels = dict(_theme_choices(inspection)) if may_read_notes else {}
    rows = [
        {
            "row": row,
            "attendees": [meetings.ATTENDEE_LABELS.get(r, r) for r in row.record.attendee_roles] if row.record else [],
            "themes": [labels.get(t, t) for t in row.record.themes] if row.record and may_read_notes else [],
        }
        for row in selectors.engagement_meetings(inspection)
    ]
    context.update(
        {
            "rows": rows,
            "may": {
                "read_notes": may_read_notes,
                "reschedule": rules.may_reschedule_engagement_meeting(request.user, inspection),
                "record": rules.may_record_engagement_meeting(request.user, inspection),
            },
            "today": timezone.localdate(),
        }
    )
    return render(request, "followups/meetings.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def reschedule_meeting(request: HttpRequest, inspection_pk: int, number: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_reschedule_engagement_meeting)
    row = _meeting_or_404(inspection, number)
    form = RescheduleMeetingForm(initial={"new_date": row.planned_on})
    code = 200
    if request.method == "POST":
        form = RescheduleMeetingForm(request.POST)
        if form.is_valid():
            try:
                services.reschedule_meeting(
                    inspection=inspection, number=number, new_date=form.cleaned_data["new_date"], by=request.user
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, f"Engagement meeting {number} rescheduled")
                return redirect("followups:meetings", inspection_pk=inspection.pk)
        code = 400
    context = inspection_context(request, inspection, NAV_CURRENT)
    context.update({"form": form, "row": row, "title": f"Reschedule engagement meeting {number}"})
    return render(request, "followups/meeting_form.html", context, status=code)


def _recorded(record) -> dict:
    """A recorded meeting's answers, so correcting it starts from what was saved (and its version)."""
    if record is None:
        return {"version": 0}
    if record.held_on is None:
        return {"version": record.version}
    return {
        "held_on": record.held_on,
        "attendee_roles": record.attendee_roles,
        "themes": record.themes,
        "concern": record.concern,
        "concern_reason": record.concern_reason,
        "notes": record.notes,
        "shared_summary": record.shared_summary,
        "version": record.version,
    }


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def record_meeting(request: HttpRequest, inspection_pk: int, number: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_record_engagement_meeting)
    row = _meeting_or_404(inspection, number)
    choices = _theme_choices(inspection)
    form = RecordMeetingForm(theme_choices=choices, initial=_recorded(row.record))
    code = 200
    if request.method == "POST":
        form = RecordMeetingForm(request.POST, theme_choices=choices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_meeting(
                    inspection=inspection,
                    number=number,
                    held_on=data["held_on"],
                    attendee_roles=data["attendee_roles"],
                    notes=data["notes"],
                    shared_summary=data["shared_summary"],
                    themes=data["themes"],
                    concern=data["concern"],
                    concern_reason=data["concern_reason"],
                    by=request.user,
                    loaded_version=data["version"],
                )
            except EditConflict as conflict:
                return conflict_response(
                    request,
                    conflict,
                    action=request.path,
                    back_url=request.path,
                    context=inspection_context(request, inspection, NAV_CURRENT),
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, f"Engagement meeting {number} recorded")
                return redirect("followups:meetings", inspection_pk=inspection.pk)
        code = 400
    context = inspection_context(request, inspection, NAV_CURRENT)
    context.update({"form": form, "row": row, "title": f"Record engagement meeting {number}"})
    return render(request, "followups/meeting_form.html", context, status=code)


# --- The national programme --------------------------------------------------------------------


def _date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def _past(item) -> str:
    if item is None:
        return ""
    return f"{item.kind.capitalize()} {item.starts_on:%-d %B %Y}: {item.result}".strip()


def programme_csv_rows(rows):
    yield [
        "Partnership",
        "Region",
        "Latest inspection 2016 to 2022",
        "Latest inspection from 2023",
        "Latest outcome",
        "Next full inspection due by",
        "Monitoring due by",
        "Plan",
        "Plan status",
        "Next engagement meeting (planned)",
        "Concern",
        "Flags",
    ]
    for row in rows:
        line = row.line
        yield [
            row.partnership.name,
            row.partnership.get_region_display(),
            _past(line.latest_2016),
            _past(line.latest_2023),
            line.latest_outcome or "",
            _date(line.next_full_due_by),
            _date(line.monitoring_due_by),
            line.plan_name,
            line.plan.label if line.plan else "",
            _date(line.next_meeting),
            " ".join(filter(None, [line.concern, line.concern_reason, line.reinspection_reason])),
            "; ".join(programme.FLAG_LABELS[f] for f in sorted(line.flags)),
        ]


@login_required
@require_GET
def programme_page(request: HttpRequest) -> HttpResponse:
    """Every partnership's place in the inspection cycle, for administrators; CSV with ?format=csv."""
    if not rules.may_see_follow_ups(request.user):
        raise PermissionDenied("The national programme is for administrators.")
    form = ProgrammeFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and not form.is_valid():
        return render(request, "followups/programme.html", {"form": form, "rows": []}, status=400)
    if form.is_bound:
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    today = timezone.localdate()
    every = selectors.national_programme(today=today)
    rows = selectors.national_programme(today=today, **filters) if filters else every
    if request.GET.get("format") == "csv":
        return csv_download(programme_csv_rows(rows), "national-programme.csv")
    query = request.GET.copy()
    query["format"] = "csv"
    by_year = charts.outcomes_by_year(selectors.graded_inspections())
    outcome_pairs = [(f"{year}: outcome {n}", counts[n - 1]) for year, *counts in by_year for n in (1, 2, 3)]
    return render(
        request,
        "followups/programme.html",
        {
            "form": form,
            "rows": rows,
            "flag_labels": programme.FLAG_LABELS,
            "csv_query": query.urlencode(),
            "due_chart": charts.due_per_term((r.line.next_full_due_by for r in every), today=today),
            "outcome_chart": charts.layout(outcome_pairs),
            "outcomes_by_year": by_year,
        },
    )
