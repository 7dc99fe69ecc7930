"""Choosing children and young people to track, their replacements and the cases to sample.

Pure functions over the case list (no database), so the rules can be read, tested and changed in
one place. Choices are deterministic for a given list and seed: the seed only breaks ties, and it
is stored so that anyone can see how a cohort came about.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple

from inspections.framework import AGE_GROUPS, NEED_CODES

from .case_list import SERVICES, SOCIAL_CARE_STATUSES, SUPPORT_LEVELS, age_group_for


def _lower_first(name: str) -> str:
    """Lower-case the first letter for use mid-sentence, but leave an abbreviation ("SEN support") alone."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


#: What a cohort should include: (key, label, how many children, part of the minimum range).
#: Minimum-range points weigh more than breadth points, so breadth never costs a minimum point.
_FIXED_TARGETS: tuple[tuple[str, str, int, bool], ...] = (
    *((f"age:{label}", f"Aged {label}", 1, True) for label, _low, _high in AGE_GROUPS),
    ("support:EHCP", "Has an EHC plan (at least 2)", 2, True),
    ("support:SEN_SUPPORT", "On SEN support", 1, True),
    ("service:health", "Health services involved", 1, True),
    ("service:social_care", "Social care involved", 1, True),
    ("ap", "In alternative provision", 1, True),
    ("ooa", "Educated out of area", 1, True),
    ("support:GRANT", "Supported by a local grant", 1, False),
    ("service:education", "Education services involved", 1, False),
    *((f"need:{code}", f"Primary need {code} ({_lower_first(name)})", 1, False) for code, name in NEED_CODES.items()),
    *(
        (f"care:{code}", f"Social care: {name.lower()}", 1, False)
        for code, name in SOCIAL_CARE_STATUSES.items()
        if code != "none"
    ),
)
REQUIRED_WEIGHT = 10
BREADTH_WEIGHT = 1
#: Support levels are exclusive (a child has one), so their minimums need one slot each.
_SUPPORT_MINIMUMS = ("support:EHCP", "support:SEN_SUPPORT")


class Candidate(NamedTuple):
    """What the selection needs to know about one child on the case list.

    A named tuple: lists run to tens of thousands, and fields 1-7 double as the child's profile.
    """

    ref: str
    age_group: str
    need: str
    support: str
    services: frozenset[str] = frozenset()
    alternative_provision: bool = False
    out_of_area: bool = False
    social_care_status: str = "none"
    opted_out: bool = False

    @classmethod
    def from_case(cls, case: Any) -> Candidate:
        """Build from anything shaped like a case-list row (a parsed row or a stored case)."""
        return cls(
            ref=case.child_ref,
            age_group=age_group_for(case.age),
            need=case.primary_need,
            support=case.support,
            services=frozenset(case.services),
            alternative_provision=bool(case.in_alternative_provision),
            out_of_area=bool(case.educated_out_of_area),
            social_care_status=case.social_care_status or "none",
            opted_out=bool(case.opted_out),
        )

    @property
    def traits(self) -> frozenset[str]:
        found = {f"age:{self.age_group}", f"need:{self.need}", f"support:{self.support}"}
        found.update(f"service:{s}" for s in self.services)
        if self.alternative_provision:
            found.add("ap")
        if self.out_of_area:
            found.add("ooa")
        if self.social_care_status and self.social_care_status != "none":
            found.add(f"care:{self.social_care_status}")
        return frozenset(found)

    def describe(self) -> str:
        parts = [f"aged {self.age_group}", self.need, SUPPORT_LEVELS.get(self.support, self.support)]
        if self.services:
            parts.append(", ".join(SERVICES.get(s, s).lower() for s in sorted(self.services)))
        if self.alternative_provision:
            parts.append("alternative provision")
        if self.out_of_area:
            parts.append("out of area")
        return "; ".join(parts)


@dataclass(frozen=True)
class Chosen:
    """A chosen child and the range points they were chosen for."""

    ref: str
    reasons: tuple[str, ...]
    candidate: Candidate
    #: Minimum-range points the cohort will lack with this child (only for a replacement).
    lost: tuple[str, ...] = ()


@dataclass(frozen=True)
class CoverageRow:
    key: str
    label: str
    wanted: int  # children wanted for this point, limited by what the list has
    available: int  # eligible children on the list with it
    required: bool
    covered_by: tuple[str, ...]

    @property
    def met(self) -> bool:
        return self.wanted > 0 and len(self.covered_by) >= self.wanted

    @property
    def status(self) -> str:
        if self.available == 0:
            return "None on the list"
        if self.met:
            return "Covered"
        if self.covered_by:
            return "Partly covered"
        return "Not covered"


@dataclass(frozen=True)
class Selection:
    seed: int
    size: int
    chosen: tuple[Chosen, ...]
    coverage: tuple[CoverageRow, ...]
    eligible: int
    opted_out: int

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(c.ref for c in self.chosen)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready copy, stored with the selection and printed by the command."""
        return {
            "seed": self.seed,
            "size": self.size,
            "eligible": self.eligible,
            "opted_out": self.opted_out,
            "chosen": [
                {"child_ref": c.ref, "reasons": list(c.reasons), "summary": c.candidate.describe()} for c in self.chosen
            ],
            "coverage": coverage_as_dicts(self.coverage),
        }


def coverage_as_dicts(rows: Iterable[CoverageRow]) -> list[dict[str, Any]]:
    return [
        {
            "key": r.key,
            "label": r.label,
            "wanted": r.wanted,
            "available": r.available,
            "required": r.required,
            "covered_by": list(r.covered_by),
            "status": r.status,
        }
        for r in rows
    ]


@dataclass
class _Targets:
    """Targets for one list: what is wanted and how much is still missing."""

    labels: dict[str, str]
    wanted: dict[str, int]
    available: dict[str, int]
    required: dict[str, bool]
    missing: dict[str, int] = field(default_factory=dict)

    def copy(self) -> _Targets:
        return _Targets(self.labels, self.wanted, self.available, self.required, dict(self.missing))

    def open_sets(self) -> tuple[frozenset[str], frozenset[str]]:
        """The still-missing points: (minimum range, breadth)."""
        open_keys = [k for k, n in self.missing.items() if n > 0]
        return (
            frozenset(k for k in open_keys if self.required[k]),
            frozenset(k for k in open_keys if not self.required[k]),
        )

    def take(self, traits: frozenset[str]) -> tuple[str, ...]:
        met = tuple(self.labels[k] for k in self.labels if k in traits and self.missing.get(k, 0) > 0)
        for key in traits:
            if self.missing.get(key, 0) > 0:
                self.missing[key] -= 1
        return met

    def support_shortfall(self) -> set[str]:
        return {k.split(":", 1)[1] for k in _SUPPORT_MINIMUMS if self.missing.get(k, 0) > 0}


class _Group:
    """Children who would add exactly the same points; sorted by seed only when needed."""

    __slots__ = ("traits", "support", "members", "_keyed")

    def __init__(self, first: Candidate) -> None:
        self.traits = first.traits
        self.support = first.support
        self.members: list[Candidate] = []
        self._keyed: list[tuple[bytes, Candidate]] | None = None

    def __len__(self) -> int:
        return len(self._keyed) if self._keyed is not None else len(self.members)

    def head_key(self, seed: int) -> bytes:
        if self._keyed is None:
            self._keyed = sorted(((tie_key(seed, c.ref), c) for c in self.members), key=itemgetter(0), reverse=True)
        return self._keyed[-1][0]

    def pop(self, seed: int) -> Candidate:
        self.head_key(seed)
        assert self._keyed is not None
        return self._keyed.pop()[1]


def _group(candidates: Iterable[Candidate]) -> list[_Group]:
    by_profile: dict[tuple[Any, ...], _Group] = {}
    for c in candidates:
        profile = c[1:8]  # age group, need, support, services, AP, out of area, social care status
        group = by_profile.get(profile)
        if group is None:
            group = by_profile[profile] = _Group(c)
        group.members.append(c)
    return list(by_profile.values())


def _targets(groups: Iterable[_Group]) -> _Targets:
    available: dict[str, int] = {}
    for group in groups:
        size = len(group)
        for key in group.traits:
            available[key] = available.get(key, 0) + size
    labels: dict[str, str] = {}
    wanted: dict[str, int] = {}
    required: dict[str, bool] = {}
    for key, label, count, is_required in _FIXED_TARGETS:
        labels[key] = label
        wanted[key] = min(count, available.get(key, 0))
        required[key] = is_required
    targets = _Targets(labels, wanted, {k: available.get(k, 0) for k in labels}, required)
    targets.missing = dict(wanted)
    return targets


def tie_key(seed: int, ref: str) -> bytes:
    """A stable pseudo-random order for a seed, independent of the list's row order."""
    return hashlib.blake2b(f"{seed}:{ref}".encode(), digest_size=8).digest()


def _pick(
    groups: list[_Group], targets: _Targets, slots_left: int, seed: int, prefer: frozenset[str] = frozenset()
) -> Candidate | None:
    """The best remaining candidate for the next slot, or None when none are left."""
    shortfall = targets.support_shortfall()
    missing_ehcp = targets.missing.get("support:EHCP", 0)
    if missing_ehcp and slots_left <= missing_ehcp:
        shortfall = {"EHCP"}  # two EHC plans come before the SEN support minimum
    must_fill_support = bool(shortfall) and slots_left <= sum(targets.missing[f"support:{s}"] for s in shortfall)
    open_required, open_breadth = targets.open_sets()
    best: tuple[int, int] | None = None
    tied: list[_Group] = []
    for group in groups:
        if not len(group) or (must_fill_support and group.support not in shortfall):
            continue
        traits = group.traits
        rank = (
            REQUIRED_WEIGHT * len(traits & open_required) + BREADTH_WEIGHT * len(traits & open_breadth),
            len(traits & prefer) if prefer else 0,
        )
        if best is None or rank > best:
            best, tied = rank, [group]
        elif rank == best:
            tied.append(group)
    if not tied:
        if must_fill_support:  # nobody left with the support level still missing
            relaxed = targets.copy()
            for key in _SUPPORT_MINIMUMS:
                relaxed.missing[key] = 0
            return _pick(groups, relaxed, slots_left, seed, prefer)
        return None
    return min(tied, key=lambda g: g.head_key(seed)).pop(seed)


def _eligible(cases: Iterable[Candidate], exclude: Collection[str]) -> tuple[list[Candidate], int]:
    eligible: list[Candidate] = []
    opted_out = 0
    for case in cases:
        if case.opted_out:
            opted_out += 1
        elif case.ref not in exclude:
            eligible.append(case)
    return eligible, opted_out


def select_tracking_cohort(
    cases: Iterable[Candidate], *, size: int, seed: int, exclude: Collection[str] = ()
) -> Selection:
    """Propose up to ``size`` children who together cover as much of the range as possible.

    Greedy: each slot goes to the child adding the most uncovered points (minimum-range points
    first, then breadth), ties broken by the seed. Opted-out children are never considered. When
    the remaining slots are only just enough for the EHC plan and SEN support minimums, only
    children with a missing support level are considered, so those minimums always hold.
    """
    eligible, opted_out = _eligible(cases, set(exclude))
    groups = _group(eligible)
    targets = _targets(groups)
    chosen: list[Chosen] = []
    while len(chosen) < size:
        candidate = _pick(groups, targets, size - len(chosen), seed)
        if candidate is None:
            break
        reasons = targets.take(candidate.traits) or ("Chosen at random by the seed: the range was already covered",)
        chosen.append(Chosen(candidate.ref, reasons, candidate))
    coverage = _coverage(targets, [c.candidate for c in chosen])
    return Selection(
        seed=seed, size=size, chosen=tuple(chosen), coverage=coverage, eligible=len(eligible), opted_out=opted_out
    )


def _coverage(targets: _Targets, cohort: Sequence[Candidate]) -> tuple[CoverageRow, ...]:
    rows = []
    for key, label in targets.labels.items():
        covered_by = tuple(c.ref for c in cohort if key in c.traits)
        rows.append(
            CoverageRow(key, label, targets.wanted[key], targets.available[key], targets.required[key], covered_by)
        )
    return tuple(rows)


def coverage_of(cases: Iterable[Candidate], cohort: Sequence[Candidate]) -> tuple[CoverageRow, ...]:
    """The coverage table: each range point, what the list has and who in the cohort covers it."""
    eligible, _ = _eligible(cases, ())
    return _coverage(_targets(_group(eligible)), cohort)


def suggest_replacement(
    cases: Iterable[Candidate], *, cohort: Collection[str], leaving: str, seed: int, exclude: Collection[str] = ()
) -> Chosen | None:
    """The best child to take the place of ``leaving`` in the cohort.

    The child keeps as many of the minimum-range points the cohort lacks without ``leaving`` as
    any child still available can; among equals, a missing support level, then breadth, then the
    child most like the one leaving. Where no child keeps them all, ``lost`` names the minimums
    the cohort will lack, so the lead inspector knows before accepting. ``cohort`` is the rest of
    the cohort; ``exclude`` holds children already approached.
    """
    all_cases = list(cases)
    by_ref = {c.ref: c for c in all_cases}
    blocked = set(cohort) | set(exclude) | {leaving}
    eligible, _ = _eligible(all_cases, ())
    targets = _targets(_group(eligible))
    for ref in cohort:
        if ref in by_ref:
            for key in by_ref[ref].traits:
                if targets.missing.get(key, 0) > 0:
                    targets.missing[key] -= 1
    prefer = by_ref[leaving].traits if leaving in by_ref else frozenset()
    groups = [g for g in _group(c for c in eligible if c.ref not in blocked) if len(g)]
    if not groups:
        return None
    open_required, open_breadth = targets.open_sets()
    shortfall = targets.support_shortfall()

    def rank(group: _Group) -> tuple[int, int, int, int]:
        # Every minimum kept comes first; among equals an EHC plan or SEN support still missing,
        # then breadth, then likeness to the child leaving.
        traits = group.traits
        return (
            len(traits & open_required),
            int(group.support in shortfall),
            len(traits & open_breadth),
            len(traits & prefer),
        )

    best = max(rank(g) for g in groups)
    candidate = min((g for g in groups if rank(g) == best), key=lambda g: g.head_key(seed)).pop(seed)
    lost = tuple(targets.labels[k] for k in targets.labels if k in open_required and k not in candidate.traits)
    reasons = targets.take(candidate.traits)
    if not reasons:
        reasons = (
            ("Most like the child leaving the cohort",)
            if candidate.traits & prefer
            else ("Chosen at random by the seed: the range was already covered",)
        )
    return Chosen(candidate.ref, reasons, candidate, lost)


@dataclass(frozen=True)
class Theme:
    """An optional filter for case sampling (empty fields mean any)."""

    support: str = ""
    need: str = ""
    age_group: str = ""
    service: str = ""
    alternative_provision: bool = False
    out_of_area: bool = False

    def matches(self, case: Candidate) -> bool:
        return (
            (not self.support or case.support == self.support)
            and (not self.need or case.need == self.need)
            and (not self.age_group or case.age_group == self.age_group)
            and (not self.service or self.service in case.services)
            and (not self.alternative_provision or case.alternative_provision)
            and (not self.out_of_area or case.out_of_area)
        )

    def describe(self) -> str:
        parts = []
        if self.support:
            parts.append(SUPPORT_LEVELS.get(self.support, self.support))
        if self.need:
            parts.append(f"primary need {self.need}")
        if self.age_group:
            parts.append(f"aged {self.age_group}")
        if self.service:
            parts.append(f"{SERVICES.get(self.service, self.service).lower()} involved")
        if self.alternative_provision:
            parts.append("in alternative provision")
        if self.out_of_area:
            parts.append("educated out of area")
        text = ", ".join(parts)
        return text[0].upper() + text[1:] if text else "No theme (any case)"

    def as_dict(self) -> dict[str, Any]:
        return {
            "support": self.support,
            "need": self.need,
            "age_group": self.age_group,
            "service": self.service,
            "alternative_provision": self.alternative_provision,
            "out_of_area": self.out_of_area,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Theme:
        data = data or {}
        return cls(**{k: data[k] for k in cls().as_dict() if k in data})


def draw_case_sample(
    cases: Iterable[Candidate],
    *,
    size: int,
    seed: int,
    theme: Theme = Theme(),
    exclude: Collection[str] = (),
) -> tuple[Candidate, ...]:
    """Up to ``size`` cases matching the theme, never opted out or excluded, in seed order."""
    blocked = set(exclude)
    matching = [c for c in cases if not c.opted_out and c.ref not in blocked and theme.matches(c)]
    matching.sort(key=lambda c: tie_key(seed, c.ref))
    return tuple(matching[:size])
