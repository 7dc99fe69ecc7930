"""The tracking selection, replacements and case sampling, tested directly and as properties."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from inspections.framework import AGE_GROUPS, NEED_CODES
from tracking.selection import (
    Candidate,
    Theme,
    coverage_of,
    draw_case_sample,
    select_tracking_cohort,
    suggest_replacement,
)

AGE_LABELS = [label for label, _low, _high in AGE_GROUPS]
SUPPORTS = ["EHCP", "SEN_SUPPORT", "GRANT"]
SERVICE_SETS = [
    frozenset(s) for n in range(4) for s in itertools.combinations(["education", "health", "social_care"], n)
]

kinds = st.fixed_dictionaries(
    {
        "need": st.sampled_from(sorted(NEED_CODES)),
        "support": st.sampled_from(SUPPORTS),
        "services": st.sampled_from(SERVICE_SETS),
        "alternative_provision": st.booleans(),
        "out_of_area": st.booleans(),
        "social_care_status": st.sampled_from(["none", "child_in_need", "looked_after"]),
    }
)
children = st.builds(
    lambda i, age_group, kind, opted_out: Candidate(ref=f"C{i}", age_group=age_group, opted_out=opted_out, **kind),
    st.integers(),
    st.sampled_from(AGE_LABELS),
    kinds,
    st.booleans(),
)


@st.composite
def case_lists(draw, max_size: int = 60) -> list[Candidate]:
    items = draw(st.lists(children, max_size=max_size))
    return [c._replace(ref=f"C{n}") for n, c in enumerate(items)]


@given(case_lists(), st.integers(min_value=0, max_value=2**31), st.integers(min_value=1, max_value=8))
def test_never_an_opted_out_child_and_never_more_than_the_size(cases, seed, size):
    selection = select_tracking_cohort(cases, size=size, seed=seed)
    opted_out = {c.ref for c in cases if c.opted_out}
    assert not opted_out & set(selection.refs)
    assert len(selection.refs) <= size
    assert len(set(selection.refs)) == len(selection.refs)
    eligible = len(cases) - len(opted_out)
    assert len(selection.refs) == min(size, eligible)


@given(case_lists(), st.integers(min_value=0, max_value=2**31))
def test_never_more_than_six_by_default(cases, seed):
    assert len(select_tracking_cohort(cases, size=6, seed=seed).refs) <= 6


@given(case_lists(), st.integers(min_value=0, max_value=2**31), st.integers(min_value=2, max_value=6))
def test_at_least_two_ehc_plans_whenever_the_list_has_two_eligible(cases, seed, size):
    eligible_plans = [c for c in cases if c.support == "EHCP" and not c.opted_out]
    selection = select_tracking_cohort(cases, size=size, seed=seed)
    chosen_plans = [c for c in selection.chosen if c.candidate.support == "EHCP"]
    if len(eligible_plans) >= 2:
        assert len(chosen_plans) >= 2


@given(case_lists(), st.integers(min_value=0, max_value=2**31), st.randoms(use_true_random=False))
def test_same_seed_and_list_give_the_same_cohort_whatever_the_row_order(cases, seed, rnd):
    first = select_tracking_cohort(cases, size=6, seed=seed)
    shuffled = list(cases)
    rnd.shuffle(shuffled)
    assert select_tracking_cohort(cases, size=6, seed=seed) == first
    assert select_tracking_cohort(shuffled, size=6, seed=seed).refs == first.refs


@settings(max_examples=60)
@given(
    st.lists(kinds, min_size=1, max_size=6), st.integers(min_value=0, max_value=2**31), st.lists(children, max_size=10)
)
def test_covers_all_age_groups_when_every_kind_occurs_in_every_age_group(kind_list, seed, opted_out_extras):
    cases = [
        Candidate(ref=f"K{k}-{age}", age_group=age, **kind) for k, kind in enumerate(kind_list) for age in AGE_LABELS
    ]
    cases += [c._replace(ref=f"X{n}", opted_out=True) for n, c in enumerate(opted_out_extras)]
    selection = select_tracking_cohort(cases, size=6, seed=seed)
    assert {c.candidate.age_group for c in selection.chosen} == set(AGE_LABELS)


def child(
    ref: str,
    age: str = "5-10",
    need: str = "ASD",
    support: str = "SEN_SUPPORT",
    services=("education",),
    ap: bool = False,
    ooa: bool = False,
    opted_out: bool = False,
) -> Candidate:
    return Candidate(
        ref=ref,
        age_group=age,
        need=need,
        support=support,
        services=frozenset(services),
        alternative_provision=ap,
        out_of_area=ooa,
        opted_out=opted_out,
    )


def varied_list() -> list[Candidate]:
    return [
        child("A", "0-4", "SLCN", "EHCP", ("education", "health")),
        child("B", "5-10", "ASD", "SEN_SUPPORT", ("education",)),
        child("C", "11-15", "SEMH", "EHCP", ("education", "social_care"), ap=True),
        child("D", "16-18", "MLD", "EHCP", ("education",), ooa=True),
        child("E", "19-25", "PMLD", "EHCP", ("health", "social_care")),
        child("F", "11-15", "SEMH", "EHCP", ("education", "social_care"), ap=True),
        child("G", "5-10", "ASD", "SEN_SUPPORT", ("education",)),
        child("H", "11-15", "HI", "GRANT", ("health",), opted_out=True),
    ] + [child(f"Z{n}", "5-10", "SPLD", "SEN_SUPPORT") for n in range(20)]


def test_coverage_table_says_why_each_child_was_chosen():
    selection = select_tracking_cohort(varied_list(), size=6, seed=7)
    assert "H" not in selection.refs
    rows = {row.key: row for row in selection.coverage}
    for key in (
        "age:0-4",
        "age:5-10",
        "age:11-15",
        "age:16-18",
        "age:19-25",
        "support:EHCP",
        "support:SEN_SUPPORT",
        "service:health",
        "service:social_care",
        "ap",
        "ooa",
    ):
        assert rows[key].met, key
    assert rows["support:GRANT"].status == "None on the list"  # the only grant child opted out
    assert all(c.reasons for c in selection.chosen)
    first = selection.chosen[0]
    assert any(r.startswith("Aged") for r in first.reasons)


def test_selection_is_json_ready():
    data = select_tracking_cohort(varied_list(), size=6, seed=1).as_dict()
    assert data["seed"] == 1 and len(data["chosen"]) == 6
    assert {"label", "covered_by", "status"} <= set(data["coverage"][0])


def test_different_seeds_can_break_ties_differently():
    cases = [child(f"S{n}") for n in range(30)]
    cohorts = {select_tracking_cohort(cases, seed=seed, size=1).refs for seed in range(20)}
    assert len(cohorts) > 1


def test_replacement_restores_what_the_leaving_child_covered():
    cases = varied_list()
    selection = select_tracking_cohort(cases, size=6, seed=3)
    assert "C" in selection.refs or "F" in selection.refs
    leaving = "C" if "C" in selection.refs else "F"
    other = "F" if leaving == "C" else "C"
    rest = [r for r in selection.refs if r != leaving]
    suggestion = suggest_replacement(cases, cohort=rest, leaving=leaving, seed=3)
    assert suggestion is not None
    assert suggestion.ref == other  # the only other child in alternative provision, same age and need
    assert "In alternative provision" in suggestion.reasons


def test_replacement_never_suggests_opted_out_declined_or_chosen_children():
    cases = [
        child("A", support="EHCP"),
        child("B", support="EHCP"),
        child("C", opted_out=True, support="EHCP"),
        child("D", support="EHCP"),
    ]
    assert suggest_replacement(cases, cohort=["B"], leaving="A", seed=1, exclude=["D"]) is None
    suggestion = suggest_replacement(cases, cohort=["B"], leaving="A", seed=1)
    assert suggestion is not None and suggestion.ref == "D"


def _minimums_lacking(cases, cohort_refs):
    """The minimum-range points (labels) the list allows but the cohort lacks."""
    by_ref = {c.ref: c for c in cases}
    cohort = [by_ref[r] for r in cohort_refs]
    return {row.label for row in coverage_of(cases, cohort) if row.required and row.wanted and not row.met}


@settings(max_examples=150)
@given(case_lists(), st.integers(min_value=0, max_value=2**31), st.integers(min_value=0, max_value=5))
def test_replacement_keeps_every_minimum_any_available_child_could_and_names_the_rest(cases, seed, which):
    selection = select_tracking_cohort(cases, size=6, seed=seed)
    if not selection.refs:
        return
    leaving = selection.refs[which % len(selection.refs)]
    rest = [r for r in selection.refs if r != leaving]
    suggestion = suggest_replacement(cases, cohort=rest, leaving=leaving, seed=seed)
    available = [c for c in cases if not c.opted_out and c.ref not in selection.refs]
    if suggestion is None:
        assert not available
        return
    assert not suggestion.candidate.opted_out and suggestion.ref not in selection.refs
    lacking = _minimums_lacking(cases, [*rest, suggestion.ref])
    assert set(suggestion.lost) == lacking  # what will be lost is said, and nothing else
    best = min(len(_minimums_lacking(cases, [*rest, c.ref])) for c in available)
    assert len(lacking) == best  # no available child would keep more minimums


def test_replacement_keeps_alternative_provision_rather_than_a_second_ehc_plan_alone():
    # The child leaving had an EHC plan and was the cohort's only child in alternative provision.
    cases = [
        child("A", "11-15", "SEMH", "EHCP", ap=True),
        child("B", "5-10", "ASD", "EHCP"),
        child("C", "11-15", "MLD", "SEN_SUPPORT", ap=True),
        child("D", "11-15", "SEMH", "EHCP"),  # more like A, but without alternative provision
    ]
    suggestion = suggest_replacement(cases, cohort=["B"], leaving="A", seed=1)
    assert suggestion is not None and suggestion.ref == "C"
    assert "In alternative provision" in suggestion.reasons
    assert suggestion.lost == ("Has an EHC plan (at least 2)",)


def test_replacement_loses_nothing_when_a_child_keeps_every_minimum():
    cases = [
        child("A", "11-15", "SEMH", "EHCP", ap=True),
        child("B", "5-10", "ASD", "EHCP"),
        child("C", "11-15", "SEMH", "SEN_SUPPORT", ap=True),
        child("E", "11-15", "MLD", "EHCP", ap=True),
    ]
    suggestion = suggest_replacement(cases, cohort=["B", "C"], leaving="A", seed=1)
    assert suggestion is not None and suggestion.ref == "E"
    assert suggestion.lost == ()


def test_case_sample_follows_theme_and_skips_opted_out_and_excluded():
    cases = varied_list()
    sample = draw_case_sample(cases, size=12, seed=5, theme=Theme(support="EHCP"), exclude=["A"])
    assert {c.ref for c in sample} == {"C", "D", "E", "F"}
    ap = draw_case_sample(cases, size=12, seed=5, theme=Theme(alternative_provision=True))
    assert {c.ref for c in ap} == {"C", "F"}
    assert len(draw_case_sample(cases, size=12, seed=5)) == 12
    assert draw_case_sample(cases, size=12, seed=5) == draw_case_sample(list(reversed(cases)), size=12, seed=5)
    assert "H" not in {c.ref for c in draw_case_sample(cases, size=100, seed=1)}


def test_theme_round_trips_and_describes_itself():
    theme = Theme(need="ASD", alternative_provision=True)
    assert Theme.from_dict(theme.as_dict()) == theme
    assert theme.describe() == "Primary need ASD, in alternative provision"
    assert Theme().describe() == "No theme (any case)"


def test_range_labels_keep_abbreviations_in_capitals():
    from tracking.selection import _FIXED_TARGETS

    labels = {key: label for key, label, _count, _required in _FIXED_TARGETS}
    assert labels["need:NSA"] == "Primary need NSA (SEN support but no specialist assessment of type of need)"
    assert labels["need:SPLD"] == "Primary need SPLD (specific learning difficulty)"
