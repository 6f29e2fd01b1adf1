"""Small-number suppression: no cell from 1 to 4 shown, and no hidden cell derivable."""

from __future__ import annotations

import itertools

import numpy as np

from redpaz.analysis.suppression import PRIMARY, SECONDARY, suppress, suppress_linked


def _consistent_values(table, domain: int) -> dict[tuple[int, int], set[int]]:
    """Every value each hidden cell can take, by enumerating the hidden inner cells over
    0..domain and keeping the tables that publish exactly what was published."""
    values, status = table.values, table.status
    rows, cols = values.shape[0] - 1, values.shape[1] - 1
    hidden_inner = [(i, j) for i in range(rows) for j in range(cols) if status[i, j]]
    candidates = np.array(list(itertools.product(range(domain + 1), repeat=len(hidden_inner))))
    n = len(candidates)
    inner = np.broadcast_to(values[:rows, :cols], (n, rows, cols)).copy()
    for k, (i, j) in enumerate(hidden_inner):
        inner[:, i, j] = candidates[:, k]
    full = np.zeros((n, rows + 1, cols + 1), dtype=np.int64)
    full[:, :rows, :cols] = inner
    full[:, :rows, cols] = inner.sum(axis=2)
    full[:, rows, :cols] = inner.sum(axis=1)
    full[:, rows, cols] = inner.sum(axis=(1, 2))
    ok = np.ones(n, dtype=bool)
    for i in range(rows + 1):
        for j in range(cols + 1):
            cell = full[:, i, j]
            if status[i, j] == 0:
                ok &= cell == values[i, j]
            elif status[i, j] == PRIMARY:
                ok &= (cell >= 1) & (cell < table.threshold)
    found = full[ok]
    return {
        (i, j): set(found[:, i, j].tolist())
        for i in range(rows + 1)
        for j in range(cols + 1)
        if status[i, j]
    }


def test_it_hides_every_count_from_1_to_4() -> None:
    table = suppress([[0, 3, 12], [7, 9, 1], [20, 30, 40]])
    for i in range(table.values.shape[0]):
        for j in range(table.values.shape[1]):
            label = table.label(i, j)
            if label not in ("<5", "*"):
                assert not 1 <= int(label) <= 4


def test_it_hides_a_companion_when_a_row_has_one_small_cell() -> None:
    table = suppress([[10, 3, 12], [7, 9, 11], [20, 30, 40]])
    assert table.status[0, 1] == PRIMARY
    hidden = int(table.hidden[0].sum())
    assert hidden >= 2
    assert table.status[0, 0] == SECONDARY or table.status[0, 2] == SECONDARY


def test_a_table_without_small_numbers_is_published_whole() -> None:
    table = suppress([[10, 30], [70, 90]])
    assert not table.hidden.any()


def test_no_hidden_cell_can_be_derived_from_the_totals() -> None:
    """Brute force: over every table consistent with what is published, each hidden cell
    takes at least two values (random small tables, the hidden inner cells enumerated)."""
    rng = np.random.default_rng(20240601)
    checked = 0
    for attempt in range(200):
        shape = (2, 3) if attempt % 2 else (3, 2)
        cells = rng.choice([0, 1, 2, 3, 4, 5, 7, 9], size=shape)
        table = suppress(cells.tolist())
        if int(table.hidden[: shape[0], : shape[1]].sum()) > 5:
            continue
        for cell, found in _consistent_values(table, domain=11).items():
            assert len(found) >= 2, (cells.tolist(), cell, found, table.status.tolist())
            assert int(table.values[cell]) in found
        checked += 1
    assert checked >= 100


def test_linked_tables_hide_the_same_row_totals() -> None:
    by_sex = [[10, 2], [30, 25]]
    by_age = [[0, 3, 9], [5, 20, 30]]
    first, second = suppress_linked([by_sex, by_age])
    for i in range(3):  # both years and the grand total
        assert first.row_total_hidden(i) == second.row_total_hidden(i)


def test_random_linked_tables_agree_on_every_shared_total() -> None:
    """The same yearly totals split two ways: each year total and the grand total is hidden
    in both tables or in neither."""
    rng = np.random.default_rng(7)
    for _attempt in range(50):
        years = int(rng.integers(2, 5))
        first = rng.choice([0, 1, 2, 3, 6, 9, 14], size=(years, 2))
        second = []
        for total in first.sum(axis=1):
            a = int(rng.integers(0, total + 1))
            b = int(rng.integers(0, total - a + 1))
            second.append([a, b, int(total) - a - b])
        one, two = suppress_linked([first.tolist(), second])
        for i in range(years + 1):
            assert one.row_total_hidden(i) == two.row_total_hidden(i)
