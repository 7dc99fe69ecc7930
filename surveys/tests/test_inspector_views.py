import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys import services
from surveys.models import Answer, FreeTextTag, SafeguardingFlag

from .factories import submit, survey_for

pytestmark = pytest.mark.django_db


def u(name, inspection, **kw):
    return reverse(f"surveys:{name}", kwargs={"inspection_pk": inspection.pk, **kw})


@pytest.mark.parametrize(
    "name,kwargs,allowed,forbidden",
    [
        ("overview", {}, ["lead_inspector", "team_inspector", "cqc_inspector", "lana", "admin_user"], []),
        (
            "results",
            {"audience": "parents"},
            ["lead_inspector", "team_inspector", "cqc_inspector"],
            ["lana", "admin_user"],
        ),
        ("results_csv", {}, ["lead_inspector", "team_inspector"], ["lana", "admin_user"]),
        ("free_text", {}, ["lead_inspector", "cqc_inspector"], ["lana", "local_area_lead"]),
        ("answers_csv", {}, ["lead_inspector"], ["team_inspector", "cqc_inspector", "lana"]),
        ("safeguarding", {}, ["lead_inspector"], ["team_inspector", "cqc_inspector", "lana", "admin_user"]),
        ("extend", {"audience": "parents"}, ["lead_inspector"], ["team_inspector", "lana"]),
    ],
)
def test_who_may_open_each_page(request, client_for, inspection, name, kwargs, allowed, forbidden):
    services.ensure_surveys(inspection=inspection)
    for who in allowed:
        assert client_for(request.getfixturevalue(who)).get(u(name, inspection, **kwargs)).status_code == 200, who
    for who in forbidden:
        assert client_for(request.getfixturevalue(who)).get(u(name, inspection, **kwargs)).status_code == 403, who
    for who in ["unassigned_inspector", "other_partnership_lead"]:
        assert client_for(request.getfixturevalue(who)).get(u(name, inspection, **kwargs)).status_code == 404, who


def test_signed_out_people_are_sent_to_sign_in(client, inspection):
    r = client.get(u("results", inspection, audience="parents"))
    assert r.status_code == 302 and "sign-in" in r.url


def test_overview_shows_links_to_the_local_area_but_counts_only_to_inspectors(
    client_for, inspection, lana, lead_inspector
):
    survey = survey_for(inspection)
    page = client_for(lana).get(u("overview", inspection)).content.decode()
    assert f"/s/{survey.token}/" in page and "Responses" not in page and "Results" not in page
    page = client_for(lead_inspector).get(u("overview", inspection)).content.decode()
    assert "Responses" in page and "Safeguarding queue" in page


def test_nine_responses_are_never_shown_in_pages_or_exports(client_for, inspection, team_inspector):
    survey = survey_for(inspection)
    for _ in range(9):
        submit(survey, pick=0)
    for _ in range(11):
        submit(survey, pick=1)
    client = client_for(team_inspector)
    page = client.get(u("results", inspection, audience="parents")).content.decode()
    assert "Responses: <strong>20</strong>" in page
    assert "fewer than 10" in page
    assert ">9<" not in page and ">9 " not in page
    page = client.get(u("results", inspection, audience="parents") + "?by=age_group").content.decode()
    assert ">9<" not in page and "(45%)" not in page
    body = b"".join(client.get(u("results_csv", inspection)).streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:3] == ["survey", "question", "criteria"]
    counts = [r[6] for r in rows[1:]]
    assert "9" not in counts and "fewer than 10" in counts
    assert all(c == "0" or c == "fewer than 10" or int(c) >= 10 for c in counts)
    identified = [r for r in rows if r[1].startswith("How well were your child") and r[3] == "All respondents"]
    assert [r[6] for r in identified[:2]] == ["fewer than 10", "11"] or [r[6] for r in identified[:2]] == [
        "fewer than 10",
        "fewer than 10",
    ]


def test_threshold_is_a_setting(client_for, inspection, team_inspector, settings):
    settings.SURVEY_SUPPRESSION_THRESHOLD = 3
    survey = survey_for(inspection)
    for _ in range(4):
        submit(survey, pick=0)
    page = client_for(team_inspector).get(u("results", inspection, audience="parents")).content.decode()
    assert "Responses: <strong>4</strong>" in page and "fewer than 3" not in page.split("Answers to each")[1]


def test_results_page_costs_the_same_queries_whatever_the_number_of_responses(client_for, inspection, team_inspector):
    survey = survey_for(inspection)
    client = client_for(team_inspector)
    url = u("results", inspection, audience="parents") + "?by=support_level"
    client.get(url)
    submit(survey)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(25):
        submit(survey, pick=i, text="ok" if i % 3 else "")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(few) == len(many) <= 10


def test_raw_export_for_the_lead_inspector_has_one_row_per_response(client_for, inspection, lead_inspector):
    survey = survey_for(inspection)
    submit(survey, pick=0, text="Good")
    submit(survey, pick=1, text='=HYPERLINK("http://example.test","click")')
    body = b"".join(client_for(lead_inspector).get(u("answers_csv", inspection)).streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    parents = [r for r in rows if r[0] == "Parents and carers"]
    assert len(parents) == 2 and "Good" in parents[0]
    assert '\'=HYPERLINK("http://example.test","click")' in parents[1]  # never a live formula


def test_inspector_tags_free_text_to_criteria(client_for, inspection, team_inspector):
    survey = survey_for(inspection)
    submit(survey, text="Waited a year for speech therapy")
    answer = Answer.objects.get(text="Waited a year for speech therapy")
    client = client_for(team_inspector)
    page = client.get(u("free_text", inspection)).content.decode()
    assert "Waited a year for speech therapy" in page
    r = client.post(u("tag_answer", inspection, answer_pk=answer.pk), {"criteria": ["1", "3"]})
    assert r.status_code == 302
    assert sorted(FreeTextTag.objects.values_list("criterion_number", flat=True)) == [1, 3]
    page = client.get(u("free_text", inspection) + "?criterion=3").content.decode()
    assert "Waited a year for speech therapy" in page
    assert "Waited a year" not in client.get(u("free_text", inspection) + "?criterion=5").content.decode()


def test_lead_inspector_records_a_safeguarding_decision(client_for, inspection, lead_inspector):
    survey = survey_for(inspection)
    submit(survey, text="I am worried he is being neglected at home")
    flag = SafeguardingFlag.objects.get()
    client = client_for(lead_inspector)
    page = client.get(u("safeguarding", inspection)).content.decode()
    assert "neglected at home" in page and "Not reviewed yet" in page
    error = client.post(u("safeguarding", inspection), {"flag": flag.pk, f"flag-{flag.pk}-status": "referred"})
    assert "There is a problem" in error.content.decode() and "Enter a note" in error.content.decode()
    assert "1 answer not reviewed yet" in page and "Reviewed (" not in page
    done = client.post(
        u("safeguarding", inspection),
        {"flag": flag.pk, f"flag-{flag.pk}-status": "referred", f"flag-{flag.pk}-note": "Referred to the front door"},
        follow=True,
    ).content.decode()
    flag.refresh_from_db()
    assert flag.status == "referred" and flag.note == "Referred to the front door"
    assert "Decision recorded: referred" in done
    assert "Every flagged answer has been reviewed" in done and "Reviewed (1)" in done


def test_lead_inspector_extends_a_survey_through_the_form(client_for, inspection, lead_inspector):
    survey = survey_for(inspection)
    client = client_for(lead_inspector)
    page = client.post(
        u("extend", inspection, audience="parents"),
        {"closes_on_0": "16", "closes_on_1": "12", "closes_on_2": "2026", "reason": "x"},
    ).content.decode()
    assert "must be after" in page
    r = client.post(
        u("extend", inspection, audience="parents"),
        {"closes_on_0": "22", "closes_on_1": "12", "closes_on_2": "2026", "reason": "Few practitioners"},
    )
    assert r.status_code == 302
    survey.refresh_from_db()
    assert str(survey.closes_on_extended) == "2026-12-22"
    assert "Few practitioners" in client.get(u("extend", inspection, audience="parents")).content.decode()


class TestSurveyLinksAreCreatedOnPurpose:
    """Announcing creates the surveys; opening the page never does; an inspection without them gets a button."""

    @pytest.fixture
    def without_surveys(self, inspection):
        from surveys.models import Survey

        Survey.objects.filter(inspection=inspection).delete()  # as if announced before surveys were created then
        return inspection

    def test_announcing_creates_the_three_surveys(self, inspection):
        from surveys.models import Survey
        from surveys.questionsets import AUDIENCES

        assert sorted(Survey.objects.filter(inspection=inspection).values_list("audience", flat=True)) == sorted(
            AUDIENCES
        )
        assert len(AUDIENCES) == 3

    def test_opening_the_page_creates_nothing(self, request, client_for, without_surveys):
        from surveys.models import Survey

        for who in ["lead_inspector", "team_inspector", "lana", "admin_user"]:
            page = client_for(request.getfixturevalue(who)).get(u("overview", without_surveys))
            assert page.status_code == 200
            assert "have not been created" in page.content.decode()
        assert Survey.objects.count() == 0

    @pytest.mark.parametrize("who", ["lead_inspector", "admin_user"])
    def test_the_lead_inspector_or_an_administrator_creates_them(self, request, client_for, who, without_surveys):
        from surveys.models import Survey

        client = client_for(request.getfixturevalue(who))
        assert "Create the survey links" in client.get(u("overview", without_surveys)).content.decode()
        response = client.post(u("create_links", without_surveys))
        assert response.status_code == 302 and response.url == u("overview", without_surveys)
        assert Survey.objects.filter(inspection=without_surveys).count() == 3
        client.post(u("create_links", without_surveys))
        assert Survey.objects.filter(inspection=without_surveys).count() == 3
        page = client.get(u("overview", without_surveys)).content.decode()
        assert "Create the survey links" not in page and "/s/" in page

    @pytest.mark.parametrize(
        "who,status",
        [
            ("team_inspector", 403),
            ("cqc_inspector", 403),
            ("lana", 403),
            ("unassigned_inspector", 404),
            ("other_partnership_lead", 404),
        ],
    )
    def test_nobody_else_may(self, request, client_for, who, status, without_surveys):
        from surveys.models import Survey

        client = client_for(request.getfixturevalue(who))
        assert "Create the survey links" not in client.get(u("overview", without_surveys)).content.decode()
        assert client.post(u("create_links", without_surveys)).status_code == status
        assert Survey.objects.count() == 0

    def test_signed_out_people_may_not(self, client, without_surveys):
        from surveys.models import Survey

        response = client.post(u("create_links", without_surveys))
        assert response.status_code == 302 and "sign-in" in response.url
        assert Survey.objects.count() == 0

    def test_the_page_only_takes_a_post(self, client_for, lead_inspector, without_surveys):
        assert client_for(lead_inspector).get(u("create_links", without_surveys)).status_code == 405


def test_a_refusal_not_tied_to_a_field_shows_at_the_top_of_the_extend_page(
    client_for, inspection, lead_inspector, monkeypatch
):
    survey_for(inspection)

    def refuse(**kwargs):
        raise ValidationError("The survey has already been archived")

    monkeypatch.setattr(services, "extend_close_date", refuse)
    response = client_for(lead_inspector).post(
        u("extend", inspection, audience="parents"),
        {"closes_on_0": "22", "closes_on_1": "12", "closes_on_2": "2026", "reason": "Few practitioners"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "The survey has already been archived" in response.content.decode()
