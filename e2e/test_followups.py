"""After the report: the priority action plan goes back once and is accepted; the programme shows it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from accounts.tests.factories import AdministratorFactory, CqcInspectorFactory, InspectorFactory
from documents import samplefiles
from evaluation.models import OutcomeDecision
from evaluation.tests.factories import AreaForActionFactory
from inspections.tests.factories import PartnershipFactory, PartnershipLeadFactory, make_inspection

pytestmark = pytest.mark.django_db(transaction=True)

#: A month after publication on Monday 1 March 2027, before the plan's planned date (21 April).
PLAN_DAY = datetime(2027, 4, 1, 9, 30, tzinfo=ZoneInfo("Europe/London"))


def test_plan_returned_once_then_accepted_and_the_programme_shows_it(
    page, live_server, sign_in, assert_accessible, tmp_path
):
    northshire = PartnershipFactory(name="Northshire", region="north_east")
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor", is_hmi=True)
    lano = PartnershipLeadFactory(partnership=northshire, is_lano=True, user__first_name="Sam").user
    admin = AdministratorFactory()
    inspection = make_inspection(partnership=northshire, lead=hmi, team=[CqcInspectorFactory()])
    AreaForActionFactory(inspection=inspection)
    OutcomeDecision.objects.create(
        inspection=inspection,
        outcome=3,
        rationale="Systemic failings",
        decided_by=hmi,
        decided_at=timezone.now(),
        published_on=date(2027, 3, 1),
    )
    first = tmp_path / "Priority action plan.pdf"
    first.write_bytes(samplefiles.pdf_bytes("Priority action plan"))
    second = tmp_path / "Priority action plan v2.pdf"
    second.write_bytes(samplefiles.pdf_bytes("Priority action plan, version 2"))
    plan_url = f"{live_server.url}/inspections/{inspection.pk}/priority-action-plan/"

    with time_machine.travel(PLAN_DAY, tick=True):
        # The lead reaches the plan through "After the report" and uploads version 1.
        sign_in(lano)
        page.goto(f"{live_server.url}/inspections/{inspection.pk}/")
        page.get_by_role("link", name="After the report").click()
        page.wait_for_url(plan_url)
        assert "Planned: Wednesday 21 April 2027" in page.inner_text("#plan-due")
        assert_accessible(page)
        page.get_by_label("Upload files").set_input_files(str(first))
        page.get_by_role("button", name="Upload", exact=True).click()
        page.wait_for_url(plan_url)
        assert page.inner_text("#plan-status") == "Awaiting review"

        # The lead inspector asks for changes.
        page.context.clear_cookies()
        sign_in(hmi)
        page.goto(plan_url)
        page.get_by_label("Needs changes").check()
        page.get_by_label("Feedback for the partnership").fill("Name who leads each action.")
        page.get_by_role("button", name="Save review").click()
        page.wait_for_url(plan_url)
        assert page.inner_text("#plan-status") == "Needs changes"
        assert_accessible(page)

        # The lead sees why and uploads version 2, which the lead inspector accepts.
        page.context.clear_cookies()
        sign_in(lano)
        page.goto(plan_url)
        assert "Name who leads each action." in page.content()
        page.get_by_label("Upload files").set_input_files(str(second))
        page.get_by_role("button", name="Upload", exact=True).click()
        page.wait_for_url(plan_url)
        page.context.clear_cookies()
        sign_in(hmi)
        page.goto(plan_url)
        page.get_by_label("Accepted").check()
        page.get_by_role("button", name="Save review").click()
        page.wait_for_url(plan_url)
        assert page.inner_text("#plan-status") == "Accepted"

        # The administrator sees it on the national programme, with its charts and tables.
        page.context.clear_cookies()
        sign_in(admin)
        page.get_by_role("link", name="National programme").click()
        page.wait_for_url(f"{live_server.url}/programme/")
        row = page.locator("#programme tbody tr", has_text="Northshire")
        assert "Priority action plan: Accepted" in " ".join(row.inner_text().split())
        assert "1 Sep 2028" in row.inner_text()  # monitoring due by: 18 months after publication
        assert_accessible(page)
        page.goto(f"{live_server.url}/inspections/{inspection.pk}/engagement-meetings/")
        assert "Planned: Wednesday 1 September 2027" in page.content()
        assert_accessible(page)
