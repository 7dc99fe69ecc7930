import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from inspections.models import Inspection, Milestone, Partnership


def test_inspection_timeline_prints_the_milestones():
    out = StringIO()
    call_command("inspection_timeline", "2026-12-14", stdout=out)
    text = out.getvalue()
    assert "WD11-WD15" in text and "Wed 30 Dec 2026 to Wed 06 Jan 2027" in text


def test_inspection_timeline_as_json():
    out = StringIO()
    call_command("inspection_timeline", "2026-12-14", "--json", stdout=out)
    rows = {r["key"]: r for r in json.loads(out.getvalue())}
    assert rows["on_site"]["starts_on"] == "2026-12-30" and rows["on_site"]["start_working_day"] == 11


@pytest.mark.parametrize(
    "arg, words", [("2026-12-15", "not a Monday"), ("2026-05-25", "bank holiday"), ("14/12/2026", "YYYY-MM-DD")]
)
def test_inspection_timeline_refuses_bad_dates_with_exit_2(arg, words):
    with pytest.raises(CommandError) as exc:
        call_command("inspection_timeline", arg)
    assert exc.value.returncode == 2
    assert words in str(exc.value)


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_spans_today():
    call_command("seed_demo", stdout=StringIO())
    counts = (User.objects.count(), Partnership.objects.count(), Inspection.objects.count(), Milestone.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert counts == (
        User.objects.count(),
        Partnership.objects.count(),
        Inspection.objects.count(),
        Milestone.objects.count(),
    )
    northshire = Inspection.objects.get(partnership__name="Northshire")
    assert northshire.notified_on.weekday() == 0
    assert northshire.notified_on <= date.today() <= northshire.milestones.get(key="report_published").ends_on
    assert User.objects.get(email="hmi@ofsted.example").check_password("Demo-password-2026")
    from evaluation.models import OutcomeDecision
    from inspections.models import PreviousInspection
    from reports.models import ReportPdf

    published = {
        d.outcome: d.inspection.partnership.name
        for d in OutcomeDecision.objects.filter(inspection__report__stage="published").select_related(
            "inspection__partnership"
        )
    }
    assert published == {1: "Lakeford", 2: "Southvale", 3: "Eastbrook"}
    assert ReportPdf.objects.filter(stage="published", status="ready").count() == 3
    assert PreviousInspection.objects.filter(partnership__name="Eastbrook", framework="2016").exists()
