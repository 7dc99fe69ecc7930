"""Demo data: realistic partnerships, people and inspections around today's date.

Idempotent: everything is found or created by natural keys, so running it twice changes nothing.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, Role

from .models import Inspection, Partnership, PartnershipLead
from .services import announce_inspection
from .working_days import bank_holidays, is_working_day

DEMO_PASSWORD = "Demo-password-2026"
#: Apps that add their own demo data, in the order data flows.
DEMO_APPS = ["documents", "surveys", "tracking", "evaluation", "reports"]

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
        ctx.users[key] = user
    for name, fields in PARTNERSHIPS.items():
        ctx.partnerships[name], _ = Partnership.objects.get_or_create(name=name, defaults=fields)
    for key, (pname, is_lano) in LEADS.items():
        PartnershipLead.objects.get_or_create(
            user=ctx.users[key], defaults={"partnership": ctx.partnerships[pname], "is_lano": is_lano}
        )

    team = [ctx.users["ofsted"], ctx.users["cqc"]]
    ctx.current = _inspection(ctx, "Northshire", working_monday_on_or_before(ctx.today), team)
    ctx.onsite = _inspection(ctx, "Westmere", working_monday_on_or_before(ctx.today - timedelta(days=16)), team)
    ctx.published = _inspection(ctx, "Eastbrook", working_monday_on_or_before(ctx.today - timedelta(days=120)), team)
    return ctx


def _inspection(ctx: DemoContext, partnership_name: str, monday: date, team: list) -> Inspection:
    """The partnership's demo inspection: the one already stored, else a new one on ``monday``."""
    partnership = ctx.partnerships[partnership_name]
    existing = partnership.inspections.order_by("-notified_on").first()
    if existing:
        return existing
    return announce_inspection(
        partnership=partnership,
        notified_on=monday,
        announced_by=ctx.users["admin"],
        lead_inspector=ctx.users["hmi"],
        team=team,
        today=monday,  # each demo inspection was announced on its notification day
    )


def seed(today: date | None = None, *, stdout=None) -> DemoContext:
    """All demo data: the core here, then each app's own ``demo.seed(ctx)``."""
    with transaction.atomic():
        ctx = seed_core(today)
    for app in DEMO_APPS:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        with transaction.atomic():
            module.seed(ctx)
        if stdout:
            stdout.write(f"  {app}: demo data ready")
    return ctx
