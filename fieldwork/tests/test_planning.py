"""The plan's rules, on dates worked out by hand and as properties over random plans."""

from __future__ import annotations

import random
from datetime import date, time

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldwork import planning
from fieldwork.kinds import EXPECTED_COVERAGE, KINDS
from fieldwork.planning import PlannedActivity, Window
from inspections.working_days import bank_holidays

from .factories import ON_SITE, WD9, WD10, WD11, WD12, WD13, WD15

WINDOW = planning.fieldwork_window(date(2026, 12, 14), bank_holidays=bank_holidays())
TEAM = {1: "Helen Okafor", 2: "Tom Barnes", 3: "Priya Shah"}


def act(key="a1", *, day=WD11, starts=(10, 0), ends=(11, 0), who=(1,), place="School A", online=False, kind="x"):
    return PlannedActivity(
        key=key,
        kind=kind,
        title=key,
        day=day,
        starts=time(*starts),
        ends=time(*ends),
        online=online,
        place=place,
        attendees=frozenset(who),
    )


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def test_window_skips_christmas_and_new_year_bank_holidays():
    assert WINDOW.days == {
        WD9: 9,
        WD10: 10,
        WD11: 11,
        WD12: 12,
        WD13: 13,
        date(2027, 1, 5): 14,
        WD15: 15,
    }
    assert WINDOW.describe() == "WD9 to WD15: 24 December 2026 to 6 January 2027"


def test_an_activity_ending_before_it_starts_is_refused():
    problems = planning.check_activity(act(starts=(11, 0), ends=(10, 30)), window=WINDOW)
    assert codes(problems) == [planning.ENDS_BEFORE_START]
    assert problems[0].message == "The end time must be after the start time"


def test_a_bank_holiday_or_a_day_after_wd15_is_not_a_fieldwork_day():
    for day in (date(2026, 12, 28), date(2027, 1, 7), date(2026, 12, 23)):
        problems = planning.check_activity(act(day=day), window=WINDOW)
        assert codes(problems) == [planning.OUTSIDE_WINDOW]
    assert "choose a working day from WD9 to WD15" in problems[0].message


def test_remote_days_take_online_activities_unless_the_lead_overrides():
    in_person = act(day=WD10)
    assert codes(planning.check_activity(in_person, window=WINDOW)) == [planning.IN_PERSON_ON_REMOTE_DAY]
    assert planning.check_activity(act(day=WD10, online=True), window=WINDOW) == []
    overridden = PlannedActivity(**{**in_person.__dict__, "remote_override": True})
    assert planning.check_activity(overridden, window=WINDOW) == []
    assert planning.check_activity(act(day=WD11), window=WINDOW) == []


def test_one_inspector_in_two_activities_at_once_is_double_booked():
    a = act("a1", starts=(10, 0), ends=(11, 0), who=(1, 2))
    b = act("a2", starts=(10, 30), ends=(12, 0), who=(2, 3))
    problems = planning.clashes(a, [b], names=TEAM)
    assert [(p.code, p.inspector_id) for p in problems] == [(planning.DOUBLE_BOOKED, 2)]
    assert problems[0].message.startswith("Tom Barnes is already in a2")


def test_back_to_back_is_not_a_double_booking_but_needs_travel_between_places():
    a = act("a1", starts=(10, 0), ends=(11, 0), place="School A")
    b = act("a2", starts=(11, 0), ends=(12, 0), place="College B")
    problems = planning.clashes(a, [b], names=TEAM)
    assert codes(problems) == [planning.TRAVEL_GAP]
    assert "0 minutes to travel from School A to College B" in problems[0].message
    later = act("a2", starts=(11, 30), ends=(12, 0), place="College B")
    assert planning.clashes(a, [later], names=TEAM) == []
    assert codes(planning.clashes(a, [later], names=TEAM, travel_minutes=45)) == [planning.TRAVEL_GAP]


def test_no_travel_needed_online_or_at_the_same_place():
    a = act("a1", starts=(10, 0), ends=(11, 0), place="Town Hall")
    assert planning.clashes(a, [act("a2", starts=(11, 0), ends=(12, 0), place=" town  hall")], names=TEAM) == []
    assert planning.clashes(a, [act("a2", starts=(11, 0), ends=(12, 0), online=True, place="")], names=TEAM) == []


def test_missing_first_day_and_final_feedback_meetings_show_as_gaps():
    problems = planning.gaps([], window=WINDOW, team={})
    assert [p.message for p in problems] == [
        "No meeting with leaders on the first day on site is planned on WD11 (30 December)",
        "No final feedback meeting is planned on WD15 (6 January)",
    ]
    plan = [act("a1", kind="first_day_leaders", day=WD11), act("a2", kind="final_feedback", day=WD15)]
    assert planning.gaps(plan, window=WINDOW, team={}) == []
    # On the wrong day they do not count.
    assert len(planning.gaps([act("a1", kind="final_feedback", day=WD13)], window=WINDOW, team={})) == 2


def test_a_team_member_with_nothing_on_an_on_site_day_is_flagged():
    plan = [act(f"a{i}", day=day, who=(1,)) for i, day in enumerate(ON_SITE)] + [act("b", day=WD12, who=(2,))]
    idle = [p for p in planning.gaps(plan, window=WINDOW, team=TEAM) if p.code == planning.NO_ACTIVITY_ON_SITE]
    assert sorted((p.inspector_id, p.day) for p in idle) == sorted(
        [(2, d) for d in ON_SITE if d != WD12] + [(3, d) for d in ON_SITE]
    )
    assert "Tom Barnes has no activity on WD11 (30 December)" in [p.message for p in idle]
    # Remote days are not on-site days.
    assert not any(p.day in (WD9, WD10) for p in idle)


def test_coverage_counts_intended_criteria_and_words_the_gaps():
    counts, gaps = planning.coverage(
        [("leaders_meeting", [6, 8, 10]), ("setting_visit", [1, 3]), ("setting_visit", [3])],
        criteria={3: "Criterion 3", 9: "Criterion 9"},
        expected=EXPECTED_COVERAGE,
    )
    assert counts[(3, "setting_visit")] == 2
    assert counts[(6, "leaders_meeting")] == 1
    assert [g.message for g in gaps] == [
        "Criterion 3: no activity planned with front-line health and social care staff",
        "Criterion 9: no activity planned with health commissioners",
    ]


# --- Properties over random plans --------------------------------------------------------------

DAYS = sorted(WINDOW.days)
PLACES = ["School A", "College B", "Town Hall", "Clinic C"]
slots = st.tuples(st.integers(8 * 4, 17 * 4), st.integers(1, 12)).map(lambda t: (t[0] * 15, t[0] * 15 + t[1] * 15))


@st.composite
def activities(draw, key: str):
    start, end = draw(slots)
    return PlannedActivity(
        key=key,
        kind=draw(st.sampled_from([k.key for k in KINDS])),
        title=key,
        day=draw(st.sampled_from(DAYS)),
        starts=time(start // 60, start % 60),
        ends=time(min(end // 60, 23), end % 60),
        online=draw(st.booleans()),
        place=draw(st.sampled_from(PLACES)),
        attendees=frozenset(draw(st.sets(st.sampled_from(sorted(TEAM)), max_size=3))),
        remote_override=draw(st.booleans()),
    )


@st.composite
def plans(draw):
    size = draw(st.integers(0, 25))
    return [draw(activities(f"a{i}")) for i in range(size)]


def _overlaps(a: PlannedActivity, b: PlannedActivity) -> bool:
    return a.day == b.day and max(a.starts, b.starts) < min(a.ends, b.ends)


@settings(max_examples=200, deadline=None)
@given(plans())
def test_every_shared_inspector_in_overlapping_activities_is_reported_once(plan):
    problems = planning.check_plan(plan, window=WINDOW, team=TEAM)
    reported = [(p.activity_keys, p.inspector_id) for p in problems if p.code == planning.DOUBLE_BOOKED]
    expected = [
        (tuple(sorted((a.key, b.key))), person)
        for i, a in enumerate(plan)
        for b in plan[i + 1 :]
        if _overlaps(a, b)
        for person in a.attendees & b.attendees
    ]
    assert sorted(reported) == sorted(expected)


@settings(max_examples=200, deadline=None)
@given(plans(), st.randoms())
def test_the_problems_do_not_depend_on_the_order_activities_come_in(plan, rnd):
    shuffled = list(plan)
    rnd.shuffle(shuffled)
    assert planning.check_plan(plan, window=WINDOW, team=TEAM) == planning.check_plan(
        shuffled, window=WINDOW, team=TEAM
    )


@settings(max_examples=200, deadline=None)
@given(plans())
def test_travel_gaps_are_only_between_in_person_activities_at_different_places_too_close(plan):
    by_key = {a.key: a for a in plan}
    for problem in planning.check_plan(plan, window=WINDOW, team=TEAM):
        if problem.code != planning.TRAVEL_GAP:
            continue
        a, b = (by_key[k] for k in problem.activity_keys)
        assert not a.online and not b.online
        assert a.place_key != b.place_key
        assert not _overlaps(a, b)
        first, second = sorted((a, b), key=lambda x: x.starts)
        assert (second.start_dt - first.end_dt).total_seconds() < 30 * 60
        assert problem.inspector_id in a.attendees & b.attendees


@settings(max_examples=200, deadline=None)
@given(plans())
def test_every_on_site_day_without_an_activity_is_flagged_for_each_team_member(plan):
    flagged = {
        (p.inspector_id, p.day)
        for p in planning.check_plan(plan, window=WINDOW, team=TEAM)
        if p.code == planning.NO_ACTIVITY_ON_SITE
    }
    busy = {(person, a.day) for a in plan for person in a.attendees}
    assert flagged == {(person, day) for person in TEAM for day in ON_SITE if (person, day) not in busy}


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10_000))
def test_a_plan_spaced_out_per_inspector_has_no_clash(seed):
    """Each inspector's activities one after another with a travel gap: no clash is reported."""
    rnd = random.Random(seed)
    plan = []
    for person in TEAM:
        minute = 8 * 60
        for n in range(rnd.randint(0, 6)):
            length = rnd.randint(2, 8) * 15
            plan.append(
                act(
                    f"{person}-{n}",
                    day=WD12,
                    starts=divmod(minute, 60),
                    ends=divmod(minute + length, 60),
                    who=(person,),
                    place=rnd.choice(PLACES),
                )
            )
            minute += length + 30
    problems = planning.check_plan(plan, window=WINDOW, team=TEAM)
    assert not {planning.DOUBLE_BOOKED, planning.TRAVEL_GAP} & set(codes(problems))


def test_window_of_a_plain_fortnight():
    """Without bank holidays WD9 to WD15 are Thursday of week 2 to Wednesday of week 4."""
    window = planning.fieldwork_window(date(2027, 3, 1), bank_holidays=set())
    assert isinstance(window, Window)
    assert window.dates[0] == date(2027, 3, 11)
    assert window.dates[-1] == date(2027, 3, 19)
    assert [window.days[d] for d in window.on_site_dates()] == [11, 12, 13, 14, 15]
