"""Phone numbers as links, so a phone user can call with one tap."""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def tel_uri(number: str) -> str:
    """The ``tel:`` address of a UK number as people write it ("0808 800 5000" -> "tel:+448088005000")."""
    digits = re.sub(r"[^\d+]", "", number)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+44" + digits[1:]
    return f"tel:{digits}"


@register.filter
def tel_link(number: str | None) -> SafeString | str:
    """The number as a link; text with no digits is shown as it is."""
    number = (number or "").strip()
    if not re.search(r"\d", number):
        return number
    return format_html('<a class="govuk-link" href="{}">{}</a>', tel_uri(number), number)
