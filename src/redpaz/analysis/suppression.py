"""Small-number suppression of published tables, with secondary suppression.

A published table shows counts by row and column and their totals. Counts from 1 to
``threshold - 1`` are hidden ("primary" suppression). Hiding them is not enough: a hidden cell
that is the only hidden one of its row can be recovered as the row total minus the others. So
other cells are hidden too ("secondary" suppression) until no hidden cell can be derived.

The rule, on the table extended with its totals (the last row and column; the corner is the
grand total), where every row and column ("line") is a linear equation "total = sum of cells":

1. hide every cell, totals included, whose value is between 1 and ``threshold - 1``;
2. in each line with exactly one hidden cell, also hide the smallest shown cell of that line
   (a positive inner cell first, then a zero, then the line's total); repeat to a fixed point;
3. check every hidden cell with two linear programmes (its smallest and largest value given
   everything shown, primary cells known to lie in [1, threshold - 1] and the others in
   [0, ∞)); the constraint matrix of a two-way table is totally unimodular, so these bounds
   are the exact integer bounds. A cell whose bounds meet (a bridge between two groups of
   hidden cells, for instance) gets a companion hidden in its row, and the loop goes back to 2.

The loop only ever hides more cells, so it ends; at its end no hidden cell has a single
possible value (``tests/analysis/test_suppression.py`` checks this by enumeration).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

DEFAULT_THRESHOLD = 5
PRIMARY, SECONDARY = 1, 2


@dataclass(frozen=True)
class SuppressedTable:
    """A table with its totals and what is hidden.

    ``values`` is (rows + 1) x (columns + 1): inner cells, row totals in the last column,
    column totals in the last row, the grand total in the corner. ``status`` has the same shape:
    0 shown, 1 hidden as a small number, 2 hidden so that a small number cannot be derived.
    """

    values: np.ndarray
    status: np.ndarray
    threshold: int

    @property
    def hidden(self) -> np.ndarray:
        return self.status > 0

    def label(self, i: int, j: int) -> str:
        """The cell as published: its value, "<threshold" or "*" (secondary)."""
        if self.status[i, j] == PRIMARY:
            return f"<{self.threshold}"
        if self.status[i, j] == SECONDARY:
            return "*"
        return f"{int(self.values[i, j])}"

    def row_total_hidden(self, i: int) -> bool:
        return bool(self.status[i, -1])


def with_totals(cells: Sequence[Sequence[int]]) -> np.ndarray:
    """The table extended with row totals, column totals and the grand total."""
    inner = np.asarray(cells, dtype=np.int64)
    if inner.ndim != 2 or inner.size == 0:
        raise ValueError("a table needs at least one row and one column")
    if (inner < 0).any():
        raise ValueError("counts cannot be negative")
    out = np.zeros((inner.shape[0] + 1, inner.shape[1] + 1), dtype=np.int64)
    out[:-1, :-1] = inner
    out[:-1, -1] = inner.sum(axis=1)
    out[-1, :-1] = inner.sum(axis=0)
    out[-1, -1] = inner.sum()
    return out


def suppress(
    cells: Sequence[Sequence[int]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    force_rows: Iterable[int] = (),
) -> SuppressedTable:
    """Suppress small numbers of a two-way table and whatever would let them be derived.

    ``force_rows``: rows whose total must be hidden (because another published table with the
    same row totals hides it).
    """
    if threshold < 1:
        raise ValueError("the threshold must be at least 1")
    values = with_totals(cells)
    status = np.zeros(values.shape, dtype=np.int8)
    status[(values >= 1) & (values < threshold)] = PRIMARY
    for i in force_rows:
        if status[i, -1] == 0:
            status[i, -1] = SECONDARY
    while True:
        _lines_to_fixed_point(values, status)
        determined = _determined_cells(values, status, threshold)
        if not determined:
            return SuppressedTable(values, status, threshold)
        before = int((status > 0).sum())
        for i, j in determined:
            _hide_companion(values, status, i, j)
        if int((status > 0).sum()) == before:
            # Every line through the determined cells is hidden already: hide the smallest
            # shown cell anywhere (hiding more is always safe); stop when nothing is shown.
            shown = np.argwhere(status == 0)
            if shown.size == 0:
                return SuppressedTable(values, status, threshold)
            i, j = min((tuple(c) for c in shown), key=lambda c: (values[c], c))
            status[i, j] = SECONDARY


def suppress_linked(
    tables: Sequence[Sequence[Sequence[int]]], *, threshold: int = DEFAULT_THRESHOLD
) -> list[SuppressedTable]:
    """Suppress several tables that share their rows (the same yearly totals broken down by
    sex, by age group...): a row total, or the grand total, hidden in one is hidden in all."""
    forced: set[int] = set()
    while True:
        results = [suppress(t, threshold=threshold, force_rows=forced) for t in tables]
        # Row totals and the grand total (the last row's total) are shared.
        hidden = {i for r in results for i in range(r.values.shape[0]) if r.row_total_hidden(i)}
        if hidden <= forced:
            return results
        forced |= hidden


def _lines(shape: tuple[int, int]) -> list[list[tuple[int, int]]]:
    rows, cols = shape
    return [[(i, j) for j in range(cols)] for i in range(rows)] + [
        [(i, j) for i in range(rows)] for j in range(cols)
    ]


def _lines_to_fixed_point(values: np.ndarray, status: np.ndarray) -> None:
    lines = _lines(values.shape)
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [c for c in line if status[c]]
            if len(hidden) == 1:
                companion = _smallest_shown(values, status, line)
                if companion is not None:
                    status[companion] = SECONDARY
                    changed = True


def _smallest_shown(
    values: np.ndarray, status: np.ndarray, line: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The cell to hide with a lone hidden one: positive inner cells first, then zeros, then
    the total (the last cell of the line)."""
    inner = [c for c in line[:-1] if not status[c]]
    positive = [c for c in inner if values[c] > 0]
    for group in (positive, inner):
        if group:
            return min(group, key=lambda c: (values[c], c))
    return line[-1] if not status[line[-1]] else None


def _hide_companion(values: np.ndarray, status: np.ndarray, i: int, j: int) -> None:
    rows, cols = values.shape
    for line in ([(i, k) for k in range(cols)], [(k, j) for k in range(rows)]):
        companion = _smallest_shown(values, status, line)
        if companion is not None:
            status[companion] = SECONDARY
            return


def bounds(
    values: np.ndarray, status: np.ndarray, threshold: int
) -> dict[tuple[int, int], tuple[float, float]]:
    """Smallest and largest value of each hidden cell given what is shown (exact: see above)."""
    hidden = [(int(c[0]), int(c[1])) for c in np.argwhere(status > 0)]
    if not hidden:
        return {}
    index = {c: k for k, c in enumerate(hidden)}
    equations, rhs = [], []
    for line in _lines(values.shape):
        # Inner cells minus the total equal zero: move the shown ones to the right-hand side.
        coefficients = np.zeros(len(hidden))
        known = 0.0
        for position, cell in enumerate(line):
            sign = -1.0 if position == len(line) - 1 else 1.0
            if cell in index:
                coefficients[index[cell]] += sign
            else:
                known += sign * float(values[cell])
        if coefficients.any():
            equations.append(coefficients)
            rhs.append(-known)
    limits = [(1.0, float(threshold - 1)) if status[c] == PRIMARY else (0.0, None) for c in hidden]
    a_eq = np.array(equations) if equations else None
    b_eq = np.array(rhs) if equations else None
    result = {}
    for cell, k in index.items():
        objective = np.zeros(len(hidden))
        objective[k] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=limits, method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=limits, method="highs")
        top = np.inf if high.status == 3 else -high.fun  # 3: unbounded
        result[cell] = (float(low.fun), float(top))
    return result


def _determined_cells(
    values: np.ndarray, status: np.ndarray, threshold: int
) -> list[tuple[int, int]]:
    return [
        cell for cell, (low, high) in bounds(values, status, threshold).items() if high - low < 0.5
    ]
