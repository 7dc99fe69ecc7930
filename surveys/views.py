"""Public survey pages (no account, no tracking of who answers) and the inspectors' survey pages."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import rules
from config import guards
from config.locale import languages_with_catalogues
from inspections.csv_export import csv_chunks_download, csv_download
from inspections.forms import add_validation_errors
from inspections.framework import CHILDLINE, CRITERIA, CRITERIA_BY_NUMBER, NSPCC_HELPLINE
from inspections.models import Partnership
from inspections.views import inspection_context

from . import selectors, services
from .forms import ExtendCloseDateForm, ResumeForm, SafeguardingDecisionForm, TagForm, answer_form
from .models import Answer, SafeguardingFlag, Survey
from .questionsets import AUDIENCES, YOUNG_PEOPLE, AnswerError, question_set
from .window import Window

SUBMIT_SALT = "surveys.submit"
ANSWERED_SALT = "surveys.answered"
ANSWERED_COOKIE_DAYS = 60
PAYLOAD_MAX_AGE = 60 * 60 * 24 * 14


# --- Helpers for the public pages ----------------------------------------------------------------------


def _use_language(request: HttpRequest) -> list[tuple[str, str]]:
    """Pick the respondent's language (?lang= or the browser's), never one without a catalogue,
    so the page's declared language always matches its text. Returns the other languages offered."""
    available = languages_with_catalogues()  # only these are offered to respondents
    wanted = request.GET.get("lang")
    if wanted in available:
        request.session["survey_language"] = wanted
    code = request.session.get("survey_language") or translation.get_language()
    if code not in available:
        code = settings.LANGUAGE_CODE
    translation.activate(code)
    request.LANGUAGE_CODE = code
    return [(c, name) for c, name in settings.LANGUAGES if c in available and c != code]


def _session_key(survey: Survey) -> str:
    return f"survey:{survey.pk}"


def _draft(request: HttpRequest, survey: Survey) -> dict[str, Any]:
    draft = request.session.get(_session_key(survey))
    if not draft:
        draft = {"v": survey.question_set_version, "answers": {}, "draft_id": None, "code": None}
    return draft


def _store(request: HttpRequest, survey: Survey, draft: dict[str, Any]) -> None:
    request.session[_session_key(survey)] = draft
    request.session.modified = True


def _already_answered(request: HttpRequest, survey: Survey) -> bool:
    return (
        request.get_signed_cookie(
            f"survey_answered_{survey.pk}", default=None, salt=ANSWERED_SALT, max_age=ANSWERED_COOKIE_DAYS * 86400
        )
        is not None
    )


def _public_context(request: HttpRequest, survey: Survey, **extra: Any) -> dict[str, Any]:
    partnership = getattr(survey, "public_partnership", None) or Partnership.objects.get(
        inspections__id=survey.inspection_id
    )
    window = extra.pop("window", None) or selectors.survey_window(survey)
    context = {
        "public_page": True,
        "survey": survey,
        "questions": survey.questions,
        "window": window,
        "partnership": partnership,
        "nspcc": NSPCC_HELPLINE,
        "childline": CHILDLINE,
        "for_young_people": survey.audience == YOUNG_PEOPLE,
        "other_languages": getattr(request, "other_languages", None) or _use_language(request),
    }
    context.update(extra)
    return context


def survey_open_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a public survey page only while its survey is open, else the "not open yet" or "closed" page.

    The page gets the survey and its window as keyword arguments.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, token: str, **kwargs: Any) -> HttpResponse:
        request.other_languages = _use_language(request)
        survey = selectors.survey_by_token(token)
        if survey is None:
            raise Http404("No such survey")
        window = selectors.survey_window(survey)
        state = window.state(timezone.now())
        if state != "open":
            context = _public_context(request, survey, window=window, state=state)
            return render(request, "surveys/public/unavailable.html", context)
        return view(request, token, survey=survey, window=window, **kwargs)

    return wrapper


# --- Public pages -------------------------------------------------------------------------------------------


@never_cache
@survey_open_required
def start(request: HttpRequest, token: str, *, survey: Survey, window: Window) -> HttpResponse:
    draft = _draft(request, survey)
    qs = question_set(survey.audience, draft["v"])
    return render(
        request,
        "surveys/public/start.html",
        _public_context(
            request,
            survey,
            window=window,
            already_answered=_already_answered(request, survey),
            in_progress=bool(draft["answers"]),
            first_key=qs.keys[0],
            continue_key=qs.first_unanswered(draft["answers"]),
        ),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@survey_open_required
def question(request: HttpRequest, token: str, key: str, *, survey: Survey, window: Window) -> HttpResponse:
    draft = _draft(request, survey)
    qs = question_set(survey.audience, draft["v"])
    if not qs.has(key):
        raise Http404("No such question")
    q = qs.question(key)
    changing = request.GET.get("change") == "1"
    if request.method == "POST":
        guards.hit("survey_write", guards.client_address(request), guards.rate("survey_write_client"))
        form = answer_form(q, data=request.POST)
        valid = form.is_valid()
        if valid:
            draft["answers"][key] = qs.clean_answer(q, form.cleaned_data["answer"])
        if request.POST.get("action") == "save":
            _store(request, survey, draft)
            saved, code = services.save_draft(
                survey=survey,
                version=draft["v"],
                answers=draft["answers"],
                draft_id=draft.get("draft_id"),
                code=draft.get("code"),
            )
            draft.update(draft_id=saved.pk, code=code)
            _store(request, survey, draft)
            return redirect("surveys:saved", token=token)
        if valid:
            if draft.get("draft_id") and draft.get("code"):
                # Answers saved under a code once stay saved as they go: leaving later loses nothing.
                saved, code = services.save_draft(
                    survey=survey,
                    version=draft["v"],
                    answers=draft["answers"],
                    draft_id=draft["draft_id"],
                    code=draft["code"],
                )
                draft.update(draft_id=saved.pk, code=code)
            _store(request, survey, draft)
            next_key = qs.next_key(key)
            if changing or next_key is None:
                return redirect("surveys:check", token=token)
            return redirect("surveys:question", token=token, key=next_key)
    else:
        form = answer_form(q, initial=draft["answers"].get(key))
    raw = form["answer"].value()
    selected = [str(v) for v in raw] if isinstance(raw, (list, tuple)) else ([str(raw)] if raw else [])
    previous = qs.previous_key(key)
    back = (
        reverse("surveys:check", kwargs={"token": token})
        if changing
        else reverse("surveys:question", kwargs={"token": token, "key": previous})
        if previous
        else reverse("surveys:start", kwargs={"token": token})
    )
    return render(
        request,
        "surveys/public/question.html",
        _public_context(
            request,
            survey,
            window=window,
            question=q,
            form=form,
            back=back,
            changing=changing,
            selected=selected,
            text_value=raw if isinstance(raw, str) else "",
            number=qs.keys.index(key) + 1,
            count=len(qs.keys),
        ),
    )


def signed_submission(
    survey: Survey, *, version: int, answers: dict[str, Any], token: str, draft_id: int | None = None
) -> str:
    """The signed form value the final POST carries: answers, version and submission token."""
    return signing.dumps(
        {"s": survey.pk, "au": survey.audience, "v": version, "a": answers, "t": token, "d": draft_id},
        salt=SUBMIT_SALT,
        compress=True,
    )


def _payload(survey: Survey, draft: dict[str, Any]) -> str:
    return signed_submission(
        survey, version=draft["v"], answers=draft["answers"], token=draft["t"], draft_id=draft.get("draft_id")
    )


def _not_saved(request: HttpRequest, token: str) -> HttpResponse:
    """The "Try again" page, made without the database: the signed payload and static text only.

    It is rendered without the request's context processors, which would read the session (and
    the signed-in user) from the database that has just failed.
    """
    payload = request.POST.get("payload", "")
    try:
        data = signing.loads(payload, salt=SUBMIT_SALT, max_age=PAYLOAD_MAX_AGE)
        questions = question_set(data["au"], data["v"])
    except (signing.BadSignature, KeyError, TypeError):
        questions = None
    html = loader.get_template("surveys/public/not_saved.html").render(
        {"public_page": True, "survey": {"token": token}, "questions": questions, "payload": payload}
        | {"csrf_token": get_token(request), "messages": (), "other_languages": ()}
    )
    return HttpResponse(html, status=503)


def try_again_if_the_database_fails(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A final POST that meets a database error anywhere shows the "Try again" page, never a 500."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, token: str, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, token, **kwargs)
        except DatabaseError:
            if request.method != "POST":
                raise
            return _not_saved(request, token)

    return wrapper


@never_cache
@require_http_methods(["GET", "POST"])
@try_again_if_the_database_fails
@survey_open_required
def check(request: HttpRequest, token: str, *, survey: Survey, window: Window) -> HttpResponse:
    """Check your answers, and the final POST that stores the response.

    The form carries a signed copy of the answers and a one-off submission token, so a double
    click, a retry or a second tab stores the response once.
    """
    if request.method == "POST":
        guards.hit("survey_write", guards.client_address(request), guards.rate("survey_write_client"))
        return _submit(request, survey)
    draft = _draft(request, survey)
    if not draft["answers"] and _already_answered(request, survey):
        # Back after sending: the answers were received, so offer no empty form to send again.
        return redirect("surveys:done", token=token)
    qs = question_set(survey.audience, draft["v"])
    try:
        qs.clean(draft["answers"])
    except AnswerError as exc:
        missing = next(k for k in qs.keys if k in exc.errors)
        return redirect("surveys:question", token=token, key=missing)
    if not draft.get("t"):
        draft["t"] = str(uuid.uuid4())
        _store(request, survey, draft)
    rows = []
    for q in qs.questions:
        value = draft["answers"].get(q.key)
        if q.kind == "multiple":
            shown = [q.option_label(v) for v in value or []]
        elif q.kind == "single":
            shown = [q.option_label(value)] if value else []
        else:
            shown = [value] if value else []
        rows.append({"question": q, "answers": shown})
    return render(
        request,
        "surveys/public/check.html",
        _public_context(
            request,
            survey,
            window=window,
            rows=rows,
            payload=_payload(survey, draft),
            back=reverse("surveys:question", kwargs={"token": token, "key": qs.keys[-1]}),
        ),
    )


def _submit(request: HttpRequest, survey: Survey) -> HttpResponse:
    try:
        data = signing.loads(request.POST.get("payload", ""), salt=SUBMIT_SALT, max_age=PAYLOAD_MAX_AGE)
        if data["s"] != survey.pk:
            raise signing.BadSignature("payload for another survey")
    except (signing.BadSignature, KeyError, TypeError):
        return redirect("surveys:check", token=survey.token)
    try:
        services.submit_response(
            survey=survey,
            version=data["v"],
            answers=data["a"],
            submission_token=data["t"],
            language=translation.get_language() or "",
            draft_id=data.get("d"),
        )
    except AnswerError:
        return redirect("surveys:check", token=survey.token)
    draft = request.session.get(_session_key(survey))
    if draft and draft.get("t") == data["t"]:
        del request.session[_session_key(survey)]
    response = redirect("surveys:done", token=survey.token)
    response.set_signed_cookie(
        f"survey_answered_{survey.pk}",
        "1",
        salt=ANSWERED_SALT,
        max_age=ANSWERED_COOKIE_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@never_cache
def done(request: HttpRequest, token: str) -> HttpResponse:
    request.other_languages = _use_language(request)
    survey = selectors.survey_by_token(token)
    if survey is None:
        raise Http404("No such survey")
    return render(request, "surveys/public/done.html", _public_context(request, survey))


@never_cache
@survey_open_required
def saved(request: HttpRequest, token: str, *, survey: Survey, window: Window) -> HttpResponse:
    draft = _draft(request, survey)
    if not draft.get("code"):
        return redirect("surveys:start", token=token)
    return render(
        request,
        "surveys/public/saved.html",
        _public_context(
            request,
            survey,
            window=window,
            code=draft["code"],
            survey_link=request.build_absolute_uri(reverse("surveys:start", kwargs={"token": token})),
            continue_key=question_set(survey.audience, draft["v"]).first_unanswered(draft["answers"]),
        ),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@survey_open_required
def resume(request: HttpRequest, token: str, *, survey: Survey, window: Window) -> HttpResponse:
    form = ResumeForm(request.POST or None)
    if request.method == "POST":
        # Every attempt counts, right or wrong, so guessing stops even if a guess would be right.
        guards.hit("resume_client", guards.client_address(request), guards.rate("resume_client"))
        guards.hit("resume_survey", str(survey.pk), guards.rate("resume_survey"))
    if request.method == "POST" and form.is_valid():
        found, code = services.find_draft(survey=survey, typed_code=form.cleaned_data["code"])
        if found is None:
            form.add_error(
                "code", translation.gettext("We could not find answers with that code. Check the code and try again")
            )
        else:
            draft = {"v": found.question_set_version, "answers": found.answers, "draft_id": found.pk, "code": code}
            _store(request, survey, draft)
            next_key = question_set(survey.audience, found.question_set_version).first_unanswered(found.answers)
            if next_key is None:
                return redirect("surveys:check", token=token)
            return redirect("surveys:question", token=token, key=next_key)
    return render(request, "surveys/public/resume.html", _public_context(request, survey, window=window, form=form))


# --- Inspectors' pages -------------------------------------------------------------------------------------


def _page(request: HttpRequest, inspection, **extra: Any) -> dict[str, Any]:
    context = inspection_context(request, inspection, "surveys:overview")
    context.update(extra)
    return context


def _no_surveys(request: HttpRequest, inspection, *, status: int = 200) -> HttpResponse:
    """A monitoring inspection has no surveys: its survey pages say so."""
    return render(request, "surveys/no_surveys.html", _page(request, inspection), status=status)


def _is_monitoring(inspection) -> bool:
    return inspection.kind == "monitoring"


@login_required
def overview(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """The three surveys with their public links and windows; counts for the team only."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow={"admin", "team", "local_area"})
    if _is_monitoring(inspection):
        return _no_surveys(request, inspection)
    surveys = selectors.surveys_for(inspection)
    windows = selectors.windows_for_surveys(surveys)
    may = {
        "see_results": rules.may_see_survey_results(request.user, inspection),
        "manage": rules.may_manage_surveys(request.user, inspection),
        "create_links": not surveys and rules.may_create_survey_links(request.user, inspection),
    }
    results = {r.survey.pk: r for r in selectors.survey_results(inspection)} if may["see_results"] else {}
    now = timezone.now()
    rows = [
        {
            "survey": s,
            "window": windows[s.pk],
            "state": windows[s.pk].state(now),
            "link": request.build_absolute_uri(reverse("surveys:start", kwargs={"token": s.token})),
            "results": results.get(s.pk),
        }
        for s in surveys
    ]
    open_flags = (
        SafeguardingFlag.objects.filter(survey__inspection=inspection, status=SafeguardingFlag.Status.NEW).count()
        if may["manage"]
        else 0
    )
    return render(
        request, "surveys/overview.html", _page(request, inspection, rows=rows, open_flags=open_flags, may=may)
    )


@login_required
@require_POST
def create_links(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """Create the three surveys of an inspection announced without them (running it again changes nothing)."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, may=rules.may_create_survey_links)
    if _is_monitoring(inspection):
        return _no_surveys(request, inspection, status=400)
    services.ensure_surveys(inspection=inspection)
    messages.success(request, "Survey links created")
    return redirect("surveys:overview", inspection.pk)


@login_required
def results(request: HttpRequest, inspection_pk: int, audience: str) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow={"team"})
    if _is_monitoring(inspection):
        return _no_surveys(request, inspection, status=404)
    if audience not in AUDIENCES:
        raise Http404("No such survey")
    found = selectors.survey_results(inspection, audience=audience, breakdown=request.GET.get("by") or None)
    if not found:
        raise Http404("No such survey")
    return render(request, "surveys/results.html", _page(request, inspection, result=found[0]))


@login_required
def results_csv(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow={"team"})
    if _is_monitoring(inspection):
        return _no_surveys(request, inspection, status=404)
    return csv_download(selectors.aggregated_csv_rows(inspection), f"inspection-{inspection.pk}-survey-results.csv")


@login_required
def answers_csv(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow={"lead_inspector"})
    if _is_monitoring(inspection):
        return _no_surveys(request, inspection, status=404)
    return csv_chunks_download(selectors.raw_answer_csv(inspection), f"inspection-{inspection.pk}-survey-answers.csv")


@login_required
def free_text(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow={"team"})
    if _is_monitoring(inspection):
        return _no_surveys(request, inspection, status=404)
    audience = request.GET.get("audience") if request.GET.get("audience") in AUDIENCES else None
    try:
        criterion = int(request.GET.get("criterion") or 0) or None
    except ValueError:
        criterion = None
    criterion = criterion if criterion in CRITERIA_BY_NUMBER else None
    paginator = Paginator(selectors.free_text_queryset(inspection, audience=audience, criterion_number=criterion), 25)
    page = paginator.get_page(request.GET.get("page"))
    items = [
        {
            "answer": a,
            "question": a.question,
            "tags": [t.criterion_number for t in a.tags.all()],
            "flag": getattr(a, "safeguarding_flag", None),
        }
        for a in page.object_list
    ]
    return render(
        request,
        "surveys/free_text.html",
        _page(
            request,
            inspection,
            page=page,
            items=items,
            audience=audience,
            criterion=criterion,
            audience_choices=[(s.audience, s.audience_label) for s in selectors.surveys_for(inspection)],
            criteria=CRITERIA,
            query=request.GET.urlencode(),
        ),
    )


@login_required
@require_POST
def tag_answer(request: HttpRequest, inspection_pk: int, answer_pk: int) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow={"team"})
    if _is_monitoring(inspection):
        return _no_surveys(request, inspection, status=404)
    answer = get_object_or_404(Answer, pk=answer_pk, survey__inspection=inspection)
    form = TagForm(request.POST)
    if form.is_valid():
        services.set_free_text_tags(answer=answer, criteria=form.cleaned_data["criteria"], by=request.user)
    back = reverse("surveys:free_text", kwargs={"inspection_pk": inspection.pk})
    query = request.POST.get("next_query", "")
    return redirect(f"{back}?{query}#answer-{answer.pk}" if query else f"{back}#answer-{answer.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def safeguarding(request: HttpRequest, inspection_pk: int) -> HttpResponse:
    """The lead inspector's queue of free-text answers that may describe a child at risk."""
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow={"lead_inspector"})
    if _is_monitoring(inspection):
        return _no_surveys(request, inspection, status=404)
    flags = selectors.safeguarding_queue(inspection)
    forms_by_flag = {f.pk: SafeguardingDecisionForm(prefix=f"flag-{f.pk}") for f in flags}
    if request.method == "POST":
        flag = next((f for f in flags if str(f.pk) == request.POST.get("flag")), None)
        if flag is None:
            raise Http404("No such flagged answer")
        form = SafeguardingDecisionForm(request.POST, prefix=f"flag-{flag.pk}")
        forms_by_flag[flag.pk] = form
        if form.is_valid():
            try:
                services.decide_safeguarding_flag(
                    flag=flag, status=form.cleaned_data["status"], note=form.cleaned_data["note"], by=request.user
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                flag.refresh_from_db(fields=["status"])
                messages.success(request, f"Decision recorded: {flag.get_status_display().lower()}")
                return redirect(
                    reverse("surveys:safeguarding", kwargs={"inspection_pk": inspection.pk}) + f"#flag-{flag.pk}"
                )
    rows = [{"flag": f, "form": forms_by_flag[f.pk], "question": f.answer.question} for f in flags]
    error_form = next((r["form"] for r in rows if r["form"].errors), None)
    unreviewed = [r for r in rows if r["flag"].status == SafeguardingFlag.Status.NEW]
    reviewed = [r for r in rows if r["flag"].status != SafeguardingFlag.Status.NEW]
    return render(
        request,
        "surveys/safeguarding.html",
        _page(request, inspection, rows=rows, unreviewed=unreviewed, reviewed=reviewed, error_form=error_form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def extend(request: HttpRequest, inspection_pk: int, audience: str) -> HttpResponse:
    inspection = rules.get_inspection_or_deny(request, inspection_pk, allow={"lead_inspector"})
    if _is_monitoring(inspection):
        return _no_surveys(request, inspection, status=404)
    survey = get_object_or_404(Survey, inspection=inspection, audience=audience)
    window = selectors.survey_window(survey)
    form = ExtendCloseDateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extend_close_date(
                survey=survey,
                closes_on=form.cleaned_data["closes_on"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            return redirect("surveys:overview", inspection_pk=inspection.pk)
    history = survey.history.filter(closes_on_extended__isnull=False).select_related("history_user")
    return render(
        request,
        "surveys/extend.html",
        _page(request, inspection, survey=survey, window=window, form=form, history=history),
    )
