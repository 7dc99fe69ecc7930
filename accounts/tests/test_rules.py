"""Who may do what: one table, checked against ``accounts.rules``.

Each row is an action (a named rule, in a given state of the work); each column a person's
relation to the inspection. A rule added to ``accounts/rules.py`` without its row here fails
``test_every_rule_has_a_row``.
"""

from __future__ import annotations

import inspect

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import rules

COLUMNS = (
    "administrator",
    "lead inspector",
    "team inspector",
    "CQC inspector",
    "unassigned inspector",
    "local area lead",
    "LANO",
    "other partnership's lead",
    "anonymous",
)
FIXTURES = {
    "administrator": "admin_user",
    "lead inspector": "lead_inspector",
    "team inspector": "team_inspector",
    "CQC inspector": "cqc_inspector",
    "unassigned inspector": "unassigned_inspector",
    "local area lead": "local_area_lead",
    "LANO": "lana",
    "other partnership's lead": "other_partnership_lead",
}

# fmt: off
#   rule                       state of the work               adm lead team cqc unas local lano other anon
TABLE = [
    ("can_view_inspection",     {},                              "Y   Y    Y    Y   .    Y     Y    .     ."),
    ("may_announce_inspection", {},                              "Y   .    .    .   .    .     .    .     ."),
    ("may_see_partnership",     {},                              "Y   .    .    .   .    Y     Y    .     ."),
    ("may_edit_partnership",    {},                              "Y   .    .    .   .    .     .    .     ."),
    ("may_upload_documents",    {},                              ".   .    .    .   .    Y     Y    .     ."),
    ("may_review_documents",    {},                              ".   Y    Y    Y   .    .     .    .     ."),
    ("may_download_documents",  {},                              ".   Y    Y    Y   .    Y     Y    .     ."),
    ("may_see_survey_results",  {},                              ".   Y    Y    Y   .    .     .    .     ."),
    ("may_manage_surveys",      {},                              ".   Y    .    .   .    .     .    .     ."),
    ("may_upload_case_list",    {},                              "Y   .    .    .   .    Y     Y    .     ."),
    ("may_see_tracking_notes",  {},                              "Y   Y    Y    Y   .    .     .    .     ."),
    ("may_choose_children",     {},                              ".   Y    .    .   .    .     .    .     ."),
    ("may_review_sampled_cases", {},                             ".   Y    Y    Y   .    .     .    .     ."),
    ("may_create_survey_links", {},                              "Y   Y    .    .   .    .     .    .     ."),
    ("may_read_evidence",       {},                              "Y   Y    Y    Y   .    .     .    .     ."),
    ("may_record_evidence",     {},                              ".   Y    Y    Y   .    .     .    .     ."),
    ("may_see_outcome",         {"published": False},            "Y   Y    Y    Y   .    .     .    .     ."),
    ("may_see_outcome",         {"published": True},             "Y   Y    Y    Y   .    Y     Y    .     ."),
    ("may_see_outcome_history", {},                              "Y   Y    Y    Y   .    .     .    .     ."),
    ("may_decide_outcome",      {},                              ".   Y    .    .   .    .     .    .     ."),
    ("may_see_follow_ups",      {},                              "Y   .    .    .   .    .     .    .     ."),
    ("may_open_report_page",    {},                              "Y   Y    Y    Y   .    Y     Y    .     ."),
    ("may_start_report",        {},                              ".   Y    .    .   .    .     .    .     ."),
    ("may_edit_report",         {},                              ".   Y    .    .   .    .     .    .     ."),
    ("may_read_report",         {"open_to_partnership": False},  "Y   Y    Y    Y   .    .     .    .     ."),
    ("may_read_report",         {"open_to_partnership": True},   "Y   Y    Y    Y   .    Y     Y    .     ."),
    ("may_see_report_workings", {},                              "Y   Y    Y    Y   .    .     .    .     ."),
    ("may_comment_on_report",   {},                              ".   .    .    .   .    Y     Y    .     ."),
    ("may_lead_inspection",     {},                              ".   Y    .    .   .    .     .    .     ."),
    ("may_see_fieldwork_plan",  {},                              "Y   Y    Y    Y   .    .     .    .     ."),
    ("may_plan_fieldwork",      {},                              ".   Y    Y    Y   .    .     .    .     ."),
    ("may_override_remote_fieldwork_day", {},                    ".   Y    .    .   .    .     .    .     ."),
    ("may_see_fieldwork_arrangements", {},                       "Y   Y    Y    Y   .    Y     Y    .     ."),
    ("may_see_follow_up_plans", {},                              "Y   Y    Y    Y   .    Y     Y    .     ."),
    ("may_upload_action_plan",  {},                              ".   .    .    .   .    Y     Y    .     ."),
    ("may_review_action_plan",  {},                              ".   Y    .    .   .    .     .    .     ."),
    ("may_record_strategic_plan", {},                            ".   .    .    .   .    Y     Y    .     ."),
    ("may_read_engagement_notes", {},                            "Y   Y    Y    Y   .    .     .    .     ."),
    ("may_reschedule_engagement_meeting", {},                    "Y   .    .    .   .    .     .    .     ."),
    ("may_record_engagement_meeting", {},                        ".   Y    Y    Y   .    .     .    .     ."),
    ("may_read_monitoring_evidence", {},                         "Y   Y    Y    Y   .    .     .    .     ."),
    ("may_record_monitoring_evidence", {},                       ".   Y    Y    Y   .    .     .    .     ."),
    ("may_record_monitoring_findings", {},                       ".   Y    .    .   .    .     .    .     ."),
]
# fmt: on

#: Rules about a person alone, and rules about the inspection's partnership.
WITHOUT_INSPECTION = {"may_see_follow_ups", "may_announce_inspection", "may_edit_partnership", "may_lead_inspection"}
ABOUT_PARTNERSHIP = {"may_see_partnership"}


def _ask(name: str, user, inspection, state: dict) -> bool:
    rule = getattr(rules, name)
    if name in WITHOUT_INSPECTION:
        return bool(rule(user, **state))
    if name in ABOUT_PARTNERSHIP:
        return bool(rule(user, inspection.partnership, **state))
    return bool(rule(user, inspection, **state))


def _expected(marks: str) -> dict[str, bool]:
    cells = marks.split()
    assert len(cells) == len(COLUMNS) and set(cells) <= {"Y", "."}, marks
    return {column: cell == "Y" for column, cell in zip(COLUMNS, cells, strict=True)}


@pytest.mark.parametrize(
    "name,state,marks",
    TABLE,
    ids=[f"{name}{'-' + '-'.join(map(str, s.values())) if s else ''}" for name, s, _ in TABLE],
)
def test_who_may(request, inspection, name, state, marks):
    people = {column: request.getfixturevalue(fixture) for column, fixture in FIXTURES.items()}
    people["anonymous"] = AnonymousUser()
    found = {column: _ask(name, user, inspection, state) for column, user in people.items()}
    assert found == _expected(marks)


def test_every_rule_has_a_row():
    named = {
        name
        for name, function in inspect.getmembers(rules, inspect.isfunction)
        if name.startswith("may_") and function.__module__ == rules.__name__
    }
    assert named == {name for name, _, _ in TABLE if name.startswith("may_")}


def test_a_deactivated_inspector_loses_every_right(inspection, lead_inspector):
    lead_inspector.is_active = False
    assert not any(_ask(name, lead_inspector, inspection, state) for name, state, _ in TABLE)
