"""Who neighbours whom: contiguity graphs of zones and of H3 grids, islands made explicit.

Local statistics (Gi*, LISA), spatial smoothing and contiguous clusters all rest on a graph of
neighbours. The graph is binary and symmetric, stored as CSR arrays with sorted neighbour
indices (the order libpysal's ``W.sparse`` uses, so results match esda bit for bit). An island
(a zone with no neighbour, such as San Andrés) is never silently given a fake neighbour: callers
decide what to do with ``Graph.islands``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from redpaz.analysis.errors import AnalysisError


@dataclass(frozen=True, eq=False)
class Graph:
    """A symmetric binary neighbour graph over sites ``0..n-1`` labelled by ``ids``."""

    ids: tuple[str, ...]
    indptr: np.ndarray
    indices: np.ndarray

    @classmethod
    def from_pairs(cls, ids: Sequence[str], pairs: Iterable[tuple[int, int]]) -> Graph:
        """Build from index pairs (either order, duplicates and self pairs ignored)."""
        n = len(ids)
        array = np.asarray(list(pairs), dtype=np.int64).reshape(-1, 2)
        array = array[array[:, 0] != array[:, 1]]
        both = np.concatenate([array, array[:, ::-1]])
        matrix = sparse.csr_matrix((np.ones(len(both)), (both[:, 0], both[:, 1])), shape=(n, n))
        matrix.sum_duplicates()
        matrix.sort_indices()
        return cls(tuple(ids), matrix.indptr.astype(np.int64), matrix.indices.astype(np.int64))

    @classmethod
    def from_neighbours(cls, neighbours: dict[str, Iterable[str]]) -> Graph:
        """Build from a mapping id -> neighbour ids (ids that are not keys are ignored)."""
        ids = list(neighbours)
        position = {key: i for i, key in enumerate(ids)}
        pairs = [
            (position[key], position[other])
            for key, others in neighbours.items()
            for other in others
            if other in position
        ]
        return cls.from_pairs(ids, pairs)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def cardinalities(self) -> np.ndarray:
        return np.diff(self.indptr)

    @property
    def islands(self) -> list[str]:
        """Ids of sites without any neighbour."""
        return [self.ids[i] for i in np.flatnonzero(self.cardinalities == 0)]

    def neighbours(self, i: int) -> np.ndarray:
        return self.indices[self.indptr[i] : self.indptr[i + 1]]

    def matrix(self, self_weight: float = 0.0) -> sparse.csr_matrix:
        """The binary adjacency matrix (CSR, sorted indices); ``self_weight`` on the diagonal."""
        data = np.ones(len(self.indices))
        matrix = sparse.csr_matrix(
            (data, self.indices.copy(), self.indptr.copy()), shape=(self.n, self.n)
        )
        if self_weight:
            matrix = (matrix + sparse.identity(self.n, format="csr") * self_weight).tocsr()
            matrix.sort_indices()
        return matrix

    def subgraph(self, keep: np.ndarray) -> Graph:
        """The graph restricted to the sites where ``keep`` is true, in the same order."""
        keep = np.asarray(keep, dtype=bool)
        matrix = self.matrix()[keep][:, keep].tocsr()
        matrix.sort_indices()
        ids = tuple(key for key, kept in zip(self.ids, keep, strict=True) if kept)
        return Graph(ids, matrix.indptr.astype(np.int64), matrix.indices.astype(np.int64))

    def components(self) -> np.ndarray:
        """Connected-component label of each site."""
        _count, labels = connected_components(self.matrix(), directed=False)
        return np.asarray(labels)

    def to_libpysal(self, *, positional: bool = False) -> Any:
        """The same graph as a libpysal ``W`` (binary), for spopt and for checks against esda.

        ``positional`` keys the sites by position (0..n-1) instead of id, as spopt's max-p needs.
        """
        from libpysal.weights import W

        keys: list[Any] = list(range(self.n)) if positional else list(self.ids)
        neighbours = {keys[i]: [keys[j] for j in self.neighbours(i)] for i in range(self.n)}
        return W(neighbours, id_order=keys, silence_warnings=True)


def contiguity(geometries: Sequence[Any], ids: Sequence[str], *, tolerance: float = 0.0) -> Graph:
    """Queen contiguity: two zones are neighbours when their boundaries share at least a point.

    ``tolerance`` (in the geometries' units) also joins zones separated by a gap narrower than
    it, which simplified boundaries often leave between true neighbours.
    """
    if len(geometries) != len(ids):
        raise AnalysisError("there must be one geometry per zone")
    if len(set(ids)) != len(ids):
        raise AnalysisError("zone codes must be unique")
    geoms = np.asarray(geometries, dtype=object)
    if any(g is None or shapely.is_empty(g) for g in geoms):
        missing = [key for key, g in zip(ids, geoms, strict=True) if g is None or g.is_empty]
        raise AnalysisError(f"zones without a boundary: {', '.join(missing[:10])}")
    tree = shapely.STRtree(geoms)
    if tolerance > 0:
        left, right = tree.query(geoms, predicate="dwithin", distance=tolerance)
    else:
        left, right = tree.query(geoms, predicate="intersects")
    return Graph.from_pairs(list(ids), zip(left.tolist(), right.tolist(), strict=True))
