"""Theorem 2 by support functions: an exact certificate for high input dimension.

Where vertex enumeration is out of reach (64 inputs and more), Theorem 2 for a class pair
``(i, j)`` can still be tested exactly through support functions.  For a polytope ``P``
and a direction ``u``, ``h_P(u) = max_{y in P} u . y``.  Two facts make this cheap:

* For the lifted Newton polytope of ``R = R_ij = H_i ⊙ Q_j ⊕ H_j ⊙ Q_i`` (the points
  ``(exponent, coefficient)`` of its terms), ``h((x, 1)) = R(x)`` and ``h((x, 0))`` is the
  recession value of ``R`` at ``x`` (``R`` without biases), the support function of the
  Newton polytope ``Δ(R)``.  From the network: ``R = max(f_i, f_j) + Q_i + Q_j`` with the
  exact forward pass ``f`` and the closed form
  ``Q_i(x) = sum_l B+(i,l) A-(l,:) x + sum_l B-(i,l) max(A+(l,:) x + c1_l, A-(l,:) x)``
  of :mod:`tropgeo.decomposition` (no polynomial is expanded).
* For a zonotope ``Z = shift + sum_g [0, g]``, ``h_Z(u) = shift . u + sum_g max(g . u, 0)``,
  and the support function of a convex hull is the maximum of the support functions.  The
  zonotopes are those of :func:`tropgeo.theorem2.lifted_zonotopes`, in their canonical
  form (merged, re-oriented generators and the adjusted shift).

Theorem 2 (lifted form, the one :func:`tropgeo.verify_theorem2` checks) says that the
upper hull of ``ConvHull(lifted Z_G1, lifted Z_G2)`` is the lifted Newton polytope of the
reduced ``R``; support functions at directions ``(x, t)`` with ``t >= 0`` see exactly the
upper hull (and, at ``t = 0``, the Newton polytope ``ConvHull(Z_G1, Z_G2)``), so at every
such direction the two sides must agree.  (At ``t < 0`` they need not: the hull of the
lifted zonotopes has points below the upper hull that the reduced ``R`` does not have.)
The proof gives more, and that is checked too: each lifted zonotope is the lifted Newton
polytope of its half, ``h_{Z1}((x, 1)) = H_i(x) + Q_j(x)`` and
``h_{Z2}((x, 1)) = H_j(x) + Q_i(x)``.

Agreement at finitely many directions is not equality of polytopes: the certificate says
that the two support functions agree at the ``2N`` exact directions ``(x, 1)`` and
``(x, 0)`` for the ``N`` points given (typically the data set); any disagreement would
falsify Theorem 2, or the code, for this network.  Part 1 is checked where it is cheap:
at exact points of the decision boundary between two given points with opposite signs of
``f_i - f_j`` (found on the segment between them, as :mod:`tropgeo.boundary` does),
``f_i = f_j``, ``f_c = H_c - Q_c`` for both classes, and ``R`` attains its maximum at two
or more terms (``x`` is in ``T(R)``), decided from the argmax sets of the binomial factors
of the two halves (the argmax of a product is the Minkowski sum of the factors' argmaxes).

Arithmetic is exact and in integers throughout.  Rational points and rational biases are
handled by positive homogeneity: a point ``x = p / d`` is used as the integer direction
``D d (x, 1) = (D p, D d)``, where ``D`` clears the denominators of the biases, and every
value is compared at that same scale.  Matrix products run in numpy ``int64`` when a bound
computed from the operands (``n max|M| max|X| < 2^62``) proves that nothing overflows;
otherwise the operands are split into ``int64`` limbs whose partial products obey the same
bound, and the partial products are combined as Python integers (object arrays).  No float
enters this path.

Examples
--------
>>> from fractions import Fraction
>>> from tropgeo.network import ReLUNetwork
>>> net = ReLUNetwork([[1, -1], [2, 1]], [[1, -2], [-1, 1]], c1=[0, 1], c2=[Fraction(1, 2), 0])
>>> points = [(0, 0), (3, -1), (-3, -3), (Fraction(1, 3), 2), (-4, 1)]
>>> report = support_certificate(net, points, boundary_points=2)
>>> report.holds, report.n_points, [(p.i, p.j, p.n_directions, p.n_agree) for p in report.pairs]
(True, 5, [(0, 1, 10, 10)])
>>> report.pairs[0].boundary_points           # exact points of the decision boundary, in T(R)
((Fraction(-29, 72), Fraction(-1, 36)), (Fraction(45, 34), Fraction(-53, 34)))
"""

from __future__ import annotations

import math
import random
import textwrap
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from tropgeo._arrangement import INT64_SAFE
from tropgeo.errors import CheckFailedError, InexactInputError, InvalidInputError, SizeLimitError
from tropgeo.network import ReLUNetwork
from tropgeo.numbers import Exact, as_exact, as_int
from tropgeo.theorem2 import lifted_zonotopes
from tropgeo.zonotope import Zonotope

__all__ = [
    "SupportPairReport",
    "SupportReport",
    "SupportValues",
    "support_certificate",
    "support_values",
    "support_work_estimate",
    "DEFAULT_MAX_WORK",
]

# About ten times the MNIST-shaped benchmark (784 inputs, 64 hidden units, 10 classes,
# 10^4 points, all 45 pairs: about 2.4e9), which runs in well under a minute
# (docs/support.md); beyond this the run takes many minutes.
DEFAULT_MAX_WORK = 2 * 10**10

_CHUNK = 2048  # points per batch: bounds the memory of the object arrays
_FORCE_OBJECT = False  # tests set this to run every product and sum on Python ints

Point = tuple[Exact, ...]


def _canon(q: Fraction) -> Exact:
    return int(q.numerator) if q.denominator == 1 else q


# --- exact integer arrays ------------------------------------------------------------
#
# Arrays are numpy int64 (every entry proven to be below INT64_SAFE = 2^62 in absolute
# value) or object arrays of Python ints.  Every operation bounds its result from the
# operands before choosing int64.


def _maxabs(a: np.ndarray) -> int:
    if a.size == 0:
        return 0
    if a.dtype == object:
        return max(abs(v) for v in a.flat)
    return max(int(a.max()), -int(a.min()))


def _obj(a: np.ndarray) -> np.ndarray:
    return a if a.dtype == object else a.astype(object)


def _fit(a: np.ndarray) -> np.ndarray:
    """An integer or object array as int64 when every entry is below 2^62 in absolute value,
    else as an object array of Python ints."""
    if a.dtype.kind in "iu" and (a.size == 0 or (int(a.max()) < INT64_SAFE and int(a.min()) > -INT64_SAFE)):
        return a.astype(object) if _FORCE_OBJECT else a.astype(np.int64)
    ints = np.empty(a.shape, dtype=object)
    if ints.size:
        ints.flat[:] = [int(v) for v in a.flat]
    if not _FORCE_OBJECT and _maxabs(ints) < INT64_SAFE:
        return ints.astype(np.int64)
    return ints


def _from_rows(rows: Sequence[Any], shape: tuple[int, ...]) -> np.ndarray:
    a = np.empty(shape, dtype=object)
    if a.size:
        a[...] = [list(r) for r in rows] if len(shape) == 2 else list(rows)
    return _fit(a)


def _lin(*terms: tuple[int, np.ndarray]) -> np.ndarray:
    """``sum c * a`` over ``(c, a)`` (arrays of one shape)."""
    if not _FORCE_OBJECT and all(a.dtype != object for _, a in terms):
        bound = sum(abs(c) * _maxabs(a) for c, a in terms)
        if bound < INT64_SAFE and all(abs(c) < INT64_SAFE for c, _ in terms):
            out = np.zeros(terms[0][1].shape, dtype=np.int64)
            for c, a in terms:
                out += a if c == 1 else (-a if c == -1 else np.int64(c) * a)
            return out
    acc = np.zeros(terms[0][1].shape, dtype=object)
    for c, a in terms:
        acc = acc + (_obj(a) if c == 1 else (-_obj(a) if c == -1 else c * _obj(a)))
    return acc


def _max(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.dtype != b.dtype:
        a, b = _obj(a), _obj(b)
    return np.maximum(a, b)


def _eq(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.dtype != b.dtype:
        a, b = _obj(a), _obj(b)
    return np.asarray(a == b, dtype=bool)


def _hcat(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.dtype != b.dtype:
        a, b = _obj(a), _obj(b)
    return np.concatenate([a, b], axis=-1)


def _vcat(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.dtype != b.dtype:
        a, b = _obj(a), _obj(b)
    return np.concatenate([a, b], axis=0)


def _outer(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    if not _FORCE_OBJECT and u.dtype != object and v.dtype != object:
        if _maxabs(u) * _maxabs(v) < INT64_SAFE:
            return np.outer(u, v)
    return np.outer(_obj(u), _obj(v))


def _limbs(a: np.ndarray, width: int, count: int) -> list[np.ndarray]:
    """int64 arrays ``L_k`` with ``|L_k| < 2^width`` and ``a = sum_k L_k 2^(k width)``."""
    mask = (1 << width) - 1
    if a.dtype != object:
        sign, mag = np.sign(a), np.abs(a)
        return [np.ascontiguousarray(((mag >> np.int64(k * width)) & np.int64(mask)) * sign) for k in range(count)]
    vals = a.ravel().tolist()
    out = []
    for k in range(count):
        s = k * width
        limb = [(v >> s) & mask if v >= 0 else -((-v >> s) & mask) for v in vals]
        out.append(np.array(limb, dtype=np.int64).reshape(a.shape))
    return out


def _dot_t(X: np.ndarray, M: np.ndarray) -> np.ndarray:
    # int64 X @ M.T; einsum over the contiguous last axes is several times faster than
    # numpy's integer matmul on a transposed operand
    return np.einsum("kj,ij->ki", X, M)


def _mm(X: np.ndarray, M: np.ndarray, cache: dict[Any, Any] | None = None) -> np.ndarray:
    """Exact ``X @ M.T`` of integer arrays (int64 or Python ints), ``X`` of shape
    ``(rows, n)`` and ``M`` of shape ``(r, n)``: one row per direction, one column per row of
    ``M``.  ``cache`` keeps the bound and the limbs of a fixed ``M`` from one batch of
    directions to the next."""
    C, n = X.shape
    r = M.shape[0]
    if r == 0 or C == 0 or n == 0:
        return np.zeros((C, r), dtype=np.int64)
    if _FORCE_OBJECT:
        return _obj(X) @ _obj(M).T
    if cache is None:
        cache = {}
    bm = cache.get((id(M), "bound"))
    if bm is None:
        bm = cache[(id(M), "bound")] = _maxabs(M)
    bx = _maxabs(X)
    if bm == 0 or bx == 0:
        return np.zeros((C, r), dtype=np.int64)
    if n * bm * bx < INT64_SAFE:
        return _dot_t(np.ascontiguousarray(X, dtype=np.int64), np.ascontiguousarray(M, dtype=np.int64))
    # Limbs of widths wm, wx with wm + wx <= budget keep every partial product below
    # n (2^wm - 1)(2^wx - 1) < 2^62.
    budget = (INT64_SAFE // n).bit_length() - 1
    lm, lx = bm.bit_length(), bx.bit_length()
    best: tuple[int, int, int, int, int] | None = None
    for wx in range(1, budget):
        wm = budget - wx
        km, kx = -(-lm // wm), -(-lx // wx)
        cost = km * kx * r * C + km * r * n + kx * n * C
        if best is None or cost < best[0]:
            best = (cost, wm, wx, km, kx)
    assert best is not None
    _, wm, wx, km, kx = best
    # A product of Python ints costs about as much as 100 int64 multiply-adds; so does
    # combining the partial products.
    if km * kx * (n + 100) > 100 * n:
        return _obj(X) @ _obj(M).T
    Ml = cache.get((id(M), wm, km))
    if Ml is None:
        Ml = cache[(id(M), wm, km)] = _limbs(M, wm, km)
    Xl = _limbs(X, wx, kx)
    acc: np.ndarray | None = None
    for a, La in enumerate(Ml):
        for b, Lb in enumerate(Xl):
            part = _dot_t(Lb, La).astype(object)
            shift = a * wm + b * wx
            if shift:
                part = part << shift
            acc = part if acc is None else acc + part
    assert acc is not None
    return acc


# --- validation ------------------------------------------------------------------------


def _check_net(net: Any) -> ReLUNetwork:
    if not isinstance(net, ReLUNetwork):
        raise InvalidInputError(f"net must be a ReLUNetwork, got {type(net).__name__}")
    if not net.is_integral:
        raise InvalidInputError(
            "net must have integer weights A and B (Theorem 2 assumes A, B integral); "
            "use net.integerized().network, which has the same decision boundaries"
        )
    return net


def _check_pairs(pairs: Any, k: int) -> list[tuple[int, int]]:
    if pairs is None:
        return [(a, b) for a in range(k) for b in range(a + 1, k)]
    if isinstance(pairs, (str, bytes)):
        raise InvalidInputError(f"pairs={pairs!r} must be a sequence of pairs (i, j)")
    try:
        pair_list = [tuple(pr) for pr in pairs]
    except TypeError:
        raise InvalidInputError(f"pairs={pairs!r} must be a sequence of pairs (i, j)") from None
    if not pair_list:
        raise InvalidInputError("pairs is empty; give at least one pair (i, j), or None for every pair")
    out: list[tuple[int, int]] = []
    for pr in pair_list:
        if len(pr) != 2:
            raise InvalidInputError(f"pairs entry {pr!r} must be a pair (i, j)")
        a, b = pr
        for name, v in (("i", a), ("j", b)):
            if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)) or not 0 <= v < k:
                raise InvalidInputError(f"pairs entry {pr!r}: {name}={v!r} must be a class index in [0, {k})")
        if a == b:
            raise InvalidInputError(f"pairs entry {pr!r} has i = j")
        out.append((int(a), int(b)))
    return out


def _check_directions(directions: Any, n: int) -> np.ndarray:
    """``directions`` as a 2-D array of shape ``(N, n)``, ``N >= 1``, of an integer or object
    dtype (entries not yet checked one by one)."""
    if directions is None or isinstance(directions, (str, bytes)):
        raise InvalidInputError(f"directions={directions!r} must be a sequence of points or a 2-D integer array")
    if isinstance(directions, np.ndarray):
        arr = directions
    else:
        try:
            arr = np.asarray(directions)
        except (ValueError, TypeError):
            raise InvalidInputError(
                f"directions must be a rectangular 2-D array of exact numbers (N points x {n} inputs); "
                "its rows have different lengths"
            ) from None
    if arr.size == 0 and (arr.ndim < 2 or arr.shape[0] == 0):
        raise InvalidInputError("directions is empty; give at least one point (for instance the data)")
    if arr.ndim != 2:
        raise InvalidInputError(
            f"directions must be 2-D (one row per point, {n} columns), got an array of shape {arr.shape}"
        )
    if arr.shape[1] != n:
        raise InvalidInputError(f"directions has {arr.shape[1]} columns, the network has {n} inputs")
    kind = arr.dtype.kind
    if kind in "fc":
        raise InexactInputError(
            f"directions has float dtype {arr.dtype}; exact paths take int or Fraction "
            "(convert explicitly with tropgeo.rationalize, or give the integer data, e.g. uint8 pixels)"
        )
    if kind == "b":
        raise InexactInputError("directions has bool dtype; exact paths take int or Fraction")
    if kind not in "iuO":
        raise InexactInputError(f"directions has dtype {arr.dtype}; exact paths take int or Fraction")
    return arr


def _exact_directions(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(P, d)``: integer numerators ``P`` (N x n) and positive denominators ``d`` (N,) of
    the points of a checked array, the ``k``-th point being ``P[k] / d[k]``."""
    N, n = arr.shape
    if arr.dtype.kind in "iu":
        return _fit(arr), _fit(np.ones(N, dtype=np.int64))
    rows: list[list[Exact]] = []
    dens: list[int] = []
    for r, row in enumerate(arr.tolist()):
        vals: list[Exact] = []
        den = 1
        for c, v in enumerate(row):
            if type(v) is not int:
                v = as_exact(v, name=f"directions[{r}][{c}]")
                if isinstance(v, Fraction):
                    den = math.lcm(den, v.denominator)
            vals.append(v)
        rows.append([int(v * den) for v in vals] if den > 1 else vals)
        dens.append(den)
    return _from_rows(rows, (N, n)), _from_rows(dens, (N,))


def _check_max_work(max_work: Any) -> int | None:
    if max_work is None:
        return None
    return as_int(max_work, name="max_work", minimum=1)


def support_work_estimate(net: ReLUNetwork, n_points: int, n_pairs: int) -> int:
    """Estimated integer multiply-adds of :func:`support_certificate` (before limb splitting).

    ``N n (3p + 2P) + 2N p (5k + 2P) + 2P p (n + 1)`` for ``N`` points, ``n`` inputs, ``p``
    hidden units, ``k`` classes and ``P`` pairs: the products of the points with the
    first-layer weights, the distinct generator directions and the zonotopes' shifts, the
    second-layer products, and building the ``2P`` lifted zonotopes.

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1]])
    >>> support_work_estimate(net, 10, 1)      # 10*2*(6+2) + 2*10*2*(10+2) + 2*2*3
    652
    """
    _check_net(net)
    N = as_int(n_points, name="n_points", minimum=0)
    P = as_int(n_pairs, name="n_pairs", minimum=0)
    n, p, k = net.n_inputs, net.n_hidden, net.n_classes
    return N * n * (3 * p + 2 * P) + 2 * N * p * (5 * k + 2 * P) + 2 * P * p * (n + 1)


# --- the two sides ---------------------------------------------------------------------


@dataclass
class _Network:
    """The network's weights as integer arrays; biases scaled by ``D``."""

    A_pos: np.ndarray
    A_neg: np.ndarray
    AT: np.ndarray  # A transposed (n x p)
    B: np.ndarray
    BB: np.ndarray  # [[B-, B+], [B+, B-]]: (H - c2, Q) = BB @ [A- y; max(A+ y + c1, A- y)]
    c1: np.ndarray  # D c1
    c2: np.ndarray  # D c2
    D: int
    k: int
    cache: dict[Any, Any]


@dataclass
class _Zonotopes:
    """Canonical lifted zonotopes as integer data, generators factored through their
    distinct primitive directions: ``Dt h_Z(u) = S[z] . u' + sum_e Lam[z, e] max(E[e] . u', 0)``
    with ``u' = (D p, tau)`` for the direction ``D d (x, tau / d)``."""

    E_top: np.ndarray
    E_last: np.ndarray
    S_top: np.ndarray
    S_last: np.ndarray
    Lam: np.ndarray
    Dt: int
    cache: dict[Any, Any]


def _denominator(values: Sequence[Exact]) -> int:
    if Fraction not in set(map(type, values)):
        return 1
    d = 1
    for v in values:
        if isinstance(v, Fraction):
            d = math.lcm(d, v.denominator)
    return d


def _prepare(net: ReLUNetwork, zs: Sequence[Zonotope]) -> tuple[_Network, _Zonotopes]:
    n = net.n_inputs
    for z in zs:
        if z.ambient_dim != n + 1:
            raise CheckFailedError(f"a lifted zonotope lives in R^{z.ambient_dim}, expected R^{n + 1}")
    Dt = 1
    Dl = _denominator(net.c1 + net.c2)
    for z in zs:
        for g in (*z.generators, z.shift):
            Dt = math.lcm(Dt, _denominator(g[:-1]))
            Dl = math.lcm(Dl, _denominator(g[-1:]))
    D = Dl
    p, k = net.n_hidden, net.n_classes
    A = _from_rows(net.A, (p, n))
    B = _from_rows(net.B, (k, p))
    Bp = [[max(v, 0) for v in row] for row in net.B]
    Bn = [[max(-v, 0) for v in row] for row in net.B]
    BB = _from_rows([bn + bp for bn, bp in zip(Bn, Bp)] + [bp + bn for bn, bp in zip(Bn, Bp)], (2 * k, 2 * p))
    prep = _Network(
        A_pos=_from_rows([[max(v, 0) for v in row] for row in net.A], (p, n)),
        A_neg=_from_rows([[max(-v, 0) for v in row] for row in net.A], (p, n)),
        AT=_fit(A.T.copy()),
        B=B,
        BB=BB,
        c1=_from_rows([int(c * D) for c in net.c1], (p,)),
        c2=_from_rows([int(c * D) for c in net.c2], (k,)),
        D=D,
        k=k,
        cache={},
    )
    index: dict[tuple[int, ...], int] = {}
    lam: list[dict[int, int]] = []
    shifts: list[list[int]] = []

    def integer(v: tuple[Exact, ...]) -> list[int]:
        # Dt == 1 means that every top coordinate is an int already
        top: list[Any] = list(v[:-1]) if Dt == 1 else [int(x * Dt) for x in v[:-1]]
        return top + [int(v[-1] * Dt * D)]

    for z in zs:
        row: dict[int, int] = {}
        for g in z.generators:
            gi = integer(g)
            lam_g = math.gcd(*gi)
            if lam_g == 0:
                continue
            e = tuple(gi) if lam_g == 1 else tuple(x // lam_g for x in gi)
            col = index.setdefault(e, len(index))
            row[col] = row.get(col, 0) + lam_g
        lam.append(row)
        shifts.append(integer(z.shift))
    m = len(index)
    E = list(index)
    zon = _Zonotopes(
        E_top=_from_rows([e[:-1] for e in E], (m, n)),
        E_last=_from_rows([e[-1] for e in E], (m,)),
        S_top=_from_rows([s[:-1] for s in shifts], (len(zs), n)),
        S_last=_from_rows([s[-1] for s in shifts], (len(zs),)),
        Lam=_from_rows([[row.get(c, 0) for c in range(m)] for row in lam], (len(zs), m)),
        Dt=Dt,
        cache={},
    )
    return prep, zon


def _network_side(net: _Network, P: np.ndarray, d: np.ndarray) -> dict[str, np.ndarray]:
    """Scaled values at the lifted directions ``(x, 1)`` (first ``C`` rows) and ``(x, 0)``
    (last ``C``) for the points ``x = P[c] / d[c]``, each row multiplied by ``D d[c]``:
    ``f``, ``H``, ``Q`` (one column per class)."""
    D = net.D
    tau = _vcat(d, np.zeros(d.shape, dtype=np.int64))
    cache = net.cache
    yp = _lin((D, _mm(P, net.A_pos, cache)))
    yn = _lin((D, _mm(P, net.A_neg, cache)))
    Y, W = _vcat(yp, yp), _vcat(yn, yn)
    Yc = _lin((1, Y), (1, _outer(tau, net.c1)))  # A+ y + c1 tau
    Z = _lin((1, Yc), (-1, W))
    C2 = _outer(tau, net.c2)
    f = _lin((1, _mm(np.maximum(Z, 0), net.B, cache)), (1, C2))
    HQ = _mm(_hcat(W, _max(Yc, W)), net.BB, cache)
    k = net.k
    return {"f": f, "H": _lin((1, HQ[:, :k]), (1, C2)), "Q": HQ[:, k:]}


def _zonotope_side(zon: _Zonotopes, D: int, P: np.ndarray, d: np.ndarray) -> np.ndarray:
    """``Dt D d[c]`` times the support function of every zonotope (columns) at the same
    directions as :func:`_network_side` (rows)."""
    tau = _vcat(d, np.zeros(d.shape, dtype=np.int64))
    ep = _mm(P, zon.E_top, zon.cache)
    EU = _lin((D, _vcat(ep, ep)), (1, _outer(tau, zon.E_last)))
    sp = _mm(P, zon.S_top, zon.cache)
    gens = _mm(np.maximum(EU, 0), zon.Lam, zon.cache)
    return _lin((D, _vcat(sp, sp)), (1, _outer(tau, zon.S_last)), (1, gens))


# --- Part 1 at exact boundary points -------------------------------------------------------


class _Hidden:
    """Exact ``A+ x`` and ``A- x`` at the given points, computed once per point."""

    def __init__(self, net: _Network, P: np.ndarray, d: np.ndarray) -> None:
        self.net, self.P, self.d = net, P, d
        self.cache: dict[int, tuple[list[Fraction], list[Fraction]]] = {}

    def __call__(self, k: int) -> tuple[list[Fraction], list[Fraction]]:
        hit = self.cache.get(k)
        if hit is None:
            row = self.P[k : k + 1]
            den = int(self.d[k])
            yp = _mm(row, self.net.A_pos, self.net.cache)[0].tolist()
            yn = _mm(row, self.net.A_neg, self.net.cache)[0].tolist()
            hit = ([Fraction(int(v), den) for v in yp], [Fraction(int(v), den) for v in yn])
            self.cache[k] = hit
        return hit


def _relu(v: Fraction) -> Fraction:
    return v if v > 0 else Fraction(0)


def _walk(dB: list[int], dc2: Fraction, za: list[Fraction], zb: list[Fraction]) -> Fraction | None:
    """First ``t`` in ``(0, 1]`` with ``g(t) = f_i - f_j = 0`` on the segment, from
    ``g(0) > 0``, where the hidden pre-activations are ``za + t (zb - za)``.

    :func:`tropgeo.boundary.boundary_point_on_segment` evaluates ``g`` at every unit's switch
    point; here ``g`` is carried from one switch point to the next by its slope, which
    changes only where a unit with ``B(i,l) != B(j,l)`` switches.  The first zero of the
    piecewise linear ``g`` is the same exact number either way."""
    g = dc2
    slope = Fraction(0)
    events: dict[Fraction, Fraction] = {}
    for l, w in enumerate(dB):
        if not w:
            continue
        a, delta = za[l], zb[l] - za[l]
        if a > 0:
            g += w * a
        if not delta:
            continue
        if a > 0 or (a == 0 and delta > 0):
            slope += w * delta
        t = -a / delta
        if 0 < t < 1:
            events[t] = events.get(t, Fraction(0)) + (w * delta if delta > 0 else -w * delta)
    if g <= 0:
        raise CheckFailedError("f_i - f_j is not positive at the start of a boundary segment")
    prev_t, prev_g = Fraction(0), g
    for t in sorted(events) + [Fraction(1)]:
        gt = prev_g + slope * (t - prev_t)
        if gt <= 0:
            return prev_t + (t - prev_t) * prev_g / (prev_g - gt)
        prev_t, prev_g = t, gt
        slope += events.get(t, 0)
    return None


def _part1_at(
    net: ReLUNetwork, i: int, j: int, yp: list[Fraction], yn: list[Fraction], AT: np.ndarray
) -> bool:
    """At a point with ``A+ x = yp``, ``A- x = yn``: ``f_i = f_j``, ``f_c = H_c - Q_c``
    (c = i, j) and ``x`` in ``T(R_ij)``."""
    c1 = [Fraction(c) for c in net.c1]
    z = [a - b + c for a, b, c in zip(yp, yn, c1)]
    mx = [max(a + c, b) for a, b, c in zip(yp, yn, c1)]
    ok = True
    f = {}
    for c in (i, j):
        row = net.B[c]
        f[c] = Fraction(net.c2[c]) + sum((w * _relu(zl) for w, zl in zip(row, z)), Fraction(0))
        H = Fraction(net.c2[c]) + sum((max(-w, 0) * b + max(w, 0) * m for w, b, m in zip(row, yn, mx)), Fraction(0))
        Q = sum((max(w, 0) * b + max(-w, 0) * m for w, b, m in zip(row, yn, mx)), Fraction(0))
        ok = ok and f[c] == H - Q
    ok = ok and f[i] == f[j]
    # Both halves attain max R here (their difference is f_i - f_j = 0).  A half's maximising
    # exponents are the Minkowski sum of its binomial factors' argmaxes: two or more as soon
    # as a factor with a nonzero weight (w1_l > 0 or w2_l > 0, i.e. B(i,l) or B(j,l) nonzero)
    # and A_l != 0 has z_l = 0.  Otherwise each half has one maximising exponent, and they
    # differ by sum_{z_l > 0} (B(i,l) - B(j,l)) A_l.
    Bi, Bj = net.B[i], net.B[j]
    for l, zl in enumerate(z):
        if zl == 0 and (Bi[l] or Bj[l]) and any(net.A[l]):
            return ok
    on = np.array([[Bi[l] - Bj[l] if zl > 0 else 0 for l, zl in enumerate(z)]], dtype=object)
    grad = _mm(_fit(on), AT)
    return ok and bool(_maxabs(grad) != 0)


# --- reports ---------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class SupportPairReport:
    """What :func:`support_certificate` checked for one class pair, and the witness.

    Attributes
    ----------
    i, j : int
        The classes.
    n_directions : int
        Lifted directions checked: ``(x, 1)`` and ``(x, 0)`` for each of the ``N`` points.
    n_agree : int
        Directions where the support function of the lifted Newton polytope of ``R_ij``
        (from the network) equals that of ``ConvHull(lifted Z_G1, lifted Z_G2)`` (from the
        zonotopes): Theorem 2's statement.
    n_halves_agree : int
        Directions where, moreover, each lifted zonotope's support function equals its half:
        ``h_{Z1} = H_i + Q_j`` and ``h_{Z2} = H_j + Q_i`` (at ``(x, 0)``: without biases).
    n_decomposition_agree : int
        Directions where ``f_i - f_j = (H_i - Q_i) - (H_j - Q_j)``.
    witness : tuple or None
        The first lifted direction ``(x_1, ..., x_n, t)`` (``t`` 1 or 0; points in the
        order given, ``t = 1`` first) at which one of the three checks failed.
    witness_check : str or None
        Which one: ``"support"``, ``"halves"`` or ``"decomposition"``.
    witness_values : (int or Fraction, int or Fraction) or None
        ``(R side, hull side)`` at the witness: ``R(x)`` and ``max(h_{Z1}, h_{Z2})`` at
        ``(x, 1)``, the recession values at ``(x, 0)``.
    boundary_points : tuple of exact points
        Exact points of the boundary of ``{f_i > f_j}`` at which Part 1 was checked.
    boundary_failures : tuple of exact points
        Those among them where ``f_i != f_j``, ``f_c != H_c - Q_c`` or ``x`` is not in ``T(R)``.

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1]])      # f = (relu(x), relu(y))
    >>> p = support_certificate(net, [(2, 1), (1, 3), (-1, -1)]).pairs[0]
    >>> p
    SupportPairReport(i=0, j=1, n_directions=6, n_agree=6, n_boundary_points=1, holds=True)
    >>> p.pair, p.witness, p.boundary_points
    ((0, 1), None, ((Fraction(5, 3), Fraction(5, 3)),))
    """

    i: int
    j: int
    n_directions: int
    n_agree: int
    n_halves_agree: int
    n_decomposition_agree: int
    witness: Point | None
    witness_check: str | None
    witness_values: tuple[Exact, Exact] | None
    boundary_points: tuple[Point, ...]
    boundary_failures: tuple[Point, ...]

    def __repr__(self) -> str:
        return (
            f"SupportPairReport(i={self.i}, j={self.j}, n_directions={self.n_directions}, "
            f"n_agree={self.n_agree}, n_boundary_points={len(self.boundary_points)}, holds={self.holds})"
        )

    @property
    def pair(self) -> tuple[int, int]:
        """``(i, j)``.

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> net = ReLUNetwork([[1]], [[1], [0], [-1]])
        >>> [p.pair for p in support_certificate(net, [(1,), (-1,)]).pairs]
        [(0, 1), (0, 2), (1, 2)]
        """
        return (self.i, self.j)

    @property
    def part1_exercised(self) -> bool:
        """Whether Part 1 was checked at one boundary point at least (none is found when no
        two given points have opposite signs of ``f_i - f_j``).

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> net = ReLUNetwork([[1]], [[1], [-1]])                   # f_0 - f_1 = 2 relu(x) >= 0
        >>> support_certificate(net, [(1,), (-1,)]).pairs[0].part1_exercised
        False
        """
        return bool(self.boundary_points)

    @property
    def holds(self) -> bool:
        """Whether every check passed: the support functions, the halves and the
        decomposition agree at every direction, and Part 1 holds at every boundary point.

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1]])
        >>> support_certificate(net, [(2, 1), (1, 3)]).pairs[0].holds
        True
        """
        n = self.n_directions
        return (
            self.n_agree == n
            and self.n_halves_agree == n
            and self.n_decomposition_agree == n
            and not self.boundary_failures
        )


@dataclass(frozen=True, repr=False)
class SupportReport:
    """The outcome of :func:`support_certificate` for a whole network.

    Attributes
    ----------
    network : ReLUNetwork
        The integer-weight network checked.
    pairs : tuple of SupportPairReport
        One per class pair, in the order checked.
    n_points : int
        Number ``N`` of points given (each gives two lifted directions).
    seconds : float
        Wall time of the whole certificate.
    mode : str
        ``"support-function"`` (:func:`tropgeo.verify_theorem2` is ``"exhaustive"``).

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1], [0, 0]])
    >>> report = support_certificate(net, [(2, 1), (1, 3), (-1, 2)])
    >>> report
    SupportReport(mode='support-function', n_points=3, n_pairs=3, holds=True)
    >>> report.failing_pairs, [p.pair for p in report.unexercised_pairs]
    ((), [(0, 2), (1, 2)])
    """

    network: ReLUNetwork
    pairs: tuple[SupportPairReport, ...]
    n_points: int
    seconds: float
    mode: str = "support-function"

    def __repr__(self) -> str:
        return (
            f"SupportReport(mode={self.mode!r}, n_points={self.n_points}, "
            f"n_pairs={len(self.pairs)}, holds={self.holds})"
        )

    @property
    def holds(self) -> bool:
        """Whether every pair holds (:attr:`SupportPairReport.holds`).

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> support_certificate(ReLUNetwork([[1]], [[1], [-1]]), [(1,)]).holds
        True
        """
        return all(p.holds for p in self.pairs)

    @property
    def failing_pairs(self) -> tuple[SupportPairReport, ...]:
        """The pairs where a check failed (empty when :attr:`holds`).

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> support_certificate(ReLUNetwork([[1]], [[1], [-1]]), [(1,)]).failing_pairs
        ()
        """
        return tuple(p for p in self.pairs if not p.holds)

    @property
    def unexercised_pairs(self) -> tuple[SupportPairReport, ...]:
        """The pairs where Part 1 was not exercised (no boundary point found).

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> [p.pair for p in support_certificate(ReLUNetwork([[1]], [[1], [-1]]), [(1,)]).unexercised_pairs]
        [(0, 1)]
        """
        return tuple(p for p in self.pairs if not p.part1_exercised)

    @property
    def proves(self) -> str:
        """What the certificate proves, and what it does not, in words.

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> print(support_certificate(ReLUNetwork([[1]], [[1], [-1]]), [(1,), (2,)]).proves)
        For each of the 1 class pairs (i, j) checked, the support functions of the lifted Newton
        polytope of R_ij (from the network: R_ij(x) = max(f_i, f_j) + Q_i + Q_j and its recession
        value) and of ConvHull(lifted Z_G1, lifted Z_G2) (from the zonotopes' generators and shifts)
        agree at the 4 exact directions (x, 1) and (x, 0) for the 2 points x given (which include
        the data points when the data is given), and so does each lifted zonotope with its half
        H_i + Q_j, H_j + Q_i; f_i - f_j = (H_i - Q_i) - (H_j - Q_j) there. This is agreement at
        finitely many directions, not equality of the polytopes; any disagreement would falsify
        Theorem 2 for this network. Part 1: the 0 exact points of the decision boundary found
        between given points lie on T(R_ij).
        """
        n_bp = sum(len(p.boundary_points) for p in self.pairs)
        text = (
            f"For each of the {len(self.pairs)} class pairs (i, j) checked, the support functions of the lifted "
            "Newton polytope of R_ij (from the network: R_ij(x) = max(f_i, f_j) + Q_i + Q_j and its recession "
            "value) and of ConvHull(lifted Z_G1, lifted Z_G2) (from the zonotopes' generators and shifts) agree "
            f"at the {2 * self.n_points} exact directions (x, 1) and (x, 0) for the {self.n_points} points x given "
            "(which include the data points when the data is given), and so does each lifted zonotope with its "
            "half H_i + Q_j, H_j + Q_i; f_i - f_j = (H_i - Q_i) - (H_j - Q_j) there. This is agreement at "
            "finitely many directions, not equality of the polytopes; any disagreement would falsify Theorem 2 "
            f"for this network. Part 1: the {n_bp} exact points of the decision boundary found between given "
            "points lie on T(R_ij)."
        )
        if not self.holds:
            text = "FAILED (see failing_pairs). Claimed, had every check passed: " + text
        return "\n".join(textwrap.wrap(text, 96))


@dataclass(frozen=True, repr=False)
class SupportValues:
    """Both sides of the support-function comparison for one pair, at every direction.

    Attributes
    ----------
    i, j : int
        The classes.
    directions : tuple of exact points
        The lifted directions ``(x, 1), (x, 0)`` for each point ``x`` in order.
    from_network : tuple of int or Fraction
        ``R_ij(x)`` at ``(x, 1)`` and its recession value at ``(x, 0)``, from the network.
    from_zonotopes : tuple of int or Fraction
        ``max(h_{Z1}(u), h_{Z2}(u))`` for the lifted zonotopes of
        :func:`tropgeo.theorem2.lifted_zonotopes`.

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> v = support_values(ReLUNetwork([[1]], [[1], [-1]], c1=[1]), [(2,)], 0, 1)
    >>> v
    SupportValues(i=0, j=1, n_directions=2, agree=True)
    >>> v.directions, v.from_network     # R = max(f_0, f_1) + Q_0 + Q_1 = 3 + 0 + 3; recession 2 + 0 + 2
    (((2, 1), (2, 0)), (6, 4))
    """

    i: int
    j: int
    directions: tuple[Point, ...]
    from_network: tuple[Exact, ...]
    from_zonotopes: tuple[Exact, ...]

    def __repr__(self) -> str:
        return (
            f"SupportValues(i={self.i}, j={self.j}, n_directions={len(self.directions)}, agree={self.agree})"
        )

    @property
    def agree(self) -> bool:
        """Whether the two sides are equal at every direction.

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> support_values(ReLUNetwork([[1]], [[1], [-1]]), [(2,), (-3,)], 0, 1).agree
        True
        """
        return self.from_network == self.from_zonotopes


# --- the certificate -------------------------------------------------------------------------


def _columns(a: np.ndarray) -> list[np.ndarray]:
    return [np.ascontiguousarray(a[:, c]) for c in range(a.shape[1])]


def _point(P: np.ndarray, d: np.ndarray, k: int) -> Point:
    den = int(d[k])
    row = P[k].tolist()
    if den == 1:
        return tuple(int(v) for v in row)
    return tuple(_canon(Fraction(int(v), den)) for v in row)


def _run(
    net: ReLUNetwork,
    P: np.ndarray,
    d: np.ndarray,
    pairs: list[tuple[int, int]],
    n_boundary: int,
    seed: int,
    collect: bool,
) -> tuple[list[SupportPairReport], list[tuple[list[Exact], list[Exact]]]]:
    zs: list[Zonotope] = []
    for i, j in pairs:
        zs.extend(lifted_zonotopes(net, i, j))
    prep, zon = _prepare(net, zs)
    N, n = P.shape
    Dt = zon.Dt
    counts = [[0, 0, 0] for _ in pairs]
    witness: list[tuple[int, int, str, Exact, Exact] | None] = [None] * len(pairs)
    signs: list[tuple[list[np.ndarray], list[np.ndarray]]] = [([], []) for _ in pairs]
    values: list[tuple[list[Exact], list[Exact]]] = [([], []) for _ in pairs]
    for start in range(0, N, _CHUNK):
        stop = min(N, start + _CHUNK)
        C = stop - start
        Pc = P[start:stop]
        dc = d[start:stop]
        side = _network_side(prep, Pc, dc)
        HZ = _zonotope_side(zon, prep.D, Pc, dc)
        f, H, Q = (_columns(side[key]) for key in ("f", "H", "Q"))
        HZc = _columns(HZ)
        for q, (i, j) in enumerate(pairs):
            R = _lin((Dt, _max(f[i], f[j])), (Dt, Q[i]), (Dt, Q[j]))
            h1, h2 = HZc[2 * q], HZc[2 * q + 1]
            hull = _max(h1, h2)
            ok_s = _eq(R, hull)
            ok_h = _eq(_lin((Dt, H[i]), (Dt, Q[j])), h1) & _eq(_lin((Dt, H[j]), (Dt, Q[i])), h2)
            ok_d = _eq(_lin((1, f[i]), (-1, f[j])), _lin((1, H[i]), (-1, Q[i]), (-1, H[j]), (1, Q[j])))
            cnt = counts[q]
            cnt[0] += int(ok_s.sum())
            cnt[1] += int((ok_s & ok_h).sum())
            cnt[2] += int(ok_d.sum())
            bad = ~(ok_s & ok_h & ok_d)
            if witness[q] is None and bad.any():
                per_point = bad[:C] | bad[C:]
                c = int(np.flatnonzero(per_point)[0])
                col = c if bad[c] else C + c
                check = "support" if not ok_s[col] else ("halves" if not ok_h[col] else "decomposition")
                s = Dt * prep.D * int(dc[c])
                witness[q] = (start + c, 1 if col < C else 0, check,
                              _canon(Fraction(int(R[col]), s)), _canon(Fraction(int(hull[col]), s)))
            if n_boundary:
                g = _lin((1, f[i][:C]), (-1, f[j][:C]))
                signs[q][0].append(start + np.flatnonzero(g > 0))
                signs[q][1].append(start + np.flatnonzero(g < 0))
            if collect:
                for c in range(C):
                    s = Dt * prep.D * int(dc[c])
                    for col in (c, C + c):
                        values[q][0].append(_canon(Fraction(int(R[col]), s)))
                        values[q][1].append(_canon(Fraction(int(hull[col]), s)))
    hidden = _Hidden(prep, P, d)
    reports = []
    for q, (i, j) in enumerate(pairs):
        found: dict[Point, bool] = {}
        if n_boundary:
            pos = np.concatenate(signs[q][0]).tolist()
            neg = np.concatenate(signs[q][1]).tolist()
            if pos and neg:
                found = _boundary(net, i, j, P, d, hidden, prep, pos, neg, n_boundary, seed)
        w = witness[q]
        reports.append(
            SupportPairReport(
                i=i,
                j=j,
                n_directions=2 * N,
                n_agree=counts[q][0],
                n_halves_agree=counts[q][1],
                n_decomposition_agree=counts[q][2],
                witness=None if w is None else _point(P, d, w[0]) + (w[1],),
                witness_check=None if w is None else w[2],
                witness_values=None if w is None else (w[3], w[4]),
                boundary_points=tuple(sorted(found)),
                boundary_failures=tuple(sorted(x for x, ok in found.items() if not ok)),
            )
        )
    return reports, values


def _boundary(
    net: ReLUNetwork,
    i: int,
    j: int,
    P: np.ndarray,
    d: np.ndarray,
    hidden: _Hidden,
    prep: _Network,
    pos: list[int],
    neg: list[int],
    max_points: int,
    seed: int,
) -> dict[Point, bool]:
    """Exact boundary points between given points with ``f_i > f_j`` and ``f_i < f_j``
    (seeded choice of segments as in :func:`tropgeo.boundary.boundary_points`), each with
    whether Part 1 holds there."""
    c1 = [Fraction(c) for c in net.c1]
    dB = [int(a - b) for a, b in zip(net.B[i], net.B[j])]
    dc2 = Fraction(net.c2[i]) - Fraction(net.c2[j])
    rng = random.Random(seed)
    found: dict[Point, bool] = {}
    attempts = 0
    limit = 4 * min(max_points, len(pos) * len(neg))
    while len(found) < max_points and attempts < limit:
        attempts += 1
        a, b = rng.choice(pos), rng.choice(neg)
        ypa, yna = hidden(a)
        ypb, ynb = hidden(b)
        za = [p - q + c for p, q, c in zip(ypa, yna, c1)]
        zb = [p - q + c for p, q, c in zip(ypb, ynb, c1)]
        t = _walk(dB, dc2, za, zb)
        if t is None:
            continue
        # x = xa + t (xb - xa) with xa = Pa / da, xb = Pb / db, t = r / q, over one denominator
        da, db, r, q = int(d[a]), int(d[b]), t.numerator, t.denominator
        den = da * db * q
        x = tuple(
            _canon(Fraction(u * db * q + r * (v * da - u * db), den))
            for u, v in zip(P[a].tolist(), P[b].tolist())
        )
        if x in found:
            continue
        yp = [u + t * (v - u) for u, v in zip(ypa, ypb)]
        yn = [u + t * (v - u) for u, v in zip(yna, ynb)]
        found[x] = _part1_at(net, i, j, yp, yn, prep.AT)
    return found


def support_certificate(
    net: ReLUNetwork,
    directions: Any,
    *,
    pairs: Sequence[tuple[int, int]] | None = None,
    boundary_points: int = 4,
    seed: int = 0,
    max_work: int | None = DEFAULT_MAX_WORK,
) -> SupportReport:
    """Certify Theorem 2 for ``net`` by support functions at exact directions.

    For every class pair and every point ``x`` of ``directions``, at the lifted directions
    ``(x, 1)`` and ``(x, 0)``: the support function of the lifted Newton polytope of ``R_ij``,
    evaluated from the network (``R_ij(x) = max(f_i, f_j) + Q_i + Q_j`` and its recession
    value), equals that of ``ConvHull(lifted Z_G1, lifted Z_G2)``, evaluated from the
    generators and shifts of :func:`tropgeo.theorem2.lifted_zonotopes`; each lifted
    zonotope's equals its half (``H_i + Q_j``, ``H_j + Q_i``); and
    ``f_i - f_j = (H_i - Q_i) - (H_j - Q_j)``.  Part 1 is checked at up to
    ``boundary_points`` exact points of the decision boundary per pair.  See
    :attr:`SupportReport.proves` for exactly what a passing certificate means: agreement
    at these directions, not equality of polytopes.

    Parameters
    ----------
    net : ReLUNetwork
        Integer weights ``A``, ``B`` (use ``net.integerized().network``); biases may be
        rational.
    directions : sequence of exact points, or a 2-D integer or object array
        ``N >= 1`` points of ``R^n`` (``int``/``Fraction`` entries; numpy integer arrays,
        e.g. ``uint8`` pixels, are taken as they are).  Floats are refused: convert them
        explicitly (:func:`tropgeo.rationalize`).
    pairs : sequence of (i, j), optional
        Class pairs; default every pair ``i < j`` (``k (k - 1) / 2`` of them).
    boundary_points : int
        Boundary points per pair at which Part 1 is checked (0 to skip); they are sought
        on segments between given points with opposite signs of ``f_i - f_j``.
    seed : int
        Seed of the choice of those segments.
    max_work : int or None
        Refuse, before any work, when :func:`support_work_estimate` exceeds this
        (``None``: no limit).

    Returns
    -------
    SupportReport

    Raises
    ------
    InvalidInputError
        For a net that is not an integer-weight :class:`ReLUNetwork`, directions of the
        wrong shape or empty, bad pairs or options.
    InexactInputError
        For float directions.
    SizeLimitError
        When the estimated work exceeds ``max_work``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1, 0], [0, 1], [1, 1]], [[1, -1, 2], [-1, 1, 0], [0, 2, -1]],
    ...                   c1=[0, 1, -1], c2=[0, 1, Fraction(1, 2)])
    >>> report = support_certificate(net, [(2, 0), (0, 2), (-1, 3), (3, -2), (Fraction(1, 2), 1)])
    >>> report.holds, [(p.pair, p.n_agree, len(p.boundary_points)) for p in report.pairs]
    (True, [((0, 1), 10, 4), ((0, 2), 10, 4), ((1, 2), 10, 0)])
>>> [p.pair for p in report.unexercised_pairs]      # f_1 > f_2 at all five points
[(1, 2)]

    Integer numpy arrays are accepted as they are; floats are not:

    >>> import numpy as np
    >>> support_certificate(net, np.array([[0, 255], [17, 3]], dtype=np.uint8)).holds
    True
    >>> support_certificate(net, np.array([[0.5, 1.0]]))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InexactInputError: directions has float dtype float64; exact paths take int or Fraction (convert explicitly with tropgeo.rationalize, or give the integer data, e.g. uint8 pixels)
    >>> support_certificate(net, [(1, 2)], max_work=100)
    Traceback (most recent call last):
    ...
    tropgeo.errors.SizeLimitError: the support certificate would take about 210 integer multiply-adds (1 points x 2 inputs, 3 hidden units, 3 classes, 3 pairs; support_work_estimate), more than max_work=100; pass max_work=... (or None) to go ahead
    """
    t0 = time.perf_counter()
    net = _check_net(net)
    arr = _check_directions(directions, net.n_inputs)
    pair_list = _check_pairs(pairs, net.n_classes)
    n_boundary = as_int(boundary_points, name="boundary_points", minimum=0)
    seed = as_int(seed, name="seed", minimum=0)
    _guard(net, arr.shape[0], len(pair_list), _check_max_work(max_work))
    P, d = _exact_directions(arr)
    reports, _ = _run(net, P, d, pair_list, n_boundary, seed, collect=False)
    return SupportReport(
        network=net, pairs=tuple(reports), n_points=int(P.shape[0]), seconds=time.perf_counter() - t0
    )


def _guard(net: ReLUNetwork, N: int, n_pairs: int, limit: int | None) -> None:
    work = support_work_estimate(net, N, n_pairs)
    if limit is not None and work > limit:
        raise SizeLimitError(
            f"the support certificate would take about {work} integer multiply-adds ({N} points x "
            f"{net.n_inputs} inputs, {net.n_hidden} hidden units, {net.n_classes} classes, {n_pairs} pairs; "
            f"support_work_estimate), more than max_work={limit}; pass max_work=... (or None) to go ahead"
        )


def support_values(
    net: ReLUNetwork, directions: Any, i: int, j: int, *, max_work: int | None = DEFAULT_MAX_WORK
) -> SupportValues:
    """The two sides compared by :func:`support_certificate` for one pair, exactly.

    Parameters
    ----------
    net : ReLUNetwork
        Integer weights ``A``, ``B``.
    directions : sequence of exact points, or a 2-D integer or object array
        As for :func:`support_certificate`.
    i, j : int
        Two different classes.
    max_work : int or None
        As for :func:`support_certificate`.

    Returns
    -------
    SupportValues
        At ``(x, 1)`` and ``(x, 0)`` for each point ``x``: ``R_ij(x)`` (recession value at
        ``t = 0``) from the network, and ``max(h_{Z1}, h_{Z2})`` from the lifted zonotopes.

    Examples
    --------
    ``f = (relu(x), relu(1 - x))``: ``R_01 = max(x^2, 1)`` tropically, i.e.
    ``max(2x, 1)`` (the term ``x`` never wins); its Newton polytope is ``[0, 2]``.

    >>> from fractions import Fraction
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1], [-1]], [[1, 0], [0, 1]], c1=[0, 1])
    >>> v = support_values(net, [(3,), (Fraction(-1, 2),)], 0, 1)
    >>> v.directions
    ((3, 1), (3, 0), (Fraction(-1, 2), 1), (Fraction(-1, 2), 0))
    >>> v.from_network, v.agree
    ((6, 6, 1, 0), True)
    """
    net = _check_net(net)
    arr = _check_directions(directions, net.n_inputs)
    (pair,) = _check_pairs([(i, j)], net.n_classes)
    _guard(net, arr.shape[0], 1, _check_max_work(max_work))
    P, d = _exact_directions(arr)
    _, values = _run(net, P, d, [pair], 0, 0, collect=True)
    dirs = tuple(_point(P, d, k) + (t,) for k in range(P.shape[0]) for t in (1, 0))
    return SupportValues(i=pair[0], j=pair[1], directions=dirs, from_network=tuple(values[0][0]),
                         from_zonotopes=tuple(values[0][1]))
