"""The framework's own words, and how a criterion reads: alternative provision is stored as 12 but never numbered."""

from __future__ import annotations

from inspections.framework import ALL_CRITERIA, ALTERNATIVE_PROVISION, CRITERIA, CRITERION_CHOICES, criterion


def test_a_criterion_reads_with_its_number():
    c = criterion(3)
    assert (c.reference, c.title) == ("3", "Criterion 3")
    assert c.numbered_name == f"3. {c.short_name}" and c.heading == f"Criterion 3: {c.short_name}"


def test_alternative_provision_reads_without_a_number():
    ap = criterion(12)
    assert ap is ALTERNATIVE_PROVISION and ap.is_alternative_provision
    assert ap.reference == "alternative provision"
    assert ap.title == ap.numbered_name == ap.heading == AP_LABEL
    assert CRITERION_CHOICES[-1] == (12, AP_LABEL)
    assert not criterion(11).is_alternative_provision and CRITERION_CHOICES[10][1].startswith("11. ")


FRAMEWORK_CRITERIA = [
    "Children and young people's needs are identified accurately and assessed in a timely and effective way.",
    "Children, young people and their families participate in decision-making about their individual plans and support.",
    "Children and young people receive the right help and support at the right time.",
    "Children and young people are well prepared for their next steps and achieve strong outcomes.",
    "Children and young people with SEND are valued, visible and included in their communities.",
    "Leaders are ambitious for children and young people with SEND.",
    "Leaders actively engage and work with children, young people and families.",
    "Leaders have an accurate, shared understanding of the needs of children and young people in their local area.",
    "Leaders commission services and provision to meet the needs and aspirations of children and young people.",
    "Leaders evaluate services and make improvements.",
    "Leaders create an environment for effective practice and multi-agency working to flourish.",
]
AP_LABEL = "Alternative provision: how well the local authority commissions and oversees it"


def test_the_eleven_criteria_are_the_framework_words_in_order():
    assert [(c.number, c.wording) for c in CRITERIA] == list(enumerate(FRAMEWORK_CRITERIA, 1))


def test_alternative_provision_is_not_a_twelfth_criterion_and_has_no_invented_wording():
    ap = criterion(12)
    assert ap not in CRITERIA and ap in ALL_CRITERIA
    assert ap.short_name == AP_LABEL and ap.wording == AP_LABEL
    assert (12, AP_LABEL) in CRITERION_CHOICES
