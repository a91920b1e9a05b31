"""Exact integer kernels around cddlib's hulls (private to :mod:`tropgeo._cdd` and the readers
that re-check its output): incremental spans and ranks, the well-conditioned frame handed to
cddlib for thin point sets, row values and tight-row ranks for the facet-incidence vertex
test, the interior filter's seed directions, and planar hulls by the monotone chain.

Nothing here imports cddlib, and nothing computes in floats except :func:`conditioning`'s
choice of a simplex, which only decides *which* exact change of coordinates to use.

Examples
--------
>>> exact_rank([(1, 2, 3), (2, 4, 6), (0, 1, 1)])
2
>>> vertices_2d([(0, 0), (1, 0), (2, 0), (1, 1)], [])
[0, 2, 3]
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable, Sequence

import numpy as np

from tropgeo._hrep import _primitive
from tropgeo.numbers import Exact

__all__ = [
    "Span", "exact_rank", "affine_dimension", "int_primitive", "Conditioning", "conditioning", "chart_equations", "reference_point",
    "prefix_dims", "seed_order",
    "row_values", "tight_ranks", "vertices_2d",
]

Point = Sequence[Exact]
IntPoint = tuple[int, ...]

# Below this normalised volume |det(E)| / prod |e_k| of a spread simplex of the points
# (floats, used only to decide), the points are handed to cddlib in that simplex's
# coordinates: see "Thin point sets" in tropgeo._cdd.
ILL_CONDITIONED = 1e-6


class Span:
    """A linear span grown one vector at a time, in exact reduced echelon form."""

    def __init__(self) -> None:
        self._basis: list[tuple[int, list[Fraction]]] = []

    def __len__(self) -> int:
        return len(self._basis)

    def add(self, v: Sequence[Exact]) -> bool:
        """Add ``v``; whether it was independent of the vectors added before."""
        w = [Fraction(x) for x in v]
        for c, b in self._basis:
            if w[c] != 0:
                f = w[c]
                w = [x - f * y for x, y in zip(w, b)]
        new = next((c for c, x in enumerate(w) if x != 0), None)
        if new is None:
            return False
        piv = w[new]
        self._basis.append((new, [x / piv for x in w]))
        return True


def exact_rank(rows: Sequence[Sequence[Exact]]) -> int:
    """The rank of ``rows`` (ints or Fractions), exactly."""
    span = Span()
    for r in rows:
        span.add(r)
    return len(span)


def affine_dimension(points: Iterable[Sequence[Exact]]) -> int:
    """Affine dimension of a nonempty finite set of exact points (exact rank).

    Returns ``-1`` for the empty set.

    Examples
    --------
    >>> affine_dimension([(0, 0, 0), (1, 2, 3), (2, 4, 6)])
    1
    >>> affine_dimension([(5, 5)])
    0
    """
    pts = [tuple(Fraction(x) for x in p) for p in points]
    if not pts:
        return -1
    return exact_rank([[x - y for x, y in zip(p, pts[0])] for p in pts[1:]])


def int_primitive(v: Sequence[Exact]) -> IntPoint:
    """``v`` scaled by a positive number to coprime integers (the zero vector stays zero)."""
    if all(x == 0 for x in v):
        return tuple(0 for _ in v)
    return _primitive([Fraction(x) for x in v])


@dataclass(frozen=True)
class Conditioning:
    """The exact affine bijection ``z = A (y - y0) / g`` (``A`` the adjugate of the matrix
    whose columns are the edges of a simplex of the points, ``g`` the gcd of the images),
    integral on the points."""

    A: tuple[tuple[int, ...], ...]
    y0: tuple[int, ...]
    g: int

    def point(self, y: Sequence[Exact]) -> tuple[int, ...]:
        v = [a - b for a, b in zip(y, self.y0)]
        return tuple(int(sum(a * x for a, x in zip(row, v)) // self.g) for row in self.A)

    def ray(self, r: Sequence[Exact]) -> tuple[int, ...]:
        return int_primitive([sum(a * x for a, x in zip(row, r)) for row in self.A])

    def row_back(self, row: Sequence[Exact]) -> list[Exact]:
        """``(b, c)`` on ``z`` as a row on ``y`` times ``g > 0``: ``g b - (c A) . y0 + (c A) . y``."""
        c = row[1:]
        cA = [sum((c[i] * self.A[i][j] for i in range(len(c))), Fraction(0)) for j in range(len(self.y0))]
        return [self.g * row[0] - sum((a * o for a, o in zip(cA, self.y0)), Fraction(0)), *cA]


def _adjugate(M: list[list[int]]) -> tuple[list[list[int]], int]:
    """``(adj(M), det(M))`` exactly (Gauss-Jordan over the rationals); ``det == 0`` possible."""
    n = len(M)
    aug = [[Fraction(x) for x in row] + [Fraction(int(i == j)) for j in range(n)] for i, row in enumerate(M)]
    det = Fraction(1)
    for c in range(n):
        piv = next((r for r in range(c, n) if aug[r][c] != 0), None)
        if piv is None:
            return [], 0
        if piv != c:
            aug[c], aug[piv] = aug[piv], aug[c]
            det = -det
        p = aug[c][c]
        det *= p
        aug[c] = [x / p for x in aug[c]]
        for r in range(n):
            if r != c and aug[r][c] != 0:
                f = aug[r][c]
                aug[r] = [x - f * y for x, y in zip(aug[r], aug[c])]
    D = int(det)
    return [[int(x * D) for x in row[n:]] for row in aug], D


def _independent_completion(ys: Sequence[Sequence[Exact]], j0: int, chosen: list[int]) -> list[int]:
    """``chosen`` extended, in index order, by points whose edges from ``ys[j0]`` are
    linearly independent of the chosen ones."""
    span = Span()
    out: list[int] = []
    for j in chosen + [j for j in range(len(ys)) if j not in chosen]:
        if span.add([Fraction(a) - b for a, b in zip(ys[j], ys[j0])]):
            out.append(j)
            if len(out) == len(ys[0]):
                break
    return out


def conditioning(ys: Sequence[Sequence[Exact]]) -> Conditioning | None:
    """The change of coordinates for a thin, full-dimensional integer point set; ``None``
    when the points are well spread (or too large for floats to judge)."""
    d = len(ys[0])
    if len(ys) < d + 1 or d < 2:
        return None
    with np.errstate(all="ignore"):
        Y = np.array(ys, dtype=float)
        if not np.isfinite(Y).all() or np.abs(Y).max() > 1e300:
            return None
        j0 = int(np.argmax(np.linalg.norm(Y - Y.mean(axis=0), axis=1)))
        R = Y - Y[j0]
        chosen: list[int] = []
        norms: list[float] = []
        Q = R.copy()
        scale = float(np.abs(R).max()) or 1.0
        for _ in range(d):
            lengths = np.linalg.norm(Q, axis=1)
            j = int(np.argmax(lengths))
            if not lengths[j] > 1e-9 * scale:
                break  # thinner than floats can see: the rest is chosen exactly below
            chosen.append(j)
            norms.append(float(np.linalg.norm(R[j])))
            u = Q[j] / lengths[j]
            Q = Q - np.outer(Q @ u, u)
        ratio = 0.0
        if len(chosen) == d:
            ratio = abs(float(np.linalg.det(R[chosen] / np.array(norms)[:, None])))
    if not ratio < ILL_CONDITIONED:
        return None
    if len(chosen) < d:
        chosen = _independent_completion(ys, j0, chosen)
        if len(chosen) < d:
            return None  # not full-dimensional (callers project first; keep the points as they are)
    cols = [[int(ys[j][i]) - int(ys[j0][i]) for j in chosen] for i in range(d)]  # columns: the edges
    A, det = _adjugate(cols)
    if det == 0:
        return None  # the floats misjudged; cddlib gets the points as they are
    y0 = tuple(int(x) for x in ys[j0])
    g = 0
    for y in ys:
        for row in A:
            g = math.gcd(g, sum(a * (int(x) - o) for a, x, o in zip(row, y, y0)))
    return Conditioning(A=tuple(tuple(r) for r in A), y0=y0, g=g or 1)


def chart_equations(base: Point, pivots: list[int], basis: list[list[Fraction]]) -> list[list[Fraction]]:
    """Equations of ``base + span(basis)``: each free coordinate as a function of the pivot ones."""
    d = len(base)
    eqs = []
    for c in range(d):
        if c in pivots:
            continue
        # x_c - base_c - sum_k basis[k][c] (x_{p_k} - base_{p_k}) = 0
        row = [Fraction(0)] * (d + 1)
        row[1 + c] = Fraction(1)
        row[0] = -Fraction(base[c])
        for k, pc in enumerate(pivots):
            row[1 + pc] -= basis[k][c]
            row[0] += basis[k][c] * Fraction(base[pc])
        eqs.append(row)
    return eqs


def reference_point(rows: Sequence[Sequence[Exact]], dim: int) -> tuple[int, ...]:
    """An integer point near ``{b + a . x = 0}`` for a maximal independent set of ``rows``.

    The rows are taken in order; the solution with free coordinates 0 is rounded down.
    Only a frame origin: any point is correct, one near the polyhedron keeps cddlib's
    numbers small (for a polytope's canonical rows it is usually a vertex).
    """
    basis: list[tuple[int, list[Fraction]]] = []  # reduced row echelon form of [a | -b]
    for r in rows:
        w = [Fraction(x) for x in r[1:]] + [-Fraction(r[0])]
        for c, v in basis:
            if w[c] != 0:
                f = w[c]
                w = [x - f * y for x, y in zip(w, v)]
        new = next((c for c in range(dim) if w[c] != 0), None)
        if new is None:
            continue
        piv = w[new]
        w = [x / piv for x in w]
        basis = [(c, [x - v[new] * y for x, y in zip(v, w)] if v[new] != 0 else v) for c, v in basis]
        basis.append((new, w))
        if len(basis) == dim:
            break
    x = [Fraction(0)] * dim
    for col, v in basis:
        x[col] = v[dim]
    return tuple(math.floor(q) for q in x)


def prefix_dims(pts: Sequence[Point], rays: Sequence[Point]) -> list[int]:
    """``dims[m - 1]``: the dimension of ``conv(pts[:m]) + cone(rays)``, for every ``m``."""
    span = Span()
    for r in rays:
        span.add(r)
    dims = []
    for p in pts:
        span.add([a - b for a, b in zip(p, pts[0])])
        dims.append(len(span))
    return dims


def seed_order(points: Sequence[Point], rays: Sequence[Point], idx: list[int]) -> list[int]:
    """Maximisers of a fixed, seeded family of small integer directions bounded above on the
    rays (ties broken lexicographically), in the order found, without repeats."""
    d = len(points[idx[0]])
    rng = random.Random(0)  # local and seeded: the result does not depend on it
    dirs = [tuple(s if j == i else 0 for j in range(d)) for i in range(d) for s in (1, -1)]
    dirs += [tuple(rng.randint(-3, 3) for _ in range(d)) for _ in range(4 * d)]
    dirs = [c for c in dirs if all(sum(a * b for a, b in zip(c, r)) <= 0 for r in rays)]
    order: list[int] = []
    for c in dirs:
        best = max(idx, key=lambda i: (sum(a * b for a, b in zip(c, points[i])), points[i]))
        if best not in order:
            order.append(best)
    return order


def row_values(rows: Sequence[Sequence[Exact]], P: Sequence[Sequence[Exact]]) -> np.ndarray:
    """``b + a . p`` for every point (rows) and row (columns), exactly: numpy ``int64`` when
    all entries are integers and ``max|row entry| * (1 + dim * max|p|)`` rules out overflow,
    Python numbers (ints, Fractions) otherwise."""
    if not rows or not P:
        return np.zeros((len(P), len(rows)), dtype=np.int64)
    ints = [int(x) for r in rows for x in r if type(x) is int]
    points = [int(x) for p in P for x in p if type(x) is int]
    small = len(ints) == sum(len(r) for r in rows) and len(points) == sum(len(p) for p in P)
    if small:
        top_row = max(abs(x) for x in ints)
        top_point = max(abs(x) for x in points)
        small = top_row * (1 + len(P[0]) * top_point) < 2**62
    dtype: type = np.int64 if small else object
    R: np.ndarray = np.array([list(r) for r in rows], dtype=dtype)
    X: np.ndarray = np.array([[1, *p] for p in P], dtype=dtype)
    return X @ R.T


def tight_ranks(
    points: Sequence[Sequence[Exact]], equations: Sequence[Sequence[Exact]], inequalities: Sequence[Sequence[Exact]]
) -> list[int | None]:
    """For each point, ``None`` if it violates a row (``b + a . x == 0`` for the equations,
    ``>= 0`` for the inequalities), else the rank of the normals ``a`` of the rows tight at
    it.  With a complete facet list of a polyhedron, a point of it is a vertex exactly when
    that rank is the dimension of the space."""
    rows = [*equations, *inequalities]
    V = row_values(rows, points)
    n_eq = len(equations)
    out: list[int | None] = []
    for k in range(len(points)):
        values = V[k].tolist()
        if any(v != 0 for v in values[:n_eq]) or any(v < 0 for v in values[n_eq:]):
            out.append(None)
        else:
            out.append(exact_rank([rows[c][1:] for c, v in enumerate(values) if v == 0]))
    return out


def _cross(o: Sequence[int], a: Sequence[int], b: Sequence[int]) -> int:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def vertices_2d(points: Sequence[Sequence[int]], rays: Sequence[Sequence[int]]) -> list[int]:
    """Vertices of ``conv(points) + cone(rays)`` in the plane (distinct integer points, at
    most one ray) by Andrew's monotone chain in exact integers, with no LP.

    With a ray ``r = (a, b)`` the coordinates ``(b x - a y, -a x - b y)`` (an invertible
    integer map sending ``r`` to ``(0, -(a^2 + b^2))``) turn the cone into "downwards": the
    vertices are then the strictly convex upper chain of the highest point above each ``x``.
    """
    if rays:
        a, b = rays[0]
        pts = [(b * x - a * y, -a * x - b * y) for x, y in points]
        top: dict[int, int] = {}
        for k, (x, y) in enumerate(pts):
            if x not in top or y > pts[top[x]][1]:
                top[x] = k
        chain: list[int] = []
        for k in sorted(top.values(), key=lambda k: pts[k]):
            while len(chain) >= 2 and _cross(pts[chain[-2]], pts[chain[-1]], pts[k]) >= 0:
                chain.pop()
            chain.append(k)
        return sorted(chain)
    order = sorted(range(len(points)), key=lambda k: tuple(points[k]))
    hull: list[int] = []
    for seq in (order, order[::-1]):  # lower chain, then upper chain
        part: list[int] = []
        for k in seq:
            while len(part) >= 2 and _cross(points[part[-2]], points[part[-1]], points[k]) <= 0:
                part.pop()
            part.append(k)
        hull += part[:-1]
    return sorted(set(hull))
