"""Demo data: realistic partnerships, people and inspections around today's date.

Idempotent: everything is found or created by natural keys, so running it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Organisation, Role

from .models import Inspection, Partnership, PartnershipBody, PartnershipLead
from .services import announce_inspection, import_inspection_history
from .working_days import bank_holidays, is_working_day

DEMO_PASSWORD = "Demo-password-2026"

PEOPLE = {
    "admin": (
        "admin@ofsted.example",
        "Alex",
        "Morgan",
        Role.ADMINISTRATOR,
        Organisation.OFSTED,
        "Inspection support administrator",
    ),
    "hmi": ("hmi@ofsted.example", "Helen", "Okafor", Role.INSPECTOR, Organisation.OFSTED, "His Majesty's Inspector"),
    "ofsted": (
        "inspector@ofsted.example",
        "Tom",
        "Barnes",
        Role.INSPECTOR,
        Organisation.OFSTED,
        "Ofsted Inspector (social care)",
    ),
    "cqc": (
        "inspector@cqc.example",
        "Priya",
        "Shah",
        Role.INSPECTOR,
        Organisation.CQC,
        "CQC children's services inspector",
    ),
    "lano": (
        "lano@northshire.example",
        "Sam",
        "Whitfield",
        Role.LOCAL_AREA_LEAD,
        Organisation.LOCAL_AREA,
        "Head of SEND, Northshire Council",
    ),
    "lead": (
        "health.lead@northshire.example",
        "Jordan",
        "Ellis",
        Role.LOCAL_AREA_LEAD,
        Organisation.LOCAL_AREA,
        "Designated clinical officer, Northshire ICB",
    ),
    "westmere_lano": (
        "lano@westmere.example",
        "Chris",
        "Patel",
        Role.LOCAL_AREA_LEAD,
        Organisation.LOCAL_AREA,
        "Assistant director, inclusion",
    ),
    "eastbrook_lano": (
        "lano@eastbrook.example",
        "Morgan",
        "Reid",
        Role.LOCAL_AREA_LEAD,
        Organisation.LOCAL_AREA,
        "Director of education",
    ),
}

PARTNERSHIPS = {
    "Northshire": {
        "local_authority": "Northshire County Council",
        "integrated_care_board": "NHS Northshire and Dales Integrated Care Board",
        "pcf_name": "Northshire Parent Carer Forum",
        "pcf_contact_name": "Dana Hughes",
        "pcf_contact_email": "hello@northshirepcf.example",
        "childrens_social_care_name": "Northshire children's services front door",
        "childrens_social_care_phone": "0300 123 4567",
    },
    "Westmere": {
        "local_authority": "Westmere Borough Council",
        "integrated_care_board": "NHS Westmere and Vale Integrated Care Board",
        "pcf_name": "Westmere Parent Carer Voice",
        "pcf_contact_name": "Lee Carter",
        "pcf_contact_email": "contact@westmerepcv.example",
        "childrens_social_care_name": "Westmere children's advice and duty service",
        "childrens_social_care_phone": "0300 765 4321",
    },
    "Eastbrook": {
        "local_authority": "Eastbrook City Council",
        "integrated_care_board": "NHS Eastbrook Integrated Care Board",
        "pcf_name": "Eastbrook Parent Carer Forum",
        "pcf_contact_name": "Ash Green",
        "pcf_contact_email": "info@eastbrookpcf.example",
        "childrens_social_care_name": "Eastbrook multi-agency safeguarding hub",
        "childrens_social_care_phone": "0300 111 2222",
    },
}
#: Each partnership's bodies for the report: (kind, name, leader, website, address).
BODIES = {
    "Northshire": [
        (
            PartnershipBody.Kind.LOCAL_AUTHORITY,
            "Northshire County Council",
            "Ruth Adeyemi",
            "https://www.northshire.example",
            "County Hall, Market Street, Northshire NS1 1AA",
        ),
        (
            PartnershipBody.Kind.INTEGRATED_CARE_BOARD,
            "NHS Northshire and Dales Integrated Care Board",
            "Mark Lindqvist",
            "https://www.northshireanddales.icb.example",
            "Dales House, 4 Riverside, Northshire NS2 4BD",
        ),
    ],
    "Westmere": [
        (
            PartnershipBody.Kind.LOCAL_AUTHORITY,
            "Westmere Borough Council",
            "Imran Qureshi",
            "https://www.westmere.example",
            "Civic Centre, Westmere WM1 2CC",
        ),
        (
            PartnershipBody.Kind.INTEGRATED_CARE_BOARD,
            "NHS Westmere and Vale Integrated Care Board",
            "Olivia Brandt",
            "https://www.westmereandvale.icb.example",
            "Vale House, Westmere WM3 5EE",
        ),
    ],
    "Eastbrook": [
        (
            PartnershipBody.Kind.LOCAL_AUTHORITY,
            "Eastbrook City Council",
            "Grace Mensah",
            "https://www.eastbrook.example",
            "Guildhall, Eastbrook EB1 1GG",
        ),
        (
            PartnershipBody.Kind.INTEGRATED_CARE_BOARD,
            "NHS Eastbrook Integrated Care Board",
            "Daniel Hart",
            "https://www.eastbrook.icb.example",
            "Harbour Place, Eastbrook EB4 7HH",
        ),
        (
            PartnershipBody.Kind.INTEGRATED_CARE_BOARD,
            "NHS Coast and Marsh Integrated Care Board",
            "Fiona Walsh",
            "https://www.coastandmarsh.icb.example",
            "Marsh Road, Saltby SB2 3JJ",
        ),
    ],
}
PARTNERSHIPS.update(
    {
        "Lakeford": {
            "local_authority": "Lakeford Council",
            "integrated_care_board": "NHS Lakes and Fells Integrated Care Board",
            "pcf_name": "Lakeford Parent Carer Forum",
            "pcf_contact_name": "Robin Shaw",
            "pcf_contact_email": "hello@lakefordpcf.example",
            "childrens_social_care_name": "Lakeford children's front door",
            "childrens_social_care_phone": "0300 222 3333",
        },
        "Southvale": {
            "local_authority": "Southvale District Council",
            "integrated_care_board": "NHS Southvale Integrated Care Board",
            "pcf_name": "Southvale Family Voice",
            "pcf_contact_name": "Kim Oduya",
            "pcf_contact_email": "info@southvalefamilyvoice.example",
            "childrens_social_care_name": "Southvale children's services",
            "childrens_social_care_phone": "0300 444 5555",
        },
    }
)
BODIES.update(
    {
        "Lakeford": [
            (
                PartnershipBody.Kind.LOCAL_AUTHORITY,
                "Lakeford Council",
                "Jo Whitaker",
                "https://www.lakeford.example",
                "Town Hall, Lakeford LK1 1AA",
            ),
            (
                PartnershipBody.Kind.INTEGRATED_CARE_BOARD,
                "NHS Lakes and Fells Integrated Care Board",
                "Ben Ashworth",
                "https://www.lakesandfells.icb.example",
                "Fell House, Lakeford LK2 2BB",
            ),
        ],
        "Southvale": [
            (
                PartnershipBody.Kind.LOCAL_AUTHORITY,
                "Southvale District Council",
                "Sunita Rao",
                "https://www.southvale.example",
                "Council Offices, Southvale SV1 1AA",
            ),
            (
                PartnershipBody.Kind.INTEGRATED_CARE_BOARD,
                "NHS Southvale Integrated Care Board",
                "Claire Dunn",
                "https://www.southvale.icb.example",
                "Health Offices, Southvale SV2 2BB",
            ),
        ],
    }
)

#: Previous inspections, as the import file gives them (2016-2022 framework and this one).
HISTORY_CSV = """partnership,framework,kind,start_date,end_date,written_statement_of_action,revisit_start_date,revisit_end_date,revisit_finding,outcome,monitoring_finding
Eastbrook,2016,full,2017-03-06,2017-03-10,yes,2019-01-14,2019-01-16,Sufficient progress in addressing 3 of the 5 significant weaknesses,,
Northshire,2016,full,2016-12-05,2016-12-09,no,,,,,
Lakeford,2016,full,2018-10-08,2018-10-12,no,,,,,
Southvale,2016,full,2017-06-19,2017-06-23,yes,2019-03-04,2019-03-06,Sufficient progress in addressing all of the significant weaknesses,,
"""

LEADS = {
    "lano": ("Northshire", True),
    "lead": ("Northshire", False),
    "westmere_lano": ("Westmere", True),
    "eastbrook_lano": ("Eastbrook", True),
}


@dataclass
class DemoContext:
    users: dict = field(default_factory=dict)
    partnerships: dict = field(default_factory=dict)
    current: Inspection | None = None
    onsite: Inspection | None = None
    published: Inspection | None = None
    #: Further inspections whose reports are published, by the outcome they are given (1 and 2).
    published_by_outcome: dict = field(default_factory=dict)
    today: date = field(default_factory=timezone.localdate)


def working_monday_on_or_before(day: date) -> date:
    """The latest Monday on or before ``day`` that is not a bank holiday."""
    monday = day - timedelta(days=day.weekday())
    while not is_working_day(monday, bank_holidays=bank_holidays()):
        monday -= timedelta(days=7)
    return monday


def seed_core(today: date | None = None) -> DemoContext:
    """People, partnerships and three inspections at different stages."""
    ctx = DemoContext(today=today or timezone.localdate())
    User = get_user_model()
    for key, (email, first, last, role, org, title) in PEOPLE.items():
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"first_name": first, "last_name": last, "role": role, "organisation": org, "job_title": title},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if key == "hmi" and not user.is_hmi:
            user.is_hmi = True
            user.save(update_fields=["is_hmi"])
        ctx.users[key] = user
    for name, fields in PARTNERSHIPS.items():
        ctx.partnerships[name], _ = Partnership.objects.get_or_create(name=name, defaults=fields)
        for kind, body_name, leader, website, address in BODIES[name]:
            PartnershipBody.objects.update_or_create(
                partnership=ctx.partnerships[name],
                name=body_name,
                defaults={"kind": kind, "leader_name": leader, "website": website, "address": address},
            )
    for key, (pname, is_lano) in LEADS.items():
        PartnershipLead.objects.get_or_create(
            user=ctx.users[key], defaults={"partnership": ctx.partnerships[pname], "is_lano": is_lano}
        )

    team = [ctx.users["ofsted"], ctx.users["cqc"]]
    ctx.current = _inspection(ctx, "Northshire", working_monday_on_or_before(ctx.today), team)
    ctx.onsite = _inspection(ctx, "Westmere", working_monday_on_or_before(ctx.today - timedelta(days=16)), team)
    # About 19.5 months ago: its report is published about 17 months ago and its monitoring inspection is on site now.
    ctx.published = _inspection(ctx, "Eastbrook", working_monday_on_or_before(ctx.today - timedelta(days=595)), team)
    ctx.published_by_outcome = {
        1: _inspection(ctx, "Lakeford", working_monday_on_or_before(ctx.today - timedelta(days=200)), team),
        2: _inspection(ctx, "Southvale", working_monday_on_or_before(ctx.today - timedelta(days=260)), team),
    }
    import_inspection_history(data=HISTORY_CSV.encode())
    return ctx


def _inspection(ctx: DemoContext, partnership_name: str, monday: date, team: list) -> Inspection:
    """The partnership's demo (full) inspection: the one already stored, else a new one on ``monday``."""
    partnership = ctx.partnerships[partnership_name]
    existing = partnership.inspections.filter(kind=Inspection.Kind.FULL).order_by("-notified_on").first()
    if existing:
        return existing
    return announce_inspection(
        partnership=partnership,
        notified_on=monday,
        by=ctx.users["admin"],
        lead_inspector=ctx.users["hmi"],
        team=team,
        cqc_lead=ctx.users["cqc"],
        today=monday,  # each demo inspection was announced on its notification day
    )
