"""The report opened twice: the later save is refused with both texts, the autosave stops, and history is kept."""

import re

import pytest
from django.urls import reverse

from reports import services
from reports.models import ReportSectionVersion

EFFECTIVE_HEADING = "What is the area partnership doing that is effective?"


def url(name, inspection):
    return reverse(f"reports:{name}", args=[inspection.pk])


def hidden_inputs(page: str) -> dict[str, str]:
    """The hidden fields a page's form carries (its section versions among them)."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))


def form_as_loaded(client, report) -> dict[str, str]:
    """Open the edit page and return what its form would send unchanged."""
    page = client.get(url("edit", report.inspection)).content.decode()
    data = {k: v for k, v in hidden_inputs(page).items() if k != "csrfmiddlewaretoken"}
    report.refresh_from_db()
    for name in ("partnership_information", "child_experience", "effective", "better"):
        data[name] = getattr(report, name)
    return data


def test_the_edit_form_carries_each_sections_version(client_for, lead_inspector, report):
    data = form_as_loaded(client_for(lead_inspector), report)
    assert {k: v for k, v in data.items() if k.startswith("version_")} == {
        "version_partnership_information": "0",
        "version_child_experience": "1",
        "version_effective": "0",
        "version_better": "0",
    }


def test_a_form_saved_from_an_older_version_shows_both_texts_and_saves_nothing(client_for, lead_inspector, report):
    client = client_for(lead_inspector)
    tab1, tab2 = form_as_loaded(client, report), form_as_loaded(client, report)
    assert client.post(url("edit", report.inspection), {**tab1, "effective": "Early help works."}).status_code == 302
    response = client.post(url("edit", report.inspection), {**tab2, "effective": "Leaders listen to families."})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else has changed this since you opened it" in page
    assert "Early help works." in page and ">Leaders listen to families.</textarea>" in page
    assert "Changed by someone else" in page and f"The version saved by {lead_inspector.display_name}" in page
    assert hidden_inputs(page)["version_effective"] == "1"
    report.refresh_from_db()
    assert report.effective == "Early help works."


def test_saving_from_the_conflict_page_keeps_the_chosen_text_and_both_in_history(client_for, lead_inspector, report):
    client = client_for(lead_inspector)
    tab1, tab2 = form_as_loaded(client, report), form_as_loaded(client, report)
    client.post(url("edit", report.inspection), {**tab1, "effective": "Early help works."})
    page = client.post(url("edit", report.inspection), {**tab2, "effective": "Leaders listen."}).content.decode()
    # The conflict page's form: the user's text, merged by hand, at the newer version.
    data = {k: v for k, v in hidden_inputs(page).items() if k != "csrfmiddlewaretoken"}
    data["effective"] = "Early help works. Leaders listen."
    response = client.post(url("edit", report.inspection), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.effective == "Early help works. Leaders listen."
    assert report.child_experience.startswith("Most children")  # carried through untouched
    assert list(
        ReportSectionVersion.objects.filter(report=report, section="effective").values_list("number", "text")
    ) == [(2, "Early help works. Leaders listen."), (1, "Early help works.")]


def test_a_form_saved_after_another_tab_changed_a_different_section_keeps_both(client_for, lead_inspector, report):
    """The reported loss: tab 2's save of "better" wiped tab 1's "effective". Now both stay."""
    client = client_for(lead_inspector)
    tab2 = form_as_loaded(client, report)
    # Tab 1 (opened at the same time) autosaves "effective".
    client.post(url("autosave", report.inspection), {"effective": "From tab 1.", "version_effective": "0"})
    assert client.post(url("edit", report.inspection), {**tab2, "better": "From tab 2."}).status_code == 302
    report.refresh_from_db()
    assert (report.effective, report.better) == ("From tab 1.", "From tab 2.")


def test_autosave_returns_the_new_versions(client_for, lead_inspector, report):
    response = client_for(lead_inspector).post(
        url("autosave", report.inspection), {"effective": "Early help works.", "version_effective": "0"}
    )
    assert response.status_code == 200
    assert response.json()["versions"]["effective"] == 1


def test_autosave_from_an_older_version_is_refused_with_a_reason(client_for, lead_inspector, report):
    client = client_for(lead_inspector)
    client.post(url("autosave", report.inspection), {"effective": "From tab 1.", "version_effective": "0"})
    response = client.post(url("autosave", report.inspection), {"effective": "From tab 2.", "version_effective": "0"})
    assert response.status_code == 409
    body = response.json()
    assert body["saved"] is False and body["conflict"] is True
    assert body["message"] == (
        f"Someone else has changed ‘{EFFECTIVE_HEADING}’ since you opened this page. "
        "Your text has not been saved. Save the form to compare the two versions."
    )
    report.refresh_from_db()
    assert report.effective == "From tab 1."


def test_autosave_without_a_version_is_refused(client_for, lead_inspector, report):
    response = client_for(lead_inspector).post(url("autosave", report.inspection), {"effective": "x"})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.effective == ""


class TestHistoryPage:
    def test_lists_every_version_newest_first_with_who_and_when(
        self, client_for, lead_inspector, team_inspector, report
    ):
        services.save_narrative(report=report, by=lead_inspector, data={"effective": "First words."})
        services.save_narrative(report=report, by=lead_inspector, data={"effective": "Second words."})
        page = client_for(team_inspector).get(url("history", report.inspection)).content.decode()
        assert page.index("Version 2 (current)") < page.index("Second words.") < page.index("First words.")
        assert f"Saved by {lead_inspector.display_name}" in page
        assert "Nothing has been written in this section yet." in page  # "better" is still empty

    @pytest.mark.parametrize(
        "who,status",
        [
            ("lead_inspector", 200),
            ("team_inspector", 200),
            ("cqc_inspector", 200),
            ("admin_user", 200),
            ("lana", 403),
            ("local_area_lead", 403),
            ("unassigned_inspector", 404),
            ("other_partnership_lead", 404),
        ],
    )
    def test_only_those_who_see_the_reports_workings_open_it(self, request, client_for, who, status, report):
        response = client_for(request.getfixturevalue(who)).get(url("history", report.inspection))
        assert response.status_code == status

    def test_the_partnership_never_sees_earlier_drafts_even_when_the_draft_is_shared(
        self, client_for, lead_inspector, team_inspector, local_area_lead, report
    ):
        services.send_for_factual_accuracy(report=report, by=lead_inspector)
        history_url = url("history", report.inspection)
        assert history_url in client_for(team_inspector).get(url("overview", report.inspection)).content.decode()
        overview = client_for(local_area_lead).get(url("overview", report.inspection)).content.decode()
        assert "Read the report (draft)" in overview and history_url not in overview
        assert client_for(local_area_lead).get(history_url).status_code == 403

    def test_opening_it_creates_nothing(self, client_for, lead_inspector, decided):
        assert client_for(lead_inspector).get(url("history", decided)).status_code == 404
        assert ReportSectionVersion.objects.count() == 0
