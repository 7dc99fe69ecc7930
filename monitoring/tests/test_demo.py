"""The demo has a partnership in its monitoring inspection's on-site week."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from evaluation.models import OutcomeDecision
from evaluation.outcomes import add_months
from followups.models import ActionPlanVersion
from inspections.models import Inspection
from monitoring.models import AreaFinding, Monitoring, MonitoringEvidence
from surveys.models import Survey
from tracking.models import CaseSample

TODAY = date(2027, 6, 9)  # a Wednesday


@pytest.mark.django_db
def test_seed_demo_has_a_monitoring_inspection_on_site():
    with time_machine.travel(TODAY):
        call_command("seed_demo", stdout=StringIO())
    monitoring = Monitoring.objects.select_related("inspection", "full_inspection").get()
    inspection = monitoring.inspection
    assert inspection.partnership.name == "Eastbrook"
    on_site = inspection.milestone_dates("on_site")
    assert on_site[0] <= TODAY <= on_site[1]
    decision = OutcomeDecision.objects.get(inspection=monitoring.full_inspection)
    assert decision.outcome == 3
    assert add_months(decision.published_on, 16) < TODAY < add_months(decision.published_on, 18)
    plan = ActionPlanVersion.objects.filter(inspection=monitoring.full_inspection).order_by("number")
    assert [v.status for v in plan] == ["needs_changes", "accepted"]
    assert MonitoringEvidence.objects.filter(inspection=inspection).count() >= 3
    withdrawn = MonitoringEvidence.objects.get(inspection=inspection, withdrawn_at__isnull=False)
    assert withdrawn.withdrawal_reason.startswith("Recorded against the wrong area")
    sample = CaseSample.objects.get(inspection=inspection)
    assert sample.seed == 2027 and sample.cases.exists()
    assert inspection.fieldwork_activities.filter(kind="pcf_meeting").exists()
    assert AreaFinding.objects.filter(inspection=inspection).exists()
    assert monitoring.conclusion == ""  # draft findings: the lead inspector concludes on the last day
    assert not Survey.objects.filter(inspection=inspection).exists()

    counts = (Inspection.objects.count(), MonitoringEvidence.objects.count())
    with time_machine.travel(TODAY):
        call_command("seed_demo", stdout=StringIO())
    assert counts == (Inspection.objects.count(), MonitoringEvidence.objects.count())
