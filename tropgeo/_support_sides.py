"""The two sides of the support-function comparison, as integer arrays (private kernel of
:mod:`tropgeo.support`).

:func:`prepare` turns the network and the lifted zonotopes into integer data once;
:func:`network_side` and :func:`zonotope_side` then evaluate, for a batch of points
``x = P[c] / d[c]``, at the lifted directions ``(x, 1)`` and ``(x, 0)`` and at one positive
integer scale per direction:

* from the network: the forward pass ``f``, and ``H``, ``Q`` by the closed form
  ``Q_i(x) = sum_l B+(i,l) A-(l,:) x + sum_l B-(i,l) max(A+(l,:) x + c1_l, A-(l,:) x)``
  (``H`` likewise with ``B+`` and ``B-`` swapped, plus ``c2``);
* from the zonotopes: ``h_Z(u) = shift . u + sum_g max(g . u, 0)``, with the generators
  factored through their distinct primitive directions, so that one product with the points
  serves every zonotope.

Examples
--------
>>> from tropgeo._intmat import from_rows
>>> from tropgeo.network import ReLUNetwork
>>> from tropgeo.theorem2 import lifted_zonotopes
>>> net = ReLUNetwork([[1]], [[1], [-1]], c1=[1])          # f = (relu(x + 1), -relu(x + 1))
>>> prep, zon = prepare(net, lifted_zonotopes(net, 0, 1))
>>> P, d = from_rows([[2]], (1, 1)), from_rows([1], (1,))   # the point x = 2
>>> side = network_side(prep, P, d)                        # rows: (2, 1), then (2, 0)
>>> side["f"].tolist(), side["H"].tolist(), side["Q"].tolist()
([[3, -3], [2, -2]], [[3, 0], [2, 0]], [[0, 3], [0, 2]])
>>> zonotope_side(zon, prep.D, P, d).tolist()              # h_Z1 = H_0 + Q_1, h_Z2 = H_1 + Q_0
[[6, 0], [4, 0]]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from tropgeo._intmat import fit, from_rows, hcat, lin, mm, outer, pmax, vcat
from tropgeo.errors import CheckFailedError
from tropgeo.network import ReLUNetwork
from tropgeo.numbers import Exact
from tropgeo.zonotope import Zonotope

__all__ = ["NetworkData", "ZonotopeData", "prepare", "network_side", "zonotope_side"]


@dataclass
class NetworkData:
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
class ZonotopeData:
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


def prepare(net: ReLUNetwork, zs: Sequence[Zonotope]) -> tuple[NetworkData, ZonotopeData]:
    """The network and the lifted zonotopes ``zs`` (in ``R^(n+1)``) as integer data, at the
    scales ``D`` (clears the biases and the zonotopes' last coordinates) and ``Dt`` (clears
    the zonotopes' other coordinates)."""
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
    A = from_rows(net.A, (p, n))
    B = from_rows(net.B, (k, p))
    Bp = [[max(v, 0) for v in row] for row in net.B]
    Bn = [[max(-v, 0) for v in row] for row in net.B]
    BB = from_rows([bn + bp for bn, bp in zip(Bn, Bp)] + [bp + bn for bn, bp in zip(Bn, Bp)], (2 * k, 2 * p))
    prep = NetworkData(
        A_pos=from_rows([[max(v, 0) for v in row] for row in net.A], (p, n)),
        A_neg=from_rows([[max(-v, 0) for v in row] for row in net.A], (p, n)),
        AT=fit(A.T.copy()),
        B=B,
        BB=BB,
        c1=from_rows([int(c * D) for c in net.c1], (p,)),
        c2=from_rows([int(c * D) for c in net.c2], (k,)),
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
    zon = ZonotopeData(
        E_top=from_rows([e[:-1] for e in E], (m, n)),
        E_last=from_rows([e[-1] for e in E], (m,)),
        S_top=from_rows([s[:-1] for s in shifts], (len(zs), n)),
        S_last=from_rows([s[-1] for s in shifts], (len(zs),)),
        Lam=from_rows([[row.get(c, 0) for c in range(m)] for row in lam], (len(zs), m)),
        Dt=Dt,
        cache={},
    )
    return prep, zon


def network_side(net: NetworkData, P: np.ndarray, d: np.ndarray) -> dict[str, np.ndarray]:
    """Scaled values at the lifted directions ``(x, 1)`` (first ``C`` rows) and ``(x, 0)``
    (last ``C``) for the points ``x = P[c] / d[c]``, each row multiplied by ``D d[c]``:
    ``f``, ``H``, ``Q`` (one column per class)."""
    D = net.D
    tau = vcat(d, np.zeros(d.shape, dtype=np.int64))
    cache = net.cache
    yp = lin((D, mm(P, net.A_pos, cache)))
    yn = lin((D, mm(P, net.A_neg, cache)))
    Y, W = vcat(yp, yp), vcat(yn, yn)
    Yc = lin((1, Y), (1, outer(tau, net.c1)))  # A+ y + c1 tau
    Z = lin((1, Yc), (-1, W))
    C2 = outer(tau, net.c2)
    f = lin((1, mm(np.maximum(Z, 0), net.B, cache)), (1, C2))
    HQ = mm(hcat(W, pmax(Yc, W)), net.BB, cache)
    k = net.k
    return {"f": f, "H": lin((1, HQ[:, :k]), (1, C2)), "Q": HQ[:, k:]}


def zonotope_side(zon: ZonotopeData, D: int, P: np.ndarray, d: np.ndarray) -> np.ndarray:
    """``Dt D d[c]`` times the support function of every zonotope (columns) at the same
    directions as :func:`network_side` (rows)."""
    tau = vcat(d, np.zeros(d.shape, dtype=np.int64))
    ep = mm(P, zon.E_top, zon.cache)
    EU = lin((D, vcat(ep, ep)), (1, outer(tau, zon.E_last)))
    sp = mm(P, zon.S_top, zon.cache)
    gens = mm(np.maximum(EU, 0), zon.Lam, zon.cache)
    return lin((D, vcat(sp, sp)), (1, outer(tau, zon.S_last)), (1, gens))


