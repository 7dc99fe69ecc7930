"""The demo shows the cycle after the report."""

from io import StringIO

import pytest
from django.core.management import call_command

from followups import demo as followups_demo
from followups.models import ActionPlanVersion, EngagementMeeting
from inspections import demo
from inspections.models import Partnership


@pytest.mark.django_db
def test_seed_demo_shows_plans_concerns_and_a_national_programme():
    call_command("seed_demo", stdout=StringIO())
    eastbrook = ActionPlanVersion.objects.filter(inspection__partnership__name="Eastbrook").order_by("number")
    assert [v.status for v in eastbrook] == ["needs_changes", "accepted"]
    assert eastbrook[0].feedback
    serious = EngagementMeeting.objects.get(concern="serious")
    assert serious.concern_reason and serious.notes
    with_history = Partnership.objects.filter(previous_inspections__isnull=False).distinct()
    assert with_history.count() >= 20
    assert Partnership.objects.exclude(region="").count() == Partnership.objects.count()
    counts = (ActionPlanVersion.objects.count(), EngagementMeeting.objects.count(), Partnership.objects.count())
    followups_demo.seed(demo.seed_core())
    assert counts == (ActionPlanVersion.objects.count(), EngagementMeeting.objects.count(), Partnership.objects.count())
