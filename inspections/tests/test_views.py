from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from inspections.models import Inspection


def detail_url(inspection):
    return reverse("inspections:detail", kwargs={"inspection_pk": inspection.pk})


PAGES = ["inspections:detail", "inspections:timeline_ics"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "who, status",
    [
        ("admin_user", 200),
        ("lead_inspector", 200),
        ("team_inspector", 200),
        ("cqc_inspector", 200),
        ("lana", 200),
        ("local_area_lead", 200),
        ("unassigned_inspector", 404),
        ("other_partnership_lead", 404),
    ],
)
def test_who_may_see_an_inspection(request, client_for, inspection, page, who, status):
    user = request.getfixturevalue(who)
    response = client_for(user).get(reverse(page, kwargs={"inspection_pk": inspection.pk}))
    assert response.status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, inspection, page):
    response = client.get(reverse(page, kwargs={"inspection_pk": inspection.pk}))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, status",
    [
        ("lead_inspector", 200),
        ("team_inspector", 403),
        ("cqc_inspector", 403),
        ("lana", 403),
        ("admin_user", 403),
        ("unassigned_inspector", 404),
        ("other_partnership_lead", 404),
    ],
)
def test_only_the_lead_inspector_moves_milestones(request, client_for, inspection, who, status):
    url = reverse("inspections:move_milestone", kwargs={"inspection_pk": inspection.pk, "key": "setup_meeting"})
    assert client_for(request.getfixturevalue(who)).get(url).status_code == status


@pytest.mark.django_db
def test_the_timeline_shows_dates_working_days_and_states(client_for, inspection, lead_inspector):
    with time_machine.travel(date(2026, 12, 16), tick=False):
        html = client_for(lead_inspector).get(detail_url(inspection)).content.decode()
    assert "Wednesday 30 December 2026 to Wednesday 6 January 2027" in html
    assert "WD11 to WD15" in html
    assert html.count(">Done<") == 4  # notification, information request, set-up and first PCF meetings
    assert ">Today<" in html and ">Upcoming<" in html


@pytest.mark.django_db
def test_the_timeline_downloads_as_icalendar(client_for, inspection, lana):
    response = client_for(lana).get(reverse("inspections:timeline_ics", kwargs={"inspection_pk": inspection.pk}))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 14
    assert "DTSTART;VALUE=DATE:20261230" in body and "DTEND;VALUE=DATE:20270107" in body


@pytest.fixture
def before_notification():
    """The week before the inspections these tests announce."""
    with time_machine.travel(datetime(2026, 12, 7, 10, tzinfo=UTC), tick=False):
        yield


@pytest.mark.django_db
def test_a_moved_milestone_updates_calendars_that_imported_it(settings, client_for, inspection, lana, lead_inspector):
    from icalendar import Calendar

    settings.ALLOWED_HOSTS = ["inspect.example.gov.uk", "testserver"]
    ics_url = reverse("inspections:timeline_ics", kwargs={"inspection_pk": inspection.pk})

    def events():
        body = client_for(lana).get(ics_url, HTTP_HOST="inspect.example.gov.uk").content
        return {str(e["uid"]): e for e in Calendar.from_ical(body).walk("VEVENT")}

    before = events()
    uid = f"inspection-{inspection.pk}-setup_meeting@inspect.example.gov.uk"
    assert uid in before and int(before[uid]["sequence"]) == 0
    assert all(u.endswith("@inspect.example.gov.uk") for u in before)
    move = reverse("inspections:move_milestone", kwargs={"inspection_pk": inspection.pk, "key": "setup_meeting"})
    for day in ("16", "17"):
        response = client_for(lead_inspector).post(
            move, {"starts_on_0": day, "starts_on_1": "12", "starts_on_2": "2026", "reason": "Leaders unavailable"}
        )
        assert response.status_code == 302
    after = events()
    assert set(after) == set(before)  # same events, so calendars replace rather than duplicate them
    assert int(after[uid]["sequence"]) == 2 and after[uid].decoded("dtstart") == date(2026, 12, 17)
    other = f"inspection-{inspection.pk}-case_list_due@inspect.example.gov.uk"
    assert int(after[other]["sequence"]) == 0


@pytest.mark.django_db
def test_announcing_a_tuesday_shows_an_error_summary(
    before_notification, client_for, admin_user, lead_inspector, partnership
):
    response = client_for(admin_user).post(
        reverse("inspections:announce"),
        {
            "partnership": partnership.pk,
            "notified_on_0": "15",
            "notified_on_1": "12",
            "notified_on_2": "2026",
            "lead_inspector": lead_inspector.pk,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "is not a Monday" in html
    assert not Inspection.objects.exists()


@pytest.mark.django_db
def test_the_lead_inspector_list_offers_only_ofsted_inspectors(
    client_for, admin_user, lead_inspector, cqc_inspector, partnership
):
    html = client_for(admin_user).get(reverse("inspections:announce")).content.decode()
    lead_list = html.split('name="lead_inspector"', 1)[1].split("</select>", 1)[0]
    assert lead_inspector.display_name in lead_list
    assert cqc_inspector.display_name not in lead_list
    team_list = html.split('name="team"', 1)[1]
    assert cqc_inspector.display_name in team_list
    response = client_for(admin_user).post(
        reverse("inspections:announce"),
        {
            "partnership": partnership.pk,
            "notified_on_0": "14",
            "notified_on_1": "12",
            "notified_on_2": "2026",
            "lead_inspector": cqc_inspector.pk,
        },
    )
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not Inspection.objects.exists()


@pytest.mark.django_db
def test_announcing_with_override_needs_a_reason(
    before_notification, client_for, admin_user, lead_inspector, partnership
):
    data = {
        "partnership": partnership.pk,
        "notified_on_0": "15",
        "notified_on_1": "12",
        "notified_on_2": "2026",
        "lead_inspector": lead_inspector.pk,
        "override": "on",
    }
    response = client_for(admin_user).post(reverse("inspections:announce"), data)
    assert "Enter the reason for announcing on this date" in response.content.decode()
    response = client_for(admin_user).post(reverse("inspections:announce"), {**data, "override_reason": "Postponed"})
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and inspection.override_reason == "Postponed"


@pytest.mark.django_db
def test_an_impossible_date_gets_a_clear_message(
    before_notification, client_for, admin_user, lead_inspector, partnership
):
    response = client_for(admin_user).post(
        reverse("inspections:announce"),
        {
            "partnership": partnership.pk,
            "notified_on_0": "31",
            "notified_on_1": "2",
            "notified_on_2": "2027",
            "lead_inspector": lead_inspector.pk,
        },
    )
    assert "The notification date must be a real date" in response.content.decode()


@pytest.mark.django_db
def test_an_hmi_announces_and_leads_with_a_cqc_lead(
    before_notification, client_for, admin_user, lead_inspector, team_inspector, cqc_inspector, partnership
):
    response = client_for(admin_user).post(
        reverse("inspections:announce"),
        {
            "partnership": partnership.pk,
            "notified_on_0": "14",
            "notified_on_1": "12",
            "notified_on_2": "2026",
            "lead_inspector": lead_inspector.pk,
            "cqc_lead": cqc_inspector.pk,
            "team": [team_inspector.pk],
        },
    )
    inspection = Inspection.objects.get()
    assert response["Location"] == detail_url(inspection)
    assert inspection.lead_inspector == lead_inspector
    roles = {m.user: m.report_role for m in inspection.team.select_related("user")}
    assert roles == {
        lead_inspector: "Ofsted HMI, lead inspector",
        cqc_inspector: "CQC lead inspector",
        team_inspector: "Ofsted Inspector",
    }


@pytest.mark.django_db
def test_the_announce_form_offers_only_ofsted_hmis_as_lead(
    client_for, admin_user, lead_inspector, team_inspector, cqc_inspector
):
    page = client_for(admin_user).get(reverse("inspections:announce")).content.decode()
    lead_select = page[
        page.index('name="lead_inspector"') : page.index("</select>", page.index('name="lead_inspector"'))
    ]
    assert "Helen Okafor" in lead_select
    assert team_inspector.display_name not in lead_select and cqc_inspector.display_name not in lead_select
    cqc_select = page[page.index('name="cqc_lead"') : page.index("</select>", page.index('name="cqc_lead"'))]
    assert cqc_inspector.display_name in cqc_select and "Helen Okafor" not in cqc_select


@pytest.mark.django_db
def test_an_inspector_who_is_not_hmi_cannot_be_chosen_as_lead(
    before_notification, client_for, admin_user, team_inspector, cqc_inspector, partnership
):
    response = client_for(admin_user).post(
        reverse("inspections:announce"),
        {
            "partnership": partnership.pk,
            "notified_on_0": "14",
            "notified_on_1": "12",
            "notified_on_2": "2026",
            "lead_inspector": team_inspector.pk,
        },
    )
    assert response.status_code == 200
    assert "Choose one of His Majesty&#x27;s Inspectors from Ofsted as lead inspector" in response.content.decode()
    assert not Inspection.objects.exists()


@pytest.mark.django_db
def test_local_area_leads_cannot_announce(client_for, lana):
    assert client_for(lana).get(reverse("inspections:announce")).status_code == 403


@pytest.mark.django_db
def test_moving_a_milestone_through_the_page(client_for, inspection, lead_inspector):
    url = reverse("inspections:move_milestone", kwargs={"inspection_pk": inspection.pk, "key": "setup_meeting"})
    response = client_for(lead_inspector).post(
        url, {"starts_on_0": "25", "starts_on_1": "12", "starts_on_2": "2026", "reason": "Leaders unavailable"}
    )
    assert "is not a working day" in response.content.decode()
    response = client_for(lead_inspector).post(
        url, {"starts_on_0": "16", "starts_on_1": "12", "starts_on_2": "2026", "reason": "Leaders unavailable"}
    )
    assert response.status_code == 302
    html = client_for(lead_inspector).get(detail_url(inspection)).content.decode()
    assert "Changes to the timeline" in html and "Leaders unavailable" in html


@pytest.mark.django_db
def test_dashboards_list_only_what_each_person_may_see(
    client_for, inspection, unassigned_inspector, lead_inspector, other_partnership_lead, lana, admin_user
):
    assert "Northshire" in client_for(lead_inspector).get("/").content.decode()
    assert "Northshire" not in client_for(unassigned_inspector).get("/").content.decode()
    assert "Northshire" in client_for(admin_user).get("/").content.decode()
    with time_machine.travel(date(2026, 12, 16), tick=False):
        html = client_for(lana).get("/").content.decode()
    due = html.split("Due from you next", 1)[1].split("</div>", 1)[0]
    assert "Person-level data (case list) due" in due
    assert "Self-evaluation and documents due" in due  # due the same day
    assert "Set-up meeting" not in due  # already past
    assert "Northshire" not in client_for(other_partnership_lead).get("/").content.decode()


@pytest.mark.django_db
def test_due_from_you_next_lists_only_what_the_leads_must_do(client_for, inspection, lana):
    """On notification day the inspectors notify and send the request: the leads' next job is the set-up meeting."""
    with time_machine.travel(date(2026, 12, 14), tick=False):
        html = client_for(lana).get("/").content.decode()
    due = html.split("Due from you next", 1)[1].split("</div>", 1)[0]
    assert "Set-up meeting with leaders" in due
    assert "Notification of the inspection" not in due
    assert "Information request sent" not in due
    assert "Surveys open" not in due


@pytest.mark.django_db
def test_partnership_page_is_for_administrators_and_its_leads(
    client_for, partnership, admin_user, lana, other_partnership_lead, lead_inspector
):
    url = reverse("inspections:partnership", kwargs={"pk": partnership.pk})
    assert client_for(admin_user).get(url).status_code == 200
    page = client_for(lana).get(url)
    assert page.status_code == 200 and 'href="tel:+443001234567"' in page.content.decode()
    assert client_for(other_partnership_lead).get(url).status_code == 404
    assert client_for(lead_inspector).get(url).status_code == 404


@pytest.mark.django_db
def test_the_dashboard_pages_long_lists(client_for, admin_user, lead_inspector):
    from datetime import timedelta

    from inspections.tests.factories import make_inspection

    for i in range(55):
        make_inspection(
            notified_on=date(2025, 1, 6) + timedelta(weeks=i), lead=lead_inspector, override_reason="Test data"
        )
    first = client_for(admin_user).get("/").content.decode()
    assert "55 inspections" in first and "Page 1 of 2" in first and 'rel="next"' in first
    second = client_for(admin_user).get("/?page=2").content.decode()
    assert second.count('<th scope="row"') == 5


@pytest.mark.django_db
def test_the_dashboard_costs_the_same_queries_for_3_or_50_inspections(client_for, admin_user, lead_inspector):
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inspections.tests.factories import make_inspection

    def add(n, start):
        for i in range(n):
            make_inspection(notified_on=start + timedelta(weeks=i), lead=lead_inspector, override_reason="Test data")

    with time_machine.travel(date(2026, 12, 16), tick=False):
        client = client_for(admin_user)
        add(3, date(2026, 11, 2))
        client.get("/")  # warm caches such as content types
        with CaptureQueriesContext(connection) as few:
            assert client.get("/").status_code == 200
        add(47, date(2027, 1, 4))
        with CaptureQueriesContext(connection) as many:
            page = client.get("/").content.decode()
    assert "50 inspections" in page and page.count('<th scope="row"') == 50
    assert len(many) == len(few)


@pytest.mark.django_db
def test_inspectors_cannot_announce(client_for, lead_inspector, partnership, before_notification):
    client = client_for(lead_inspector)
    assert client.get(reverse("inspections:announce")).status_code == 403
    response = client.post(
        reverse("inspections:announce"),
        {
            "partnership": partnership.pk,
            "notified_on_0": "14",
            "notified_on_1": "12",
            "notified_on_2": "2026",
            "lead_inspector": lead_inspector.pk,
        },
    )
    assert response.status_code == 403 and not Inspection.objects.exists()
    assert "Announce an inspection" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_inspectors_dashboard_shows_on_site_dates_and_the_next_milestone_not_yet_done(
    client_for, inspection, lead_inspector
):
    from django.utils.dateformat import format as date_format

    from inspections.selectors import next_milestone

    def row():
        with time_machine.travel(date(2026, 12, 16), tick=False):
            html = client_for(lead_inspector).get("/").content.decode()
        return html.split("Northshire", 1)[1].split("</tr>", 1)[0]

    milestones = list(inspection.milestones.order_by("order"))
    first = next_milestone(milestones, date(2026, 12, 16))
    starts, ends = inspection.milestone_dates("on_site")
    assert f"{date_format(starts, 'j M')} to {date_format(ends, 'j M Y')}" in row()
    assert f"{first.display_name} ({date_format(first.ends_on, 'j M Y')})" in row()

    first.completed_on = date(2026, 12, 16)
    first.save()
    then = next_milestone([m for m in milestones if m.pk != first.pk], date(2026, 12, 16))
    assert then.pk != first.pk
    assert f"{then.display_name} ({date_format(then.ends_on, 'j M Y')})" in row()
    assert f'<td class="govuk-table__cell">{inspection.lead_inspector.display_name}</td>' in row()
    assert f"{date_format(inspection.notified_on, 'j M Y')}</td>" in row()

    inspection.milestones.update(completed_on=date(2026, 12, 16))
    assert "All milestones done" in row()

    lead = inspection.lead_inspector
    lead.first_name = lead.last_name = ""
    lead.save()
    assert f'<td class="govuk-table__cell">{lead.email}</td>' in row()
