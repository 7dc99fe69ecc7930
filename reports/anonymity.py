"""The anonymity guard: find text that could identify a child, family or survey respondent.

The published report names no child, family or respondent. Before publication every section is
scanned for the case list's child references, e-mail addresses, UK phone numbers and long
verbatim quotes from free-text survey answers. Pure functions: no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: A quote from a survey answer counts as verbatim when it repeats more than this many words.
VERBATIM_WORD_LIMIT = 8

KIND_CHILD_REF = "child_ref"
KIND_EMAIL = "email"
KIND_PHONE = "phone"
KIND_SURVEY_QUOTE = "survey_quote"

KIND_LABELS: dict[str, str] = {
    KIND_CHILD_REF: "Reference to a child or young person on the case list",
    KIND_EMAIL: "Email address",
    KIND_PHONE: "UK phone number",
    KIND_SURVEY_QUOTE: f"Survey answer quoted word for word (more than {VERBATIM_WORD_LIMIT} words)",
}

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

# UK numbers: +44 or 0044 or 0, then 9 or 10 more digits, allowing spaces, hyphens, dots and
# brackets around the area code (e.g. 07700 900123, (020) 7946 0000, +44 (0)161 496 0000).
PHONE_RE = re.compile(
    r"(?<![\w+])"
    r"(?:(?:\+|00)44[\s.-]?(?:\(0\)[\s.-]?)?|\(?0)"
    r"(?:\d[\s.()-]{0,2}){8,9}\d"
    r"(?!\w)"
)

_WORD_RE = re.compile(r"[\w']+", re.UNICODE)


@dataclass(frozen=True)
class Finding:
    """One piece of text that must go before publication, and where it is."""

    kind: str
    where: str
    text: str

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def message(self) -> str:
        return f"{self.where}: {self.label.lower()} \u201c{self.text}\u201d"


def _words(text: str) -> list[str]:
    return [w.lower().strip("'") for w in _WORD_RE.findall(text) if w.strip("'")]


def _phone_digits(match: str) -> int:
    return sum(ch.isdigit() for ch in match)


def find_child_refs(text: str, child_refs: Iterable[str]) -> list[str]:
    """Case-list references that appear as whole words in the text (any letter case)."""
    found = []
    for ref in sorted({r.strip() for r in child_refs if r and r.strip()}):
        if re.search(rf"(?<![\w-]){re.escape(ref)}(?![\w-])", text, flags=re.IGNORECASE):
            found.append(ref)
    return found


def find_emails(text: str) -> list[str]:
    return EMAIL_RE.findall(text)


def find_phones(text: str) -> list[str]:
    """UK phone numbers: a leading 0 (or +44) and 10 or 11 digits in all."""
    results = []
    for match in PHONE_RE.finditer(text):
        raw = match.group(0).strip()
        digits = _phone_digits(raw)
        if raw.startswith(("+44", "0044")):
            ok = digits - (2 if raw.startswith("+") else 4) in (9, 10, 11)
        else:
            ok = digits in (10, 11)
        if ok:
            results.append(raw)
    return results


def find_survey_quotes(text: str, answers: Iterable[str], *, limit: int = VERBATIM_WORD_LIMIT) -> list[str]:
    """Survey answers of which more than `limit` consecutive words appear in the text.

    Compared word by word, ignoring case and punctuation, so a quote with changed commas or
    quotation marks is still caught. Returns the quoted run of words for each answer found.
    """
    text_words = _words(text)
    window = limit + 1
    if len(text_words) < window:
        return []
    text_shingles: dict[tuple[str, ...], int] = {}
    for i in range(len(text_words) - window + 1):
        text_shingles.setdefault(tuple(text_words[i : i + window]), i)
    found = []
    for answer in answers:
        answer_words = _words(answer or "")
        if len(answer_words) < window:
            continue
        for j in range(len(answer_words) - window + 1):
            start = text_shingles.get(tuple(answer_words[j : j + window]))
            if start is None:
                continue
            # Extend the match as far as both texts keep agreeing, to show the whole quote.
            end_t, end_a = start + window, j + window
            while end_t < len(text_words) and end_a < len(answer_words) and text_words[end_t] == answer_words[end_a]:
                end_t += 1
                end_a += 1
            found.append(" ".join(text_words[start:end_t]))
            break
    return found


def scan(
    sections: Mapping[str, str] | Iterable[tuple[str, str]],
    *,
    child_refs: Iterable[str] = (),
    survey_answers: Iterable[str] = (),
) -> list[Finding]:
    """Every finding in the report's sections, each once, in section order.

    `sections` maps where a text is (a heading a user recognises) to the text itself.
    """
    items = sections.items() if isinstance(sections, Mapping) else sections
    refs = list(child_refs)
    answers = [a for a in survey_answers if a]
    findings: list[Finding] = []
    for where, text in items:
        if not text:
            continue
        findings += [Finding(KIND_CHILD_REF, where, r) for r in find_child_refs(text, refs)]
        findings += [Finding(KIND_EMAIL, where, e) for e in find_emails(text)]
        findings += [Finding(KIND_PHONE, where, p) for p in find_phones(text)]
        findings += [Finding(KIND_SURVEY_QUOTE, where, q) for q in find_survey_quotes(text, answers)]
    # A quote matching several answers, or a reference written twice, is one thing to change.
    return list(dict.fromkeys(findings))
