"""Journey: the lead inspector plans three activities with the keyboard, a double booking is
refused and fixed, an inspector's day plan and calendar file are downloaded, and a local area lead
sees what to arrange (without the team's notes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

from accounts.tests.factories import CqcInspectorFactory, InspectorFactory
from fieldwork.models import Activity
from inspections.tests.factories import PartnershipFactory, PartnershipLeadFactory, make_inspection

pytestmark = pytest.mark.django_db(transaction=True)


def _type(page, label: str, text: str) -> None:
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text)


def _plan(page, *, kind: str, title: str, day: str, starts: str, ends: str, place: str, who: list[str], notes=""):
    page.get_by_role("link", name="Plan an activity").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/fieldwork/new/")
    page.get_by_label("Kind of activity").select_option(label=kind)
    _type(page, "Title", title)
    page.get_by_label("Day", exact=True).select_option(value=day)
    _type(page, "Start time", starts)
    _type(page, "End time", ends)
    page.get_by_label("In person", exact=True).focus()
    page.keyboard.press("Space")
    _type(page, "Place (if in person)", place)
    for name in who:
        page.get_by_label(name, exact=False).focus()
        page.keyboard.press("Space")
    _type(page, "Who should the partnership invite?", "SENCOs from 3 primary schools")
    if notes:
        _type(page, "Notes for the team", notes)
    page.get_by_role("button", name="Save activity").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_lead_plans_the_week_and_the_partnership_sees_what_to_arrange(page, live_server, sign_in, assert_accessible):
    northshire = PartnershipFactory(name="Northshire")
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor")
    ofsted = InspectorFactory(first_name="Tom", last_name="Barnes")
    cqc = CqcInspectorFactory(first_name="Priya", last_name="Shah")
    lano = PartnershipLeadFactory(partnership=northshire, is_lano=True, user__first_name="Sam").user
    inspection = make_inspection(partnership=northshire, lead=hmi, team=[ofsted, cqc])
    base = f"{live_server.url}/inspections/{inspection.pk}"

    sign_in(hmi)
    page.goto(f"{base}/")
    page.get_by_role("navigation", name="Inspection sections").get_by_role("link", name="Fieldwork").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/fieldwork/")
    assert "No final feedback meeting is planned on WD15" in page.locator("#gap-list").inner_text()
    assert_accessible(page)

    _plan(
        page,
        kind="Meeting with leaders on the first day on site",
        title="First meeting with leaders",
        day="2026-12-30",
        starts="09:00",
        ends="10:30",
        place="County Hall",
        who=["Helen Okafor", "Tom Barnes", "Priya Shah"],
        notes="Bring the key lines of enquiry",
    )
    assert page.url.endswith("/fieldwork/")
    _plan(
        page,
        kind="Visit to a setting",
        title="Castle Primary School",
        day="2026-12-30",
        starts="11:30",
        ends="12:30",
        place="Castle Primary School",
        who=["Priya Shah"],
    )

    # The third clashes with the first meeting for Tom Barnes: refused with a message.
    _plan(
        page,
        kind="Focus group with practitioners",
        title="SENCO focus group",
        day="2026-12-30",
        starts="10:00",
        ends="11:00",
        place="Teachers' Centre",
        who=["Tom Barnes"],
    )
    summary = page.locator(".govuk-error-summary")
    assert "Tom Barnes is already in First meeting with leaders" in summary.inner_text()
    assert Activity.objects.count() == 2
    assert_accessible(page)

    # Fixed by moving it after the meeting (with time to travel), still with the keyboard.
    page.get_by_label("Start time").fill("")
    _type(page, "Start time", "11:30")
    page.get_by_label("End time").fill("")
    _type(page, "End time", "12:30")
    page.get_by_role("button", name="Save activity").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/fieldwork/")
    assert Activity.objects.count() == 3
    grid = page.locator("#week-grid").inner_text()
    assert "SENCO focus group" in grid and "Castle Primary School" in grid
    assert_accessible(page)
    # At 1280 px the grid shows; on a phone, a list per day instead.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator("#week-grid").is_visible() and not page.locator("#week-list").is_visible()
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.locator("#week-list").is_visible() and not page.locator("#week-grid").is_visible()
    assert "SENCO focus group" in page.locator("#week-list").inner_text()
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # The planning matrix and an activity's page.
    page.get_by_role("navigation", name="Fieldwork").get_by_role("link", name="Coverage before fieldwork").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/fieldwork/coverage/")
    assert (
        "Criterion 9: no activity planned with health commissioners" in page.locator("#coverage-gap-list").inner_text()
    )
    assert_accessible(page)
    page.goto(f"{base}/fieldwork/activities/{Activity.objects.get(title='SENCO focus group').pk}/")
    assert page.get_by_role("link", name="Record evidence from this activity").is_visible()
    assert_accessible(page)
    page.goto(f"{base}/fieldwork/")

    # Tom Barnes's day plan, and his calendar file.
    page.locator("#day-plans").get_by_role("link", name="WD11 for Tom Barnes").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/2026-12-30/")
    plan_text = page.locator("#day-plan").inner_text()
    assert plan_text.index("First meeting with leaders") < plan_text.index("SENCO focus group")
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download Tom Barnes's fieldwork as a calendar file (.ics)").click()
    calendar = Calendar.from_ical(Path(info.value.path()).read_bytes())
    summaries = sorted(str(e["summary"]) for e in calendar.walk("VEVENT"))
    assert summaries == [
        "First meeting with leaders (Meeting with leaders on the first day on site)",
        "SENCO focus group (Focus group with practitioners)",
    ]

    # The local area lead sees what to arrange, never the team's notes.
    page.context.clear_cookies()
    sign_in(lano)
    page.goto(f"{base}/")
    page.get_by_role("navigation", name="Inspection sections").get_by_role("link", name="Fieldwork").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/fieldwork/arrange/")
    text = page.locator("main").inner_text()
    assert "What we need to arrange" in text
    assert "SENCOs from 3 primary schools" in text and "County Hall" in text
    assert "Bring the key lines of enquiry" not in text
    assert_accessible(page)
