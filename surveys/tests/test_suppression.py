from hypothesis import given
from hypothesis import strategies as st

from surveys.suppression import hidden_mask, suppress_count, suppress_counts, suppress_table


def test_nine_is_hidden_and_ten_is_shown():
    cells, total = suppress_counts([9, 10, 30], limit=10)
    assert [c.display for c in cells] == ["fewer than 10", "fewer than 10", "30"]  # 10 hidden too: else 9 = 49 - 40
    assert total.display == "49"
    assert cells[0].percent is None and cells[0].bar_width == 0


def test_zero_is_shown_and_no_secondary_needed_when_two_are_hidden():
    cells, _ = suppress_counts([0, 3, 4, 50], limit=10)
    assert [c.display for c in cells] == ["0", "fewer than 10", "fewer than 10", "50"]
    assert cells[3].percent == 88


def test_small_total_hides_everything():
    cells, total = suppress_counts([5, 3], limit=10)
    assert not total.shown and total.display == "fewer than 10"
    assert not any(c.shown for c in cells)


def test_single_count():
    assert suppress_count(9, limit=10).display == "fewer than 10"
    assert suppress_count(0, limit=10).display == "0"
    assert suppress_count(10, limit=10).display == "10"


def test_breakdown_table_hides_cells_that_could_be_derived_across_groups():
    # Rows are options, columns groups. Column 0 has a 9 in row 0.
    grid = [[9, 20], [30, 25]]
    cells = suppress_table(grid, limit=10)
    assert not cells[0][0].shown
    # Column 0 (total 39) would give 9 = 39 - 30, row 0 would give it from the overall 29.
    assert not cells[1][0].shown and not cells[0][1].shown


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=6))
def test_no_small_count_is_ever_shown(counts):
    cells, total = suppress_counts(counts, limit=10)
    for cell in cells + [total]:
        if cell.shown:
            assert cell.count == 0 or cell.count >= 10


@given(st.lists(st.lists(st.integers(min_value=0, max_value=30), min_size=3, max_size=3), min_size=1, max_size=5))
def test_no_line_has_exactly_one_hidden_nonzero_cell_with_others_shown(grid):
    mask = hidden_mask(grid, 10, columns=True)
    for r, row in enumerate(grid):
        assert all(not (0 < c < 10) or mask[r][i] for i, c in enumerate(row))
    lines = [[(r, c) for c in range(3)] for r in range(len(grid))] + [
        [(r, c) for r in range(len(grid))] for c in range(3)
    ]
    for line in lines:
        hidden = [(r, c) for r, c in line if mask[r][c] and grid[r][c] > 0]
        shown_nonzero = [(r, c) for r, c in line if not mask[r][c] and grid[r][c] > 0]
        assert len(hidden) != 1 or not shown_nonzero
