"""Reading survey data. Results come from the counters in `Tally`, so a results page costs the
same few queries for ten responses or a hundred thousand; every number goes through the
suppression rules before anyone sees it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Prefetch, Sum, When
from psycopg import sql

from inspections.csv_export import copy_csv, csv_lines, safe_cell, sql_safe_cell
from inspections.framework import CRITERIA_BY_NUMBER

from .codes import LINK_TOKEN_RE
from .models import Answer, FreeTextTag, Response, SafeguardingFlag, Survey, Tally
from .questionsets import AUDIENCE_LABELS, AUDIENCES, Question, QuestionSet, text
from .services import ANSWERED, DAY_KEY
from .suppression import Cell, fewer_than, suppress_counts, suppress_table, threshold
from .window import Window
from .window import survey_window as _window

NOT_ANSWERED = ""


# --- Windows ---------------------------------------------------------------------------------------


def _milestone_dates(inspection_ids: Iterable[int]) -> dict[int, tuple[dt.date, dt.date]]:
    from inspections.models import Milestone

    return {
        iid: (s, e)
        for iid, s, e in Milestone.objects.filter(inspection_id__in=list(inspection_ids), key="surveys").values_list(
            "inspection_id", "starts_on", "ends_on"
        )
    }


def survey_window(survey: Survey) -> Window:
    """When this survey is open: the inspection's "surveys" milestone, plus any extension."""
    if hasattr(survey, "window_starts"):  # read with the survey by `survey_by_token`
        return _window(survey.window_starts, survey.window_ends, survey.closes_on_extended)
    starts, ends = _milestone_dates([survey.inspection_id]).get(survey.inspection_id, (None, None))
    return _window(starts, ends, survey.closes_on_extended)


def windows_for_surveys(surveys: Iterable[Survey]) -> dict[int, Window]:
    """Windows of many surveys with one query."""
    surveys = list(surveys)
    dates = _milestone_dates({s.inspection_id for s in surveys})
    return {s.pk: _window(*dates.get(s.inspection_id, (None, None)), s.closes_on_extended) for s in surveys}


#: The partnership's fields the public pages show (its name, and who to call about a child at risk).
PUBLIC_PARTNERSHIP_FIELDS = (
    "id",
    "name",
    "local_authority",
    "childrens_social_care_name",
    "childrens_social_care_phone",
)


def survey_by_token(token: str) -> Survey | None:
    """The survey behind a public link, with its window dates and the partnership's fields the
    public pages show (``survey.public_partnership``), in one short query: this runs on every
    public page and every submission, so it is written by hand."""
    from inspections.models import Inspection, Milestone, Partnership

    if not LINK_TOKEN_RE.fullmatch(token):  # a NUL byte or a long string cannot be a link token
        return None
    partnership_columns = ", ".join(f"p.{f} AS partnership_{f}" for f in PUBLIC_PARTNERSHIP_FIELDS)
    sql = (
        f"SELECT s.*, m.starts_on AS window_starts, m.ends_on AS window_ends, {partnership_columns} "
        f"FROM {Survey._meta.db_table} s "
        f"JOIN {Inspection._meta.db_table} i ON i.id = s.inspection_id "
        f"JOIN {Partnership._meta.db_table} p ON p.id = i.partnership_id "
        f"LEFT JOIN {Milestone._meta.db_table} m ON m.inspection_id = s.inspection_id AND m.key = 'surveys' "
        f"WHERE s.token = %s"
    )
    found = list(Survey.objects.raw(sql, [token]))
    if not found:
        return None
    survey = found[0]
    # Fields not read here are deferred: reading one queries for it rather than giving a blank.
    survey.public_partnership = Partnership.from_db(
        "default",
        list(PUBLIC_PARTNERSHIP_FIELDS),
        [getattr(survey, f"partnership_{f}") for f in PUBLIC_PARTNERSHIP_FIELDS],
    )
    return survey


def surveys_for(inspection) -> list[Survey]:
    order = Case(*[When(audience=a, then=i) for i, a in enumerate(AUDIENCES)], output_field=IntegerField())
    return list(Survey.objects.filter(inspection=inspection).order_by(order))


# --- Results -----------------------------------------------------------------------------------------


@dataclass
class OptionResult:
    value: str
    label: str
    cell: Cell


@dataclass
class BreakdownResult:
    key: str
    text: str
    columns: list[str]
    column_totals: list[Cell]
    rows: list[tuple[str, list[Cell]]]
    #: The table as the page prints it: each row's label and its cells' words ("12 (40%)").
    shown_rows: list[tuple[str, list[str]]] = field(default_factory=list)
    shown_totals: list[str] = field(default_factory=list)


@dataclass
class QuestionResult:
    """One question's published numbers, already suppressed."""

    survey_id: int
    audience: str
    audience_label: str
    key: str
    text: str
    kind: str
    criteria: tuple[int, ...]
    options: list[OptionResult]
    total: Cell
    breakdown: BreakdownResult | None = None
    #: Each option as the page prints it: label, responses, percentage ("–" if none), bar width.
    shown: list[tuple[str, str, str, int]] = field(default_factory=list)

    @property
    def html_id(self) -> str:
        return f"q-{self.audience}-{self.key}"

    @property
    def criteria_names(self) -> list[str]:
        return [f"{n}. {CRITERIA_BY_NUMBER[n].short_name}" for n in self.criteria]


@dataclass
class SurveyResults:
    survey: Survey
    window: Window
    total: Cell
    days: list[tuple[dt.date, Cell]]
    questions: list[QuestionResult]
    free_text_count: Cell
    breakdown: Question | None
    breakdown_choices: list[Question] = field(default_factory=list)


Counts = dict[tuple[str, str, str, str], int]


def _tallies(survey_ids: list[int]) -> dict[int, Counts]:
    by_survey: dict[int, Counts] = defaultdict(dict)
    rows = (
        Tally.objects.filter(survey_id__in=survey_ids)
        .order_by()
        .values_list("survey_id", "question_key", "value", "breakdown_key", "breakdown_value")
        .annotate(total=Sum("count"))
    )
    for sid, key, value, bkey, bvalue, count in rows:
        by_survey[sid][(key, value, bkey, bvalue)] = count
    return by_survey


def unanswered_breakdowns(counts: Counts) -> frozenset[str]:
    """The breakdown questions some respondents left unanswered (they get a "Not answered" column).

    Found once for a survey's counters: looking through every counter again for each question
    was a good part of a results page on a large survey."""
    return frozenset(bk for (_, _, bk, bv) in counts if bk and bv == NOT_ANSWERED)


def _breakdown_columns(attribute: Question, unanswered: frozenset[str]) -> list[tuple[str, str]]:
    columns = [(o.value, text(o.label)) for o in attribute.options]
    if attribute.key in unanswered:
        columns.append((NOT_ANSWERED, "Not answered"))
    return columns


def _words(cell: Cell, hidden: str) -> str:
    """What `Cell.display` says, with "fewer than N" translated once for the page, not per cell."""
    return str(cell.count) if cell.shown else hidden


def _question_result(
    survey: Survey,
    q: Question,
    counts: Counts,
    attribute: Question | None,
    limit: int,
    unanswered: frozenset[str] | None = None,
) -> QuestionResult:
    values = [o.value for o in q.options]
    raw = [counts.get((q.key, v, "", ""), 0) for v in values]
    total_raw = counts.get((q.key, ANSWERED, "", ""), 0) if q.kind == "multiple" else sum(raw)
    cells, total = suppress_counts(raw, total=total_raw, limit=limit)
    hidden = fewer_than(limit)
    breakdown = None
    if attribute is not None and attribute.key != q.key:
        if unanswered is None:
            unanswered = unanswered_breakdowns(counts)
        columns = _breakdown_columns(attribute, unanswered)
        grid = [[counts.get((q.key, v, attribute.key, c), 0) for c, _ in columns] for v in values]
        if q.kind == "multiple":
            col_totals = [counts.get((q.key, ANSWERED, attribute.key, c), 0) for c, _ in columns]
        else:
            col_totals = [sum(grid[r][i] for r in range(len(values))) for i in range(len(columns))]
        table = suppress_table(grid, column_totals=col_totals, limit=limit)
        rows = [(text(o.label), table[r]) for r, o in enumerate(q.options)]
        column_totals = suppress_counts(col_totals, limit=limit)[0]
        breakdown = BreakdownResult(
            key=attribute.key,
            text=text(attribute.text),
            columns=[label for _, label in columns],
            column_totals=column_totals,
            rows=rows,
            shown_rows=[
                (
                    label,
                    [
                        f"{_words(c, hidden)} ({c.percent_display})" if c.percent_display else _words(c, hidden)
                        for c in row
                    ],
                )
                for label, row in rows
            ],
            shown_totals=[_words(c, hidden) for c in column_totals],
        )
    labels = [text(o.label) for o in q.options]
    return QuestionResult(
        survey_id=survey.pk,
        audience=survey.audience,
        audience_label=text(AUDIENCE_LABELS[survey.audience]),
        key=q.key,
        text=text(q.text),
        kind=q.kind,
        criteria=q.criteria,
        options=[OptionResult(o.value, label, c) for o, label, c in zip(q.options, labels, cells)],
        total=total,
        breakdown=breakdown,
        shown=[(label, _words(c, hidden), c.percent_display or "–", c.bar_width) for label, c in zip(labels, cells)],
    )


def _survey_results(
    survey: Survey, window: Window, counts: Counts, breakdown_key: str | None, limit: int
) -> SurveyResults:
    qs: QuestionSet = survey.questions
    attribute = next((b for b in qs.breakdowns if b.key == breakdown_key), None)
    day_items = sorted((dt.date.fromisoformat(v), n) for (k, v, _, _), n in counts.items() if k == DAY_KEY)
    day_cells, total = suppress_counts([n for _, n in day_items], limit=limit)
    free_text = sum(counts.get((q.key, ANSWERED, "", ""), 0) for q in qs.questions if q.kind == "text")
    unanswered = unanswered_breakdowns(counts)
    questions = [
        _question_result(survey, q, counts, attribute, limit, unanswered) for q in qs.questions if q.kind != "text"
    ]
    return SurveyResults(
        survey=survey,
        window=window,
        total=total,
        days=[(d, c) for (d, _), c in zip(day_items, day_cells)],
        questions=questions,
        free_text_count=suppress_counts([free_text], limit=limit)[1],
        breakdown=attribute,
        breakdown_choices=qs.breakdowns,
    )


def survey_results(inspection, *, audience: str | None = None, breakdown: str | None = None) -> list[SurveyResults]:
    """Suppressed results of the inspection's surveys (or one audience's), from the counters."""
    surveys = surveys_for(inspection)
    if audience:
        surveys = [s for s in surveys if s.audience == audience]
    windows = windows_for_surveys(surveys)
    tallies = _tallies([s.pk for s in surveys])
    limit = threshold()
    return [_survey_results(s, windows[s.pk], tallies.get(s.pk, {}), breakdown, limit) for s in surveys]


def question_results_for_criterion(inspection, criterion_number: int) -> list[QuestionResult]:
    """Every survey question mapped to a criterion, with its suppressed results (three queries)."""
    surveys = surveys_for(inspection)
    tallies = _tallies([s.pk for s in surveys])
    limit = threshold()
    return [
        _question_result(s, q, tallies.get(s.pk, {}), None, limit)
        for s in surveys
        for q in s.questions.questions
        if q.kind != "text" and criterion_number in q.criteria
    ]


def aggregated_csv_rows(inspection) -> Iterator[list[str]]:
    """The aggregated results as CSV rows, suppressed exactly as on the results pages."""
    yield ["survey", "question", "criteria", "group of respondents", "group", "answer", "responses", "percentage"]
    surveys = surveys_for(inspection)
    tallies = _tallies([s.pk for s in surveys])
    limit = threshold()
    for s in surveys:
        label = text(AUDIENCE_LABELS[s.audience])
        counts = tallies.get(s.pk, {})
        unanswered = unanswered_breakdowns(counts)
        day_items = sorted((v, n) for (k, v, _, _), n in counts.items() if k == DAY_KEY)
        day_cells, total = suppress_counts([n for _, n in day_items], limit=limit)
        yield [label, "Responses", "", "", "", "All days", total.display, ""]
        for (day, _), cell in zip(day_items, day_cells):
            yield [label, "Responses", "", "", "", day, cell.display, ""]
        qs = s.questions
        for q in qs.questions:
            if q.kind == "text":
                continue
            criteria = " ".join(str(n) for n in q.criteria)
            result = _question_result(s, q, counts, None, limit)
            for option in result.options:
                yield [
                    label,
                    result.text,
                    criteria,
                    "All respondents",
                    "",
                    option.label,
                    option.cell.display,
                    option.cell.percent_display,
                ]
            for attribute in qs.breakdowns:
                if attribute.key == q.key:
                    continue
                b = _question_result(s, q, counts, attribute, limit, unanswered).breakdown
                for row_label, cells in b.rows:
                    for column, cell in zip(b.columns, cells):
                        yield [
                            label,
                            result.text,
                            criteria,
                            b.text,
                            column,
                            row_label,
                            cell.display,
                            cell.percent_display,
                        ]


#: Responses read by one COPY of the per-response export: PostgreSQL must gather a whole range
#: before it sends the first row of it, so ranges keep the first byte quick and each sort small.
RESPONSES_PER_COPY = 20_000


def raw_answer_csv(inspection) -> Iterator[bytes]:
    """Every anonymous response, one CSV row each, for the lead inspector's export.

    PostgreSQL gathers each response's answers and writes the CSV itself (`copy_csv`), one range
    of response numbers at a time, so the export streams from the first byte and never holds the
    whole file, whatever the number of responses. A header row comes before each survey's responses.
    The ranges are read in one transaction, so the file is one consistent picture; JIT compilation
    is off for it, as it costs each range more than it saves (docs/adr/0123).
    """
    from django.db import connection, transaction

    for s in surveys_for(inspection):
        questions = s.questions.questions
        yield "".join(
            csv_lines([["survey", "response", "submitted on", "question set version", *[q.key for q in questions]]])
        ).encode()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(f"SELECT min(id), max(id) FROM {Response._meta.db_table} WHERE survey_id = %s", [s.pk])
            first, last = cursor.fetchone()
            if first is None:
                continue
            step = RESPONSES_PER_COPY
            for low in range(first, last + 1, step):
                yield from copy_csv(cursor, _raw_answers_query(s, questions, low, low + step - 1))


def _raw_answers_query(s: Survey, questions: list[Question], low: int, high: int) -> sql.Composed:
    """One row per response numbered `low` to `high`: the answers to each question joined with "; " in the order given,
    option values shown as their labels, every text cell made safe.

    Shaped for speed (docs/adr/0123): answers are read once, in response and answer order, and
    each question's column only looks at its own rows (`FILTER`); a label comes from a `CASE` over
    that question's options; only a question with several answers orders them again.
    """
    columns = sql.SQL("").join(
        sql.SQL(
            ", string_agg(coalesce(nullif(a.text, ''), {label}, a.value), '; '{order})"
            " FILTER (WHERE a.question_key = {key}) AS {name}"
        ).format(
            label=_option_label_sql(q),
            order=sql.SQL(" ORDER BY a.id" if q.kind == "multiple" else ""),
            key=sql.Literal(q.key),
            name=sql.Identifier(f"q{i}"),
        )
        for i, q in enumerate(questions)
    )
    safe_columns = sql.SQL("").join(sql.SQL(", " + sql_safe_cell(f"q{i}")) for i in range(len(questions)))
    return sql.SQL(
        "COPY (SELECT {survey}, r.id, to_char(r.submitted_on, 'YYYY-MM-DD'), r.question_set_version{safe_columns}"
        " FROM (SELECT a.response_id{columns} FROM (SELECT a.id, a.response_id, a.question_key, a.value, a.text"
        " FROM {answer} a WHERE a.survey_id = {survey_id} AND a.response_id BETWEEN {low} AND {high}"
        " ORDER BY a.response_id, a.id) AS a GROUP BY a.response_id) AS g"
        " JOIN {response} r ON r.id = g.response_id AND r.id BETWEEN {low} AND {high} ORDER BY r.id)"
        " TO STDOUT WITH (FORMAT csv)"
    ).format(
        survey=sql.Literal(safe_cell(s.audience_label)),
        safe_columns=safe_columns,
        columns=columns,
        answer=sql.Identifier(Answer._meta.db_table),
        survey_id=sql.Literal(s.pk),
        low=sql.Literal(low),
        high=sql.Literal(high),
        response=sql.Identifier(Response._meta.db_table),
    )


def _option_label_sql(q: Question) -> sql.Composable:
    """SQL for the label of the stored option value `a.value` of question `q` (NULL if none matches)."""
    if not q.options:
        return sql.SQL("NULL")
    return sql.SQL("CASE a.value {} END").format(
        sql.SQL(" ").join(
            sql.SQL("WHEN {} THEN {}").format(sql.Literal(o.value), sql.Literal(text(o.label))) for o in q.options
        )
    )


# --- Free text -----------------------------------------------------------------------------------------


def free_text_answers(inspection) -> list[str]:
    """Every stored free-text answer of the inspection's surveys (for the report's anonymity guard)."""
    return list(
        Answer.objects.filter(survey__inspection=inspection)
        .exclude(text="")
        .order_by("pk")
        .values_list("text", flat=True)
    )


def free_text_queryset(
    inspection, *, audience: str | None = None, criterion_number: int | None = None, flagged: bool = False
):
    """Free-text answers with their survey, tags and any safeguarding flag, newest first."""
    qs = (
        Answer.objects.filter(survey__inspection=inspection)
        .exclude(text="")
        .select_related("survey", "response", "safeguarding_flag")
        .prefetch_related(Prefetch("tags", queryset=FreeTextTag.objects.order_by("criterion_number")))
        .order_by("-response__submitted_at", "-pk")
    )
    if audience:
        qs = qs.filter(survey__audience=audience)
    if criterion_number:
        qs = qs.filter(tags__criterion_number=criterion_number)
    if flagged:
        qs = qs.filter(safeguarding_flag__isnull=False)
    return qs


@dataclass(frozen=True)
class TaggedAnswer:
    """A free-text answer tagged to criteria, in the shape evidence needs."""

    answer_id: int
    answer: Answer
    text: str
    audience: str
    audience_label: str
    question_text: str
    submitted_on: dt.date
    criteria: list[int]


def tagged_free_text(inspection, criterion_number: int | None = None) -> list[TaggedAnswer]:
    """Free-text answers tagged to a criterion (or to any criterion when none is given)."""
    qs = (
        Answer.objects.filter(survey__inspection=inspection, tags__isnull=False)
        .exclude(text="")
        .select_related("survey", "response")
        .prefetch_related("tags")
        .distinct()
        .order_by("pk")
    )
    if criterion_number is not None:
        qs = qs.filter(tags__criterion_number=criterion_number)
    result = []
    for a in qs:
        q = a.question
        result.append(
            TaggedAnswer(
                answer_id=a.pk,
                answer=a,
                text=a.text,
                audience=a.survey.audience,
                audience_label=a.survey.audience_label,
                question_text=text(q.text) if q else a.question_key,
                submitted_on=a.response.submitted_on,
                criteria=sorted(t.criterion_number for t in a.tags.all()),
            )
        )
    return result


def safeguarding_queue(inspection) -> list[SafeguardingFlag]:
    """Flagged answers, those not yet reviewed first."""
    order = Case(When(status=SafeguardingFlag.Status.NEW, then=0), default=1, output_field=IntegerField())
    return list(
        SafeguardingFlag.objects.filter(survey__inspection=inspection)
        .select_related("answer", "survey", "answer__response", "decided_by")
        .order_by(order, "created_at", "pk")
    )
