"""Demo data: Westmere's fieldwork fully planned; Northshire's plan in progress, with one conflict
(too little time to travel) and one gap (no final feedback meeting yet).

Idempotent: an inspection that already has activities keeps them. Activities go through the
service, so the demo obeys every rule a person would meet.
"""

from __future__ import annotations

from datetime import time

from django.contrib.auth import get_user_model

from accounts.models import Organisation, Role
from inspections.demo import DEMO_PASSWORD
from inspections.models import TeamMember

from . import services
from .models import Activity
from .services import ActivityDetails

EXTRA_INSPECTORS = {
    "ofsted_ed": ("education.inspector@ofsted.example", "Ruth", "Adeyemi", Organisation.OFSTED, "Ofsted Inspector"),
    "cqc_2": ("second.inspector@cqc.example", "Dev", "Mistry", Organisation.CQC, "CQC children's services inspector"),
}

CIVIC = ("Westmere Civic Centre", "Market Square, Westmere WM1 1AA")
SETTINGS = [
    ("setting_visit", "Oakfield Nursery (early years)", "4 Oakfield Road, Westmere WM3 2JD", (1, 3)),
    ("setting_visit", "St Anne's CE Primary School", "Church Lane, Westmere WM2 4PL", (1, 3, 5)),
    ("setting_visit", "Westmere Academy (secondary)", "Valley Road, Westmere WM5 8QS", (3, 4)),
    ("setting_visit", "Westmere College", "College Way, Westmere WM6 1RE", (4, 5)),
    (
        "setting_visit",
        "Riverside Pupil Referral Unit (alternative provision)",
        "2 Quay Street, Westmere WM1 9BT",
        (3, 12),
    ),
    ("setting_visit", "Bridge Street Special School", "Bridge Street, Westmere WM4 3HG", (1, 3, 4)),
    ("setting_visit", "Child Development Centre, Westmere General Hospital", "Hospital Road, Westmere WM7 2XX", (1, 3)),
    ("frontline_staff", "Children with disabilities social care team", "Harbour House, Westmere WM1 5TT", (3, 11)),
    ("frontline_staff", "Speech and language therapy service", "Vale Health Centre, Westmere WM8 4AB", (1, 3, 11)),
    ("focus_group_cyp", "Youth forum focus group", "Westmere Youth Hub, 9 Park Row, Westmere WM2 7YH", (2, 4, 5)),
    ("focus_group_parents", "Parents' focus group", "Westmere Family Hub, Station Road, Westmere WM3 6FH", (2, 7)),
    (
        "focus_group_practitioners",
        "SENCO focus group",
        "Westmere Teachers' Centre, Elm Grove, Westmere WM4 1TC",
        (1, 11),
    ),
    ("case_sampling", "Case-sampling review: EHC plans", "Westmere Civic Centre", (1, 2, 3)),
    ("commissioners_meeting", "Meeting with ICB and council commissioners", "Westmere Civic Centre", (9, 10, 12)),
]
WESTMERE_INVITES = {
    "setting_visit": "Setting leader, SENCO and a governor",
    "frontline_staff": "Practitioners from the team (no managers)",
    "focus_group_cyp": "Six to eight young people with SEND, with a youth worker they know",
    "focus_group_parents": "Parents and carers of children with SEND, through the parent carer forum",
    "focus_group_practitioners": "SENCOs from 3 primary schools and 2 secondary schools",
    "case_sampling": "Caseworkers and practitioners who know the sampled cases",
    "commissioners_meeting": "ICB and local authority commissioners for SEND and alternative provision",
}
# Each inspector's two half-days of visits, as (start, end) pairs with time to travel between.
SLOTS = [(time(9, 30), time(11, 0)), (time(13, 0), time(14, 30))]


def _extra_inspectors() -> list:
    User = get_user_model()
    users = []
    for email, first, last, organisation, title in EXTRA_INSPECTORS.values():
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": Role.INSPECTOR,
                "organisation": organisation,
                "job_title": title,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        users.append(user)
    return users


def _add(inspection, by, kind, title, day, starts, ends, who, *, place="", address="", link="", criteria=(), **kw):
    services.plan_activity(
        inspection=inspection,
        by=by,
        details=ActivityDetails(
            kind=kind,
            title=title,
            day=day,
            starts_at=starts,
            ends_at=ends,
            online=bool(link),
            place=place,
            address=address,
            link=link,
            attendee_ids=tuple(u.pk for u in who),
            invite=kw.get("invite") or WESTMERE_INVITES.get(kind, ""),
            notes=kw.get("notes", ""),
            criteria=tuple(criteria),
        ),
    )


def _westmere(inspection, users) -> None:
    lead = users["hmi"]
    extra = _extra_inspectors()
    for user in extra:
        TeamMember.objects.get_or_create(inspection=inspection, user=user, defaults={"is_lead": False})
    team = [lead, users["ofsted"], users["cqc"], *extra]
    window = services.window_for(inspection)
    wd = {n: window.date_of(n) for n in range(9, 16)}
    link = "https://meet.westmere.example/send-inspection-"
    remote = [
        (9, "leaders_meeting", "Leaders' presentation of the self-evaluation", (9, 0), (10, 30), [0, 2], (6, 8, 10)),
        (9, "pcf_meeting", "Parent carer forum meeting", (11, 0), (12, 0), [1, 3], (2, 7)),
        (9, "case_sampling", "Case-sampling review: SEND support", (13, 30), (15, 0), [2, 4], (1, 3)),
        (9, "focus_group_practitioners", "Health visitors and school nurses", (15, 30), (16, 30), [0, 4], (1, 11)),
        (10, "commissioners_meeting", "Commissioning of therapies (online)", (9, 30), (10, 30), [2, 4], (9,)),
        (10, "leaders_meeting", "Meeting with the director of children's services", (11, 0), (12, 0), [0], (6, 10)),
        (10, "case_sampling", "Case-sampling review: timeliness of EHC plans", (13, 0), (14, 30), [1, 3], (1,)),
        (10, "focus_group_practitioners", "Early help practitioners", (15, 0), (16, 0), [2, 1], (3, 11)),
    ]
    for n, (day, kind, title, starts, ends, who, criteria) in enumerate(remote):
        _add(
            inspection,
            lead,
            kind,
            title,
            wd[day],
            time(*starts),
            time(*ends),
            [team[i] for i in who],
            link=f"{link}{n + 1}",
            criteria=criteria,
            invite="Leaders and practitioners named in the self-evaluation" if kind == "leaders_meeting" else None,
        )
    _add(
        inspection,
        lead,
        "first_day_leaders",
        "Meeting with leaders: first day on site",
        wd[11],
        time(9, 0),
        time(10, 30),
        team,
        place=CIVIC[0],
        address=CIVIC[1],
        invite="Director of children's services, ICB chief nurse, designated clinical officer, head of SEND",
        criteria=(6, 8, 10, 11),
        notes="Room booked from 08:30. Bring the key lines of enquiry.",
    )
    visit = 0
    for day in (11, 12, 13, 14):
        for person_index, person in enumerate(team):
            slots = SLOTS[1:] if day == 11 else SLOTS
            for starts, ends in slots:
                kind, place, address, criteria = SETTINGS[(visit + person_index) % len(SETTINGS)]
                _add(
                    inspection,
                    lead,
                    kind,
                    place if kind == "setting_visit" else f"{place}",
                    wd[day],
                    starts,
                    ends,
                    [person],
                    place=place if kind == "setting_visit" else address.split(",")[0],
                    address=address,
                    criteria=criteria,
                )
            visit += 3
    for person_index, person in enumerate(team):
        kind, place, address, criteria = SETTINGS[(person_index * 2 + 1) % len(SETTINGS)]
        _add(
            inspection,
            lead,
            kind,
            place,
            wd[15],
            time(9, 30),
            time(11, 0),
            [person],
            place=place,
            address=address,
            criteria=criteria,
        )
    _add(
        inspection,
        lead,
        "final_feedback",
        "Final feedback meeting",
        wd[15],
        time(15, 0),
        time(16, 30),
        team,
        place=CIVIC[0],
        address=CIVIC[1],
        invite="Leaders of the partnership and the parent carer forum",
        criteria=(),
        notes="Outcome under embargo until publication.",
    )


def _northshire(inspection, users) -> None:
    """A plan in progress: everyone busy every on-site day, one travel conflict, no final feedback yet."""
    lead, ofsted, cqc = users["hmi"], users["ofsted"], users["cqc"]
    window = services.window_for(inspection)
    wd = {n: window.date_of(n) for n in range(9, 16)}
    hall = ("Northshire County Hall", "Castle Street, Northtown NS1 1CH")
    _add(
        inspection,
        lead,
        "leaders_meeting",
        "Self-evaluation with SEND leaders",
        wd[9],
        time(10, 0),
        time(11, 30),
        [lead, cqc],
        link="https://meet.northshire.example/leaders",
        criteria=(6, 8, 10),
        invite="Head of SEND, designated clinical officer, principal educational psychologist",
    )
    _add(
        inspection,
        lead,
        "first_day_leaders",
        "Meeting with leaders: first day on site",
        wd[11],
        time(9, 0),
        time(10, 30),
        [lead, ofsted, cqc],
        place=hall[0],
        address=hall[1],
        criteria=(6, 8),
        invite="Director of children's services, ICB chief nurse, head of SEND",
    )
    visits = [
        ("Northtown Nursery School (early years)", "Brook Lane, Northtown NS2 3BL", (1, 3)),
        ("Dales High School", "Moor Road, Dalesby NS9 4MR", (3, 4)),
        ("Northshire Hospital children's therapies", "Infirmary Road, Northtown NS3 1IR", (1, 3)),
        ("Castle Primary School", "Castle Street, Northtown NS1 2CP", (1, 5)),
        ("Northshire College", "College Road, Northtown NS4 6CR", (4,)),
    ]
    for day in (11, 12, 13, 14, 15):
        for index, person in enumerate((lead, ofsted, cqc)):
            place, address, criteria = visits[(day + index) % len(visits)]
            _add(
                inspection,
                lead,
                "setting_visit",
                place,
                wd[day],
                time(13, 30),
                time(15, 0),
                [person],
                place=place,
                address=address,
                criteria=criteria,
                invite="Setting leader and SENCO",
            )
    # The conflict: ten minutes to get from County Hall to a school across town.
    _add(
        inspection,
        lead,
        "focus_group_practitioners",
        "SENCO focus group",
        wd[12],
        time(9, 0),
        time(10, 30),
        [ofsted],
        place=hall[0],
        address=hall[1],
        criteria=(1, 11),
        invite="SENCOs from 3 primary schools",
    )
    _add(
        inspection,
        lead,
        "setting_visit",
        "Dalesby Primary School",
        wd[12],
        time(10, 40),
        time(12, 0),
        [ofsted],
        place="Dalesby Primary School",
        address="Green Lane, Dalesby NS9 2GL",
        criteria=(1, 3),
        invite="Headteacher and SENCO",
    )


def seed(ctx) -> None:
    users = ctx.users
    if ctx.onsite is not None and not Activity.objects.filter(inspection=ctx.onsite).exists():
        _westmere(ctx.onsite, users)
    if ctx.current is not None and not Activity.objects.filter(inspection=ctx.current).exists():
        _northshire(ctx.current, users)
