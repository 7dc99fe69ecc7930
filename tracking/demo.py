"""Demo data: case lists for the three demo inspections, a cohort at every stage, case samples.

Idempotent: an inspection that already has a case list, selection or sample keeps it.
"""

from __future__ import annotations

import random
from datetime import time

from inspections.framework import NEED_CODES
from inspections.working_days import add_working_days, bank_holidays

from . import selectors, services
from .case_list import CaseRow, age_on
from .models import CaseSample, TrackingSelection
from .selection import Theme

LIST_SIZE = 420


def demo_rows(prefix: str, notified_on, size: int = LIST_SIZE, seed: int = 0) -> list[CaseRow]:
    """A made-up but realistic case list: references only, no names."""
    rnd = random.Random(f"{prefix}-{seed}")
    needs = list(NEED_CODES)
    need_weights = [14, 12, 4, 2, 16, 20, 2, 1, 1, 3, 22, 2, 1]
    service_sets = [
        frozenset({"education"}),
        frozenset({"education", "health"}),
        frozenset({"education", "social_care"}),
        frozenset({"education", "health", "social_care"}),
        frozenset({"health"}),
        frozenset({"health", "social_care"}),
    ]
    rows = []
    for n in range(size):
        year = notified_on.year - rnd.choices(range(26), weights=[2] * 5 + [6] * 6 + [7] * 5 + [4] * 3 + [1] * 7)[0]
        support = rnd.choices(["EHCP", "SEN_SUPPORT", "GRANT"], weights=[35, 60, 5])[0]
        services_used = rnd.choices(service_sets, weights=[50, 20, 10, 8, 6, 6])[0]
        status = rnd.choices(
            ["none", "child_in_need", "child_protection", "looked_after", "care_leaver"], weights=[80, 8, 3, 6, 3]
        )[0]
        rows.append(
            CaseRow(
                child_ref=f"{prefix}-{10000 + n * 7}",
                year_of_birth=year,
                age=age_on(notified_on, year) or 0,
                primary_need=rnd.choices(needs, weights=need_weights)[0],
                support=support,
                services=services_used,
                in_alternative_provision=rnd.random() < 0.05,
                educated_out_of_area=rnd.random() < 0.04,
                social_care_status=status,
                opted_out=rnd.random() < 0.06,
                practitioner_email=f"{rnd.choice(['senco', 'caseworker', 'sw', 'nurse', 'ep'])}{rnd.randint(1, 40)}"
                f"@{prefix.lower()}.example",
            )
        )
    return rows


def _case_list(inspection, prefix: str, uploaded_by) -> None:
    if selectors.current_case_list(inspection) is None:
        services.store_case_list(
            inspection=inspection,
            rows=demo_rows(prefix, inspection.notified_on),
            file_name=f"{prefix.lower()}-person-level-data.csv",
            by=uploaded_by,
        )


def _selection_day(inspection):
    dates = inspection.milestone_dates("tracking_selection")
    return dates[1] if dates else inspection.notified_on


def _on_site(inspection):
    dates = inspection.milestone_dates("on_site")
    return dates if dates else (inspection.notified_on, inspection.notified_on)


def _cohort(inspection, lead, lano, *, all_held: bool) -> None:
    if TrackingSelection.objects.filter(inspection=inspection).exists():
        return
    day = _selection_day(inspection)
    selection = services.propose_cohort(inspection=inspection, by=lead, seed=20261125, today=day)
    children = list(selection.children.order_by("pk"))
    holidays = bank_holidays()
    consent_day = add_working_days(day, 1, bank_holidays=holidays)
    first_site_day, last_site_day = _on_site(inspection)
    # One family declines; the suggested replacement is accepted.
    declined = services.record_consent(
        child=children[0],
        agreed=False,
        by=lano,
        on=consent_day,
        reason="The family is going through a house move and asked to be left out.",
    )
    suggestion = selectors.replacement_suggestion(declined)
    if suggestion is not None:
        replacement = services.replace_child(
            child=declined,
            child_ref=suggestion.ref,
            reason="",
            by=lead,
            reasons=suggestion.reasons,
            today=consent_day,
        )
        children.append(replacement)
    notes = [
        "The plan reflects the young person's own goals; health advice arrived late but was acted on.",
        "The family described long waits for speech and language therapy; school support is strong.",
        "Clear multi-agency working; the annual review was on time and led to a change of placement.",
        "Transition to college is well planned; the young person knows who to contact.",
        "Social care and school share information well; the EHC plan outcomes are vague.",
        "The alternative provision is checked termly by the local authority; attendance has improved.",
    ]
    for n, child in enumerate(children[1:]):
        child = services.record_consent(
            child=child,
            agreed=True,
            by=lano,
            on=add_working_days(child.selected_on, 1, bank_holidays=holidays),
        )
        if not all_held and n == 0:
            continue  # consent recorded, documents still awaited
        child = services.record_documents_received(child=child, received_on=child.documents_due_on, by=lano)
        if not all_held and n == 1:
            continue
        meeting_day = add_working_days(first_site_day, n % 5, bank_holidays=holidays)
        child = services.schedule_meeting(
            child=child,
            meeting_on=meeting_day,
            meeting_time=time(9 + n % 6, 30),
            attendees=["child", "family", "practitioners"] if n % 2 else ["family", "practitioners"],
            by=lano,
        )
        if all_held or n >= 4:
            services.record_meeting_held(child=child, held_on=meeting_day, notes=notes[n % len(notes)], by=lead)


def _samples(inspection, lead, reviewer, *, reviewed: int, withdraw_one: bool = False) -> None:
    if CaseSample.objects.filter(inspection=inspection).exists():
        return
    sample = services.draw_cases(inspection=inspection, by=lead, theme=Theme(support="EHCP"), size=8, seed=7)
    services.draw_cases(inspection=inspection, by=lead, theme=Theme(alternative_provision=True), size=4, seed=7)
    for case in list(sample.cases.all())[:reviewed]:
        services.record_case_review(
            sampled_case=case,
            record_reviewed=True,
            practitioners_spoken_to="SENCo, EHC plan coordinator",
            notes="Plan reviewed with the practitioners; outcomes are specific and current.",
            by=reviewer,
        )
    if withdraw_one:  # a case that cannot be reviewed this week, withdrawn with the reason
        services.withdraw_sampled_case(
            sampled_case=list(sample.cases.all())[-1],
            reason="The practitioner who holds the plan is on long-term leave.",
            by=lead,
        )


def seed(ctx) -> None:
    """Northshire: list uploaded, ready to choose. Westmere: mid-way. Eastbrook: all done."""
    users = ctx.users
    if ctx.current is not None:
        _case_list(ctx.current, "NS", users["lano"])
    if ctx.onsite is not None:
        _case_list(ctx.onsite, "WM", users["westmere_lano"])
        _cohort(ctx.onsite, users["hmi"], users["westmere_lano"], all_held=False)
        _samples(ctx.onsite, users["hmi"], users["ofsted"], reviewed=3, withdraw_one=True)
    if ctx.published is not None:
        _case_list(ctx.published, "EB", users["eastbrook_lano"])
        _cohort(ctx.published, users["hmi"], users["eastbrook_lano"], all_held=True)
        _samples(ctx.published, users["hmi"], users["ofsted"], reviewed=8)
