"""The kinds of fieldwork activity, and what the plan is expected to cover, as data.

A change to the list (a new kind, a different source of evidence, a new expectation) is a change
to this module only: forms, the grid, the coverage matrix and the evidence link all read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActivityKind:
    key: str
    label: str
    #: How a gap reads: "Criterion 9: no activity planned <with_phrase>".
    with_phrase: str
    #: The evidence source kind (``evaluation.models.SourceKind`` value) evidence from it is recorded as.
    evidence_source: str
    #: Who the partnership usually invites, offered as a starting point.
    usual_invite: str = ""


FIRST_DAY_LEADERS = "first_day_leaders"
FINAL_FEEDBACK = "final_feedback"
TRACKING_MEETING = "tracking_meeting"

KINDS: tuple[ActivityKind, ...] = (
    ActivityKind(
        FIRST_DAY_LEADERS,
        "Meeting with leaders on the first day on site",
        "with leaders on the first day on site",
        "leaders_meeting",
        "Director of children's services, ICB chief nurse, designated clinical officer, head of SEND",
    ),
    ActivityKind(
        "leaders_meeting",
        "Meeting with leaders",
        "with leaders",
        "leaders_meeting",
        "Strategic leaders from education, health and social care",
    ),
    ActivityKind(
        "commissioners_meeting",
        "Meeting with health and education commissioners",
        "with health commissioners",
        "leaders_meeting",
        "ICB and local authority commissioners",
    ),
    ActivityKind(
        "pcf_meeting",
        "Parent carer forum meeting",
        "with the parent carer forum",
        "pcf_meeting",
        "Forum steering group",
    ),
    ActivityKind(
        "setting_visit",
        "Visit to a setting",
        "in an education, health or care setting",
        "provider_visit",
        "Setting leader and SENCO",
    ),
    ActivityKind(
        "focus_group_practitioners",
        "Focus group with practitioners",
        "with practitioners",
        "practitioner_meeting",
        "Practitioners from education, health and care",
    ),
    ActivityKind(
        "focus_group_cyp",
        "Focus group with children and young people",
        "with children and young people",
        "focus_group",
        "Young people from the youth forum or a college group",
    ),
    ActivityKind(
        "focus_group_parents",
        "Focus group with parents and carers",
        "with parents and carers",
        "focus_group",
        "Parents and carers (through the parent carer forum)",
    ),
    ActivityKind(
        TRACKING_MEETING,
        "Tracking meeting",
        "with a tracked child's practitioners",
        "tracking_meeting",
        "The child or young person, family, practitioners",
    ),
    ActivityKind(
        "case_sampling",
        "Case-sampling review with practitioners",
        "to review sampled cases",
        "case_sample",
        "Practitioners who know the sampled cases",
    ),
    ActivityKind(
        "frontline_staff",
        "Meeting with front-line health and social care staff",
        "with front-line health and social care staff",
        "practitioner_meeting",
        "Health visitors, therapists, social workers",
    ),
    ActivityKind(
        FINAL_FEEDBACK,
        "Final feedback meeting",
        "to give final feedback",
        "leaders_meeting",
        "Leaders of the partnership and the parent carer forum",
    ),
)
KINDS_BY_KEY: dict[str, ActivityKind] = {k.key: k for k in KINDS}
KIND_CHOICES: list[tuple[str, str]] = [(k.key, k.label) for k in KINDS]

#: The kinds the lead expects to inform each criterion before the week starts (product rule).
#: A criterion with none of its kinds planned shows as a gap, one line per missing kind.
EXPECTED_COVERAGE: dict[int, tuple[str, ...]] = {
    1: ("setting_visit", "case_sampling"),
    2: (TRACKING_MEETING, "focus_group_parents"),
    3: ("setting_visit", "frontline_staff"),
    4: ("focus_group_cyp", "setting_visit"),
    5: ("focus_group_cyp",),
    6: ("leaders_meeting",),
    7: ("pcf_meeting", "focus_group_parents"),
    8: ("leaders_meeting",),
    9: ("commissioners_meeting",),
    10: ("leaders_meeting",),
    11: ("focus_group_practitioners", "frontline_staff"),
    12: ("setting_visit", "commissioners_meeting"),
}

#: Minutes an inspector needs between in-person activities at different places (the default).
DEFAULT_TRAVEL_MINUTES = 30
#: Criteria a tracking meeting informs (a child's experience of identification, participation and help).
TRACKING_MEETING_CRITERIA = (1, 2, 3)
#: Length shown for a tracking meeting, which tracking stores with a start time only.
TRACKING_MEETING_MINUTES = 60
