"""The area SEND inspection framework as data.

Everything the framework fixes (criteria, timeline offsets, outcome statements and what follows
each outcome) is defined here once, so a change to the framework is a change to this module only.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

# --- Evaluation criteria -------------------------------------------------------------------


#: Alternative provision is evaluated beside the 11 criteria and stored as number 12, but it is
#: never shown with a number: the properties below are the one place that decides how it reads.
ALTERNATIVE_PROVISION_NUMBER = 12


@dataclass(frozen=True)
class Criterion:
    number: int  # 1-11; alternative provision is 12 so it can be stored in the same column
    key: str
    group: str
    short_name: str
    wording: str

    @property
    def is_alternative_provision(self) -> bool:
        return self.number == ALTERNATIVE_PROVISION_NUMBER

    @property
    def reference(self) -> str:
        """Short form in a list: "3", or "alternative provision"."""
        return "alternative provision" if self.is_alternative_provision else str(self.number)

    @property
    def title(self) -> str:
        """ "Criterion 3", or "Alternative provision"."""
        return self.short_name if self.is_alternative_provision else f"Criterion {self.number}"

    @property
    def numbered_name(self) -> str:
        """ "3. Short name", or "Alternative provision"."""
        return self.short_name if self.is_alternative_provision else f"{self.number}. {self.short_name}"

    @property
    def heading(self) -> str:
        """ "Criterion 3: Short name", or "Alternative provision"."""
        return self.short_name if self.is_alternative_provision else f"{self.title}: {self.short_name}"


GROUP_IMPACT = "Impact on children's experiences and outcomes"
GROUP_LEADERSHIP = "How leaders plan, evaluate and develop the system"
GROUP_AP = "Alternative provision"

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        1,
        "identification",
        GROUP_IMPACT,
        "Identification and assessment",
        "Children and young people's needs are identified accurately and assessed in a timely and effective way.",
    ),
    Criterion(
        2,
        "participation",
        GROUP_IMPACT,
        "Participation in decisions",
        "Children, young people and their families participate in decision-making about their individual plans and support.",
    ),
    Criterion(
        3,
        "right_help",
        GROUP_IMPACT,
        "The right help at the right time",
        "Children and young people receive the right help and support at the right time.",
    ),
    Criterion(
        4,
        "next_steps",
        GROUP_IMPACT,
        "Prepared for next steps",
        "Children and young people are well prepared for their next steps and achieve strong outcomes.",
    ),
    Criterion(
        5,
        "included",
        GROUP_IMPACT,
        "Valued, visible and included",
        "Children and young people with SEND are valued, visible and included in their communities.",
    ),
    Criterion(
        6,
        "ambition",
        GROUP_LEADERSHIP,
        "Leaders are ambitious",
        "Leaders are ambitious for children and young people with SEND.",
    ),
    Criterion(
        7,
        "engagement",
        GROUP_LEADERSHIP,
        "Leaders engage with families",
        "Leaders actively engage and work with children, young people and families.",
    ),
    Criterion(
        8,
        "understanding",
        GROUP_LEADERSHIP,
        "Shared understanding of needs",
        "Leaders have an accurate, shared understanding of the needs of children and young people in their local area.",
    ),
    Criterion(
        9,
        "commissioning",
        GROUP_LEADERSHIP,
        "Commissioning to meet needs",
        "Leaders commission services and provision to meet the needs and aspirations of children and young people.",
    ),
    Criterion(
        10,
        "evaluation",
        GROUP_LEADERSHIP,
        "Evaluating and improving services",
        "Leaders evaluate services and make improvements.",
    ),
    Criterion(
        11,
        "multi_agency",
        GROUP_LEADERSHIP,
        "Effective multi-agency practice",
        "Leaders create an environment for effective practice and multi-agency working to flourish.",
    ),
)

#: Alternative provision is evaluated but is not a criterion and has no criterion wording of its
#: own: it is shown everywhere under this one label.
ALTERNATIVE_PROVISION_LABEL = "Alternative provision: how well the local authority commissions and oversees it"

ALTERNATIVE_PROVISION = Criterion(
    ALTERNATIVE_PROVISION_NUMBER,
    "alternative_provision",
    GROUP_AP,
    ALTERNATIVE_PROVISION_LABEL,
    ALTERNATIVE_PROVISION_LABEL,
)

#: The 11 criteria plus the alternative provision evaluation, in display order.
ALL_CRITERIA: tuple[Criterion, ...] = CRITERIA + (ALTERNATIVE_PROVISION,)
CRITERIA_BY_NUMBER: dict[int, Criterion] = {c.number: c for c in ALL_CRITERIA}
CRITERION_CHOICES: list[tuple[int, str]] = [(c.number, c.numbered_name) for c in ALL_CRITERIA]


def criterion(number: int) -> Criterion:
    """Look up a criterion by its number (12 is alternative provision)."""
    return CRITERIA_BY_NUMBER[number]


# --- Timeline of a full inspection -----------------------------------------------------------

Audience = Literal["inspectors", "local_area", "everyone"]


@dataclass(frozen=True)
class MilestoneDefinition:
    key: str
    name: str
    start_wd: int  # working day number counting the notification day as WD1
    end_wd: int  # equal to start_wd for a one-day milestone
    deadline: bool  # True when the date is a "by" date (due by the end of that day)
    responsible: Audience
    description: str
    #: True when the partnership's leads must act on it (attend, send or prepare something).
    local_area_action: bool = False


#: Planned report publication, in working days after the final feedback meeting. A planning default
#: of this service, not a framework fact: settings.REPORT_PUBLICATION_TARGET_WORKING_DAYS changes it.
REPORT_PUBLICATION_WD_AFTER_FEEDBACK = 40
FINAL_FEEDBACK_WD = 15
#: Working days a family has to send documents after a child is chosen for tracking.
TRACKING_DOCUMENTS_WD = 2
#: Working days the partnership has to comment on the draft report (factual accuracy check).
FACTUAL_ACCURACY_WD = 5

MILESTONES: tuple[MilestoneDefinition, ...] = (
    MilestoneDefinition(
        "notification",
        "Notification of the inspection",
        1,
        1,
        False,
        "everyone",
        "The lead inspector tells the local area nominated officer that the inspection has started.",
    ),
    MilestoneDefinition(
        "information_request",
        "Information request sent",
        1,
        1,
        False,
        "local_area",
        "The partnership receives the list of documents to upload.",
    ),
    MilestoneDefinition(
        "surveys",
        "Surveys open",
        1,
        5,
        False,
        "everyone",
        "Parents and carers, children and young people, and practitioners can answer the surveys until the end of working day 5.",
    ),
    MilestoneDefinition(
        "setup_meeting",
        "Set-up meeting with leaders",
        2,
        2,
        True,
        "local_area",
        "The team meets the partnership's leaders to plan the inspection.",
        local_area_action=True,
    ),
    MilestoneDefinition(
        "pcf_first_meeting",
        "First meeting with the parent carer forum",
        2,
        2,
        True,
        "inspectors",
        "Inspectors meet the parent carer forum.",
    ),
    MilestoneDefinition(
        "case_list_due",
        "Person-level data (case list) due",
        3,
        3,
        True,
        "local_area",
        "The partnership uploads the list of children and young people by the end of the day.",
        local_area_action=True,
    ),
    MilestoneDefinition(
        "self_evaluation_due",
        "Self-evaluation and documents due",
        3,
        3,
        True,
        "local_area",
        "The partnership uploads its self-evaluation and the documents in the information request.",
        local_area_action=True,
    ),
    MilestoneDefinition(
        "tracking_selection",
        "Tracking and case-sampling selection",
        5,
        5,
        True,
        "inspectors",
        "Inspectors choose the children and young people to track and the cases to sample.",
    ),
    MilestoneDefinition(
        "pcf_second_meeting",
        "Second meeting with the parent carer forum",
        6,
        10,
        False,
        "inspectors",
        "Inspectors meet the parent carer forum again during week 2.",
    ),
    MilestoneDefinition(
        "key_lines_of_enquiry",
        "Key lines of enquiry set",
        6,
        10,
        False,
        "inspectors",
        "The team agrees the key lines of enquiry during week 2.",
    ),
    MilestoneDefinition(
        "remote_fieldwork",
        "Remote fieldwork",
        9,
        10,
        False,
        "inspectors",
        "Remote fieldwork starts 8 working days after notification.",
    ),
    MilestoneDefinition(
        "on_site",
        "Inspectors on site",
        11,
        15,
        False,
        "everyone",
        "The team is on site, normally Monday to Friday of week 3.",
        local_area_action=True,
    ),
    MilestoneDefinition(
        "final_feedback",
        "Final feedback meeting",
        15,
        15,
        False,
        "everyone",
        "Inspectors give their findings to leaders and the parent carer forum.",
        local_area_action=True,
    ),
    MilestoneDefinition(
        "report_published",
        "Report published (planned)",
        FINAL_FEEDBACK_WD + REPORT_PUBLICATION_WD_AFTER_FEEDBACK,
        FINAL_FEEDBACK_WD + REPORT_PUBLICATION_WD_AFTER_FEEDBACK,
        True,
        "everyone",
        "Planned date to publish the report, about 2 months after the final feedback: a planning default of "
        "this service (setting REPORT_PUBLICATION_TARGET_WORKING_DAYS), not a date the framework sets.",
    ),
)


def milestones(*, publication_wd_after_feedback: int = REPORT_PUBLICATION_WD_AFTER_FEEDBACK):
    """The milestones, with the report's planned publication that many working days after final feedback."""
    wd = FINAL_FEEDBACK_WD + publication_wd_after_feedback
    return tuple(
        dataclasses.replace(m, start_wd=wd, end_wd=wd) if m.key == "report_published" else m for m in MILESTONES
    )


# --- Timeline of a monitoring inspection ---------------------------------------------------------
#
# After outcome 3: announced on a Monday like a full inspection, then two weeks of data gathering
# and a visit in week 3 ending with final feedback. The framework fixes only that shape; the
# working days of the steps inside it are this service's choice (ADR 102).

MONITORING_MILESTONES: tuple[MilestoneDefinition, ...] = (
    MilestoneDefinition(
        "notification",
        "Notification of the monitoring inspection",
        1,
        1,
        False,
        "everyone",
        "The lead inspector tells the local area nominated officer that the monitoring inspection has started.",
    ),
    MilestoneDefinition(
        "information_request",
        "Information request sent",
        1,
        1,
        False,
        "local_area",
        "The partnership is asked for evidence of progress against each area for priority action and for its "
        "current priority action plan. A monitoring inspection has no surveys.",
    ),
    MilestoneDefinition(
        "data_gathering",
        "Data gathering",
        1,
        10,
        False,
        "inspectors",
        "Inspectors read the evidence and meet leaders, front-line staff and young people during weeks 1 and 2.",
    ),
    MilestoneDefinition(
        "setup_meeting",
        "Set-up meeting with leaders",
        2,
        2,
        True,
        "local_area",
        "The team meets the partnership's leaders to plan the monitoring inspection.",
        local_area_action=True,
    ),
    MilestoneDefinition(
        "case_list_due",
        "Person-level data (case list) due",
        3,
        3,
        True,
        "local_area",
        "The partnership uploads the list of children and young people, from which EHC plans are sampled.",
        local_area_action=True,
    ),
    MilestoneDefinition(
        "progress_evidence_due",
        "Progress evidence and priority action plan due",
        3,
        3,
        True,
        "local_area",
        "The partnership uploads its evidence of progress against each area for priority action and its "
        "current priority action plan.",
        local_area_action=True,
    ),
    MilestoneDefinition(
        "case_sampling_selection",
        "Case sampling selection",
        5,
        5,
        True,
        "inspectors",
        "Inspectors draw EHC plans at random from the case list to sample (the draw's seed is recorded).",
    ),
    MilestoneDefinition(
        "pcf_meeting",
        "Meeting with the parent carer forum",
        6,
        10,
        False,
        "inspectors",
        "Inspectors meet the parent carer forum during week 2.",
    ),
    MilestoneDefinition(
        "on_site",
        "Inspectors visit",
        11,
        15,
        False,
        "everyone",
        "The team visits the area, normally Monday to Friday of week 3.",
        local_area_action=True,
    ),
    MilestoneDefinition(
        "final_feedback",
        "Final feedback meeting",
        15,
        15,
        False,
        "everyone",
        "Inspectors tell leaders whether the partnership has taken effective action on the areas for priority action.",
        local_area_action=True,
    ),
    MilestoneDefinition(
        "report_published",
        "Letter published (planned)",
        FINAL_FEEDBACK_WD + REPORT_PUBLICATION_WD_AFTER_FEEDBACK,
        FINAL_FEEDBACK_WD + REPORT_PUBLICATION_WD_AFTER_FEEDBACK,
        True,
        "everyone",
        "Planned date to publish the monitoring letter: the same planning default as a report "
        "(setting REPORT_PUBLICATION_TARGET_WORKING_DAYS), not a date the framework sets.",
    ),
)

#: The two kinds of inspection this service runs (``Inspection.Kind`` values).
FULL = "full"
MONITORING = "monitoring"


def milestones_for(kind: str, *, publication_wd_after_feedback: int = REPORT_PUBLICATION_WD_AFTER_FEEDBACK):
    """The milestones of a full or a monitoring inspection, with the planned publication placed."""
    if kind == MONITORING:
        wd = FINAL_FEEDBACK_WD + publication_wd_after_feedback
        return tuple(
            dataclasses.replace(m, start_wd=wd, end_wd=wd) if m.key == "report_published" else m
            for m in MONITORING_MILESTONES
        )
    return milestones(publication_wd_after_feedback=publication_wd_after_feedback)


MILESTONES_BY_KEY: dict[str, MilestoneDefinition] = {m.key: m for m in MILESTONES}
#: The milestones listed to the partnership's leads as "due from you".
LOCAL_AREA_ACTIONS: frozenset[str] = frozenset(m.key for m in MILESTONES + MONITORING_MILESTONES if m.local_area_action)


# --- The monitoring inspection's conclusion ------------------------------------------------------

EFFECTIVE_ACTION = "effective"
INEFFECTIVE_ACTION = "ineffective"
#: The lead inspector's conclusion: (value, label, the letter's statement).
MONITORING_CONCLUSIONS: dict[str, tuple[str, str]] = {
    EFFECTIVE_ACTION: (
        "Effective action",
        "The local area partnership has taken effective action to address the areas for priority action "
        "identified at the previous inspection.",
    ),
    INEFFECTIVE_ACTION: (
        "Ineffective action",
        "The local area partnership has not taken effective action to address the areas for priority action "
        "identified at the previous inspection.",
    ),
}
MONITORING_CONCLUSION_CHOICES: list[tuple[str, str]] = [(k, v[0]) for k, v in MONITORING_CONCLUSIONS.items()]
#: What an ineffective-action conclusion does to the programme (a product rule, ADR 104).
EARLIER_REINSPECTION_REASON = "Monitoring inspection found ineffective action: consider an earlier full reinspection"
#: The letter's statutory basis and what it reviews.
MONITORING_LETTER_BASIS = (
    "This monitoring inspection was carried out at the request of the Secretary of State for Education under "
    "section 20(1)(a) of the Children Act 2004. It evaluated the progress the local area partnership has made "
    "against the areas for priority action identified at the previous full inspection."
)


# --- Outcomes and what follows ---------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeDefinition:
    number: int
    short_name: str
    statement: str
    next_full_inspection_months: int
    engagement_meeting_interval_months: int
    priority_action_plan_wd: int | None  # working days after publication; None if not required
    monitoring_inspection_months: int | None
    requires_priority_actions: bool
    #: The sentences every published report prints after the outcome statement, word for word.
    report_sentences: tuple[str, ...] = ()


OUTCOMES: tuple[OutcomeDefinition, ...] = (
    OutcomeDefinition(
        1,
        "Positive experiences and outcomes",
        "The local area partnership's special educational needs and/or disabilities (SEND) arrangements "
        "typically lead to positive experiences and outcomes for children and young people with SEND. "
        "The local area partnership is taking action where improvements are needed.",
        next_full_inspection_months=60,
        engagement_meeting_interval_months=12,
        priority_action_plan_wd=None,
        monitoring_inspection_months=None,
        requires_priority_actions=False,
        report_sentences=(
            "The next full area SEND inspection will be within approximately 5 years.",
            "Ofsted and CQC ask that the local area partnership updates and publishes its strategic plan based on "
            "the recommendations set out in this report.",
        ),
    ),
    OutcomeDefinition(
        2,
        "Inconsistent experiences and outcomes",
        "The local area partnership's arrangements lead to inconsistent experiences and outcomes for "
        "children and young people with special educational needs and/or disabilities (SEND). "
        "The local area partnership must work jointly to make improvements.",
        next_full_inspection_months=36,
        engagement_meeting_interval_months=6,
        priority_action_plan_wd=None,
        monitoring_inspection_months=None,
        requires_priority_actions=False,
        report_sentences=(
            "The next full area SEND inspection will be within approximately 3 years.",
            "Ofsted and CQC ask that the local area partnership updates and publishes its strategic plan based on "
            "the recommendations set out in this report.",
        ),
    ),
    OutcomeDefinition(
        3,
        "Widespread and/or systemic failings",
        "There are widespread and/or systemic failings leading to significant concerns about the "
        "experiences and outcomes of children and young people with special educational needs and/or "
        "disabilities (SEND), which the local area partnership must address urgently.",
        next_full_inspection_months=36,
        engagement_meeting_interval_months=6,
        priority_action_plan_wd=35,
        monitoring_inspection_months=18,
        requires_priority_actions=True,
        report_sentences=(
            "The next full reinspection will be within approximately 3 years.",
            "A monitoring inspection will be carried out within approximately 18 months.",
            "As a result of this inspection, His Majesty's Chief Inspector requires the local area partnership to "
            "prepare and submit a priority action plan (area SEND) to address the identified areas for priority action.",
        ),
    ),
)
#: The statutory basis every report states under "Information about this inspection".
REPORT_STATUTORY_BASIS = (
    "This inspection was carried out at the request of the Secretary of State for Education under "
    "section 20(1)(a) of the Children Act 2004."
)

OUTCOMES_BY_NUMBER: dict[int, OutcomeDefinition] = {o.number: o for o in OUTCOMES}
OUTCOME_CHOICES: list[tuple[int, str]] = [(o.number, f"Outcome {o.number}: {o.short_name}") for o in OUTCOMES]


# --- People and codes used across the service ---------------------------------------------------

#: DfE SEN2 primary need codes.
NEED_CODES: dict[str, str] = {
    "SPLD": "Specific learning difficulty",
    "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty",
    "PMLD": "Profound and multiple learning difficulty",
    "SEMH": "Social, emotional and mental health",
    "SLCN": "Speech, language and communication needs",
    "HI": "Hearing impairment",
    "VI": "Vision impairment",
    "MSI": "Multi-sensory impairment",
    "PD": "Physical disability",
    "ASD": "Autistic spectrum disorder",
    "OTH": "Other difficulty or disability",
    "NSA": "SEN support but no specialist assessment of type of need",
}

#: Age groups used for tracking coverage: (label, lowest age, highest age).
AGE_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("0-4", 0, 4),
    ("5-10", 5, 10),
    ("11-15", 11, 15),
    ("16-18", 16, 18),
    ("19-25", 19, 25),
)

#: Safeguarding contact shown wherever families can write free text.
NSPCC_HELPLINE = "0808 800 5000"
#: Childline, for children and young people themselves (free, and it does not show on phone bills).
CHILDLINE = "0800 1111"
