"""A published monitoring inspection on the national programme: monitoring done, and ineffective action flagged."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from followups import programme, selectors
from monitoring import services

TODAY = date(2027, 11, 22)


@pytest.fixture
def concluded(monitoring_inspection, areas, lead_inspector):
    def _conclude(conclusion: str, *, publish: bool = True):
        for area in areas:
            services.save_area_finding(inspection=monitoring_inspection, area=area, text="Found", by=lead_inspector)
        services.record_conclusion(
            inspection=monitoring_inspection, conclusion=conclusion, rationale="As found", by=lead_inspector
        )
        if publish:
            services.record_letter_publication(inspection=monitoring_inspection, published_on=date(2027, 11, 19))
        return monitoring_inspection

    return _conclude


def _line(partnership):
    (row,) = [r for r in selectors.national_programme(today=TODAY) if r.partnership == partnership]
    return row.line


def test_monitoring_is_due_until_the_letter_is_published(concluded, partnership):
    concluded("ineffective", publish=False)
    line = _line(partnership)
    assert line.monitoring_due_by == date(2028, 9, 1)
    assert programme.REINSPECT not in line.flags


def test_a_published_monitoring_inspection_counts_as_done(concluded, partnership):
    concluded("effective")
    line = _line(partnership)
    assert line.monitoring_due_by is None
    assert line.latest_2023.kind == "monitoring" and line.latest_2023.result == "Effective action"
    assert programme.REINSPECT not in line.flags


def test_ineffective_action_flags_the_partnership_for_an_earlier_reinspection(
    concluded, partnership, client_for, admin_user
):
    concluded("ineffective")
    assert programme.REINSPECT in _line(partnership).flags
    with time_machine.travel(TODAY):
        page = client_for(admin_user).get(reverse("followups:programme")).content.decode()
        flagged = client_for(admin_user).get(reverse("followups:programme"), {"flag": "reinspect"}).content.decode()
    assert "Earlier full reinspection" in page
    assert "The monitoring inspection of 6 September 2027 found ineffective action" in page
    assert "1 partnership" in flagged and partnership.name in flagged
