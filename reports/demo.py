"""Demo data: Eastbrook's (outcome 3), Lakeford's (outcome 1) and Southvale's (outcome 2) reports,
taken through every stage and published with their PDFs.

Idempotent: a report that is already published is left as it is (its PDF is made if missing).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from inspections.working_days import add_working_days, bank_holidays, next_working_day_on_or_after

from . import services
from .models import ReportPdf, ReportSectionVersion, Stage

NARRATIVE = {
    "partnership_information": "\n\n".join(
        [
            "Eastbrook City Council and NHS Eastbrook Integrated Care Board are jointly responsible for the planning "
            "and commissioning of services for children and young people with special educational needs and/or "
            "disabilities (SEND) in Eastbrook. About 52,000 children and young people aged 0 to 25 live in the "
            "city. Around 2,900 have an education, health and care (EHC) plan and about 7,400 receive SEND support "
            "in schools and colleges.",
            "The local authority commissions a range of alternative provision, including two pupil referral units, "
            "a hospital education service and a number of independent providers. Many pupils who attend "
            "alternative provision have social, emotional and mental health needs.",
            "Since the previous inspection, the partnership has appointed a new director of education and "
            "reorganised its SEND assessment team. A joint commissioning board, chaired in turn by the local "
            "authority and the integrated care board, oversees the SEND strategy. The parent carer forum sits on "
            "this board.",
        ]
    ),
    "child_experience": "\n\n".join(
        [
            "Too many children and young people with SEND in Eastbrook wait too long to have their needs identified "
            "and met. Families describe having to fight to be heard, and many lose confidence in the system while "
            "they wait for assessments and plans.",
            "Children in the early years are often identified quickly, thanks to well-established links between "
            "health visitors and early years settings. The portage service and the early years inclusion team give "
            "families practical help at home, and most young children move into school with the support they need "
            "already in place.",
            "However, older children and young people, particularly those with social, emotional and mental health "
            "needs, wait too long for specialist assessment. Waiting times for the child and adolescent mental "
            "health service and for neurodevelopmental assessment are long. Some of these children spend long "
            "periods out of school or on reduced timetables while they wait, and their learning and friendships "
            "suffer as a result.",
            "Children and young people with EHC plans do not routinely contribute to their plans. Many plans are "
            "written in language that children and their families find hard to understand. Reviews of plans are "
            "often late, so plans do not keep up with children's changing needs.",
            "Children and young people who attend special schools typically have positive experiences. Staff know "
            "them well and adapt the curriculum so that they learn well. Pupils in these schools take part in a "
            "wide range of clubs, trips and activities in the community.",
            "Young people preparing for adulthood have too few opportunities to develop independence. Supported "
            "internships are few, and not enough young people with SEND move into paid work. The move from "
            "children's to adult health services is often abrupt, and some young people and their families are "
            "left without a named professional at an important time.",
        ]
    ),
    "effective": "\n\n".join(
        [
            "The partnership's early years services identify needs well and work closely with families. Health "
            "visitors, early years settings and the portage service share information effectively, so that "
            "younger children receive help quickly. Speech and language therapists train early years staff, who "
            "use what they have learned to support children's communication every day.",
            "The parent carer forum is valued by leaders, who have involved it in redesigning the local offer "
            "website. Families who use the redesigned website say it is easier to find information about services, "
            "activities and support groups in the city.",
            "Practitioners in special schools know children well and adapt their teaching skilfully. They work "
            "closely with therapists, so that children's therapy goals are part of their everyday learning.",
            "The designated clinical officer has improved the timeliness of health advice for EHC needs "
            "assessments. Most health advice now arrives within the statutory six weeks.",
            "Leaders have begun to use the views of children and young people to shape services. A youth forum of "
            "young people with SEND has helped to design the information that the local authority sends to "
            "families when an assessment begins.",
        ]
    ),
    "better": "\n\n".join(
        [
            "Leaders do not have an accurate, shared understanding of the needs of children and young people in "
            "the area. Data is not shared well between education, health and care services, so leaders cannot see "
            "where needs are rising or where services are not making a difference.",
            "Education, health and care plans are too often late and of variable quality. Health and social care "
            "advice is missing from many plans, so they do not describe all of a child's needs. Outcomes in plans "
            "are often vague, which makes it difficult for practitioners to know whether support is working.",
            "Leaders do not check well enough on the quality of the alternative provision they commission. They do "
            "not know whether pupils attend regularly, what they learn or whether they are safe in every setting.",
            "Communication with families is inconsistent. Families often do not know who to contact while they "
            "wait for an assessment or a service, and many told inspectors that they have to repeat their story to "
            "each new professional.",
            "The transition from children's to adult services is not planned early enough. Young people and their "
            "families do not receive clear information about what will happen to their health and care support "
            "when they turn 18.",
        ]
    ),
}


#: Shorter narratives for the outcome 1 (Lakeford) and outcome 2 (Southvale) demo reports.
OTHER_NARRATIVES = {
    1: {
        "child_experience": "Children and young people with SEND in Lakeford typically have positive experiences. "
        "Their needs are identified early and they get the help they need from education, health and care services "
        "working together.",
        "effective": "Leaders know the area well and plan services with the parent carer forum. Assessments and "
        "plans are timely and of good quality.",
        "better": "Too few young people preparing for adulthood have supported internships or paid work.",
    },
    2: {
        "child_experience": "Experiences of children and young people with SEND in Southvale are inconsistent. "
        "Younger children get help quickly, but older children often wait too long for assessment.",
        "effective": "Early years services identify needs well and families value the portage service.",
        "better": "Waiting times for neurodevelopmental assessment are too long, and reviews of EHC plans are often "
        "late.",
    },
}


#: Westmere's draft, written by the team in turns: (user key, section, text), saved in this order.
DRAFT_EDITS: tuple[tuple[str, str, str], ...] = (
    (
        "ofsted",
        "effective",
        "Needs are identified early in the youngest children: health visitors and early years settings share "
        "what they see, and families are referred to the right service quickly.",
    ),
    (
        "cqc",
        "better",
        "Assessments for older children take too long. Waiting times for therapy, especially speech and language "
        "therapy, are too long, and families are not told how long they will wait.",
    ),
    (
        "hmi",
        "effective",
        "Needs are identified early in the youngest children. Health visitors, early years settings and the portage "
        "service share information well, so families are referred to the right service quickly.",
    ),
    (
        "hmi",
        "child_experience",
        "Most children and young people with SEND in Westmere are known to the services they need. Many families "
        "told us that once support starts it makes a real difference.",
    ),
)


def seed_draft(inspection, users: dict) -> None:
    """Westmere's draft report: sections saved two or three times by different members of the team."""
    hmi = users.get("hmi")
    if inspection is None or hmi is None:
        return
    report = services.start_report(inspection=inspection, by=hmi)
    if not report.is_editable or ReportSectionVersion.objects.filter(report=report).exists():
        return
    services.start_from_team_summaries(report=report, by=hmi)
    for user_key, section, text in DRAFT_EDITS:
        services.save_narrative(report=report, by=users.get(user_key, hmi), data={section: text})


def _publication_date(inspection, today: date) -> date:
    """The timeline's target publication date, or the last working day before today if later."""
    target = inspection.milestone_dates("report_published")
    day = target[0] if target and target[0] < today else today - timedelta(days=1)
    while day.weekday() >= 5 or day in bank_holidays():
        day -= timedelta(days=1)
    return day


def seed(ctx) -> None:
    """Publish Eastbrook's (outcome 3), Lakeford's (outcome 1) and Southvale's (outcome 2) reports with PDFs,
    and start Westmere's draft, whose sections have a history."""
    users = getattr(ctx, "users", {})
    today = getattr(ctx, "today", None) or timezone.localdate()
    inspection = getattr(ctx, "published", None)
    if inspection is not None:
        _publish(inspection, NARRATIVE, hmi=users.get("hmi"), partner=users.get("eastbrook_lano"), today=today)
    for outcome, other in (getattr(ctx, "published_by_outcome", None) or {}).items():
        _publish(other, OTHER_NARRATIVES[outcome], hmi=users.get("hmi"), partner=None, today=today)
    seed_draft(getattr(ctx, "onsite", None), users)


def _publish(inspection, narrative: dict, *, hmi, partner, today: date) -> None:
    """Take one report through the factual accuracy check to publication, and render its PDF."""
    from evaluation.selectors import outcome_for

    if outcome_for(inspection) is None:
        return
    report = services.start_report(inspection=inspection, by=hmi)
    if inspection.final_feedback_held_on is None:
        from inspections.services import record_final_feedback

        held_on = inspection.milestone_dates("final_feedback")[0]
        record_final_feedback(inspection=inspection, held_on=held_on, by=hmi, today=max(today, held_on))
        inspection.refresh_from_db()
    if report.stage != Stage.PUBLISHED:
        published_on = _publication_date(inspection, today)
        sent_on = published_on - timedelta(days=21)
        sent_on = next_working_day_on_or_after(sent_on, bank_holidays=bank_holidays())
        if report.stage == Stage.FINAL:
            services.reopen_report(report=report, by=hmi)
        if report.stage == Stage.DRAFT:
            services.save_narrative(
                report=report, by=hmi, data={k: v for k, v in narrative.items() if not getattr(report, k)}
            )
            services.send_for_factual_accuracy(report=report, by=hmi, today=sent_on)
        report.refresh_from_db()
        if partner is not None and not report.comments.exists():
            services.add_factual_accuracy_comment(
                report=report,
                by=partner,
                section="Information about the local area partnership",
                text="The new director of education started in April, not in May as the draft says elsewhere.",
                today=add_working_days(sent_on, 2, bank_holidays=bank_holidays()),
            )
        for comment in report.comments.filter(response=""):
            services.answer_factual_accuracy_comment(
                comment=comment, accepted=True, text="Corrected to April throughout the report.", by=hmi
            )
        services.mark_final(report=report, by=hmi, today=published_on)
        services.publish_report(report=report, by=hmi, today=published_on, enqueue=False)
        report.refresh_from_db()
    row = ReportPdf.objects.filter(report=report, version=report.version).first()
    if row is None or not row.is_ready:
        row = services.render_report_now(report=report, by=hmi)
        if not row.is_ready:
            raise RuntimeError(f"The demo report's PDF could not be made: {row.error}")
