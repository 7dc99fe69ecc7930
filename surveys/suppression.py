"""Small-number suppression for survey results.

Any count from 1 to threshold - 1 could point at a handful of people, so it is never shown: pages
and CSV exports both print "fewer than N" instead. When a line (the options of one question, or
one option across a breakdown) has a published total and exactly one hidden cell, that cell
could be worked out by subtraction, so the smallest other non-zero cell of the line is hidden too
(secondary suppression), repeated until nothing changes. Zero is shown: it identifies nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext


def threshold() -> int:
    """The suppression threshold (SURVEY_SUPPRESSION_THRESHOLD), read when used so tests can change it."""
    return settings.SURVEY_SUPPRESSION_THRESHOLD


def is_small(count: int, limit: int) -> bool:
    return 0 < count < limit


def fewer_than(limit: int) -> str:
    return gettext("fewer than %(threshold)s") % {"threshold": limit}


@dataclass(frozen=True)
class Cell:
    """One published number: its count is only to be read when `shown` is true."""

    count: int
    shown: bool
    percent: int | None
    limit: int

    @property
    def display(self) -> str:
        return str(self.count) if self.shown else fewer_than(self.limit)

    @property
    def percent_display(self) -> str:
        return f"{self.percent}%" if self.percent is not None else ""

    @property
    def bar_width(self) -> int:
        """Width of the bar in percent; 0 for a hidden cell so its size gives nothing away."""
        return self.percent if self.percent is not None else 0


def hidden_mask(
    grid: list[list[int]], limit: int, *, columns: bool = False, row_totals: list[int] | None = None
) -> list[list[bool]]:
    """Which cells of a grid to hide. Rows are always lines with a published total; columns
    too when `columns` is true (a breakdown table whose option totals are published elsewhere).
    `row_totals` overrides the row sums (a multiple-choice question counts respondents)."""
    hidden = [[is_small(c, limit) for c in row] for row in grid]
    totals = row_totals if row_totals is not None else [sum(row) for row in grid]
    for r, row in enumerate(grid):
        if is_small(totals[r], limit):
            hidden[r] = [c > 0 for c in row]

    def lines() -> list[list[tuple[int, int]]]:
        result = [[(r, c) for c in range(len(row))] for r, row in enumerate(grid)]
        if columns and grid:
            width = max(len(row) for row in grid)
            result += [[(r, c) for r in range(len(grid)) if c < len(grid[r])] for c in range(width)]
        return result

    all_lines = lines()
    changed = True
    while changed:
        changed = False
        for line in all_lines:
            hidden_nonzero = [(r, c) for r, c in line if hidden[r][c] and grid[r][c] > 0]
            if len(hidden_nonzero) != 1:
                continue
            candidates = [(grid[r][c], r, c) for r, c in line if not hidden[r][c] and grid[r][c] > 0]
            if candidates:
                _, r, c = min(candidates)
                hidden[r][c] = True
                changed = True
    return hidden


def suppress_counts(
    counts: list[int], *, total: int | None = None, limit: int | None = None
) -> tuple[list[Cell], Cell]:
    """Suppress the option counts of one question; returns the cells and the total cell."""
    limit = threshold() if limit is None else limit
    total = sum(counts) if total is None else total
    mask = hidden_mask([counts], limit, row_totals=[total])[0]
    total_shown = not is_small(total, limit)
    cells = [
        Cell(count, not hide, round(100 * count / total) if (not hide and total_shown and total) else None, limit)
        for count, hide in zip(counts, mask)
    ]
    return cells, Cell(total, total_shown, None, limit)


def suppress_count(count: int, *, limit: int | None = None) -> Cell:
    """A single number (responses on one day, responses to one survey)."""
    limit = threshold() if limit is None else limit
    return Cell(count, not is_small(count, limit), None, limit)


def suppress_table(
    grid: list[list[int]], *, column_totals: list[int] | None = None, limit: int | None = None
) -> list[list[Cell]]:
    """Suppress a breakdown table: rows are options, columns the groups of respondents.
    Percentages are of each column's total (respondents in that group who answered)."""
    limit = threshold() if limit is None else limit
    if not grid:
        return []
    width = len(grid[0])
    col_totals = column_totals if column_totals is not None else [sum(row[c] for row in grid) for c in range(width)]
    # Transpose so that each group is a row whose total is published, and options are columns.
    transposed = [[grid[r][c] for r in range(len(grid))] for c in range(width)]
    mask_t = hidden_mask(transposed, limit, columns=True, row_totals=col_totals)
    cells: list[list[Cell]] = []
    for r, row in enumerate(grid):
        out = []
        for c, count in enumerate(row):
            hide = mask_t[c][r]
            total = col_totals[c]
            pct = round(100 * count / total) if (not hide and total and not is_small(total, limit)) else None
            out.append(Cell(count, not hide, pct, limit))
        cells.append(out)
    return cells
