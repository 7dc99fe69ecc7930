from hypothesis import given
from hypothesis import strategies as st

from reports.anonymity import (
    KIND_CHILD_REF,
    KIND_EMAIL,
    KIND_PHONE,
    KIND_SURVEY_QUOTE,
    VERBATIM_WORD_LIMIT,
    find_phones,
    scan,
)


def test_child_reference_is_found_with_where_it_is():
    findings = scan({"What it is like": "We met NS-0042 and their family."}, child_refs={"NS-0042", "NS-0043"})
    assert [(f.kind, f.where, f.text) for f in findings] == [(KIND_CHILD_REF, "What it is like", "NS-0042")]


def test_child_reference_must_be_a_whole_word():
    assert scan({"a": "Case NS-00421 was not on the list."}, child_refs={"NS-0042"}) == []


def test_child_reference_match_ignores_case():
    assert scan({"a": "see ns-0042"}, child_refs={"NS-0042"})[0].text == "NS-0042"


def test_email_is_found():
    findings = scan({"Leaders": "Contact jo.bloggs@northshire.gov.uk for details."})
    assert [(f.kind, f.text) for f in findings] == [(KIND_EMAIL, "jo.bloggs@northshire.gov.uk")]


def test_uk_phone_numbers_in_common_forms_are_found():
    text = "Call 07700 900123, (020) 7946 0000, +44 161 496 0000 or 0113-496-0000."
    assert find_phones(text) == ["07700 900123", "(020) 7946 0000", "+44 161 496 0000", "0113-496-0000"]
    assert {f.kind for f in scan({"a": text})} == {KIND_PHONE}


def test_years_and_counts_are_not_phone_numbers():
    assert find_phones("In 2026, 1,234 children and 15 schools; EHC plans rose by 12 per cent.") == []


def test_long_verbatim_survey_answer_is_found_despite_punctuation():
    answer = "Nobody ever called us back about the assessment, and we waited for months on end."
    text = 'One parent said "nobody ever called us back about the assessment and we waited for months".'
    findings = scan({"What it is like": text}, survey_answers=[answer])
    assert len(findings) == 1
    assert findings[0].kind == KIND_SURVEY_QUOTE
    assert findings[0].text == "nobody ever called us back about the assessment and we waited for months"


ANSWER = "Nobody ever called us back about the assessment, and we waited for months on end."


def _longest_shared_run(a: str, b: str) -> int:
    """Consecutive words two texts share, counted here independently of the guard."""
    wa, wb = a.lower().replace(",", "").split(), b.lower().replace(",", "").split()
    return max(_run(wa, wb, i, j) for i in range(len(wa)) for j in range(len(wb)))


def _run(wa: list[str], wb: list[str], i: int, j: int) -> int:
    n = 0
    while i + n < len(wa) and j + n < len(wb) and wa[i + n] == wb[j + n]:
        n += 1
    return n


def test_exactly_eight_words_from_a_survey_answer_are_allowed():
    text = "Families told us nobody ever called us back about the assessment at all."
    assert _longest_shared_run(text.rstrip("."), ANSWER.rstrip(".")) == VERBATIM_WORD_LIMIT == 8
    assert scan({"a": text}, survey_answers=[ANSWER]) == []


def test_nine_words_from_a_survey_answer_are_refused():
    text = "Families told us nobody ever called us back about the assessment and then gave up."
    assert _longest_shared_run(text.rstrip("."), ANSWER.rstrip(".")) == 9
    findings = scan({"a": text}, survey_answers=[ANSWER])
    assert [(f.kind, f.text) for f in findings] == [
        (KIND_SURVEY_QUOTE, "nobody ever called us back about the assessment and")
    ]


def test_each_finding_lists_its_own_section():
    findings = scan(
        [("Information about the partnership", "Email a@b.co.uk"), ("Areas for improvement 2", "Ring 07700 900123")]
    )
    assert [f.where for f in findings] == ["Information about the partnership", "Areas for improvement 2"]
    assert "Areas for improvement 2" in findings[1].message


@given(st.lists(st.text(alphabet=st.characters(categories=["L", "Zs"]), max_size=40), max_size=5))
def test_text_without_digits_or_at_signs_has_no_contact_findings(paragraphs):
    findings = scan({str(i): p for i, p in enumerate(paragraphs)})
    assert all(f.kind not in (KIND_EMAIL, KIND_PHONE) for f in findings)


@given(
    st.lists(st.sampled_from(["Leaders", "know", "their", "area", "well", "and", "act", "quickly", "."]), max_size=30),
    st.integers(min_value=0, max_value=30),
    st.sampled_from(["jo.bloggs@eastbrook.gov.uk", "07700 900123", "+44 20 7946 0000"]),
)
def test_contact_details_are_found_wherever_they_are_put(words, position, contact):
    words = list(words)
    words.insert(min(position, len(words)), contact)
    findings = scan({"Section": " ".join(words)})
    assert [f.text for f in findings] == [contact]
