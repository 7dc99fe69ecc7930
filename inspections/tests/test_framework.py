"""How a criterion reads on the pages: alternative provision is stored as 12 but never numbered."""

from __future__ import annotations

from inspections.framework import ALTERNATIVE_PROVISION, CRITERION_CHOICES, criterion


def test_a_criterion_reads_with_its_number():
    c = criterion(3)
    assert (c.reference, c.title) == ("3", "Criterion 3")
    assert c.numbered_name == f"3. {c.short_name}" and c.heading == f"Criterion 3: {c.short_name}"


def test_alternative_provision_reads_without_a_number():
    ap = criterion(12)
    assert ap is ALTERNATIVE_PROVISION and ap.is_alternative_provision
    assert ap.reference == "alternative provision"
    assert ap.title == ap.numbered_name == ap.heading == "Alternative provision"
    assert CRITERION_CHOICES[-1] == (12, "Alternative provision")
    assert not criterion(11).is_alternative_provision and CRITERION_CHOICES[10][1].startswith("11. ")
