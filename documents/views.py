"""Pages of the information request: task list, item upload and review, downloads, the
self-evaluation summary and the activity log. Every view asks accounts.rules first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import rules
from inspections.concurrency import EditConflict, conflict_response
from inspections.forms import add_validation_errors
from inspections.framework import CRITERIA, CRITERIA_BY_NUMBER
from inspections.views import inspection_context

from . import catalogue, filecheck, selectors, services, uploads
from .forms import ReviewForm, SummaryEntryForm, UploadForm
from .models import RequestItem, UploadedFile

NAV_CURRENT = "documents:task_list"


def _load(request: HttpRequest, inspection_pk: int, may):
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=may)
    prefetch_related_objects([inspection], "milestones")
    return inspection


def _context(request: HttpRequest, inspection, **extra) -> dict:
    context = inspection_context(request, inspection, NAV_CURRENT)
    today = timezone.localdate()
    context.update(
        {
            "today": today,
            "may": {
                "upload": rules.may_upload_documents(request.user, inspection),
                "review": rules.may_review_documents(request.user, inspection),
            },
            "can_download": rules.may_download_documents(request.user, inspection),
            "has_ended": inspection.has_ended(today),
            "max_upload": filecheck.human_size(services.max_upload_bytes()),
            "allowed_types": filecheck.ALLOWED_LABELS,
            "accept": ",".join(filecheck.ALLOWED),
        }
    )
    context.update(extra)
    return context


@login_required
@require_GET
def task_list(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = _load(request, inspection_pk, rules.can_view_inspection)
    context = _context(request, inspection)
    context["tasks"] = selectors.task_list(inspection, today=context["today"])
    context["summary_count"] = len(selectors.self_evaluation_summary(inspection))
    context["criteria_count"] = len(CRITERIA)
    return render(request, "documents/task_list.html", context)


def _find_item(inspection, kind: str, item_pk: int | None) -> tuple[catalogue.ItemKind, RequestItem | None]:
    definition = catalogue.ITEM_KINDS_BY_KEY.get(kind)
    if definition is None or kind not in {k.key for k in catalogue.item_kinds_for(inspection.kind)}:
        raise Http404("No such document")
    if definition.repeatable:
        if item_pk is None:
            return definition, None
        return definition, get_object_or_404(RequestItem, pk=item_pk, inspection=inspection, kind=kind)
    return definition, RequestItem.objects.filter(inspection=inspection, kind=kind).first()


def _render_item(
    request, inspection, definition, item, *, upload_form=None, review_form=None, status: int = 200
) -> HttpResponse:
    context = _context(request, inspection)
    can_upload = context["may"]["upload"] and not context["has_ended"]
    can_review = context["may"]["review"] and item is not None and item.files.exists()
    if can_upload and upload_form is None:
        upload_form = UploadForm(needs_title=definition.repeatable and item is None)
    if can_review and review_form is None:
        review_form = ReviewForm(
            initial={
                "decision": item.status if item.status in {catalogue.ACCEPTED, catalogue.CHANGES_REQUESTED} else None,
                "comment": item.review_comment,
                "version": item.version,
            }
        )
    due_on = selectors.due_dates(inspection).get(definition.due_milestone)
    status_value = item.status if item else catalogue.NOT_STARTED
    context.update(
        {
            "definition": definition,
            "item": item,
            "title": item.display_title if item else definition.title,
            "versions": selectors.versions_of(item),
            "due_on": due_on,
            "status_label": catalogue.STATUS_LABELS[status_value],
            "status_tag": catalogue.STATUS_TAG_CLASSES[status_value],
            "is_late": catalogue.is_late(status_value, due_on, today=context["today"]),
            "upload_form": upload_form if can_upload else None,
            "review_form": review_form if can_review else None,
            "form": upload_form if upload_form is not None and upload_form.errors else review_form,
            "review_url": selectors.review_url(inspection, item) if item else "",
        }
    )
    return render(request, "documents/item.html", context, status=status)


@csrf_exempt  # checked by csrf_protect below, once file names as sent are being recorded
@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def item_page(request: HttpRequest, inspection_pk: int, kind: str, item_pk: int | None = None) -> HttpResponse:
    """An item's files and review; local area leads upload a new version here."""
    uploads.record_sent_file_names(request)
    uploads.limit_upload_size(request, services.max_upload_bytes())
    return _item_page(request, inspection_pk, kind, item_pk)


@csrf_protect
def _item_page(request: HttpRequest, inspection_pk: int, kind: str, item_pk: int | None) -> HttpResponse:
    inspection = _load(request, inspection_pk, rules.can_view_inspection)
    definition, item = _find_item(inspection, kind, item_pk)
    if definition.handled_elsewhere:
        return redirect(selectors.case_list_url(inspection))
    may_upload = rules.may_upload_documents(request.user, inspection)
    if item is None and definition.repeatable and not may_upload:
        raise Http404("No such document")
    if request.method == "GET":
        return _render_item(request, inspection, definition, item)
    if not may_upload:
        raise PermissionDenied("Only the partnership's leads can upload documents.")
    form = UploadForm(
        request.POST,
        request.FILES,
        needs_title=definition.repeatable and item is None,
        name_of=lambda uploaded: uploads.sent_name(request, uploaded),
        dropped_names=request.dropped_file_names,
        oversize_names=request.oversize_file_names,
    )
    if inspection.has_ended(timezone.localdate()):
        form.is_valid()
        form.errors.clear()
        form.add_error(None, services.MSG_ENDED)
        return _render_item(request, inspection, definition, item, upload_form=form, status=400)
    if form.is_valid():
        try:
            stored = services.upload_files(
                inspection=inspection,
                kind=definition.key,
                files=form.incoming_files(),
                by=request.user,
                item_id=item.pk if item is not None and definition.repeatable else None,
                title=form.cleaned_data.get("title", ""),
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            item = stored[0].item
            messages.success(
                request, f"{item.display_title}: {len(stored)} file{'s' if len(stored) != 1 else ''} uploaded"
            )
            return redirect("documents:task_list", inspection_pk=inspection.pk)
    return _render_item(request, inspection, definition, item, upload_form=form, status=400)


@login_required
@require_POST
def review(request: HttpRequest, inspection_pk: int, kind: str, item_pk: int | None = None) -> HttpResponse:
    """The team accepts an item or asks for changes with a comment the leads will see."""
    inspection = _load(request, inspection_pk, rules.may_review_documents)
    definition, item = _find_item(inspection, kind, item_pk)
    if item is None or definition.handled_elsewhere:
        raise Http404("Nothing has been uploaded for this document yet")
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            item = services.review_item(
                inspection=inspection,
                item=item,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                by=request.user,
                loaded_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            return conflict_response(
                request,
                conflict,
                action=request.path,
                back_url=selectors.item_url(inspection, item, definition.key),
                context=_context(request, inspection),
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            outcome = "accepted" if item.status == catalogue.ACCEPTED else "returned with a request for changes"
            messages.success(request, f"{item.display_title} {outcome}")
            return redirect("documents:task_list", inspection_pk=inspection.pk)
    return _render_item(request, inspection, definition, item, review_form=form, status=400)


@login_required
@require_GET
def download(request: HttpRequest, inspection_pk: int, file_pk: int) -> FileResponse:
    """Serve a stored file only to the team and the partnership's leads, always as a download.

    Each download is noted in the activity log; a refused one (or a file missing from storage) is not."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_download_documents)
    row = get_object_or_404(UploadedFile.objects.select_related("item"), pk=file_pk, item__inspection=inspection)
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage") from None
    try:
        services.record_download(inspection=inspection, file=row, by=request.user)
    except BaseException:
        handle.close()
        raise
    return uploads.attachment_response(handle, original_name=row.original_name, content_type=row.content_type)


@login_required
@require_GET
def summary(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """The self-evaluation summary, criterion by criterion."""
    inspection = _load(request, inspection_pk, rules.can_view_inspection)
    entries = selectors.self_evaluation_summary(inspection)
    context = _context(request, inspection)
    context["rows"] = [{"criterion": c, "entry": entries.get(c.number)} for c in CRITERIA]
    context["continue_with"] = selectors.first_unfinished_criterion(entries)
    context["started"] = bool(entries)
    context["can_edit"] = context["may"]["upload"] and not context["has_ended"]
    return render(request, "documents/summary.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def summary_edit(request: HttpRequest, inspection_pk: int, number: int) -> HttpResponse:
    """One criterion's summary; 'Save and continue' moves on, 'Save and come back later' returns."""
    inspection = _load(request, inspection_pk, rules.may_upload_documents)
    if number not in CRITERIA_BY_NUMBER or number > len(CRITERIA):
        raise Http404("No such criterion")
    criterion = CRITERIA_BY_NUMBER[number]
    entry = selectors.self_evaluation_summary(inspection).get(number)
    initial = {"known": entry.known, "next_steps": entry.next_steps} if entry else {}
    form = SummaryEntryForm(request.POST or None, initial={**initial, "version": entry.version if entry else 0})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.save_self_evaluation_entry(
                    inspection=inspection,
                    criterion=number,
                    known=form.cleaned_data["known"],
                    next_steps=form.cleaned_data["next_steps"],
                    by=request.user,
                    loaded_version=form.cleaned_data["version"],
                )
            except EditConflict as conflict:
                return conflict_response(
                    request,
                    conflict,
                    action=request.path,
                    back_url=reverse(
                        "documents:summary_edit", kwargs={"inspection_pk": inspection.pk, "number": number}
                    ),
                    context=_context(request, inspection),
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                if "save_and_return" in request.POST or number == len(CRITERIA):
                    messages.success(
                        request, "Your self-evaluation summary has been saved. You can come back to it at any time."
                    )
                    return redirect("documents:summary", inspection_pk=inspection.pk)
                return redirect("documents:summary_edit", inspection_pk=inspection.pk, number=number + 1)
    context = _context(
        request,
        inspection,
        form=form,
        criterion=criterion,
        total=len(CRITERIA),
        readonly=inspection.has_ended(timezone.localdate()),
    )
    return render(request, "documents/summary_edit.html", context, status=status)


@login_required
@require_GET
def activity(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Who uploaded, downloaded, reviewed or summarised what, and when."""
    inspection = _load(request, inspection_pk, rules.can_view_inspection)
    page = Paginator(selectors.activity_log(inspection), 50).get_page(request.GET.get("page"))
    return render(request, "documents/activity.html", _context(request, inspection, page=page))
