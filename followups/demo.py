"""Demo data after the report: Eastbrook's plan accepted after one round of changes, a serious
concern at Southvale's engagement meeting, and a national programme of 21 partnerships with
histories under both frameworks. Idempotent: what exists is left as it is."""

from __future__ import annotations

import io
from datetime import date

from django.utils import timezone

from documents.samplefiles import pdf_bytes
from documents.services import IncomingFile
from evaluation.outcomes import add_months
from inspections.models import Partnership, PreviousInspection

from . import meetings, selectors, services, status
from .models import ActionPlanVersion

R = Partnership.Region
#: Existing demo partnerships' regions.
REGIONS = {
    "Northshire": R.NORTH_EAST,
    "Westmere": R.NORTH_WEST,
    "Eastbrook": R.EAST,
    "Lakeford": R.NORTH_WEST,
    "Southvale": R.SOUTH_EAST,
}

#: Further partnerships for the programme: (name, region, years ago of a 2016-framework
#: inspection or None, years ago of an outcome under this framework, that outcome, monitoring finding).
PROGRAMME = [
    ("Ashcombe", R.SOUTH_WEST, 8, 2.5, 2, ""),
    ("Barrowdale", R.NORTH_WEST, 7, 1.5, 1, ""),
    ("Brackenford", R.YORKSHIRE, 9, None, None, ""),
    ("Castlemoor", R.NORTH_EAST, 8, 2.8, 3, "effective"),
    ("Deansgate Vale", R.NORTH_WEST, 6, 0.9, 2, ""),
    ("Elmbridge Heath", R.SOUTH_EAST, 7, 3.2, 2, ""),
    ("Fenwick", R.EAST, 9, None, None, ""),
    ("Greyhaven", R.SOUTH_WEST, 6, 2.2, 3, "ineffective"),
    ("Harrowfield", R.LONDON, 8, 1.2, 1, ""),
    ("Ironbridge Marches", R.WEST_MIDLANDS, 7, 2.9, 2, ""),
    ("Kingsmere", R.LONDON, 6, 0.6, 2, ""),
    ("Longmarsh", R.EAST_MIDLANDS, 8, 3.4, 1, ""),
    ("Millbrook", R.EAST_MIDLANDS, 7, 1.9, 3, ""),
    ("Northgate", R.YORKSHIRE, 9, 4.6, 1, ""),
    ("Oakhurst", R.SOUTH_EAST, 5, None, None, ""),
    ("Riverside Lea", R.LONDON, 6, 2.6, 2, ""),
]


def _monday(day: date) -> date:
    return date.fromordinal(day.toordinal() - day.weekday())


def _days_ago(today: date, years: float) -> date:
    return date.fromordinal(today.toordinal() - int(years * 365.25))


def seed_programme(today: date) -> None:
    for name, region in REGIONS.items():
        Partnership.objects.filter(name=name, region="").update(region=region)
    for name, region, old_years, years, outcome, finding in PROGRAMME:
        partnership, _ = Partnership.objects.get_or_create(
            name=name,
            defaults={
                "region": region,
                "local_authority": f"{name} Council",
                "integrated_care_board": f"NHS {name} Integrated Care Board",
                "pcf_name": f"{name} Parent Carer Forum",
            },
        )
        if partnership.previous_inspections.exists():
            continue
        start = _monday(_days_ago(today, old_years))
        PreviousInspection.objects.create(
            partnership=partnership,
            framework="2016",
            starts_on=start,
            ends_on=date.fromordinal(start.toordinal() + 4),
            written_statement_required=outcome == 3,
        )
        if years is None:
            continue
        start = _monday(_days_ago(today, years))
        PreviousInspection.objects.create(
            partnership=partnership,
            framework="2023",
            starts_on=start,
            ends_on=date.fromordinal(start.toordinal() + 18),
            outcome=outcome,
        )
        if finding:
            monitoring = _monday(add_months(start, 17))
            if monitoring < today:
                PreviousInspection.objects.create(
                    partnership=partnership,
                    framework="2023",
                    kind="monitoring",
                    starts_on=monitoring,
                    ends_on=date.fromordinal(monitoring.toordinal() + 18),
                    monitoring_finding=finding,
                )


def _plan_file(name: str, text: str) -> IncomingFile:
    data = pdf_bytes(text)
    return IncomingFile(name=name, stream=io.BytesIO(data), size=len(data))


def seed_action_plan(inspection, *, lead, hmi) -> None:
    """Version 1 returned with feedback, version 2 accepted."""
    if inspection is None or lead is None or hmi is None:
        return
    if selectors.action_plan_overview(inspection, today=timezone.localdate()) is None:
        return
    if ActionPlanVersion.objects.filter(inspection=inspection).exists():
        return
    first = services.upload_action_plan(
        inspection=inspection, file=_plan_file("Priority action plan v1.pdf", "Priority action plan, draft"), by=lead
    )
    services.review_action_plan(
        version=first,
        decision=status.NEEDS_CHANGES,
        feedback="Name the leader responsible for each action and the date by which you expect to see impact.",
        by=hmi,
    )
    second = services.upload_action_plan(
        inspection=inspection, file=_plan_file("Priority action plan v2.pdf", "Priority action plan"), by=lead
    )
    services.review_action_plan(version=second, decision=status.ACCEPTED, feedback="", by=hmi)


def seed_serious_concern(inspection, *, hmi, today: date) -> None:
    """The first engagement meeting after the report, held and raising a serious concern."""
    if inspection is None or hmi is None:
        return
    rows = selectors.engagement_meetings(inspection)
    decision = selectors.published_decision(inspection)
    if not rows or rows[0].held or decision is None:
        return
    held_on = min(rows[0].planned_on, date.fromordinal(today.toordinal() - 1))
    if held_on <= decision.published_on:
        return
    services.record_meeting(
        inspection=inspection,
        number=1,
        held_on=held_on,
        attendee_roles=["dcs", "la_send", "icb", "pcf", "hmi"],
        notes="Waiting times for EHC needs assessments have doubled since the inspection; leaders had no plan.",
        shared_summary="We discussed progress since the inspection, in particular timeliness of EHC needs assessments.",
        themes=["criterion:1"],
        concern=meetings.SERIOUS,
        concern_reason="Waiting times for EHC needs assessments have doubled since the inspection",
        by=hmi,
        today=today,
    )


def seed(ctx) -> None:
    users = getattr(ctx, "users", {})
    today = getattr(ctx, "today", None) or timezone.localdate()
    seed_programme(today)
    seed_action_plan(getattr(ctx, "published", None), lead=users.get("eastbrook_lano"), hmi=users.get("hmi"))
    by_outcome = getattr(ctx, "published_by_outcome", None) or {}
    seed_serious_concern(by_outcome.get(2), hmi=users.get("hmi"), today=today)
