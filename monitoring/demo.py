"""Demo data: Eastbrook's monitoring inspection, in its on-site week.

Eastbrook's outcome 3 was published about 17 months before the demo's today and its priority action
plan accepted after one round of changes (the followups demo). Its monitoring inspection was
notified two weeks before this week, so the team is visiting now: some evidence against the areas
for priority action, a parent carer forum meeting, a sample of EHC plans and draft findings.
Idempotent: an existing monitoring inspection is left as it is.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from evaluation.selectors import outcome_for
from fieldwork import services as fieldwork
from fieldwork.services import ActivityDetails
from inspections import framework
from inspections.timeline import check_notification_date, compute_milestones
from inspections.working_days import bank_holidays
from tracking.demo import demo_rows
from tracking.services import store_case_list

from . import selectors, services
from .models import Monitoring

EVIDENCE = [
    (
        0,
        "document",
        "Progress evidence: EHC needs assessment dashboard",
        "The share of EHC plans issued within 20 weeks has risen from 31% to 58% over the last 12 months; the "
        "backlog of assessments older than 20 weeks has halved.",
    ),
    (
        0,
        "case_sample",
        "Sampled EHC plan EB-10035",
        "Health advice arrived within six weeks and is reflected in the plan's outcomes, which are specific and "
        "measurable.",
    ),
    (
        0,
        "pcf_meeting",
        "Parent carer forum meeting",
        "Forum members say communication while waiting has improved, but older children with social, emotional "
        "and mental health needs still wait too long.",
    ),
    (
        1,
        "leaders_meeting",
        "Meeting with the head of commissioning",
        "A quality assurance framework for alternative provision was agreed in the spring, but visits to "
        "unregistered providers have not yet started.",
    ),
]
FINDINGS = {
    0: "Leaders have improved the timeliness of EHC needs assessments. More plans are now issued within 20 weeks, "
    "and the quality of health advice has improved. Older children with social, emotional and mental health "
    "needs still wait too long.",
}


def _notification_day(today: date, holidays) -> date:
    """The Monday whose monitoring timeline has its visit this week (two weeks of data gathering before)."""
    this_monday = today - timedelta(days=today.weekday())
    for weeks_back in (2, 3, 4):
        monday = this_monday - timedelta(weeks=weeks_back)
        on_site = {
            m.key: m
            for m in compute_milestones(monday, bank_holidays=holidays, kind=framework.MONITORING)
            if m.key == "on_site"
        }["on_site"]
        if on_site.starts_on <= today <= on_site.ends_on + timedelta(days=2):
            return monday
    return this_monday - timedelta(weeks=2)


def seed(ctx) -> None:
    users = getattr(ctx, "users", {})
    today = getattr(ctx, "today", None) or timezone.localdate()
    full = getattr(ctx, "published", None)
    hmi, admin = users.get("hmi"), users.get("admin")
    if full is None or hmi is None or admin is None:
        return
    decision = outcome_for(full)
    if decision is None or decision.published_on is None or decision.outcome != 3:
        return
    if Monitoring.objects.filter(full_inspection=full).exists():
        return
    holidays = bank_holidays()
    monday = _notification_day(today, holidays)
    check = check_notification_date(monday, bank_holidays=holidays)
    inspection = services.announce_monitoring_inspection(
        partnership=full.partnership,
        notified_on=monday,
        by=admin,
        lead_inspector=hmi,
        team=[u for u in (users.get("ofsted"), users.get("cqc")) if u is not None],
        override_reason="" if check.acceptable else "Agreed with the partnership: the Monday was a bank holiday",
        today=monday,
    )
    store_case_list(
        inspection=inspection,
        rows=demo_rows("EB", monday, seed=1),
        file_name="eastbrook-person-level-data.csv",
        by=users.get("eastbrook_lano"),
    )
    services.draw_ehc_plan_sample(inspection=inspection, by=hmi, seed=2027, size=6)
    window = fieldwork.window_for(inspection)
    fieldwork.plan_activity(
        inspection=inspection,
        by=hmi,
        details=ActivityDetails(
            kind="pcf_meeting",
            title="Meeting with Eastbrook Parent Carer Forum",
            day=window.date_of(9),
            starts_at=time(10, 0),
            ends_at=time(11, 30),
            online=True,
            link="https://meet.eastbrook.example/monitoring-pcf",
            attendee_ids=(hmi.pk,),
            invite="Forum steering group",
        ),
    )
    areas = selectors.priority_areas(full)
    for index, kind, label, text in EVIDENCE:
        if index < len(areas):
            services.record_monitoring_evidence(
                inspection=inspection,
                area=areas[index],
                source_kind=kind,
                source_label=label,
                text=text,
                by=users.get("ofsted") or hmi,
            )
    if areas:
        # A note recorded against the wrong area and withdrawn: it stays on record with its reason.
        misplaced = services.record_monitoring_evidence(
            inspection=inspection,
            area=areas[0],
            source_kind="practitioner_meeting",
            source_label="Meeting with speech and language therapists",
            text="Therapists now offer a weekly drop-in for families on the waiting list.",
            by=users.get("ofsted") or hmi,
        )
        services.withdraw_monitoring_evidence(
            evidence=misplaced,
            reason="Recorded against the wrong area: it is about help while children wait for therapy.",
            by=users.get("ofsted") or hmi,
        )
    for index, text in FINDINGS.items():
        if index < len(areas):
            services.save_area_finding(inspection=inspection, area=areas[index], text=text, by=hmi)
