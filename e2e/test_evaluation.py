"""Two inspectors record evidence (one loses the network mid-sentence), the matrix shows the gap,
and the lead inspector decides outcome 3 with two areas for priority action."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import PASSWORD, CqcInspectorFactory, InspectorFactory
from evaluation.models import Evidence, EvidenceDraft
from evaluation.selectors import follow_ups_for
from inspections.demo import working_monday_on_or_before
from inspections.tests.factories import PartnershipFactory, make_inspection

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, base: str, user) -> None:
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_load_state()


def wait_for_draft(text: str, author, *, timeout_s: float = 10) -> EvidenceDraft:
    """Poll the database until the server holds a draft with this text."""
    import time

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        draft = EvidenceDraft.objects.filter(author=author).first()
        if draft and draft.text == text:
            return draft
        time.sleep(0.2)
    raise AssertionError(f"No draft with {text!r}; found {getattr(draft, 'text', None)!r}")


def test_evidence_survives_going_offline_and_the_lead_decides_outcome_3(browser, live_server, assert_accessible):
    # An inspection whose on-site week has begun (notified three weeks ago).
    notified = working_monday_on_or_before(timezone.localdate() - timedelta(days=21))
    westmere = PartnershipFactory(name="Westmere")
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor")
    tom = InspectorFactory(first_name="Tom", last_name="Barnes")
    priya = CqcInspectorFactory(first_name="Priya", last_name="Shah")
    inspection = make_inspection(partnership=westmere, notified_on=notified, lead=hmi, team=[tom, priya])
    base = live_server.url
    evidence_new = f"{base}/inspections/{inspection.pk}/evidence/new/"

    # Tom records a strength from the parent carer forum, using the keyboard.
    tom_context = browser.new_context()
    tom_page = tom_context.new_page()
    sign_in(tom_page, base, tom)
    tom_page.goto(f"{base}/inspections/{inspection.pk}/")
    tom_page.get_by_role("link", name="Evidence and outcome").focus()
    tom_page.keyboard.press("Enter")
    tom_page.wait_for_url("**/evidence/matrix/")
    tom_page.get_by_role("button", name="Record evidence").click()
    tom_page.wait_for_url(evidence_new)
    assert_accessible(tom_page)
    tom_page.get_by_label("7. Leaders engage with families").focus()
    tom_page.keyboard.press("Space")
    tom_page.get_by_label("Parent carer forum meeting").check()
    tom_page.get_by_label("Strength", exact=True).check()
    tom_page.get_by_label("Evidence", exact=True).fill("The forum co-wrote the new short breaks offer.")
    tom_page.get_by_role("button", name="Save evidence").click()
    tom_page.wait_for_url("**/evidence/*/?saved_draft=*")
    assert "Evidence E" in tom_page.locator("h1").inner_text()

    # Priya starts typing, loses the network mid-sentence, and carries on typing.
    priya_context = browser.new_context()
    priya_page = priya_context.new_page()
    sign_in(priya_page, base, priya)
    priya_page.goto(evidence_new)
    priya_page.get_by_label("3. The right help at the right time").check()
    priya_page.get_by_label("Case sample").check()
    priya_page.get_by_label("Weakness").check()
    box = priya_page.get_by_label("Evidence", exact=True)
    box.click()
    box.press_sequentially("Two health plans had no therapy advice")
    status = priya_page.locator("#autosave-status")
    status.filter(has_text="Draft saved").wait_for()
    wait_for_draft("Two health plans had no therapy advice", priya)

    priya_context.set_offline(True)
    box.press_sequentially(" and the families waited 30 weeks.")
    status.filter(has_text="You are offline").wait_for()
    assert EvidenceDraft.objects.get(author=priya).text == "Two health plans had no therapy advice"

    priya_context.set_offline(False)
    full = "Two health plans had no therapy advice and the families waited 30 weeks."
    status.filter(has_text="Draft saved").wait_for(timeout=15000)
    wait_for_draft(full, priya)
    assert_accessible(priya_page)
    priya_page.get_by_role("button", name="Save evidence").click()
    priya_page.wait_for_url("**/evidence/*/?saved_draft=*")
    assert Evidence.objects.get(author=priya).text == full
    assert not EvidenceDraft.objects.filter(author=priya).exists()
    assert priya_page.evaluate("Object.keys(window.localStorage).length") == 0

    # The matrix shows what remains to be found.
    tom_page.goto(f"{base}/inspections/{inspection.pk}/evidence/matrix/")
    gaps = tom_page.locator("#gaps")
    assert "Criterion 7: nothing from health yet" in gaps.inner_text()
    assert "Criterion 1: no evidence yet" in gaps.inner_text()
    assert "Criterion 3" not in gaps.inner_text()
    assert tom_page.locator("#contributions").get_by_text("Priya Shah").is_visible()
    assert_accessible(tom_page)

    # The criterion page puts the evidence beside the self-evaluation; the team writes its summary.
    tom_page.get_by_role("link", name="3. The right help at the right time").click()
    assert "Two health plans had no therapy advice" in tom_page.locator("main").inner_text()
    tom_page.get_by_label("What needs to be better").fill("Therapy advice is missing from plans.")
    tom_page.get_by_role("button", name="Save summary").click()
    assert tom_page.get_by_label("What needs to be better").input_value() == "Therapy advice is missing from plans."
    assert_accessible(tom_page)
    tom_page.goto(f"{base}/inspections/{inspection.pk}/evidence/")
    assert_accessible(tom_page)
    tom_context.close()
    priya_context.close()

    # The lead inspector writes two areas for priority action and decides outcome 3.
    lead_context = browser.new_context()
    page = lead_context.new_page()
    sign_in(page, base, hmi)
    page.goto(f"{base}/inspections/{inspection.pk}/outcome/")
    areas = [
        (
            "Leaders across education and health should make sure that therapy advice is in every EHC plan.",
            "3. The right help at the right time",
        ),
        ("Leaders should reduce the time families wait for EHC needs assessments.", "1. Identification and assessment"),
    ]
    for text, criterion in areas:
        page.get_by_role("link", name="Add an area for priority action").click()
        page.get_by_label("Area for priority action").check()
        page.get_by_label("What should leaders do?").fill(text)
        page.get_by_label(criterion).check()
        page.get_by_role("button", name="Save").click()
        page.wait_for_url("**/outcome/")
    assert page.locator("#priority-areas li").count() == 2

    page.get_by_role("button", name="Decide the outcome").click()
    assert_accessible(page)
    page.get_by_label("Outcome 3: Widespread and/or systemic failings").check()
    page.get_by_label("Why this outcome?").fill("Needs are identified late across the area and families wait too long.")
    page.get_by_role("button", name="Save the outcome").click()
    page.wait_for_url("**/outcome/")
    assert "Outcome 3" in page.locator("#outcome").inner_text()
    expected = follow_ups_for(inspection).monitoring_inspection_due_by
    monitoring = page.locator("[data-follow-up=monitoring]").inner_text()
    assert monitoring == f"{expected.day} {expected:%B %Y}"
    assert_accessible(page)
    lead_context.close()


@pytest.mark.usefixtures("journey_day")
def test_record_evidence_offers_the_draft_leaves_no_empty_one_and_links_a_source_without_script(
    browser, live_server, assert_accessible
):
    import uuid
    from datetime import date

    from evaluation import services
    from tracking import services as tracking
    from tracking.tests.factories import make_case_list

    hmi = InspectorFactory(first_name="Helen", last_name="Okafor")
    inspection = make_inspection(partnership=PartnershipFactory(name="Northshire"), lead=hmi)
    make_case_list(inspection)
    child = (
        tracking.propose_cohort(inspection=inspection, by=hmi, seed=5, today=date(2026, 12, 15))
        .children.order_by("pk")
        .first()
    )
    key = uuid.uuid4()
    services.save_draft(inspection=inspection, by=hmi, key=key, data={"text": "Families waited months for"})
    new_url = f"{live_server.url}/inspections/{inspection.pk}/evidence/new/"

    # On a phone, with the page's script running: the unfinished draft is offered.
    phone = browser.new_context(viewport={"width": 375, "height": 800})
    page = phone.new_page()
    sign_in(page, live_server.url, hmi)
    page.goto(new_url)
    banner = page.locator("#unfinished-drafts")
    assert "You have 1 unfinished draft." in banner.inner_text()
    assert_accessible(page)
    # A submit without text fails and leaves no empty draft behind.
    page.get_by_role("button", name="Save evidence").click()
    page.wait_for_load_state()
    assert "Enter the evidence" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.wait_for_timeout(2000)  # time for any autosave to reach the server
    assert list(EvidenceDraft.objects.filter(author=hmi).values_list("text", flat=True)) == [
        "Families waited months for"
    ]
    # Coming back to "Record evidence", the draft is still offered and opens with its text.
    page.goto(new_url)
    page.locator("#unfinished-drafts").get_by_role("link").click()
    page.wait_for_load_state()
    assert page.get_by_label("Evidence", exact=True).input_value() == "Families waited months for"
    phone.close()

    # Without script: the source list is grouped by kind, then item, and the choice is saved.
    plain = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = plain.new_page()
    sign_in(page, live_server.url, hmi)
    page.goto(f"{new_url}?draft={key}")
    source = page.get_by_label("Link to a source (optional)")
    groups = source.locator("optgroup").evaluate_all("els => els.map(e => e.label)")
    assert "Tracked children" in groups
    source.select_option(label=f"Tracked child {child.child_ref}")
    page.locator("input[name=criteria]").first.check()
    page.locator("input[name=source_kind]").first.check()
    page.locator("input[name=nature]").first.check()
    page.get_by_label("Evidence", exact=True).fill("Families waited months for an assessment.")
    page.get_by_role("button", name="Save evidence").click()
    page.wait_for_load_state()
    evidence = Evidence.objects.get(inspection=inspection)
    assert evidence.source_label == f"Tracked child {child.child_ref}"
    assert not EvidenceDraft.objects.filter(author=hmi).exists()
    plain.close()


@pytest.mark.usefixtures("journey_day")
def test_evidence_matrix_total_column_is_on_screen_at_1280(browser, live_server, assert_accessible):
    hmi = InspectorFactory(first_name="Helen", last_name="Okafor")
    inspection = make_inspection(partnership=PartnershipFactory(name="Northshire"), lead=hmi)
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desktop.new_page()
    sign_in(page, live_server.url, hmi)
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/evidence/matrix/")
    total = page.locator("#matrix thead th", has_text="Total")
    box = total.bounding_box()
    assert box["x"] + box["width"] <= 1280
    assert page.evaluate("document.querySelector('#matrix').parentElement.scrollWidth") <= page.evaluate(
        "document.querySelector('#matrix').parentElement.clientWidth"
    )
    assert_accessible(page)
    desktop.close()
