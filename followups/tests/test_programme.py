"""The national programme: dates and flags by hand, who sees it, filters, CSV and its query count."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followups import programme, selectors, status
from followups.models import EngagementMeeting
from inspections.models import PreviousInspection
from inspections.tests.factories import PartnershipFactory

from .conftest import PUBLISHED_ON

MONTHS = {1: (60, None), 2: (36, None), 3: (36, 18)}
TODAY = date(2027, 6, 1)


def past(framework="2023", kind="full", starts_on=date(2024, 1, 8), ends_on=date(2024, 1, 26), outcome=None, **kw):
    return programme.PastInspection(
        framework=framework, kind=kind, starts_on=starts_on, ends_on=ends_on, result="", outcome=outcome, **kw
    )


def line(inspections, today=TODAY, **kw):
    values = {"plan": None, "plan_name": "", "next_meeting": None, "concern": "", "concern_reason": ""}
    values.update(kw)
    return programme.programme_line(inspections=inspections, outcome_months=MONTHS, today=today, **values)


class TestDates:
    def test_outcome_1_is_due_five_years_after_publication(self):
        result = line([past(outcome=1, published_on=date(2024, 3, 15))])
        assert result.next_full_due_by == date(2029, 3, 15)
        assert result.monitoring_due_by is None

    def test_outcome_3_sets_three_years_and_monitoring_at_18_months(self):
        result = line([past(outcome=3, published_on=date(2025, 8, 31))])
        assert result.next_full_due_by == date(2028, 8, 31)
        assert result.monitoring_due_by == date(2027, 2, 28)  # 31 August + 18 months, the month's last day
        assert programme.OVERDUE in result.flags

    def test_a_monitoring_inspection_since_clears_the_monitoring_date(self):
        result = line(
            [past(outcome=3, published_on=date(2025, 8, 31)), past(kind="monitoring", starts_on=date(2027, 1, 11))]
        )
        assert result.monitoring_due_by is None

    def test_a_monitoring_inspection_in_progress_leaves_the_date(self):
        result = line(
            [
                past(outcome=3, published_on=date(2025, 8, 31)),
                past(kind="monitoring", starts_on=date(2027, 1, 11), in_progress=True),
            ]
        )
        assert result.monitoring_due_by == date(2027, 2, 28)

    def test_ineffective_action_flags_an_earlier_reinspection(self):
        result = line(
            [
                past(outcome=3, published_on=date(2025, 8, 31)),
                past(kind="monitoring", starts_on=date(2027, 1, 11), monitoring_finding="ineffective"),
            ]
        )
        assert programme.REINSPECT in result.flags
        assert result.reinspection_reason.startswith("The monitoring inspection of 11 January 2027 found ineffective")
        assert result.sort_key < line([past(outcome=3, published_on=date(2025, 8, 31))]).sort_key

    def test_effective_action_or_a_later_full_inspection_clears_the_flag(self):
        effective = line(
            [
                past(outcome=3, published_on=date(2025, 8, 31)),
                past(kind="monitoring", starts_on=date(2027, 1, 11), monitoring_finding="effective"),
            ]
        )
        reinspected = line(
            [
                past(outcome=3, published_on=date(2025, 8, 31)),
                past(kind="monitoring", starts_on=date(2027, 1, 11), monitoring_finding="ineffective"),
                past(outcome=2, starts_on=date(2027, 4, 12), published_on=date(2027, 5, 20)),
            ]
        )
        assert programme.REINSPECT not in effective.flags | reinspected.flags

    def test_history_without_a_publication_date_counts_from_the_last_day(self):
        result = line([past(framework="2016", starts_on=date(2019, 3, 4), ends_on=date(2019, 3, 8))])
        assert result.next_full_due_by == date(2024, 3, 8)
        assert result.flags == {programme.OVERDUE}

    def test_the_latest_outcome_sets_the_date_not_five_years(self):
        result = line(
            [
                past(framework="2016", starts_on=date(2019, 3, 4), ends_on=date(2019, 3, 8)),
                past(outcome=2, starts_on=date(2024, 1, 8), published_on=date(2024, 5, 1)),
            ]
        )
        assert result.next_full_due_by == date(2027, 5, 1)
        assert result.latest_2016.starts_on == date(2019, 3, 4)

    def test_never_inspected_has_no_dates_and_no_flags(self):
        result = line([])
        assert (result.next_full_due_by, result.flags) == (None, frozenset())


class TestFlags:
    def test_due_within_six_months_but_not_the_day_after(self):
        due_on_limit = line([past(outcome=2, published_on=date(2024, 12, 1))], today=date(2027, 6, 1))
        assert due_on_limit.next_full_due_by == date(2027, 12, 1)
        assert due_on_limit.flags == {programme.SOON}
        just_outside = line([past(outcome=2, published_on=date(2024, 12, 2))], today=date(2027, 6, 1))
        assert just_outside.flags == frozenset()

    def test_an_overdue_plan_flags_the_partnership(self):
        late = status.PlanState("Overdue", "govuk-tag--red", True)
        assert programme.OVERDUE in line([], plan=late).flags

    def test_a_serious_concern_comes_first(self):
        calm = line([past(outcome=1, published_on=date(2019, 1, 1))])
        serious = line([], concern="serious", concern_reason="Waits rising")
        assert sorted([calm, serious], key=lambda x: x.sort_key)[0] is serious


def _published_partnerships(count: int, prefix: str):
    for n in range(count):
        partnership = PartnershipFactory(name=f"{prefix} {n:03d}", region="london" if n % 2 else "north_east")
        for year, outcome in ((2016, None), (2019, None), (2024, 2)):
            framework = "2023" if outcome else "2016"
            PreviousInspection.objects.create(
                partnership=partnership,
                framework=framework,
                starts_on=date(year, 3, 4),
                ends_on=date(year, 3, 8),
                outcome=outcome,
            )


@pytest.mark.django_db
class TestPage:
    def test_only_administrators(self, client_for, team_inspector, local_area_lead):
        assert client_for(team_inspector).get(reverse("followups:programme")).status_code == 403
        assert client_for(local_area_lead).get(reverse("followups:programme")).status_code == 403

    def test_serious_concern_at_the_top_with_its_reason(self, client_for, admin_user, publish, team_inspector):
        _published_partnerships(3, "Area")
        inspection = publish(3)
        EngagementMeeting.objects.create(
            inspection=inspection,
            number=1,
            planned_on=date(2027, 9, 1),
            held_on=date(2027, 9, 1),
            concern="serious",
            concern_reason="Assessment waits doubled",
            notes="Never on the programme page",
            recorded_by=team_inspector,
        )
        with time_machine.travel(date(2027, 9, 2), tick=False):
            rows = selectors.national_programme(today=date(2027, 9, 2))
            page = client_for(admin_user).get(reverse("followups:programme")).content.decode()
        assert rows[0].partnership == inspection.partnership
        assert rows[0].line.plan_name == "Priority action plan"
        assert rows[0].line.next_meeting == date(2028, 3, 1)
        assert "Assessment waits doubled" in page and "Never on the programme page" not in page

    def test_filters_by_region_outcome_and_flag(self, client_for, admin_user, publish):
        _published_partnerships(4, "Area")
        inspection = publish(3)
        with time_machine.travel(date(2027, 6, 1), tick=False):
            client = client_for(admin_user)
            london = client.get(reverse("followups:programme"), {"region": "london"}).content.decode()
            outcome_3 = client.get(reverse("followups:programme"), {"outcome": "3"}).content.decode()
            soon = client.get(reverse("followups:programme"), {"flag": "soon"}).content.decode()
            overdue = client.get(reverse("followups:programme"), {"flag": "overdue"}).content.decode()
            bad = client.get(reverse("followups:programme"), {"region": "atlantis"})
        assert "Area 001" in london and "Area 000" not in london
        assert inspection.partnership.name in outcome_3 and "Area 001" not in outcome_3
        # Outcome 2 ending 8 March 2024 is due by 8 March 2027; the outcome 3 plan was due 21 April 2027.
        assert "0 partnerships" in soon and "5 partnerships" in overdue
        assert bad.status_code == 400 and "govuk-error-summary" in bad.content.decode()

    def test_csv_export_is_safe_and_filtered(self, client_for, admin_user):
        _published_partnerships(2, "=Area")
        response = client_for(admin_user).get(reverse("followups:programme"), {"format": "csv", "region": "london"})
        text = b"".join(response.streaming_content).decode()
        assert response["Content-Disposition"].endswith('national-programme.csv"')
        assert text.splitlines()[1].startswith("'=Area 001")
        assert len(text.splitlines()) == 2

    def test_the_same_number_of_queries_for_15_and_153_partnerships(self, client_for, admin_user):
        client = client_for(admin_user)
        _published_partnerships(15, "Small")
        with CaptureQueriesContext(connection) as small:
            assert client.get(reverse("followups:programme")).status_code == 200
        _published_partnerships(138, "Large")
        with CaptureQueriesContext(connection) as large:
            page = client.get(reverse("followups:programme")).content.decode()
        assert "153 partnerships" in page
        assert len(small) == len(large)


def test_published_on_is_fixed():
    assert date(2027, 3, 1) == PUBLISHED_ON


class TestCharts:
    def test_terms_by_hand(self):
        from followups import charts

        assert charts.term_of(date(2027, 3, 31)) == (2027, 0)
        assert charts.term_of(date(2027, 4, 1)) == (2027, 1)
        assert charts.term_of(date(2027, 9, 1)) == (2027, 2)

    def test_due_per_term_counts_each_term_and_the_overdue(self):
        from followups import charts

        chart = charts.due_per_term(
            [date(2027, 5, 1), date(2027, 1, 4), date(2027, 10, 1), date(2030, 6, 1), None], today=date(2027, 2, 1)
        )
        values = {b.label: b.value for b in chart.bars}
        assert values["Overdue"] == 1
        assert (values["Spring 2027"], values["Summer 2027"], values["Autumn 2027"]) == (0, 1, 1)
        assert len(chart.bars) == 10 and "Spring 2030" not in values  # nine terms: Spring 2027 to Autumn 2029

    def test_outcomes_by_year(self):
        from followups import charts

        assert charts.outcomes_by_year([(2024, 2), (2024, 2), (2023, 3)]) == [(2023, 0, 0, 1), (2024, 0, 2, 0)]


@pytest.mark.django_db
def test_the_page_draws_both_charts_with_tables_and_no_script(client_for, admin_user, publish):
    _published_partnerships(3, "Area")
    publish(3)
    page = client_for(admin_user).get(reverse("followups:programme")).content.decode()
    assert page.count('role="img"') >= 2 and 'id="due-table"' in page and 'id="outcome-table"' in page
    assert "<script>" not in page.split("<main", 1)[1]
