"""Spotting free-text answers that may describe a child at risk.

The list is deliberately broad: a false alarm costs the lead inspector a minute, a missed
disclosure costs far more. Matching is on whole words (and a few phrases), case-insensitive.
"""

from __future__ import annotations

import re

SAFEGUARDING_TERMS: tuple[str, ...] = (
    "abuse",
    "abused",
    "abusing",
    "abusive",
    "assault",
    "assaulted",
    "beat",
    "beaten",
    "beats",
    "bruise",
    "bruises",
    "bruised",
    "burn",
    "burned",
    "burns",
    "exploit",
    "exploited",
    "exploitation",
    "grooming",
    "groomed",
    "harm",
    "harmed",
    "harming",
    "hit",
    "hits",
    "hitting",
    "hurt",
    "hurting",
    "hurts",
    "kill",
    "killing",
    "locked in",
    "molest",
    "molested",
    "neglect",
    "neglected",
    "punch",
    "punched",
    "rape",
    "raped",
    "restrain",
    "restrained",
    "scared",
    "self-harm",
    "self harm",
    "selfharm",
    "sexual",
    "slap",
    "slapped",
    "starve",
    "starving",
    "suicide",
    "suicidal",
    "threaten",
    "threatened",
    "touched me",
    "unsafe",
    "violence",
    "violent",
    "want to die",
    "afraid to go home",
    "not safe",
)

_PATTERN = re.compile(
    r"(?<![\w])("
    + "|".join(re.escape(t).replace(r"\ ", r"[\s-]+") for t in sorted(SAFEGUARDING_TERMS, key=len, reverse=True))
    + r")(?![\w])",
    re.IGNORECASE,
)


def safeguarding_matches(text: str) -> list[str]:
    """The distinct safeguarding terms found in a text, lower case, in order of first use."""
    seen: list[str] = []
    for match in _PATTERN.finditer(text or ""):
        term = re.sub(r"[\s-]+", " ", match.group(1).lower())
        if term not in seen:
            seen.append(term)
    return seen
