"""Who sees evidence and the outcome, and what the pages show."""

import json
import uuid
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation import services
from evaluation.models import Evidence, EvidenceDraft, OutcomeDecision
from evaluation.tests.factories import AreaForActionFactory, EvidenceFactory, bulk_evidence
from inspections.framework import ALTERNATIVE_PROVISION_LABEL

ON_SITE = date(2027, 1, 4)


def url(name, inspection, *args):
    return reverse(f"evaluation:{name}", args=[inspection.pk, *args])


@pytest.fixture
def evidence(inspection, team_inspector):
    return EvidenceFactory(inspection=inspection, author=team_inspector, text="The forum said waits are long.")


@pytest.fixture
def decided(inspection, lead_inspector):
    AreaForActionFactory(inspection=inspection)
    with time_machine.travel(ON_SITE):
        return services.decide_outcome(inspection=inspection, outcome=3, rationale="Systemic delays", by=lead_inspector)


class TestLocalAreaLeads:
    @pytest.mark.parametrize(
        "name,extra",
        [
            ("matrix", ()),
            ("evidence_list", ()),
            ("evidence_new", ()),
            ("criterion", (3,)),
            ("outcome", ()),
        ],
    )
    def test_never_see_evidence_or_the_outcome_before_publication(
        self, client_for, lana, inspection, evidence, decided, name, extra
    ):
        response = client_for(lana).get(url(name, inspection, *extra))
        assert response.status_code == 403
        assert b"waits are long" not in response.content and b"Systemic delays" not in response.content

    def test_cannot_open_a_piece_of_evidence(self, client_for, lana, inspection, evidence):
        assert client_for(lana).get(url("evidence_detail", inspection, evidence.pk)).status_code == 403

    def test_see_the_outcome_once_published_but_still_not_the_evidence(
        self, client_for, lana, inspection, evidence, decided
    ):
        services.record_publication(inspection=inspection, published_on=date(2027, 3, 1))
        client = client_for(lana)
        page = client.get(url("outcome", inspection)).content.decode()
        assert "Outcome 3" in page and "1 September 2028" in page
        assert "History of the decision" not in page
        assert client.get(url("matrix", inspection)).status_code == 403

    def test_another_partnership_cannot_tell_the_inspection_exists(
        self, client_for, other_partnership_lead, inspection
    ):
        assert client_for(other_partnership_lead).get(url("outcome", inspection)).status_code == 404

    def test_unassigned_inspectors_get_not_found(self, client_for, unassigned_inspector, inspection):
        assert client_for(unassigned_inspector).get(url("matrix", inspection)).status_code == 404


class TestEvidencePages:
    def test_record_evidence_offers_the_unfinished_draft(self, client_for, cqc_inspector, inspection):
        key = uuid.uuid4()
        services.save_draft(inspection=inspection, by=cqc_inspector, key=key, data={"text": "Families waited months"})
        page = client_for(cqc_inspector).get(url("evidence_new", inspection)).content.decode()
        assert "You have 1 unfinished draft." in page
        assert f"?draft={key}" in page and "Continue “Families waited months”" in page
        resumed = client_for(cqc_inspector).get(url("evidence_new", inspection) + f"?draft={key}").content.decode()
        assert "Families waited months</textarea>" in resumed and "unfinished draft" not in resumed

    def test_a_failed_submit_and_an_empty_autosave_leave_no_empty_draft(self, client_for, cqc_inspector, inspection):
        client = client_for(cqc_inspector)
        key = str(uuid.uuid4())
        refused = client.post(url("evidence_new", inspection), {"criteria": ["3"], "text": "", "draft_key": key})
        assert "Enter the evidence" in refused.content.decode()
        # The page's script then saves what the form held: criteria but no text.
        saved = client.post(url("draft_save", inspection), {"draft_key": key, "criteria": ["3"], "text": ""})
        assert saved.status_code == 200
        assert not EvidenceDraft.objects.exists()
        client.post(url("draft_save", inspection), {"draft_key": key, "text": "Half a thought"})
        client.post(url("draft_save", inspection), {"draft_key": key, "text": "  "})  # emptied again
        assert not EvidenceDraft.objects.exists()
        assert "(no text yet)" not in client.get(url("evidence_list", inspection)).content.decode()

    def test_recording_evidence_from_the_form(self, client_for, cqc_inspector, inspection):
        key = uuid.uuid4()
        services.save_draft(inspection=inspection, by=cqc_inspector, key=key, data={"text": "Half"})
        response = client_for(cqc_inspector).post(
            url("evidence_new", inspection),
            {
                "criteria": ["3", "12"],
                "source_kind": "case_sample",
                "nature": "weakness",
                "text": "Health advice missing from two plans.",
                "draft_key": str(key),
            },
        )
        evidence = Evidence.objects.get()
        assert response.status_code == 302 and response.url.startswith(url("evidence_detail", inspection, evidence.pk))
        assert evidence.criterion_numbers == [3, 12] and evidence.author_organisation == "CQC"
        assert not EvidenceDraft.objects.exists()
        detail = client_for(cqc_inspector).get(response.url).content.decode()
        assert ">3. The right help at the right time</a>" in detail
        assert f">{ALTERNATIVE_PROVISION_LABEL}</a>" in detail and "12. " not in detail
        assert "criteria 3, alternative provision" in detail

    def test_evidence_is_numbered_within_its_own_inspection(self, client_for, team_inspector, inspection):
        from inspections.tests.factories import make_inspection

        elsewhere = make_inspection(notified_on=date(2026, 11, 2), lead=team_inspector)
        bulk_evidence(inspection=elsewhere, authors=[team_inspector], count=9)  # E1 to E9 over there
        form = {"criteria": ["3"], "source_kind": "case_sample", "nature": "strength", "text": "Plans were on time."}
        client = client_for(team_inspector)
        first = client.post(url("evidence_new", inspection), form, follow=True).content.decode()
        second = client.post(url("evidence_new", inspection), form, follow=True).content.decode()
        assert "Evidence E1 recorded" in first
        assert "Evidence E2 recorded" in second and "E10" not in second
        latest = Evidence.objects.filter(inspection=inspection).order_by("-number").first()
        detail = client.get(url("evidence_detail", inspection, latest.pk)).content.decode()
        assert "Evidence E2</h1>" in detail

    def test_missing_answers_are_listed_in_the_error_summary(self, client_for, team_inspector, inspection):
        response = client_for(team_inspector).post(url("evidence_new", inspection), {"text": ""})
        page = response.content.decode()
        assert response.status_code == 200 and "There is a problem" in page
        assert "Select at least one criterion the evidence bears on" in page and "Enter the evidence" in page
        assert not Evidence.objects.exists()

    def test_autosave_keeps_what_is_typed(self, client_for, team_inspector, inspection):
        key = str(uuid.uuid4())
        client = client_for(team_inspector)
        for text in ("The", "The parent carer forum"):
            response = client.post(url("draft_save", inspection), {"draft_key": key, "text": text, "criteria": ["7"]})
            assert response.status_code == 200 and json.loads(response.content)["key"] == key
        draft = EvidenceDraft.objects.get()
        assert draft.text == "The parent carer forum" and draft.data["criteria"] == ["7"]
        listing = client.get(url("evidence_list", inspection)).content.decode()
        assert "Your drafts" in listing and f"?draft={key}" in listing
        resumed = client.get(url("evidence_new", inspection) + f"?draft={key}").content.decode()
        assert "The parent carer forum" in resumed

    def test_a_late_autosave_after_saving_does_not_bring_the_draft_back(self, client_for, team_inspector, inspection):
        key = str(uuid.uuid4())
        client = client_for(team_inspector)
        client.post(url("draft_save", inspection), {"draft_key": key, "text": "Families waited"})
        services.record_evidence(
            inspection=inspection,
            by=team_inspector,
            criteria=[3],
            source_kind="case_sample",
            nature="weakness",
            text="Families waited 30 weeks.",
            draft_key=key,
        )
        late = client.post(url("draft_save", inspection), {"draft_key": key, "text": "Families waited 30"})
        assert late.status_code == 410
        assert not EvidenceDraft.objects.exists()
        assert "Your drafts" not in client.get(url("evidence_list", inspection)).content.decode()

    def test_local_area_leads_cannot_autosave(self, client_for, lana, inspection):
        response = client_for(lana).post(url("draft_save", inspection), {"draft_key": str(uuid.uuid4())})
        assert response.status_code == 403

    def test_editing_shows_every_version(self, client_for, team_inspector, inspection, evidence):
        client = client_for(team_inspector)
        client.post(
            url("evidence_edit", inspection, evidence.pk),
            {
                "criteria": ["3"],
                "source_kind": "tracking_meeting",
                "nature": "strength",
                "text": "Better wording.",
                "version": "1",
            },
        )
        page = client.get(url("evidence_detail", inspection, evidence.pk)).content.decode()
        assert "Version 2 (current)" in page and "Version 1" in page
        assert "The forum said waits are long." in page and "Better wording." in page

    def test_withdrawing_asks_for_a_reason(self, client_for, team_inspector, inspection, evidence):
        client = client_for(team_inspector)
        page = client.post(url("evidence_withdraw", inspection, evidence.pk), {"reason": ""}).content.decode()
        assert "Enter why you are withdrawing this evidence" in page
        client.post(url("evidence_withdraw", inspection, evidence.pk), {"reason": "Recorded twice"})
        evidence.refresh_from_db()
        assert evidence.withdrawal_reason == "Recorded twice"
        assert "Recorded twice" in client.get(url("evidence_detail", inspection, evidence.pk)).content.decode()

    def test_matrix_shows_counts_and_gaps(self, client_for, team_inspector, inspection, evidence):
        page = client_for(team_inspector).get(url("matrix", inspection)).content.decode()
        assert "1 S" in page and "Criterion 3: nothing from health yet" in page
        assert "Criterion 7: no evidence yet" in page

    def test_matrix_costs_the_same_queries_for_10_and_1000_records(
        self, client_for, lead_inspector, team_inspector, cqc_inspector, inspection
    ):
        client = client_for(lead_inspector)
        authors = [lead_inspector, team_inspector, cqc_inspector]
        bulk_evidence(inspection=inspection, authors=authors, count=10)
        client.get(url("matrix", inspection))  # warm caches such as content types
        with CaptureQueriesContext(connection) as small:
            assert client.get(url("matrix", inspection)).status_code == 200
        bulk_evidence(inspection=inspection, authors=authors, count=990)
        with CaptureQueriesContext(connection) as large:
            response = client.get(url("matrix", inspection))
        assert Evidence.objects.count() == 1000
        assert len(large) == len(small)
        assert "1000 pieces of evidence" in response.content.decode()


class TestCriterionPage:
    def test_team_writes_the_summary(self, client_for, team_inspector, inspection, evidence):
        client = client_for(team_inspector)
        page = client.get(url("criterion", inspection, 3)).content.decode()
        assert "The right help at the right time" in page and "The forum said waits are long." in page
        client.post(
            url("criterion", inspection, 3),
            {"effective": "Early help works", "better": "Waits for therapy", "version": 0},
        )
        page = client.get(url("criterion", inspection, 3)).content.decode()
        assert "Early help works" in page and "Waits for therapy" in page

    def test_criteria_read_in_the_framework_words_and_alternative_provision_has_its_own_label(
        self, client_for, team_inspector, inspection
    ):
        client = client_for(team_inspector)
        page = client.get(url("criterion", inspection, 11)).content.decode()
        assert "Leaders create an environment for effective practice and multi-agency working to flourish." in page
        page = client.get(url("criterion", inspection, 12)).content.decode()
        assert "Alternative provision: how well the local authority commissions and oversees it" in page
        assert "Criterion 12" not in page and "effectively." not in page

    def test_unknown_criterion_is_not_found(self, client_for, team_inspector, inspection):
        assert client_for(team_inspector).get(url("criterion", inspection, 13)).status_code == 404


class TestOutcomePages:
    def test_only_the_lead_inspector_may_decide(self, client_for, team_inspector, lead_inspector, inspection):
        assert client_for(team_inspector).get(url("outcome_decide", inspection)).status_code == 403
        assert client_for(lead_inspector).get(url("outcome_decide", inspection)).status_code == 200

    @pytest.mark.parametrize("name", ["outcome_decide", "area_new"])
    def test_team_members_and_administrators_cannot_change_the_decision(
        self, client_for, team_inspector, admin_user, inspection, name
    ):
        for user in (team_inspector, admin_user):
            assert client_for(user).post(url(name, inspection), {"outcome": "1", "rationale": "x"}).status_code == 403
        assert not OutcomeDecision.objects.exists()

    def test_administrators_see_the_draft_outcome_read_only(self, client_for, admin_user, inspection, decided):
        page = client_for(admin_user).get(url("outcome", inspection)).content.decode()
        assert "Outcome 3" in page and "Change the outcome" not in page

    def test_the_lead_decides_outcome_3_and_sees_what_follows(self, client_for, lead_inspector, inspection):
        with time_machine.travel(ON_SITE):
            client = client_for(lead_inspector)  # signed in on the day, so the session is fresh
            response = client.post(
                url("outcome_decide", inspection), {"outcome": "3", "rationale": "Failings", "version": 0}
            )
            assert "Add at least one area for priority action" in response.content.decode()
            bodies = list(inspection.partnership.bodies.all())
            client.post(
                url("area_new", inspection),
                {
                    "kind": "priority",
                    "criteria": ["1", "3"],
                    "responsible_bodies": [b.pk for b in bodies],
                    "text": "Leaders should make sure plans are finished within 20 weeks.",
                },
            )
            response = client.post(
                url("outcome_decide", inspection), {"outcome": "3", "rationale": "Failings", "version": 0}
            )
            assert response.status_code == 302
            page = client.get(url("outcome", inspection)).content.decode()
        assert OutcomeDecision.objects.get().outcome == 3
        assert "Monitoring inspection due by" in page and "What follows (provisional)" in page
        assert "Leaders should make sure plans are finished within 20 weeks." in page
        assert "Responsible body: Northshire Council and NHS Northshire Integrated Care Board" in page

    def test_outcome_history_names_the_criteria(self, client_for, lead_inspector, inspection):
        with time_machine.travel(date(2027, 1, 4), tick=False):
            area = services.add_area_for_action(
                inspection=inspection,
                kind="improvement",
                text="Leaders should check the provision.",
                criteria=[12],
                by=lead_inspector,
            )
            services.change_area_for_action(
                area=area, text="Leaders should check the provision.", criteria=[3, 12], by=lead_inspector
            )
            page = client_for(lead_inspector).get(url("outcome", inspection)).content.decode()
        history = page.split('id="history"', 1)[1]
        assert "Criteria: Alternative provision" in history
        assert "3. The right help at the right time; Alternative provision" in history
        assert "Criteria: 12" not in history

    def test_before_on_site_work_the_lead_is_told_to_wait(self, client_for, lead_inspector, inspection):
        with time_machine.travel(date(2026, 12, 21)):
            page = client_for(lead_inspector).get(url("outcome", inspection)).content.decode()
        assert "once on-site work has begun" in page and "Decide the outcome</a>" not in page

    def test_no_changes_once_published(self, client_for, lead_inspector, inspection, decided):
        services.record_publication(inspection=inspection, published_on=date(2027, 3, 1))
        assert client_for(lead_inspector).get(url("outcome_decide", inspection)).status_code == 403


class TestFollowUps:
    def test_administrators_see_published_follow_ups(self, client_for, admin_user, inspection, decided):
        client = client_for(admin_user)
        assert "No outcome has been published yet" in client.get(reverse("evaluation:follow_ups")).content.decode()
        services.record_publication(inspection=inspection, published_on=date(2027, 3, 1))
        page = client.get(reverse("evaluation:follow_ups")).content.decode()
        assert "Northshire" in page and "21 April 2027" in page and "1 September 2028" in page
        assert "1 March 2030" in page

    def test_others_may_not(self, client_for, lead_inspector, lana):
        assert client_for(lead_inspector).get(reverse("evaluation:follow_ups")).status_code == 403
        assert client_for(lana).get(reverse("evaluation:follow_ups")).status_code == 403


class TestSourcesFromOtherApps:
    def test_criterion_page_shows_survey_results_and_self_evaluation(self, client_for, team_inspector, inspection):
        from documents.models import SelfEvaluationEntry

        question_results_for_criterion = pytest.importorskip("surveys.selectors").question_results_for_criterion
        survey_for = pytest.importorskip("surveys.tests.factories").survey_for

        survey_for(inspection)
        number, question = next((n, r) for n in range(1, 12) for r in question_results_for_criterion(inspection, n))
        SelfEvaluationEntry.objects.create(
            inspection=inspection,
            criterion=number,
            known="We know waits are too long.",
            next_steps="A new triage panel.",
        )
        page = client_for(team_inspector).get(url("criterion", inspection, number)).content.decode()
        assert question.text.replace("'", "&#x27;") in page
        assert question.total.display in page  # suppressed exactly as the survey results show it
        assert "We know waits are too long." in page and "A new triage panel." in page
        form = client_for(team_inspector).get(url("evidence_new", inspection)).content.decode()
        assert f"survey-question:{question.survey_id}:{question.key}" in form


def test_partnership_follow_ups_tag_is_for_administrators_only(rf, admin_user, lana, inspection, decided):
    from django.template import Context, Template

    services.record_publication(inspection=inspection, published_on=date(2027, 3, 1))
    tmpl = Template("{% load evaluation_tags %}{% partnership_follow_ups partnership %}")
    for user, shown in ((admin_user, True), (lana, False)):
        request = rf.get("/")
        request.user = user
        html = tmpl.render(Context({"request": request, "partnership": inspection.partnership}))
        assert ("Monitoring inspection due by" in html) is shown


class TestLinksToSources:
    """A linked source's label leads to that source's own page, for viewers who may open it."""

    @pytest.fixture(autouse=True)
    def _during_the_information_request(self):
        with time_machine.travel(date(2026, 12, 17)):
            yield

    @pytest.fixture
    def linked(self, inspection, lead_inspector, lana, team_inspector):
        from django.contrib.contenttypes.models import ContentType

        from documents.tests.factories import upload
        from surveys.selectors import question_results_for_criterion
        from surveys.tests.factories import survey_for
        from tracking import services as tracking
        from tracking.tests.factories import make_case_list

        make_case_list(inspection)
        child = (
            tracking.propose_cohort(inspection=inspection, by=lead_inspector, seed=5, today=date(2026, 12, 17))
            .children.order_by("pk")
            .first()
        )
        sampled = tracking.draw_cases(inspection=inspection, by=lead_inspector, seed=3).cases.first()
        [stored] = upload(inspection, lana)
        survey_for(inspection)
        question = next(r for n in range(1, 12) for r in question_results_for_criterion(inspection, n))

        def evidence_for(obj, label):
            return EvidenceFactory(
                inspection=inspection,
                author=team_inspector,
                source_label=label,
                source_content_type=ContentType.objects.get_for_model(obj),
                source_object_id=str(obj.pk),
            )

        pk = inspection.pk
        return {
            "child": (
                evidence_for(child, f"Tracked child {child.child_ref}"),
                reverse("tracking:child", kwargs={"inspection_pk": pk, "pk": child.pk}),
            ),
            "sampled": (
                evidence_for(sampled, f"Sampled case {sampled.child_ref}"),
                reverse("tracking:sampled_case", kwargs={"inspection_pk": pk, "pk": sampled.pk}),
            ),
            "document": (
                evidence_for(stored, f"Document: {stored}"),
                reverse("documents:download", kwargs={"inspection_pk": pk, "file_pk": stored.pk}),
            ),
            "survey": (
                EvidenceFactory(
                    inspection=inspection,
                    author=team_inspector,
                    source_label="Survey results (parents and carers): waiting times",
                    source_object_id=f"survey-question:{question.survey_id}:{question.key}",
                ),
                reverse("surveys:results", kwargs={"inspection_pk": pk, "audience": question.audience})
                + f"#{question.html_id}",
            ),
        }

    def test_the_team_follows_each_label_to_its_source(self, client_for, team_inspector, inspection, linked):
        client = client_for(team_inspector)
        listing = client.get(url("evidence_list", inspection)).content.decode()
        for evidence, target in linked.values():
            link = f'<a class="govuk-link" href="{target}">{evidence.source_label}</a>'
            assert link in listing
            detail = client.get(url("evidence_detail", inspection, evidence.pk)).content.decode()
            assert f'<a class="govuk-link" href="{target}" id="evidence-source">{evidence.source_label}</a>' in detail
            address, _, fragment = target.partition("#")
            response = client.get(address)
            assert response.status_code == 200
            if fragment:
                assert f'id="{fragment}"' in response.content.decode()
        criterion = client.get(url("criterion", inspection, 3)).content.decode()
        assert all(f'href="{target}"' in criterion for _, target in linked.values())

    def test_administrators_get_links_only_to_pages_they_may_open(self, client_for, admin_user, inspection, linked):
        client = client_for(admin_user)
        listing = client.get(url("evidence_list", inspection)).content.decode()
        for name, (evidence, target) in linked.items():
            may_open = client.get(target.split("#")[0]).status_code == 200
            assert may_open == (name in {"child", "sampled"})
            assert (f'href="{target}"' in listing) == may_open
            assert evidence.source_label in listing

    def test_a_source_that_no_longer_exists_is_not_linked(self, client_for, team_inspector, inspection, linked):
        evidence, _ = linked["child"]
        Evidence.objects.filter(pk=evidence.pk).update(source_object_id="999999")
        other_survey, _ = linked["survey"]
        Evidence.objects.filter(pk=other_survey.pk).update(source_object_id="survey-question:999999:waits")
        page = client_for(team_inspector).get(url("evidence_detail", inspection, evidence.pk)).content.decode()
        assert evidence.source_label in page and 'id="evidence-source"' not in page
        listing = client_for(team_inspector).get(url("evidence_list", inspection)).content.decode()
        assert other_survey.source_label in listing and "#q-" not in listing
        assert f'href="{linked["sampled"][1]}"' in listing

    def test_the_list_costs_the_same_queries_however_many_pieces_link_to_sources(
        self, client_for, team_inspector, inspection, linked
    ):
        client = client_for(team_inspector)
        client.get(url("evidence_list", inspection))
        with CaptureQueriesContext(connection) as few:
            client.get(url("evidence_list", inspection))
        for evidence, _ in list(linked.values()) * 5:
            EvidenceFactory(
                inspection=inspection,
                author=team_inspector,
                source_label=evidence.source_label,
                source_content_type_id=evidence.source_content_type_id,
                source_object_id=evidence.source_object_id,
            )
        with CaptureQueriesContext(connection) as many:
            page = client.get(url("evidence_list", inspection)).content.decode()
        for _, target in linked.values():
            assert page.count(f'href="{target}"') == 6
        assert len(many.captured_queries) == len(few.captured_queries)


def test_matrix_cells_are_written_as_the_table_has_always_shown_them():
    from evaluation.templatetags.evaluation_tags import matrix_cells

    html = matrix_cells([("/e/?criterion=7&source=survey", "2 S", "", "1 C"), ("", "", "", "")], "Criterion <7>")
    assert html == (
        '<td class="govuk-table__cell"><a class="govuk-link" href="/e/?criterion=7&amp;source=survey">'
        '<span class="app-nowrap">2 S</span> <span class="app-nowrap">1 C</span>'
        '<span class="govuk-visually-hidden"> for Criterion &lt;7&gt;</span></a></td>\n      '
        '<td class="govuk-table__cell app-gap" data-gap="true"><span aria-hidden="true">–</span>'
        '<span class="govuk-visually-hidden">Gap: no evidence</span></td>'
    )
