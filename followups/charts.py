"""Numbers and shapes for the programme's two charts, with no ORM and no drawing library.

The page draws each chart as plain SVG (bars as rectangles, no script, so the content security
policy stays as it is) and shows the same numbers in a table for anyone who cannot see it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

#: School terms as (name, first month, last month): autumn September–December, spring
#: January–March, summer April–August.
TERMS = (("Spring", 1, 3), ("Summer", 4, 8), ("Autumn", 9, 12))
TERMS_AHEAD = 9  # three school years
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 150
PLOT_WIDTH = 420


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int = 0
    width: int = 0
    text_x: int = 0


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    height: int
    label_width: int = LABEL_WIDTH

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)


def term_of(day: date) -> tuple[int, int]:
    """(year, term index) of the school term a date falls in; terms order correctly as tuples."""
    for index, (_name, first, last) in enumerate(TERMS):
        if first <= day.month <= last:
            return day.year, index
    raise ValueError(day)


def term_label(year: int, index: int) -> str:
    name = TERMS[index][0]
    return f"{name} {year}" if name != "Autumn" else f"Autumn {year}"


def _next_term(year: int, index: int) -> tuple[int, int]:
    return (year, index + 1) if index + 1 < len(TERMS) else (year + 1, 0)


def layout(pairs: Iterable[tuple[str, int]]) -> Chart:
    """Place horizontal bars, the longest filling the plot."""
    pairs = list(pairs)
    largest = max((v for _l, v in pairs), default=0) or 1
    bars = []
    for i, (label, value) in enumerate(pairs):
        width = round(PLOT_WIDTH * value / largest)
        bars.append(
            Bar(label=label, value=value, y=i * (BAR_HEIGHT + BAR_GAP), width=width, text_x=LABEL_WIDTH + width + 6)
        )
    return Chart(bars=tuple(bars), height=max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP))


def due_per_term(due_dates: Iterable[date | None], *, today: date) -> Chart:
    """Full inspections falling due in each of the next nine school terms; earlier ones as "Overdue"."""
    current = term_of(today)
    counts: Counter = Counter()
    overdue = 0
    for due in due_dates:
        if due is None:
            continue
        if due < today:
            overdue += 1
        else:
            counts[term_of(due)] += 1
    pairs = [("Overdue", overdue)]
    term = current
    for _ in range(TERMS_AHEAD):
        pairs.append((term_label(*term), counts[term]))
        term = _next_term(*term)
    return layout(pairs)


def outcomes_by_year(graded: Iterable[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """(year, outcome 1, outcome 2, outcome 3) counts from (year, outcome) pairs, oldest year first."""
    counts: Counter = Counter(graded)
    years = sorted({y for y, _o in counts})
    return [(y, counts[(y, 1)], counts[(y, 2)], counts[(y, 3)]) for y in years]
