"""The convex hull of a union of zonotopes, exactly, without a general hull computation.

This is the decision-boundary polytope of Theorem 2, ``ConvHull(Z_G1, Z_G2)``.

Method.  Let ``Z_1`` and ``Z_2`` be zonotopes in ``R^n`` (``n >= 2``) whose generators
together span ``R^n``, and take the *joint* central arrangement of all their generator
directions; its rays are the lines cut out by ``n - 1`` independent hyperplanes, with
either orientation.  Then

    vert P = union over the rays u of vert P^u,      P = conv(Z_1 ∪ Z_2),

where ``P^u`` is the face of ``P`` on which ``u`` is maximal: ``F_a(u)``, the face of
``Z_a``, when ``h_a(u) > h_b(u)`` (``h`` the support functions), and
``conv(F_1(u) ∪ F_2(u))`` when they tie.  A vertex of a face is a vertex, so ``⊇`` holds.
For ``⊆``, let ``v`` be a vertex of ``P``, say of ``Z_a``: the directions that ``P``
maximises at ``v`` alone form a nonempty open set, which meets an open region ``C`` of the
joint arrangement.  On ``C`` the two zonotopes have fixed maximisers, ``v`` and ``w``.  If
``w = v``, every extreme ray of ``C`` lies in the normal cone of ``v`` in ``P``.  Otherwise
``c . (v - w)`` is linear on ``C`` and positive somewhere, so it is positive at an extreme
ray ``u`` of ``C`` (the arrangement is essential: ``C``'s closure is a pointed cone spanned
by its extreme rays), where ``u . v = h_a(u) > u . w = h_b(u)``.  Either way ``v`` lies in
``P^u`` for a ray ``u`` and is a vertex of it.  (With three zonotopes the second step breaks:
different rivals can win at different rays of ``C``.  So the function takes one or two.)

In practice the test is vectorised: all ``C(m, n-1)`` lines at once (``m`` distinct joint
directions), support functions by one integer matrix product, and for a ray where exactly
``n - 1`` joint directions vanish (the generic case) the winner's face is a parallelepiped
whose ``2^j`` corners are all its vertices.  Degenerate rays use :meth:`Zonotope.face`,
and ties the hull of the two tied faces, by the same method in their common hyperplane.
Integer arithmetic only (numpy ``int64`` under Hadamard's bound, Python ints otherwise).

When the generators do not span ``R^n``: if the shifts differ by a vector outside their
span, the zonotopes lie in distinct parallel affine subspaces, each is a face of the hull,
and the vertices are both vertex sets; otherwise both lie in the affine hull
``s_1 + span(generators)`` of dimension ``k < n``, which projects one to one onto ``k``
pivot coordinates: the hull is computed there and the other coordinates, affine functions
of those on the affine hull, are filled in exactly.  No general hull is computed.

Examples
--------
>>> from tropgeo.zonotope import zonotope
>>> square = zonotope([[2, 0], [0, 2]])
>>> diamond = zonotope([[1, 1], [1, -1]], shift=[0, 1])        # corners (0,1) (1,0) (1,2) (2,1)
>>> convex_hull_of_zonotopes(square, diamond).vertices
((0, 0), (0, 2), (2, 0), (2, 2))
>>> convex_hull_of_zonotopes(square, zonotope([[1, 1], [1, -1]], shift=[1, 2])).vertices
((0, 0), (0, 2), (2, 0), (2, 3), (3, 2))
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np

from tropgeo._arrangement import INT64_SAFE, normals, rank_and_pivots
from tropgeo._zonotope_construction import primitive_direction
from tropgeo.errors import InvalidInputError, SizeLimitError
from tropgeo.numbers import Exact, as_int, canonical as _canon
from tropgeo.polytope import DEFAULT_MAX_HULL_WORK, Polytope, _from_vertices
from tropgeo.zonotope import Zonotope, zonotope

__all__ = ["convex_hull_of_zonotopes", "DEFAULT_MAX_LINES"]

DEFAULT_MAX_LINES = 5 * 10**6
_CHUNK = 20000
_MERGE_ROWS = 1 << 20

Point = tuple[Exact, ...]


def _primitive_rows(U: np.ndarray) -> np.ndarray:
    """Rows divided by their gcd, sign-normalised (first nonzero entry positive)."""
    if U.dtype == object:
        out = []
        for row in U.tolist():
            g = 0
            for x in row:
                g = math.gcd(g, int(x))
            row = [int(x) // g for x in row] if g > 1 else [int(x) for x in row]
            first = next((x for x in row if x), 0)
            out.append([-x for x in row] if first < 0 else row)
        return np.array(out, dtype=object).reshape(U.shape)
    g = np.gcd.reduce(U, axis=1)
    g[g == 0] = 1
    V = U // g[:, None]
    first = V[np.arange(V.shape[0]), np.argmax(V != 0, axis=1)]
    V[first < 0] *= -1
    return V


def _sign(x: np.ndarray) -> np.ndarray:
    return (x > 0).astype(np.int8) - (x < 0).astype(np.int8)


def convex_hull_of_zonotopes(
    *zonotopes: Zonotope, max_lines: int = DEFAULT_MAX_LINES, max_work: int | None = DEFAULT_MAX_HULL_WORK
) -> Polytope:
    """``conv(Z_1 ∪ Z_2)`` (or ``Z_1`` itself as a polytope), exact, by the rays of the
    joint arrangement.

    When the generators do not span ``R^n`` the computation runs in the affine hull of the
    two (on coordinates where it projects one to one) and is lifted back exactly; when the
    two lie in distinct parallel translates of their generators' span, each is a face and
    the answer is both vertex sets.

    Parameters
    ----------
    *zonotopes : Zonotope
        One or two zonotopes in the same ``R^n``.
    max_lines : int
        Refuse (before any work) when the joint arrangement may have more than this many
        lines, ``C(m, k - 1)`` for ``m`` distinct generator directions spanning ``R^k``.
    max_work : int or None
        Refuse (before any work) when the candidate vertices may hold more than this many
        integer entries: ``2 x 2^(k-1)`` parallelepiped corners of ``k`` entries per line
        (the memory and time of the method); ``None`` lifts the limit.  The default is
        :data:`tropgeo.polytope.DEFAULT_MAX_HULL_WORK`, as for ``convex_hull``.

    Returns
    -------
    Polytope
        Equal (``==``) to ``convex_hull`` of all the zonotopes' vertices.

    Raises
    ------
    InvalidInputError
        For no or more than two zonotopes, something that is not a :class:`Zonotope`, mixed
        dimensions, or a limit that is not a positive int.
    SizeLimitError
        When the line count exceeds ``max_lines`` or the work estimate ``max_work`` (the
        message gives the estimate).

    Examples
    --------
    >>> from tropgeo.zonotope import zonotope
    >>> z1 = zonotope([[1, 0, 0], [0, 1, 0], [0, 0, 1]])            # unit cube
    >>> z2 = zonotope([[1, 1, 1]], shift=[-1, -1, -1])       # segment from (-1,-1,-1) to (0,0,0)
    >>> P = convex_hull_of_zonotopes(z1, z2)
    >>> P.n_vertices, (-1, -1, -1) in P.vertices, (0, 0, 0) in P.vertices
    (8, True, False)
    >>> flat = convex_hull_of_zonotopes(zonotope([[1, 0, 0]]), zonotope([[0, 1, 0]], shift=[0, 0, 0]))
    >>> flat.vertices                                         # a triangle in the plane x3 = 0
    ((0, 0, 0), (0, 1, 0), (1, 0, 0))
    >>> convex_hull_of_zonotopes(z1, z2, max_work=100)
    Traceback (most recent call last):
    ...
    tropgeo.errors.SizeLimitError: the joint arrangement of 4 generator directions in R^3 has up to 6 lines, each with up to 2 x 2^2 candidate vertices: about 144 integer entries, more than max_work=100; pass max_work=... (or None) to go on
    """
    if not 1 <= len(zonotopes) <= 2:
        raise InvalidInputError(
            f"convex_hull_of_zonotopes takes one or two zonotopes, got {len(zonotopes)} "
            "(for more, use convex_hull of their vertices)"
        )
    for k, z in enumerate(zonotopes):
        if not isinstance(z, Zonotope):
            raise InvalidInputError(f"zonotopes[{k}] must be a Zonotope, got {type(z).__name__}")
    n = zonotopes[0].ambient_dim
    for k, z in enumerate(zonotopes):
        if z.ambient_dim != n:
            raise InvalidInputError(f"zonotopes[{k}] lives in R^{z.ambient_dim}, zonotopes[0] in R^{n}")
    limits = (as_int(max_lines, name="max_lines", minimum=1),
              None if max_work is None else as_int(max_work, name="max_work", minimum=1))
    if len(zonotopes) == 1:
        return _from_vertices(zonotopes[0].vertices)
    return _from_vertices(tuple(sorted(_hull(zonotopes[0], zonotopes[1], limits))))


def _hull(z1: Zonotope, z2: Zonotope, limits: tuple[int, int | None]) -> set[Point]:
    """The vertices of ``conv(Z_1 ∪ Z_2)``, in the affine hull of the two when it is smaller
    than ``R^n``."""
    n = z1.ambient_dim
    if z1.generators == z2.generators:
        # Z_2 = Z_1 + t (canonical generators): the hull is Z_1 + [0, t], a zonotope.  Without
        # this every ray ties, and each tie was a hull a dimension down (50 s for two equal
        # zonotopes of 200 generators in R^3).
        t = [Fraction(b) - a for a, b in zip(z1.shift, z2.shift)]
        extra = [t] if any(t) else []
        return set(zonotope([*z1.generators, *extra], shift=z1.shift, ambient_dim=n).vertices)
    dirs = sorted({d for z in (z1, z2) for d in z.__dict__["_directions"]})
    r, pivots = rank_and_pivots(dirs, n) if dirs else (0, ())
    if r == n >= 2:
        _check_work(len(dirs), n, *limits)
        return _hull_vertices((z1, z2), dirs, n, limits)
    diff = [Fraction(b) - a for a, b in zip(z1.shift, z2.shift)]
    if any(diff) and rank_and_pivots([*dirs, primitive_direction(diff)], n)[0] > r:
        # In distinct parallel translates of the span: a linear function vanishing on the
        # generators separates them, so each zonotope is a face of the hull.
        return set(z1.vertices) | set(z2.vertices)
    if r <= 1:
        points = z1.vertices + z2.vertices  # on one line: at most four points
        j = pivots[0] if pivots else 0
        return {min(points, key=lambda p: p[j]), max(points, key=lambda p: p[j])}
    lift = _Lift(dirs, pivots, z1.shift)
    low = _hull(lift.project(z1), lift.project(z2), limits)
    return {lift(y) for y in low}


class _Lift:
    """The affine hull ``s + span(D)`` (``D`` of rank ``r`` on the columns ``pivots``) read in
    the pivot coordinates, and back: the other coordinates are affine in them."""

    def __init__(self, dirs: list[tuple[int, ...]], pivots: tuple[int, ...], s: Point) -> None:
        n, r = len(s), len(pivots)
        basis: list[tuple[int, ...]] = []
        for d in dirs:  # greedy: r independent directions
            if rank_and_pivots([*basis, d], n)[0] > len(basis):
                basis.append(d)
            if len(basis) == r:
                break
        self.pivots, self.s = pivots, s
        # coeffs[j] = a with t_j = sum_k a_k t_{pivots[k]} for t in the span: with t = lam B,
        # t_pivots = lam B_piv, so t_j = lam B[:, j] = t_pivots B_piv^-1 B[:, j], and B_piv a = B[:, j]
        Bp = [[Fraction(b[p]) for p in pivots] for b in basis]  # rows: the basis on the pivots
        self.coeffs = {j: _solve(Bp, [Fraction(b[j]) for b in basis]) for j in range(n) if j not in pivots}

    def project(self, z: Zonotope) -> Zonotope:
        return Zonotope(generators=tuple(tuple(g[p] for p in self.pivots) for g in z.generators),
                        shift=tuple(z.shift[p] for p in self.pivots))

    def __call__(self, y: Point) -> Point:
        t = [Fraction(a) - self.s[p] for a, p in zip(y, self.pivots)]
        x = list(self.s)
        for k, p in enumerate(self.pivots):
            x[p] = y[k]
        for j, a in self.coeffs.items():
            x[j] = _canon(self.s[j] + sum((c * v for c, v in zip(a, t)), Fraction(0)))
        return tuple(x)


def _solve(A: list[list[Fraction]], b: list[Fraction]) -> list[Fraction]:
    """``x`` with ``A x = b`` for an invertible square ``A`` (Gauss-Jordan, exact)."""
    r = len(A)
    M = [row[:] + [v] for row, v in zip(A, b)]
    for c in range(r):
        p = next(i for i in range(c, r) if M[i][c] != 0)
        M[c], M[p] = M[p], M[c]
        piv = M[c][c]
        M[c] = [x / piv for x in M[c]]
        for i in range(r):
            if i != c and M[i][c] != 0:
                f = M[i][c]
                M[i] = [x - f * y for x, y in zip(M[i], M[c])]
    return [M[i][r] for i in range(r)]


def _work(m: int, n: int) -> int:
    """Candidate corner entries for ``m`` directions spanning ``R^n``: ``2 C(m, n-1) 2^(n-1) n``."""
    return math.comb(m, n - 1) * 2 * 2 ** (n - 1) * n


def _tie_work(f1: Zonotope, f2: Zonotope) -> int:
    """The work estimate of the hull of two tied faces (0 when one is a translate of the
    other: that hull is a zonotope)."""
    if f1.generators == f2.generators:
        return 0
    dirs = sorted({d for z in (f1, f2) for d in z.__dict__["_directions"]})
    r = rank_and_pivots(dirs, f1.ambient_dim)[0] if dirs else 0
    return _work(len(dirs), r) if r >= 2 else 0


def _check_work(m: int, n: int, max_lines: int, max_work: int | None) -> None:
    n_lines = math.comb(m, n - 1)
    if n_lines > max_lines:
        raise SizeLimitError(
            f"the joint arrangement of {m} generator directions in R^{n} may have up to "
            f"{n_lines} lines, more than max_lines={max_lines}; pass max_lines=... to raise the limit"
        )
    work = n_lines * 2 * 2 ** (n - 1) * n
    if max_work is not None and work > max_work:
        raise SizeLimitError(
            f"the joint arrangement of {m} generator directions in R^{n} has up to {n_lines} lines, "
            f"each with up to 2 x 2^{n - 1} candidate vertices: about {work} integer entries, more "
            f"than max_work={max_work}; pass max_work=... (or None) to go on"
        )


def _integer_data(zonotopes: tuple[Zonotope, ...]) -> tuple[int, list[list[list[int]]], list[list[int]]]:
    den = 1
    for z in zonotopes:
        for x in (*z.shift, *(x for g in z.generators for x in g)):
            if isinstance(x, Fraction):
                den = math.lcm(den, x.denominator)
    gens = [[[int(x * den) for x in g] for g in z.generators] for z in zonotopes]
    shifts = [[int(x * den) for x in z.shift] for z in zonotopes]
    return den, gens, shifts


def _hull_vertices(
    zonotopes: tuple[Zonotope, ...], dirs: list[tuple[int, ...]], n: int, limits: tuple[int, int | None]
) -> set[Point]:
    den, gens, shifts = _integer_data(zonotopes)
    m = len(dirs)
    N = max(sum(abs(x) for x in d) for d in dirs)
    ddtype: type = np.int64 if N**n < INT64_SAFE else object
    D: np.ndarray = np.array(dirs, dtype=ddtype).reshape(m, n)
    # Bound on |u . x| for u a line direction (entries <= N^(n-1)) and x a vertex.
    vmax = max(sum(abs(s) for s in sh) + sum(abs(x) for g in G for x in g) for G, sh in zip(gens, shifts))
    sdtype: type = np.int64 if (n * N ** (n - 1)) * (vmax + 1) < INT64_SAFE else object
    Gs: list[np.ndarray] = [np.array(G, dtype=sdtype).reshape(len(G), n) for G in gens]
    Ss: list[np.ndarray] = [np.array(sh, dtype=sdtype) for sh in shifts]
    k = len(zonotopes)
    found: set[tuple[int, ...]] = set()
    blocks: list[np.ndarray] = []  # generic corners, deduplicated in numpy at the end
    pending = 0  # rows in blocks: merged into distinct rows past _MERGE_ROWS (each vertex is found many times)
    degenerate: set[tuple[int, ...]] = set()
    ties: set[tuple[int, ...]] = set()
    j = n - 1
    corners: np.ndarray = np.array(list(itertools.product((0, 1), repeat=j)), dtype=sdtype).reshape(2**j, j)
    combos = itertools.combinations(range(m), j)
    while True:
        batch = list(itertools.islice(combos, _CHUNK))
        if not batch:
            break
        idx = np.array(batch, dtype=np.intp).reshape(len(batch), j)
        U = normals(D[idx], n)
        U = _primitive_rows(U[(U != 0).any(axis=1)])
        if U.shape[0] == 0:
            continue
        Uj: np.ndarray = U.astype(sdtype)
        n_zero = ((U @ D.T) == 0).sum(axis=1)
        generic = n_zero == j
        for sign in (1, -1):
            V = sign * Uj
            P = [V @ G.T if G.shape[0] else np.zeros((V.shape[0], 0), dtype=sdtype) for G in Gs]
            H = np.stack([(V @ s) + np.where(p > 0, p, 0).sum(axis=1) for p, s in zip(P, Ss)], axis=1)
            best = H.max(axis=1)
            winners = (H == best[:, None])
            unique_win = winners.sum(axis=1) == 1
            a_of = np.argmax(winners, axis=1)
            for row in np.nonzero(~unique_win)[0].tolist():
                ties.add(tuple(int(x) for x in V[row].tolist()))
            for a in range(k):
                rows = np.nonzero(unique_win & (a_of == a) & generic)[0]
                if rows.size and Gs[a].shape[0]:
                    blocks.append(_parallelepiped_corners(P[a][rows], Gs[a], Ss[a], corners, j))
                    pending += blocks[-1].shape[0]
                elif rows.size:
                    found.add(tuple(int(x) for x in Ss[a].tolist()))
                for row in np.nonzero(unique_win & (a_of == a) & ~generic)[0].tolist():
                    degenerate.add((a, *(int(x) for x in V[row].tolist())))
        if pending > _MERGE_ROWS and sdtype is not object:
            blocks = [np.unique(np.concatenate(blocks, axis=0), axis=0)]
            pending = blocks[0].shape[0]
    if blocks:
        found.update(_distinct_rows(np.concatenate(blocks, axis=0)))
    for key in degenerate:
        a, u = key[0], key[1:]
        for v in zonotopes[a].face(u).vertices:
            found.add(tuple(int(x * den) for x in v))
    faces: set[tuple[Zonotope, Zonotope]] = {(zonotopes[0].face(u), zonotopes[1].face(u)) for u in ties}
    max_work = limits[1]
    if max_work is not None and faces:
        # the tied faces' hulls count too: refuse before running them
        tie_work = sum(_tie_work(f1, f2) for f1, f2 in faces)
        total = _work(m, n) + tie_work
        if total > max_work:
            raise SizeLimitError(
                f"the joint arrangement of {m} generator directions in R^{n} has {len(faces)} tied faces "
                f"whose hulls need about {tie_work} more integer entries: about {total} in all, more "
                f"than max_work={max_work}; pass max_work=... (or None) to go on"
            )
    for f1, f2 in faces:  # both in the hyperplane u . x = h(u): the same method, a dimension down
        for v in _hull(f1, f2, limits):
            found.add(tuple(int(x * den) for x in v))
    if den == 1:
        return set(found)  # Python ints already (tolist, int()); a copy typed as Points
    return {tuple(_canon(Fraction(x, den)) for x in v) for v in found}


def _distinct_rows(X: np.ndarray) -> list[tuple[int, ...]]:
    """The distinct rows of an integer matrix, as tuples: packed into one int64 key per row
    (mixed radix) and deduplicated by a 1-D sort when the keys fit, else by a set."""
    if X.dtype != object and X.shape[0]:
        lo = X.min(axis=0)
        span = [int(x) + 1 for x in X.max(axis=0) - lo]
        if math.prod(span) < INT64_SAFE:
            radix = np.array([math.prod(span[i + 1:]) for i in range(len(span))], dtype=np.int64)
            keys = np.unique((X - lo) @ radix)
            digits = (keys[:, None] // radix) % np.array(span, dtype=np.int64)
            return list(map(tuple, (digits + lo).tolist()))
    return list({tuple(row) for row in X.tolist()})


def _parallelepiped_corners(
    P: np.ndarray, G: np.ndarray, s: np.ndarray, corners: np.ndarray, j: int
) -> np.ndarray:
    """Vertices of the faces ``s + sum_{g.u>0} g + sum_{g.u=0} [0, g]`` for rays with at most
    ``j`` independent generators orthogonal (rows of ``P = U G^T``), one per row, with
    repetitions."""
    K, L = P.shape
    base = (P > 0).astype(G.dtype) @ G + s
    zero = P == 0
    # Indices of the orthogonal generators, padded with zero generators (indices >= L) to j.
    Gz = np.concatenate([G, np.zeros((j, G.shape[1]), dtype=G.dtype)], axis=0)
    if (zero.sum(axis=1) == j).all():  # the usual case: no padding, row-major nonzero
        picked = np.nonzero(zero)[1].reshape(K, j)
    else:
        zero_ext = np.concatenate([zero, np.ones((K, j), dtype=bool)], axis=1)
        picked = np.argsort(~zero_ext, axis=1, kind="stable")[:, :j]
    faces = Gz[picked]  # K x j x n
    V = base[:, None, :] + np.einsum("cj,kjn->kcn", corners, faces)
    return V.reshape(-1, V.shape[2])
