"""The lead inspector's per-response export streams, and the results export stays suppressed."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from inspections import csv_export
from surveys import selectors

from .factories import submit, survey_for

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://example.test","click")', "+44 7700 900000", "-1 day", "@SUM(A1)", "=cmd|' /C calc'!A0"]


def _url(name, inspection):
    return reverse(f"surveys:{name}", kwargs={"inspection_pk": inspection.pk})


def test_an_export_longer_than_one_read_streams_every_response_with_formulas_defused(
    client_for, inspection, lead_inspector, monkeypatch
):
    monkeypatch.setattr(csv_export, "CHUNK_BYTES", 512)
    monkeypatch.setattr(selectors, "RESPONSES_PER_COPY", 7)
    survey = survey_for(inspection)
    stored = [submit(survey, pick=i, text=FORMULAS[i % len(FORMULAS)] + f" #{i}") for i in range(40)]

    response = client_for(lead_inspector).get(_url("answers_csv", inspection))

    assert isinstance(response, StreamingHttpResponse)
    chunks = list(response.streaming_content)
    assert len(chunks) > 5  # sent as it is read, not built whole first
    body = b"".join(chunks).decode()
    assert "\r\n" in body and "\n" not in body.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(body)))
    header, answers = rows[0], [r for r in rows[1:] if r[0] == "Parents and carers"]
    assert header[:4] == ["survey", "response", "submitted on", "question set version"]
    assert [int(r[1]) for r in answers] == [r.pk for r in stored]
    went_well = header.index("went_well")
    for i, row in enumerate(answers):
        assert row[0] == "Parents and carers" and row[2] == "2026-12-15"
        assert row[went_well] == "'" + FORMULAS[i % len(FORMULAS)] + f" #{i}"  # never a live formula
    assert answers[0][header.index("overall")] == "Very good"  # option labels, not stored values


def test_every_option_chosen_is_listed_and_an_unanswered_question_is_empty(client_for, inspection, lead_inspector):
    survey = survey_for(inspection)
    submit(survey, services=["education", "social_care"], better="")

    body = b"".join(client_for(lead_inspector).get(_url("answers_csv", inspection)).streaming_content).decode()

    header, row = list(csv.reader(io.StringIO(body)))[:2]
    assert row[header.index("services")] == (
        "Education (nursery, school or college); Social care (for example short breaks)"
    )
    assert row[header.index("better")] == ""


def test_the_results_export_streams_and_keeps_cells_below_the_threshold_suppressed(
    client_for, inspection, team_inspector
):
    survey = survey_for(inspection)
    for _ in range(12):
        submit(survey, pick=0)
    for _ in range(3):
        submit(survey, pick=1)

    response = client_for(team_inspector).get(_url("results_csv", inspection))

    assert isinstance(response, StreamingHttpResponse)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    overall = [r for r in rows if r[1].startswith("Overall") and r[3] == "All respondents"]
    assert "fewer than 10" in [r[6] for r in overall]
    assert all(r[6] in ("0", "fewer than 10") or int(r[6]) >= 10 for r in rows[1:])
