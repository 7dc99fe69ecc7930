"""Phone numbers become links a phone can call."""

from inspections.templatetags.phone import tel_link, tel_uri


def test_uk_numbers_are_written_in_international_form():
    assert tel_uri("0808 800 5000") == "tel:+448088005000"
    assert tel_uri("+44 (0)300 123 4567".replace("(0)", "")) == "tel:+443001234567"
    assert tel_uri("999") == "tel:999"


def test_the_link_shows_the_number_as_written_and_escapes_it():
    assert tel_link("0300 123 4567") == '<a class="govuk-link" href="tel:+443001234567">0300 123 4567</a>'
    assert tel_link("") == ""
    assert tel_link("<b>ask reception</b>") == "<b>ask reception</b>"  # autoescaped by the template
    assert "&lt;" in tel_link("0300 <b>1</b>")
