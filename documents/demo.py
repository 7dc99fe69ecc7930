"""Demo data for the information request: uploads at different stages, reviews and summaries.

Idempotent: an item that already has files, or a criterion already summarised, is left alone.
"""

from __future__ import annotations

import io
from datetime import timedelta

from inspections.framework import CRITERIA

from . import catalogue, samplefiles, services
from .models import RequestItem, SelfEvaluationEntry

SUMMARY = {
    1: (
        "Most EHC needs assessments finish within 20 weeks (71% this year, up from 48%). Early years "
        "identification is strong; identification of needs in secondary schools is slower.",
        "A secondary SENCO network and a shared speech and language screening tool from January.",
    ),
    2: (
        "Families tell us through the parent carer forum that they are listened to at annual reviews, but "
        "young people are less often involved in writing their outcomes.",
        "Co-produced 'all about me' pages in every EHC plan by the summer term.",
    ),
    3: (
        "Waits for neurodevelopmental assessment are too long (median 62 weeks). Speech and language "
        "therapy waits have fallen to 14 weeks.",
        "A joint neurodevelopmental pathway with support before diagnosis, funded from April.",
    ),
    4: (
        "Most young people with EHC plans move on to education, employment or training; supported "
        "internships have grown from 12 to 31 places.",
        "Preparing for adulthood reviews from Year 9 for every young person with an EHC plan.",
    ),
    5: (
        "Short breaks are popular but unevenly spread; rural families travel far to use them.",
        "Two new short breaks hubs in the north of the county.",
    ),
    6: (
        "The SEND strategy 2025-2028 sets shared ambitions agreed by the council, the ICB and schools.",
        "Publish a yearly progress report with the parent carer forum.",
    ),
    7: (
        "The parent carer forum sits on the partnership board and co-chairs the co-production group.",
        "A young people's SEND council to advise the board from spring.",
    ),
    8: (
        "Our joint strategic needs assessment is up to date; data on children educated out of area is weak.",
        "A shared dashboard across education, health and care, refreshed monthly.",
    ),
    9: (
        "Specialist places have grown but we still rely on independent special schools far from home.",
        "Commission 80 more local specialist places and a framework for alternative provision.",
    ),
    10: (
        "Quality assurance of EHC plans shows 60% are good or better; health advice is often late.",
        "Monthly multi-agency audits with feedback to practitioners.",
    ),
    11: (
        "Practitioners value the joint training programme; social care input to plans is inconsistent.",
        "A designated social care officer and joint supervision for SEND key workers.",
    ),
}

UPLOADS = [  # (kind, who, [(file name, builder)])
    (
        catalogue.SELF_EVALUATION,
        "lano",
        [("Self-evaluation 2026.pdf", lambda p: samplefiles.pdf_bytes(f"{p} SEND partnership self-evaluation 2026"))],
    ),
    (
        "send-strategy",
        "lead",
        [
            ("SEND strategy 2025-2028.docx", lambda p: samplefiles.docx_bytes(f"{p} SEND strategy 2025-2028")),
            ("Action plan.xlsx", lambda p: samplefiles.xlsx_bytes()),
        ],
    ),
    (
        "health-commissioning",
        "lead",
        [
            (
                "Health commissioning template.xlsx",
                lambda p: samplefiles.xlsx_bytes(
                    [["Service", "Commissioner", "Annual value"], ["Speech and language therapy", "ICB", "£1.2m"]]
                ),
            )
        ],
    ),
    ("performance-data", "lano", [("SEND dashboard.csv", lambda p: samplefiles.csv_bytes())]),
    (
        "board-minutes",
        "lano",
        [("Partnership board minutes.pdf", lambda p: samplefiles.pdf_bytes(f"{p} SEND partnership board: minutes"))],
    ),
    (
        "alternative-provision",
        "lano",
        [
            (
                "Alternative provision oversight.pdf",
                lambda p: samplefiles.pdf_bytes(f"{p} alternative provision: commissioning and oversight"),
            )
        ],
    ),
    (
        "residential-special-schools",
        "lano",
        [
            (
                "Residential special school placements.pdf",
                lambda p: samplefiles.pdf_bytes(f"{p} residential special school placements"),
            )
        ],
    ),
    (
        "joint-commissioning",
        "lead",
        [
            (
                "Joint commissioning agreement.docx",
                lambda p: samplefiles.docx_bytes(f"{p} joint commissioning agreement"),
            )
        ],
    ),
]


def _upload(inspection, kind: str, user, files, *, title: str = "") -> None:
    if kind == catalogue.OTHER:
        if RequestItem.objects.filter(inspection=inspection, kind=kind, title=title).exists():
            return
    elif RequestItem.objects.filter(inspection=inspection, kind=kind, files__isnull=False).exists():
        return
    incoming = [services.IncomingFile(name=name, stream=io.BytesIO(data), size=len(data)) for name, data in files]
    services.upload_files(
        inspection=inspection,
        kind=kind,
        by=user,
        files=incoming,
        title=title,
        today=inspection.notified_on + timedelta(days=2),
    )


def _seed_inspection(ctx, inspection, lano, lead, *, kinds: int, criteria: int, reviews: dict[str, tuple[str, str]]):
    people = {"lano": lano, "lead": lead}
    name = inspection.partnership.name
    for kind, who, files in UPLOADS[:kinds]:
        _upload(inspection, kind, people[who], [(n, build(name)) for n, build in files])
    if kinds >= len(UPLOADS):
        _upload(
            inspection,
            catalogue.OTHER,
            lano,
            [("Inclusion charter.pdf", samplefiles.pdf_bytes(f"{name} inclusion charter"))],
            title="Inclusion charter",
        )
    for number in range(1, criteria + 1):
        if not SelfEvaluationEntry.objects.filter(inspection=inspection, criterion=number).exists():
            known, next_steps = SUMMARY[number]
            services.save_self_evaluation_entry(
                inspection=inspection,
                criterion=number,
                known=known,
                next_steps=next_steps,
                by=lano,
                today=inspection.notified_on + timedelta(days=2),
            )
    for kind, (decision, comment) in reviews.items():
        item = RequestItem.objects.filter(inspection=inspection, kind=kind).first()
        if item is not None and item.status == catalogue.UPLOADED:
            services.review_item(
                inspection=inspection, item=item, decision=decision, comment=comment, by=ctx.users["hmi"]
            )


def seed(ctx) -> None:
    """Northshire part-way through its uploads; Westmere and Eastbrook complete and reviewed."""
    all_accepted = {kind: (catalogue.ACCEPTED, "") for kind, _who, _files in UPLOADS}
    all_accepted[catalogue.OTHER] = (catalogue.ACCEPTED, "")
    _seed_inspection(
        ctx,
        ctx.current,
        ctx.users["lano"],
        ctx.users["lead"],
        kinds=3,
        criteria=4,
        reviews={
            catalogue.SELF_EVALUATION: (
                catalogue.CHANGES_REQUESTED,
                "Please add your evaluation of alternative provision and say how you "
                "know the new neurodevelopmental pathway is working.",
            ),
            "send-strategy": (catalogue.ACCEPTED, ""),
        },
    )
    _second_lead_revises_criterion_1(ctx)
    for inspection, lano in ((ctx.onsite, ctx.users["westmere_lano"]), (ctx.published, ctx.users["eastbrook_lano"])):
        _seed_inspection(ctx, inspection, lano, lano, kinds=len(UPLOADS), criteria=len(CRITERIA), reviews=all_accepted)


#: Northshire's second lead adds a sentence to criterion 1 after the LANO wrote it, so the entry
#: is at its second version: opening it as both leads and saving twice shows the conflict page.
REVISED_NEXT_STEPS = " The health lead adds: a joint panel with the ICB reviews every delayed assessment monthly."


def _second_lead_revises_criterion_1(ctx) -> None:
    entry = SelfEvaluationEntry.objects.filter(inspection=ctx.current, criterion=1).first()
    if entry is None or entry.version > 1:
        return
    services.save_self_evaluation_entry(
        inspection=ctx.current,
        criterion=1,
        known=entry.known,
        next_steps=entry.next_steps + REVISED_NEXT_STEPS,
        by=ctx.users["lead"],
        today=ctx.current.notified_on + timedelta(days=2),
        loaded_version=entry.version,
    )
