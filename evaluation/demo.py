"""Demo evidence, criterion summaries and an outcome decision.

Westmere (on site now) has evidence and summaries but no outcome yet; Eastbrook has an outcome 3
decision with areas for priority action, Lakeford outcome 1 and Southvale outcome 2, each ready for
its report to be published. Idempotent: each
piece of evidence is found by its inspection, author and text before it is recorded.
"""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError

from . import selectors, services
from .models import AreaForAction, Evidence

# (user key, criteria, source kind, nature, text)
EVIDENCE = [
    (
        "ofsted",
        [1],
        "tracking_meeting",
        "weakness",
        "Two of the tracked children waited more than 30 weeks for their EHC needs assessment; families said nobody told them why.",
    ),
    (
        "ofsted",
        [2, 7],
        "pcf_meeting",
        "strength",
        "The parent carer forum co-produced the new short breaks offer and sits on the SEND partnership board.",
    ),
    (
        "cqc",
        [3],
        "case_sample",
        "weakness",
        "In four of the sampled EHC plans the health advice was missing or out of date, so therapy was not planned.",
    ),
    (
        "cqc",
        [3, 11],
        "practitioner_meeting",
        "strength",
        "Health visitors and early years settings use a shared referral route; practitioners described it as quick and clear.",
    ),
    (
        "hmi",
        [6, 8],
        "leaders_meeting",
        "context",
        "Leaders have a joint commissioning strategy but the needs analysis behind it is three years old.",
    ),
    (
        "hmi",
        [10],
        "document",
        "weakness",
        "The self-evaluation describes improvements to assessment timeliness that the latest data does not yet show.",
    ),
    (
        "ofsted",
        [4],
        "provider_visit",
        "strength",
        "The supported internship programme at the further education college leads to paid work for most interns.",
    ),
    (
        "ofsted",
        [12],
        "provider_visit",
        "weakness",
        "The local authority does not check the quality of the two unregistered alternative provision settings it uses.",
    ),
    (
        "cqc",
        [5],
        "survey",
        "context",
        "Parents' survey answers about clubs and activities were mixed; older young people described fewer options.",
    ),
]

#: Evidence another inspector has since reworded, so its history shows versions by two people:
#: (first text, who revised it, the revised text). Only on the inspection that is on site now.
REVISIONS = [
    (
        "In four of the sampled EHC plans the health advice was missing or out of date, so therapy was not planned.",
        "hmi",
        "In four of the eight sampled EHC plans the health advice was missing or out of date, so therapy was not "
        "planned; the designated clinical officer confirmed the gap.",
    ),
]

SUMMARIES = {
    1: ("Early years identification is strong.", "Assessments for school-age children are too slow."),
    3: ("Early help is joined up for younger children.", "Health advice in EHC plans is often missing or late."),
    7: (
        "The parent carer forum is a real partner in decisions.",
        "Families outside the forum hear too little about changes.",
    ),
}

PRIORITY_AREAS = [
    (
        "Leaders across education and health should make sure that EHC needs assessments are completed within "
        "20 weeks and that families know what is happening at each stage.",
        [1, 3],
    ),
    (
        "Leaders in the local authority should check the quality and safety of every alternative provision "
        "setting they commission.",
        [9, 12],
    ),
]
IMPROVEMENT_AREAS = [
    ("Leaders should refresh the joint strategic needs analysis so that commissioning reflects current needs.", [8, 9]),
]


#: Outcomes 1 and 2 for the other published demo reports: (rationale, areas for improvement).
OTHER_OUTCOMES = {
    1: (
        "Most children and young people get timely, well-coordinated help; leaders know where they must improve.",
        [
            (
                "Leaders should make sure that young people preparing for adulthood have more supported internships.",
                [4],
            ),
        ],
    ),
    2: (
        "Experiences are inconsistent: early years help is strong but older children wait too long for assessment.",
        [
            ("Leaders should reduce the time older children wait for neurodevelopmental assessment.", [1, 3]),
            ("Leaders should make sure that EHC plans are reviewed on time and reflect changing needs.", [3, 10]),
        ],
    ),
}


def _all_bodies(inspection) -> list:
    return list(inspection.partnership.bodies.all())


def _seed_other_outcomes(ctx) -> None:
    """Outcome 1 and outcome 2 decisions, each with areas for improvement naming the responsible bodies."""
    lead = ctx.users["hmi"]
    for outcome, inspection in (getattr(ctx, "published_by_outcome", None) or {}).items():
        if selectors.outcome_for(inspection) is not None:
            continue
        rationale, areas = OTHER_OUTCOMES[outcome]
        if not AreaForAction.objects.filter(inspection=inspection).exists():
            for text, criteria in areas:
                services.add_area_for_action(
                    inspection=inspection,
                    kind=AreaForAction.IMPROVEMENT,
                    text=text,
                    criteria=criteria,
                    responsible_bodies=_all_bodies(inspection),
                    by=lead,
                )
        _seed_summaries(ctx, inspection)
        services.decide_outcome(inspection=inspection, outcome=outcome, by=lead, rationale=rationale)


def _seed_evidence(ctx, inspection) -> None:
    for user_key, criteria, source_kind, nature, text in EVIDENCE:
        author = ctx.users[user_key]
        # Found by its first version's text, so evidence reworded since is not recorded again.
        if Evidence.objects.filter(
            inspection=inspection, author=author, versions__number=1, versions__text=text
        ).exists():
            continue
        services.record_evidence(
            inspection=inspection, by=author, criteria=criteria, source_kind=source_kind, nature=nature, text=text
        )


def _seed_revisions(ctx, inspection) -> None:
    for first_text, user_key, revised in REVISIONS:
        evidence = Evidence.objects.filter(inspection=inspection, text=first_text, version_count=1).first()
        if evidence is None:
            continue  # already revised (or not recorded)
        services.revise_evidence(
            evidence=evidence,
            by=ctx.users[user_key],
            criteria=evidence.criterion_numbers,
            source_kind=evidence.source_kind,
            nature=evidence.nature,
            text=revised,
            loaded_version=evidence.version_count,
        )


def _seed_summaries(ctx, inspection) -> None:
    existing = selectors.criterion_summaries(inspection)
    for number, (effective, better) in SUMMARIES.items():
        if number not in existing:
            services.save_criterion_summary(
                inspection=inspection, criterion=number, effective=effective, better=better, by=ctx.users["hmi"]
            )


def seed(ctx) -> None:
    """Evidence and summaries for the on-site and published inspections; outcome 3 for the latter."""
    for inspection in (ctx.onsite, ctx.published):
        if inspection is None:
            continue
        _seed_evidence(ctx, inspection)
        if inspection is ctx.onsite:
            _seed_revisions(ctx, inspection)
        with contextlib.suppress(ValidationError):  # already published: the summaries are fixed
            _seed_summaries(ctx, inspection)
    _seed_other_outcomes(ctx)
    inspection = ctx.published
    if inspection is None or selectors.outcome_for(inspection) is not None:
        return
    lead = ctx.users["hmi"]
    if not AreaForAction.objects.filter(inspection=inspection).exists():
        for text, criteria in PRIORITY_AREAS:
            services.add_area_for_action(
                inspection=inspection,
                kind=AreaForAction.PRIORITY,
                text=text,
                criteria=criteria,
                responsible_bodies=_all_bodies(inspection),
                by=lead,
            )
        for text, criteria in IMPROVEMENT_AREAS:
            services.add_area_for_action(
                inspection=inspection,
                kind=AreaForAction.IMPROVEMENT,
                text=text,
                criteria=criteria,
                responsible_bodies=_all_bodies(inspection),
                by=lead,
            )
    services.decide_outcome(
        inspection=inspection,
        outcome=3,
        by=lead,
        rationale="Assessment is slow across the area, health advice is often missing from plans and the "
        "local authority does not oversee alternative provision. These failings are widespread "
        "and need urgent action.",
    )
